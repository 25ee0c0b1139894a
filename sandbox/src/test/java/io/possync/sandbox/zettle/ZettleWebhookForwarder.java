package io.possync.sandbox.zettle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.kafka.core.KafkaTemplate;

import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;
import io.possync.schemas.kafka.Topics;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for the webhook gateway in Zettle connector tests: every Pusher delivery to
 * {@code /hooks/{connectionId}} is put on {@code webhooks.inbound} as the gateway does (raw body, dedupe
 * key = messageId, event id derived from it) and answered 200 once the broker acknowledged it. The
 * subscription TestMessage is answered and not published, as the gateway does.
 */
final class ZettleWebhookForwarder implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DisposableServer server;
    private final List<String> forwarded = new CopyOnWriteArrayList<>();

    ZettleWebhookForwarder(KafkaTemplate<Object, Object> kafka, String tenantId) {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.post("/hooks/{connection}", (request, response) -> request.receive()
                        .aggregate().asByteArray().defaultIfEmpty(new byte[0])
                        .flatMap(body -> {
                            JsonNode message = JSON.readTree(body);
                            if ("TestMessage".equals(message.path("eventName").asString())) {
                                return Mono.empty();
                            }
                            String connection = request.param("connection");
                            forwarded.add(new String(body, StandardCharsets.UTF_8));
                            return Mono.fromFuture(kafka.send(Topics.WEBHOOKS_INBOUND.name(), connection,
                                    envelope(tenantId, connection, body, null)));
                        })
                        .then(response.status(200).send())))
                .bindNow();
    }

    String url(String connectionId) {
        return "http://127.0.0.1:" + server.port() + "/hooks/" + connectionId;
    }

    /** The raw bodies forwarded so far, oldest first. */
    List<String> forwarded() {
        return List.copyOf(forwarded);
    }

    /**
     * The envelope the gateway publishes for a Zettle delivery; {@code eventId} null derives it from the
     * connection and messageId as the gateway does.
     */
    static WebhookEnvelope envelope(String tenantId, String connectionId, byte[] body, String eventId) {
        JsonNode message = JSON.readTree(body);
        String messageId = message.path("messageId").asString();
        String id = eventId != null ? eventId
                : UUID.nameUUIDFromBytes((connectionId + "|" + messageId).getBytes(StandardCharsets.UTF_8)).toString();
        return WebhookEnvelope.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId(id).setTenantId(tenantId)
                        .setConnectionId(connectionId).setSourceSystem(SystemKind.ZETTLE).setOccurredAt(Instant.now())
                        .setCorrelationId(UUID.randomUUID().toString()).build())
                .setSystem(SystemKind.ZETTLE)
                .setTopic(message.path("eventName").asString())
                .setDedupeKey(messageId)
                .setDeliveryId(message.path("messageUuid").asString(null))
                .setHeaders(Map.of("content-type", "application/json"))
                .setBody(ByteBuffer.wrap(body))
                .build();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
