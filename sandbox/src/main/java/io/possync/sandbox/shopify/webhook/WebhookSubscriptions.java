package io.possync.sandbox.shopify.webhook;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/** The shop's webhook subscriptions; each one gets its own delivery of every event of its topic. */
@Component
public class WebhookSubscriptions {

    private static final long ID_BASE = 1_400_000_000_000L;

    private final Clock clock;
    private final List<WebhookSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(ID_BASE);

    public WebhookSubscriptions(Clock clock) {
        this.clock = clock;
    }

    /** Adds a subscription; empty when the address already has one for the topic (Shopify refuses that too). */
    public synchronized Optional<WebhookSubscription> add(String topic, String address) {
        boolean taken = subscriptions.stream().anyMatch(s -> s.topic().equals(topic) && s.address().equals(address));
        if (taken) {
            return Optional.empty();
        }
        WebhookSubscription subscription =
                new WebhookSubscription(ids.incrementAndGet(), topic, address, "JSON", clock.instant());
        subscriptions.add(subscription);
        return Optional.of(subscription);
    }

    public List<WebhookSubscription> forTopic(String topic) {
        return subscriptions.stream().filter(s -> s.topic().equals(topic)).toList();
    }

    public List<WebhookSubscription> all() {
        return List.copyOf(subscriptions);
    }

    public void reset() {
        subscriptions.clear();
    }
}
