package io.possync.sandbox.shopify.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import io.possync.sandbox.shopify.ShopifySimulatorProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Delivers webhook events to every subscription of their topic, at least once: a non-2xx answer, a
 * timeout or a refused connection is retried with exponential backoff, carrying the original bytes,
 * until the attempts are used up. Deliveries run asynchronously, so events reach a receiver in no
 * guaranteed order, as with Shopify. Emitting is cheap and never blocks its caller (a GraphQL mutation
 * holding the inventory's lock): the deliveries are registered and the drop control applied at once,
 * while writing, signing and sending the body happen on one worker thread, in emit order. Deliveries can
 * be held and sent later in reverse, to reorder them deterministically.
 */
@Component
public class ShopifyWebhookDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ShopifyWebhookDispatcher.class);

    private static final int CONNECTIONS = 500;

    private final ConnectionProvider connections;
    private final WebClient http;
    private final WebhookSubscriptions subscriptions;
    private final DeliveryLog deliveries;
    private final ShopifySimulatorProperties properties;
    private final Clock clock;
    private final ShopifyJsonWriter json = new ShopifyJsonWriter();
    private volatile Sinks.One<Boolean> resetSignal = Sinks.one();
    private final AtomicInteger dropNext = new AtomicInteger();
    private final AtomicInteger holdNext = new AtomicInteger();
    /** Held deliveries, oldest first; guarded by itself. */
    private final List<Held> held = new ArrayList<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "shopify-sim-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    /** Only the worker signs; a Mac is not thread-safe and costly to look up per body. */
    private Mac mac;

    public ShopifyWebhookDispatcher(WebhookSubscriptions subscriptions, DeliveryLog deliveries,
                                    ShopifySimulatorProperties properties, Clock clock) {
        // a plain client (Boot 4 keeps the WebClient.Builder auto-configuration in a module the sandbox lacks)
        // with a pool of its own: Shopify sends each delivery on its own, so one waits for a connection within
        // its timeout, where the default pool refuses it once its queue of waiting ones is full (as many
        // connections as the Zettle pusher has, see ZettleSimulatorBeans)
        this.connections = ConnectionProvider.builder("shopify-sim-webhooks").maxConnections(CONNECTIONS)
                .pendingAcquireMaxCount(-1).build();
        this.http = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections))).build();
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Emits one event: each subscription of {@code topic} gets {@code copies} deliveries that share the
     * event id and differ in webhook id (Shopify's duplicates). {@code payload} must not change afterwards:
     * it is written later, off the caller's thread.
     */
    public void emit(String topic, Object payload, int copies) {
        String eventId = UUID.randomUUID().toString();
        Instant triggeredAt = clock.instant();
        List<WebhookDelivery> sending = new ArrayList<>();
        for (WebhookSubscription subscription : subscriptions.forTopic(topic)) {
            for (int i = 0; i < copies; i++) {
                boolean drop = dropNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
                WebhookDelivery delivery = new WebhookDelivery(UUID.randomUUID().toString(), eventId, topic,
                        subscription.address(), triggeredAt, 0, null,
                        drop ? WebhookDelivery.DROPPED : WebhookDelivery.PENDING, null);
                deliveries.start(delivery);
                if (drop) {
                    continue;
                }
                if (holdNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    synchronized (held) {
                        held.add(new Held(payload, delivery));
                    }
                } else {
                    sending.add(delivery);
                }
            }
        }
        if (sending.isEmpty()) {
            return;
        }
        Mono<Boolean> cancelled = resetSignal.asMono();
        worker.execute(() -> send(payload, sending, cancelled).subscribe());
    }

    /**
     * Writes and signs {@code payload} once, here (the worker is the only thread that signs), and sends it to
     * each of {@code sending}; completes when every delivery is done (delivered, out of attempts or cancelled
     * by a reset). Each delivery runs on its own: one that fails does not cancel the others.
     */
    private Mono<Void> send(Object payload, List<WebhookDelivery> sending, Mono<Boolean> cancelled) {
        byte[] body;
        String hmac;
        try {
            body = json.write(payload);
            hmac = sign(body);
        } catch (RuntimeException e) {
            log.error("webhook {} could not be sent: {}", sending.get(0).topic(), e.toString(), e);
            return Mono.empty();
        }
        return Flux.fromIterable(sending)
                .flatMap(delivery -> attempt(delivery, body, hmac).takeUntilOther(cancelled)
                        .onErrorResume(e -> {
                            log.error("webhook {} {} could not be sent: {}", delivery.topic(), delivery.webhookId(),
                                    e.toString(), e);
                            return Mono.empty();
                        }))
                .then();
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
        connections.dispose();
    }

    /** The next {@code count} deliveries are lost (0: deliver again). */
    public void dropNext(int count) {
        dropNext.set(Math.max(0, count));
    }

    /** The next {@code count} deliveries are held (state PENDING) until {@link #releaseHeld}. */
    public void holdNext(int count) {
        holdNext.set(Math.max(0, count));
    }

    /**
     * Sends the held deliveries, newest first, each done (delivered or out of attempts) before the next
     * starts, so that they reach the receiver in that order. Returns how many were held.
     */
    public int releaseHeld() {
        List<Held> releasing;
        synchronized (held) {
            releasing = new ArrayList<>(held);
            held.clear();
        }
        holdNext.set(0);
        Collections.reverse(releasing);
        Mono<Boolean> cancelled = resetSignal.asMono();
        worker.execute(() -> releasing.forEach(h -> send(h.payload(), List.of(h.delivery()), cancelled).block()));
        return releasing.size();
    }

    private record Held(Object payload, WebhookDelivery delivery) {
    }

    /** Cancels every pending delivery and retry. */
    public void reset() {
        dropNext.set(0);
        holdNext.set(0);
        synchronized (held) {
            held.clear();
        }
        Sinks.One<Boolean> previous = resetSignal;
        resetSignal = Sinks.one();
        previous.tryEmitValue(Boolean.TRUE);
    }

    private Mono<Void> attempt(WebhookDelivery delivery, byte[] body, String hmac) {
        return post(delivery, body, hmac)
                .map(status -> deliveries.update(delivery.webhookId(),
                        d -> d.attempted(status, "HTTP " + status, d.attempts() + 1 >= maxAttempts())))
                .onErrorResume(e -> Mono.just(deliveries.update(delivery.webhookId(),
                        d -> d.attempted(null, e.toString(), d.attempts() + 1 >= maxAttempts()))))
                .flatMap(done -> {
                    if (!WebhookDelivery.PENDING.equals(done.state())) {
                        log.debug("webhook {} {} to {}: {} after {} attempt(s)", done.topic(), done.webhookId(),
                                done.address(), done.state(), done.attempts());
                        return Mono.empty();
                    }
                    return Mono.delay(backoff(done.attempts())).then(attempt(delivery, body, hmac));
                });
    }

    private Mono<Integer> post(WebhookDelivery delivery, byte[] body, String hmac) {
        return http.post().uri(delivery.address())
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Shopify-Topic", delivery.topic())
                .header("X-Shopify-Hmac-Sha256", hmac)
                .header("X-Shopify-Shop-Domain", properties.shopDomain())
                .header("X-Shopify-API-Version", properties.apiVersion())
                .header("X-Shopify-Webhook-Id", delivery.webhookId())
                .header("X-Shopify-Event-Id", delivery.eventId())
                // format of this header is unconfirmed in the reference; ISO-8601 UTC is the safe reading
                .header("X-Shopify-Triggered-At", delivery.triggeredAt().toString())
                .bodyValue(body)
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .timeout(properties.delivery().timeout());
    }

    private Duration backoff(int attemptsMade) {
        ShopifySimulatorProperties.Delivery timing = properties.delivery();
        double millis = timing.initialBackoff().toMillis() * Math.pow(timing.multiplier(), attemptsMade - 1);
        return Duration.ofMillis((long) Math.min(millis, timing.maxBackoff().toMillis()));
    }

    private int maxAttempts() {
        return Math.max(1, properties.delivery().maxAttempts());
    }

    private String sign(byte[] body) {
        try {
            if (mac == null) {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(properties.clientSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            }
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
