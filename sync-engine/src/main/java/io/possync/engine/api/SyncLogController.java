package io.possync.engine.api;

import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.possync.engine.rule.Outcome;
import io.possync.engine.synclog.MongoSyncLog;
import io.possync.engine.synclog.SyncLogQuery;
import reactor.core.publisher.Mono;

@RestController
class SyncLogController {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final List<String> FIELDS = List.of("tenantId", "flowId", "correlationId", "sourceEventId",
            "sourceConnectionId", "subject", "decision", "commandId", "targetConnectionId", "outcome", "reason",
            "attempts", "at", "resultAt");

    private final MongoTenantStore tenants;
    private final MongoSyncLog syncLog;

    SyncLogController(MongoTenantStore tenants, MongoSyncLog syncLog) {
        this.tenants = tenants;
        this.syncLog = syncLog;
    }

    /** Newest first, as a JSON array. */
    @GetMapping("/api/tenants/{tenantId}/sync-log")
    Mono<List<Map<String, Object>>> find(@PathVariable String tenantId,
                                         @RequestParam(required = false) String correlationId,
                                         @RequestParam(required = false) String subject,
                                         @RequestParam(required = false) String outcome,
                                         @RequestParam(required = false) String limit) {
        SyncLogQuery query = new SyncLogQuery(tenantId, blankToNull(correlationId), blankToNull(subject),
                outcome(outcome), limit(limit));
        return tenants.require(tenantId).thenMany(syncLog.find(query)).map(SyncLogController::view).collectList();
    }

    private static Map<String, Object> view(Document doc) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", doc.get("_id"));
        for (String field : FIELDS) {
            Object value = doc.get(field);
            view.put(field, value instanceof Date date ? date.toInstant().toString() : value);
        }
        return view;
    }

    private static Outcome outcome(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return RequestValidation.oneOf("outcome", value, EnumSet.allOf(Outcome.class));
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            throw ApiError.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        throw ApiError.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
