package io.possync.engine.api;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.convert.DurationStyle;

import io.possync.engine.rule.FlowConfig;
import io.possync.engine.rule.FlowTemplate;

/** Checks of a flow's stock settings; each failure names the field. */
final class FlowSettings {

    static final int MAX_SAFETY_BUFFER = 1_000_000;
    static final Duration MIN_RECONCILE_INTERVAL = Duration.ofSeconds(10);
    static final Duration MAX_RECONCILE_INTERVAL = Duration.ofHours(24);

    private FlowSettings() {
    }

    static int safetyBuffer(Integer value) {
        if (value == null) {
            return 0;
        }
        if (value < 0 || value > MAX_SAFETY_BUFFER) {
            throw ApiError.invalid("safetyBuffer", "must be between 0 and " + MAX_SAFETY_BUFFER);
        }
        return value;
    }

    static Duration reconcileInterval(String value) {
        if (value == null) {
            return FlowConfig.DEFAULT_RECONCILE_INTERVAL;
        }
        Duration interval;
        try {
            interval = DurationStyle.detectAndParse(RequestValidation.required("reconcileInterval", value));
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("reconcileInterval", "must be a duration such as 5m, 90s or PT5M");
        }
        if (interval.compareTo(MIN_RECONCILE_INTERVAL) < 0 || interval.compareTo(MAX_RECONCILE_INTERVAL) > 0) {
            throw ApiError.invalid("reconcileInterval", "must be between 10s and 24h");
        }
        return interval;
    }

    /** Exactly one webshop of a WEBSHOP_MASTER flow is master of stock; the other templates have none. */
    static String stockMaster(FlowTemplate template, String value, List<String> webshopIds) {
        if (template != FlowTemplate.WEBSHOP_MASTER) {
            if (value != null) {
                throw ApiError.invalid("stockMasterConnectionId", "only a webshop_master flow has a stock master");
            }
            return null;
        }
        String master = RequestValidation.required("stockMasterConnectionId", value);
        if (!webshopIds.contains(master)) {
            throw ApiError.invalid("stockMasterConnectionId", "connection " + master
                    + " must be one of the flow's webshopConnectionIds");
        }
        return master;
    }
}
