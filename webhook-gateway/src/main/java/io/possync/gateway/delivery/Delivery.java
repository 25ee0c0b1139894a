package io.possync.gateway.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.possync.common.connection.Connection;
import io.possync.schemas.avro.SystemKind;

/**
 * One verified webhook delivery, ready to be deduplicated and published.
 *
 * @param topic      vendor topic or event name
 * @param dedupeKey  key shared by every redelivery of the same vendor event
 * @param deliveryId vendor id of this delivery attempt, or null
 * @param headers    lower-cased request headers without signature, auth and hop-by-hop headers
 * @param body       the raw request body
 */
public record Delivery(Connection connection, SystemKind system, String topic, String dedupeKey, String deliveryId,
                       Map<String, String> headers, byte[] body, Instant receivedAt) {

    /** Identity of the delivery in the dedupe store: {@code connectionId|dedupeKey}. */
    public String claimId() {
        return connection.id() + "|" + dedupeKey;
    }

    /** Deterministic, so that a delivery published twice (after a takeover) carries the same event id. */
    public String eventId() {
        return UUID.nameUUIDFromBytes(claimId().getBytes(StandardCharsets.UTF_8)).toString();
    }
}
