package io.possync.gateway.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code possync_webhooks_received_total{system, outcome}}; counters are cached because every request increments one. */
public class WebhookMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String system, Outcome outcome) {
        counters.computeIfAbsent(system + '/' + outcome.tag(), k -> Counter.builder("possync.webhooks.received")
                        .description("Webhook requests by vendor system and outcome")
                        .tag("system", system)
                        .tag("outcome", outcome.tag())
                        .register(registry))
                .increment();
    }
}
