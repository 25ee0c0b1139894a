package io.possync.gateway;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.possync.schemas.avro.WebhookEnvelope;

/** Vendor-shaped request bodies and expected values, computed independently of the gateway code. */
final class WebhookFixtures {

    private WebhookFixtures() {
    }

    /** The envelope as Pusher writes it: payload is a JSON string holding the escaped payload JSON. */
    static byte[] zettleEnvelope(String eventName, String messageId, String messageUuid, String payload,
                          String timestamp) {
        String escaped = payload.replace("\\", "\\\\").replace("\"", "\\\"");
        return ("{\"organizationUuid\":\"org-1\",\"messageUuid\":\"" + messageUuid + "\",\"eventName\":\"" + eventName
                + "\",\"messageId\":\"" + messageId + "\",\"payload\":\"" + escaped + "\",\"timestamp\":\"" + timestamp
                + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    static String eventId(String connectionId, String dedupeKey) {
        return UUID.nameUUIDFromBytes((connectionId + "|" + dedupeKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static byte[] bodyOf(WebhookEnvelope envelope) {
        var buffer = envelope.getBody().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
