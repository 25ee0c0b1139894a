package io.possync.gateway.web;

import java.time.Duration;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpHeaders;

import io.possync.common.connection.Connection;
import io.possync.gateway.delivery.Delivery;
import io.possync.schemas.avro.SystemKind;

/** What differs between vendors: required headers, signature scheme, dedupe key and topic. */
interface VendorWebhooks {

    SystemKind system();

    /**
     * How long the vendor waits for the answer before it counts the delivery as failed and schedules a
     * retry (its reference note); the gateway answers well inside it.
     */
    Duration answerWindow();

    /** Rejects (400) a request that lacks what this vendor always sends, before the body is read. */
    void checkHeaders(HttpHeaders headers);

    /**
     * Verifies the signature and extracts the delivery, which carries {@code forwarded} (the request's
     * {@link ForwardedHeaders}); empty when the request is acknowledged without being published. Throws
     * {@link WebhookRejection} for a bad signature or body.
     */
    Optional<Delivery> read(Connection connection, HttpHeaders headers, Map<String, String> forwarded, byte[] body,
                            Instant receivedAt);
}
