package io.possync.sandbox.woocommerce;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Webhooks and their deliveries, as {@code class-wc-webhook.php} does them: queued (Action Scheduler)
 * with no new delivery while one is pending for the same webhook and resource, so a burst collapses
 * into one delivery of the state at send time; signed over the exact PHP-encoded bytes; 200–302 is
 * success, anything else counts a failure and is NEVER retried; a webhook is disabled when its
 * consecutive failures exceed the limit. Creating one sends the unsigned ping synchronously.
 */
final class WooWebhooks implements DisposableBean {

    record SimWebhook(long id, String name, String status, String topic, String deliveryUrl, String secret,
                      Instant created, int failureCount) {

        SimWebhook with(String newStatus, int failures) {
            return new SimWebhook(id, name, newStatus, topic, deliveryUrl, secret, created, failures);
        }
    }

    record DeliveryRecord(long webhookId, String topic, long resourceId, String deliveryId, Integer status,
                          String outcome, Instant at) {
    }

    private static final Logger log = LoggerFactory.getLogger(WooWebhooks.class);

    private final WooStore store;
    private final WooResources resources;
    private final PhpJson json = new PhpJson();
    private final WooSimulatorProperties properties;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService queue = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "woocommerce-sim-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Long, SimWebhook> webhooks = new LinkedHashMap<>();
    private final Set<String> pending = new HashSet<>();
    private final List<DeliveryRecord> deliveries = new ArrayList<>();
    private long nextId = 1;
    private int dropNext;

