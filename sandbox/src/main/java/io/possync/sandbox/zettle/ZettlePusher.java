package io.possync.sandbox.zettle;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pusher: webhook subscriptions and signed deliveries. Each message is an envelope whose
 * {@code payload} is a JSON-encoded string, signed with {@code X-iZettle-Signature} = hex
 * HMAC-SHA256(signingKey, timestamp + "." + payload) over the exact strings sent. A non-2xx answer
 * marks the subscription FAILING and the message is retried at a fixed interval.
 */
class ZettlePusher {

    private static final Logger log = LoggerFactory.getLogger(ZettlePusher.class);
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    record Subscription(String uuid, String transportName, List<String> eventNames, String destination,
                        String contactEmail, String signingKey, String status, String updated) {

        Subscription with(List<String> events, String url, String email, String newStatus) {
            return new Subscription(uuid, transportName, events, url, email, signingKey, newStatus, updated);
        }

        boolean wants(String eventName) {
            return eventNames.isEmpty() || eventNames.contains(eventName);
        }
    }

    /** One message to one subscription, for {@code GET /sim/deliveries}. */
    private static final class Delivery {
        private final String subscriptionUuid;
        private final String eventName;
        private final String messageId;
        private final AtomicInteger attempts = new AtomicInteger();
        private volatile String outcome = "PENDING";

        Delivery(String subscriptionUuid, String eventName, String messageId) {
            this.subscriptionUuid = subscriptionUuid;
            this.eventName = eventName;
            this.messageId = messageId;
        }

        Map<String, Object> view() {
            return Map.of("subscriptionUuid", subscriptionUuid, "eventName", eventName, "messageId", messageId,
                    "attempts", attempts.get(), "outcome", outcome);
        }
    }

    private final WebClient web;
    private final JsonMapper json;
    private final Clock clock;
    private final String organizationUuid;
    private final ZettleSimulatorProperties.Pusher settings;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    // appended once per delivery under load: a copy-on-write list would copy itself every time
    private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger dropNext = new AtomicInteger();

    ZettlePusher(WebClient web, JsonMapper json, Clock clock, String organizationUuid,
                 ZettleSimulatorProperties.Pusher settings) {
        this.web = web;
        this.json = json;
        this.clock = clock;
        this.organizationUuid = organizationUuid;
        this.settings = settings;
    }

    void reset() {
        subscriptions.clear();
        deliveries.clear();
        dropNext.set(0);
    }

    /** The next {@code count} deliveries are lost (0: deliver again). */
    void dropNext(int count) {
        dropNext.set(Math.max(0, count));
    }

    List<Subscription> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    Subscription subscription(String uuid) {
        return subscriptions.get(uuid);
    }

    void put(Subscription subscription) {
        subscriptions.put(subscription.uuid(), subscription);
    }

    boolean remove(String uuid) {
        return subscriptions.remove(uuid) != null;
    }

    String newSigningKey() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    String now() {
        return TIMESTAMP.format(clock.instant());
    }

    /**
     * Sends the TestMessage a new subscription must answer with a 2xx; emits the destination's status,
     * or an error when it cannot be reached. Whether Zettle signs it is UNCONFIRMED; it is sent unsigned.
     */
    Mono<Integer> sendTestMessage(String destination) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("eventName", "TestMessage");
        message.put("organizationUuid", organizationUuid);
        message.put("messageId", UuidV1.next(clock).toString());
        message.put("payload", Map.of("data", "payload"));
        return web.post().uri(destination).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.writeValueAsString(message))
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .timeout(settings.timeout());
    }

    /** Delivers one event to every subscription that wants it, asynchronously, with retries. */
    void publish(String eventName, Object payload) {
        String payloadJson = json.writeValueAsString(payload);
        for (Subscription subscription : subscriptions.values()) {
            if (subscription.wants(eventName)) {
                deliver(subscription, eventName, payloadJson);
            }
        }
    }

    List<Map<String, Object>> deliveries() {
        List<Map<String, Object>> view = new ArrayList<>();
        deliveries.forEach(d -> view.add(d.view()));
        return view;
    }

    private void deliver(Subscription subscription, String eventName, String payloadJson) {
        String timestamp = now();
        String messageId = UuidV1.next(clock).toString();
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("organizationUuid", organizationUuid);
        envelope.put("messageUuid", messageId);
        envelope.put("eventName", eventName);
        envelope.put("messageId", messageId);
        envelope.put("payload", payloadJson);
        envelope.put("timestamp", timestamp);
        String body = json.writeValueAsString(envelope);
        String signature = sign(subscription.signingKey(), timestamp + "." + payloadJson);
        Delivery delivery = new Delivery(subscription.uuid(), eventName, messageId);
        deliveries.add(delivery);
        if (dropNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            delivery.outcome = "DROPPED";
            log.info("dropped {} {} to {} as asked by the control API", eventName, messageId, subscription.destination());
            return;
        }
        Mono.defer(() -> {
            delivery.attempts.incrementAndGet();
            return web.post().uri(subscription.destination()).contentType(MediaType.APPLICATION_JSON)
                    .header("X-iZettle-Signature", signature)
                    .bodyValue(body)
                    .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode()))
                    .timeout(settings.timeout())
                    .flatMap(status -> status.is2xxSuccessful() ? Mono.just(status)
                            : Mono.error(new IllegalStateException("destination answered " + status.value())));
        })
                .doOnError(e -> {
                    mark(subscription.uuid(), "FAILING");
                    log.info("delivery of {} {} to {} failed (attempt {}), retrying in {}: {}", eventName, messageId,
                            subscription.destination(), delivery.attempts.get(), settings.retryInterval(), e.toString());
                })
                .retryWhen(Retry.fixedDelay(Math.max(settings.maxAttempts() - 1, 0), settings.retryInterval()))
                .subscribe(status -> {
                    delivery.outcome = "DELIVERED";
                    mark(subscription.uuid(), "ACTIVE");
                }, error -> {
                    delivery.outcome = "FAILED";
                    log.warn("gave up delivering {} {} to {}: {}", eventName, messageId, subscription.destination(),
                            error.getMessage());
                });
    }

    private void mark(String uuid, String status) {
        subscriptions.computeIfPresent(uuid, (id, s) -> s.with(s.eventNames(), s.destination(), s.contactEmail(),
                status));
    }

    static String sign(String signingKey, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
