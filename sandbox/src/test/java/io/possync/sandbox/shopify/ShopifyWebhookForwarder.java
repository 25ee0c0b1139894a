package io.possync.sandbox.shopify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.kafka.core.KafkaTemplate;

import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;
import io.possync.schemas.kafka.Topics;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Stands in for the webhook gateway in connector tests: every Shopify delivery to {@code /hooks/{connectionId}}
 * is put on {@code webhooks.inbound} as the gateway does (raw body, lower-cased headers without the
 * signature, dedupe key topic|event id), and answered 200 once the broker acknowledged it. It can hold
 * deliveries and put them on the topic later in an order of the test's choosing, as Shopify delivers in any order.
 */
final class ShopifyWebhookForwarder implements AutoCloseable {

    private final DisposableServer server;
    private final KafkaTemplate<Object, Object> kafka;
    private final List<WebhookEnvelope> held = new ArrayList<>();
    private int toHold;

    ShopifyWebhookForwarder(KafkaTemplate<Object, Object> kafka, String tenantId) {
        this.kafka = kafka;
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.post("/hooks/{connection}", (request, response) -> request.receive()
                        .aggregate().asByteArray().defaultIfEmpty(new byte[0])
                        .flatMap(body -> {
                            Map<String, String> headers = new HashMap<>();
                            request.requestHeaders().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT),
                                    h.getValue()));
                            headers.remove("x-shopify-hmac-sha256");
                            String connection = request.param("connection");
                            WebhookEnvelope envelope = envelope(tenantId, connection, headers, body);
                            if (hold(envelope)) {
                                return Mono.empty();
                            }
                            return Mono.fromFuture(kafka.send(Topics.WEBHOOKS_INBOUND.name(), connection, envelope));
                        })
                        .then(response.status(200).send())))
                .bindNow();
    }

    /** The next {@code count} deliveries are answered 200 but held until {@link #release}. */
    synchronized void holdNext(int count) {
        toHold = count;
    }

    synchronized List<WebhookEnvelope> held() {
        return List.copyOf(held);
    }

    /** Puts the held deliveries on the topic in this order, each acknowledged before the next. */
    void release(List<WebhookEnvelope> inOrder) {
        synchronized (this) {
            held.clear();
        }
        for (WebhookEnvelope envelope : inOrder) {
            kafka.send(Topics.WEBHOOKS_INBOUND.name(), envelope.getHeader().getConnectionId(), envelope).join();
        }
    }

    private synchronized boolean hold(WebhookEnvelope envelope) {
        if (toHold == 0) {
            return false;
        }
        toHold--;
        held.add(envelope);
        return true;
    }

    String url(String connectionId) {
        return "http://127.0.0.1:" + server.port() + "/hooks/" + connectionId;
    }

    private static WebhookEnvelope envelope(String tenantId, String connectionId, Map<String, String> headers,
                                            byte[] body) {
        String topic = headers.get("x-shopify-topic");
        String dedupeKey = topic + "|" + headers.getOrDefault("x-shopify-event-id", headers.get("x-shopify-webhook-id"));
        String eventId = UUID.nameUUIDFromBytes((connectionId + "|" + dedupeKey).getBytes(StandardCharsets.UTF_8))
                .toString();
        return WebhookEnvelope.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId(eventId).setTenantId(tenantId)
                        .setConnectionId(connectionId).setSourceSystem(SystemKind.SHOPIFY).setOccurredAt(Instant.now())
                        .setCorrelationId(UUID.randomUUID().toString()).build())
                .setSystem(SystemKind.SHOPIFY)
                .setTopic(topic)
                .setDedupeKey(dedupeKey)
                .setDeliveryId(headers.get("x-shopify-webhook-id"))
                .setHeaders(headers)
                .setBody(ByteBuffer.wrap(body))
                .build();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