    WooWebhooks(WooStore store, WooResources resources, WooSimulatorProperties properties, Clock clock) {
        this.store = store;
        this.resources = resources;
        this.properties = properties;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(properties.deliveryTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        store.onChange(this::changed);
    }

    SimWebhook create(String name, String topic, String deliveryUrl, String secret, String status) {
        SimWebhook webhook;
        synchronized (this) {
            webhook = new SimWebhook(nextId++, name == null ? "Webhook" : name, status == null ? "active" : status,
                    topic, deliveryUrl, secret, clock.instant(), 0);
            webhooks.put(webhook.id(), webhook);
        }
        ping(webhook);
        return webhook;
    }

    synchronized Optional<SimWebhook> find(long id) {
        return Optional.ofNullable(webhooks.get(id));
    }

    synchronized List<SimWebhook> all() {
        return List.copyOf(webhooks.values());
    }

    /** {@code PUT status=active} re-enables a disabled webhook and forgets its failures. */
    synchronized Optional<SimWebhook> setStatus(long id, String status) {
        SimWebhook webhook = webhooks.get(id);
        if (webhook == null) {
            return Optional.empty();
        }
        SimWebhook updated = webhook.with(status, "active".equals(status) ? 0 : webhook.failureCount());
        webhooks.put(id, updated);
        return Optional.of(updated);
    }

    synchronized Optional<SimWebhook> delete(long id) {
        return Optional.ofNullable(webhooks.remove(id));
    }

    synchronized void dropNext(int count) {
        dropNext += count;
    }

    synchronized void keepDelivering() {
        dropNext = 0;
    }

    synchronized List<DeliveryRecord> deliveries() {
        return List.copyOf(deliveries);
    }

    synchronized void reset() {
        webhooks.clear();
        pending.clear();
        deliveries.clear();
        dropNext = 0;
    }

    private synchronized void changed(WooStore.Change change) {
        String topic = change.resource() + "." + change.event();
        for (SimWebhook webhook : webhooks.values()) {
            if (!"active".equals(webhook.status()) || !webhook.topic().equals(topic)) {
                continue;
            }
            String key = webhook.id() + "|" + change.resource() + "|" + change.id();
            if (!pending.add(key)) {
                deliveries.add(new DeliveryRecord(webhook.id(), topic, change.id(), null, null, "coalesced",
                        clock.instant()));
                continue;
            }
            long webhookId = webhook.id();
            queue.schedule(() -> deliver(webhookId, change, key), properties.deliveryDelay().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void deliver(long webhookId, WooStore.Change change, String key) {
        SimWebhook webhook;
        boolean drop;
        synchronized (this) {
            pending.remove(key);
            webhook = webhooks.get(webhookId);
            drop = dropNext > 0;
            if (drop) {
                dropNext--;
            }
        }
        String topic = change.resource() + "." + change.event();
        if (webhook == null || !"active".equals(webhook.status())) {
            return;
        }
        if (drop) {
            record(new DeliveryRecord(webhookId, topic, change.id(), null, null, "dropped", clock.instant()));
            return;
        }
        Optional<Map<String, Object>> payload = payload(change);
        if (payload.isEmpty()) {
            return;
        }
        byte[] body = json.write(payload.get());
        String deliveryId = HexFormat.of().formatHex(md5(webhookId + ":" + clock.instant() + ":"
                + ThreadLocalRandom.current().nextLong()));
        Integer status = send(webhook, topic, change, body, deliveryId);
        boolean success = status != null && status >= 200 && status <= 302;
        synchronized (this) {
            SimWebhook current = webhooks.get(webhookId);
            if (current != null) {
                int failures = success ? 0 : current.failureCount() + 1;
                String newStatus = failures > properties.maxDeliveryFailures() ? "disabled" : current.status();
                webhooks.put(webhookId, current.with(newStatus, failures));
            }
            deliveries.add(new DeliveryRecord(webhookId, topic, change.id(), deliveryId, status,
                    success ? "delivered" : "failed", clock.instant()));
        }
    }

    /** The resource as {@code GET} would show it now, not as it was when the event happened. */
    private Optional<Map<String, Object>> payload(WooStore.Change change) {
        if ("order".equals(change.resource())) {
            return store.order(change.id()).map(o -> {
                synchronized (store) {
                    return resources.order(o);
                }
            });
        }
        return store.product(change.id()).map(p -> {
            synchronized (store) {
                return resources.product(p);
            }
        });
    }

    private Integer send(SimWebhook webhook, String topic, WooStore.Change change, byte[] body, String deliveryId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhook.deliveryUrl()))
                .timeout(properties.deliveryTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "WooCommerce/10.3.0 Hookshot (WordPress/6.8.1)")
                .header("X-WC-Webhook-Source", properties.homeUrl() + "/")
                .header("X-WC-Webhook-Topic", topic)
                .header("X-WC-Webhook-Resource", change.resource())
                .header("X-WC-Webhook-Event", change.event())
                .header("X-WC-Webhook-Signature", sign(webhook.secret(), body))
                .header("X-WC-Webhook-ID", Long.toString(webhook.id()))
                .header("X-WC-Webhook-Delivery-ID", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            log.debug("webhook {} delivery to {} failed: {}", webhook.id(), webhook.deliveryUrl(), e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Unsigned, without X-WC headers, result ignored (only an exact 200 would clear a pending flag). */
    private void ping(SimWebhook webhook) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhook.deliveryUrl()))
                .timeout(properties.deliveryTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "WooCommerce/10.3.0 Hookshot (WordPress/6.8.1)")
                .POST(HttpRequest.BodyPublishers.ofString("webhook_id=" + webhook.id()))
                .build();
        Integer status = null;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            log.debug("ping of webhook {} failed: {}", webhook.id(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        record(new DeliveryRecord(webhook.id(), "ping", 0, null, status, "ping", clock.instant()));
    }

    private synchronized void record(DeliveryRecord delivery) {
        deliveries.add(delivery);
    }

    /** base64(HMAC-SHA256(wp_specialchars_decode(secret, ENT_QUOTES), body)). */
    static String sign(String secret, byte[] body) {
        String key = secret.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#039;", "'").replace("&amp;", "&");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] md5(String value) {
        try {
            return MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() {
        queue.shutdownNow();
    }
}
