package io.possync.gateway.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code possync_webhooks_received_seconds{system, outcome}}: webhook requests counted and timed from
 * routing to answer. Timers are cached because every request records one.
 */
public class WebhookMetrics {

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String system, Outcome outcome, long nanos) {
        timers.computeIfAbsent(system + '/' + outcome.tag(), k -> Timer.builder("possync.webhooks.received")
                        .description("Webhook requests by vendor system and outcome, until answered")
                        .tag("system", system)
                        .tag("outcome", outcome.tag())
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
