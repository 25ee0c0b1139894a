package io.possync.gateway.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.possync.common.connection.Connection;
import io.possync.schemas.avro.SystemKind;

class ShopifySignatureTest {

    // Body with the escapes Shopify really sends (\u00e9, \/, \u0026): any re-serialisation changes them.
    private static final byte[] BODY = ("{\"id\":820982911946154508,\"email\":\"jon@example.com\","
            + "\"note\":\"caf\\u00e9 \\/ fish \\u0026 chips\",\"total_price\":\"199.00\"}")
            .getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "shpss_4f1c9e2a7b";
    // printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'shpss_4f1c9e2a7b' -binary | base64
    private static final String EXPECTED = "niAfJqnWUyLIgOXet/azXhiPWTLKYC6WBb+GujYpFPE=";

    @Test
    void signsLikeOpenssl() {
        assertThat(ShopifySignature.sign(SECRET, BODY)).isEqualTo(EXPECTED);
        // key and body are UTF-8: printf '%s' 'raw ü body' | openssl dgst -sha256 -hmac 'nøgle' -binary | base64
        assertThat(ShopifySignature.sign("nøgle", "raw ü body".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("yU7KVVXwSDlPOMdifXuslfRhCZrIZnMYWjct4D5abBI=");
    }

    @Test
    void acceptsTheVendorSignatureOfTheRawBody() {
        assertThat(ShopifySignature.verify(BODY, EXPECTED, List.of(SECRET))).isTrue();
    }

    @Test
    void refusesATamperedBody() {
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 3] = '8';
        assertThat(ShopifySignature.verify(tampered, EXPECTED, List.of(SECRET))).isFalse();
    }

    @Test
    void refusesTheSameContentReserialisedWithoutEscapes() {
        byte[] reserialised = ("{\"id\":820982911946154508,\"email\":\"jon@example.com\","
                + "\"note\":\"café / fish & chips\",\"total_price\":\"199.00\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(ShopifySignature.verify(reserialised, EXPECTED, List.of(SECRET))).isFalse();
    }

    @Test
    void refusesWrongSecretHexEncodingAndGarbage() {
        assertThat(ShopifySignature.verify(BODY, EXPECTED, List.of("another-secret"))).isFalse();
        assertThat(ShopifySignature.verify(BODY, "9e201f26a9d65322c880e5deb7f6b35e188f5932ca602e9605bf86ba362914f1",
                List.of(SECRET))).isFalse();
        assertThat(ShopifySignature.verify(BODY, "not base64 !!", List.of(SECRET))).isFalse();
        assertThat(ShopifySignature.verify(BODY, null, List.of(SECRET))).isFalse();
        assertThat(ShopifySignature.verify(BODY, EXPECTED, List.of())).isFalse();
    }

    @Test
    void previousSecretIsAcceptedDuringItsGracePeriodAndRefusedAfter() {
        Instant rotatedAt = Instant.parse("2026-11-20T10:00:00Z");
        Connection connection = new Connection("c1", "t1", SystemKind.SHOPIFY, "https://shop", Map.of(),
                "shpss_new", SECRET, rotatedAt.plus(Duration.ofHours(1)));
        String signedWithOld = ShopifySignature.sign(SECRET, BODY);

        assertThat(ShopifySignature.verify(BODY, signedWithOld,
                connection.webhookSecretsAt(rotatedAt.plus(Duration.ofMinutes(59))))).isTrue();
        assertThat(ShopifySignature.verify(BODY, signedWithOld,
                connection.webhookSecretsAt(rotatedAt.plus(Duration.ofMinutes(61))))).isFalse();
        assertThat(ShopifySignature.verify(BODY, ShopifySignature.sign("shpss_new", BODY),
                connection.webhookSecretsAt(rotatedAt.plus(Duration.ofDays(2))))).isTrue();
    }

    @Test
    void comparesInConstantTime() {
        assertThat(ClassFileReferences.of(HmacSha256.class))
                .contains("java/security/MessageDigest", "isEqual");
        assertThat(ClassFileReferences.of(ShopifySignature.class))
                .contains("io/possync/gateway/signature/HmacSha256", "matches")
                .doesNotContain("java/util/Arrays");
    }
}
