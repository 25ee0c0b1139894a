package io.possync.gateway.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import io.possync.common.connection.Connection;
import io.possync.gateway.delivery.Delivery;
import io.possync.gateway.signature.ZettleSignature;
import io.possync.schemas.avro.SystemKind;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Zettle Pusher deliveries: a JSON envelope {@code {organizationUuid, messageUuid, eventName,
 * messageId, payload, timestamp}} whose {@code payload} is itself a JSON-encoded string.
 */
@Component
class ZettleWebhooks implements VendorWebhooks {

    static final String SIGNATURE = "X-iZettle-Signature";
    static final String TEST_MESSAGE = "TestMessage";

    private static final Logger log = LoggerFactory.getLogger(ZettleWebhooks.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public SystemKind system() {
        return SystemKind.ZETTLE;
    }

    /** Zettle asks for a reply within 10 s; a failure is retried only after 60 s. */
    @Override
    public Duration answerWindow() {
        return Duration.ofSeconds(10);
    }

    @Override
    public void checkHeaders(HttpHeaders headers) {
        // the signature header is checked after parsing: the subscription TestMessage may come without one
    }

    @Override
    public Optional<Delivery> read(Connection connection, HttpHeaders headers, Map<String, String> forwarded,
                                   byte[] body, Instant receivedAt) {
        JsonNode envelope = parse(body);
        String eventName = requiredString(envelope, "eventName");
        if (TEST_MESSAGE.equals(eventName)) {
            // UNCONFIRMED whether Pusher signs the TestMessage (its payload is an object, not a string).
            // It is sent before the subscription-create response hands us the signingKey, so it
            // cannot be verified anyway; it is acknowledged (Pusher needs a 2xx to activate the
            // subscription) and never published, so a forged one has no effect.
            log.info("Zettle subscription test message for connection {} acknowledged", connection.id());
            return Optional.empty();
        }
        String signature = headers.getFirst(SIGNATURE);
        if (signature == null || signature.isBlank()) {
            throw WebhookRejection.badSignature("header " + SIGNATURE + " is required");
        }
        // Pusher signs timestamp + "." + payload with both as the raw envelope strings. The parsed
        // string value of `payload` is exactly the JSON text Pusher encoded into the envelope (the
        // JSON string escaping is undone, nothing is re-serialised); the reference's pitfall 1 (issue
        // #80) is about re-serialising the parsed payload object instead, and public receivers that
        // verify successfully sign the decoded string value the same way.
        String payload = requiredString(envelope, "payload");
        String timestamp = timestamp(envelope);
        if (!ZettleSignature.verify(timestamp, payload, signature, connection.webhookSecretsAt(receivedAt))) {
            throw WebhookRejection.badSignature(SIGNATURE + " does not match the envelope");
        }
        String messageUuid = optionalString(envelope, "messageUuid");
        String dedupeKey = optionalString(envelope, "messageId");
        if (dedupeKey == null) {
            dedupeKey = messageUuid;
        }
        if (dedupeKey == null) {
            throw WebhookRejection.badRequest("malformed_body", "envelope has neither messageId nor messageUuid");
        }
        return Optional.of(new Delivery(connection, SystemKind.ZETTLE, eventName, dedupeKey, messageUuid,
                forwarded, body, receivedAt));
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw WebhookRejection.badRequest("malformed_body", "body is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw WebhookRejection.badRequest("malformed_body", "body is not valid JSON");
        }
    }

    /** The envelope's timestamp is a string ("…Z"); an integral number is taken as its literal digits. */
    private static String timestamp(JsonNode envelope) {
        JsonNode node = envelope.get("timestamp");
        if (node != null && node.isString()) {
            return node.stringValue();
        }
        if (node != null && node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        throw WebhookRejection.badRequest("malformed_body", "envelope field timestamp is missing");
    }

    private static String requiredString(JsonNode envelope, String field) {
        String value = optionalString(envelope, field);
        if (value == null) {
            throw WebhookRejection.badRequest("malformed_body", "envelope field " + field + " must be a string");
        }
        return value;
    }

    private static String optionalString(JsonNode envelope, String field) {
        JsonNode node = envelope.get(field);
        return node != null && node.isString() ? node.stringValue() : null;
    }
}
