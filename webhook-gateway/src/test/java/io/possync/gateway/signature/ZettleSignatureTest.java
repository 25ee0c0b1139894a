package io.possync.gateway.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.possync.common.connection.Connection;
import io.possync.schemas.avro.SystemKind;

class ZettleSignatureTest {

    private static final String KEY = "zettle-signing-key-7";
    private static final String TIMESTAMP = "2024-03-01T10:15:30.123Z";
    private static final String PAYLOAD =
            "{\"organizationUuid\":\"ab3e4f00-d7c5-11ea-9a1b-0f6a3e9f1b11\",\"balanceAfter\":[{\"balance\":\"5\"}]}";
    // printf '%s' "$TIMESTAMP.$PAYLOAD" | openssl dgst -sha256 -hmac 'zettle-signing-key-7' -hex
    private static final String EXPECTED = "0e900ae2366b056e268b3b764a003c6f28998ab6f33c6ab970c30ba8a682a89d";

    @Test
    void signsTimestampDotPayloadLikeOpenssl() {
        assertThat(ZettleSignature.sign(KEY, TIMESTAMP, PAYLOAD)).isEqualTo(EXPECTED);
        // non-ASCII payload text is signed as UTF-8
        assertThat(ZettleSignature.sign(KEY, "1709288130123",
                "{\"name\":\"Kaffe – stor\",\"price\":{\"amount\":3500,\"currencyId\":\"SEK\"}}"))
                .isEqualTo("bd084d9e554ca0896ac42840298215a1520797b2cbe11a73f5863bed57c62155");
    }

    @Test
    void acceptsTheVendorSignature() {
        assertThat(ZettleSignature.verify(TIMESTAMP, PAYLOAD, EXPECTED, List.of(KEY))).isTrue();
    }

    @Test
    void refusesATamperedPayloadOrTimestamp() {
        assertThat(ZettleSignature.verify(TIMESTAMP, PAYLOAD.replace("\"5\"", "\"50\""), EXPECTED, List.of(KEY))).isFalse();
        assertThat(ZettleSignature.verify("2024-03-01T10:15:31.123Z", PAYLOAD, EXPECTED, List.of(KEY))).isFalse();
    }

    @Test
    void refusesAPayloadReserialisedWithOtherWhitespace() {
        String reformatted = PAYLOAD.replace(",", ", ");
        assertThat(ZettleSignature.verify(TIMESTAMP, reformatted, EXPECTED, List.of(KEY))).isFalse();
    }

    @Test
    void refusesWrongKeyBase64AndGarbage() {
        assertThat(ZettleSignature.verify(TIMESTAMP, PAYLOAD, EXPECTED, List.of("other-key"))).isFalse();
        assertThat(ZettleSignature.verify(TIMESTAMP, PAYLOAD, "DpAK4jZrBW4mizt2SgA8byiZirbzPGq5cMMLqKaCqJ0=",
                List.of(KEY))).isFalse();
        assertThat(ZettleSignature.verify(TIMESTAMP, PAYLOAD, "zz", List.of(KEY))).isFalse();
        assertThat(ZettleSignature.verify(TIMESTAMP, PAYLOAD, "", List.of(KEY))).isFalse();
    }

    @Test
    void previousKeyIsAcceptedDuringItsGracePeriodAndRefusedAfter() {
        Instant rotatedAt = Instant.parse("2026-11-20T10:00:00Z");
        Connection connection = new Connection("z1", "t1", SystemKind.ZETTLE, "https://pusher", Map.of(),
                "new-key", KEY, rotatedAt.plus(Duration.ofHours(1)));

        assertThat(ZettleSignature.verify(TIMESTAMP, PAYLOAD, EXPECTED,
                connection.webhookSecretsAt(rotatedAt.plus(Duration.ofMinutes(30))))).isTrue();
        assertThat(ZettleSignature.verify(TIMESTAMP, PAYLOAD, EXPECTED,
                connection.webhookSecretsAt(rotatedAt.plus(Duration.ofHours(2))))).isFalse();
    }

    @Test
    void comparesInConstantTime() {
        assertThat(ClassFileReferences.of(ZettleSignature.class))
                .contains("io/possync/gateway/signature/HmacSha256", "matches")
                .doesNotContain("java/util/Arrays");
        assertThat(HmacSha256.matches(new byte[] {1, 2, 3}, new byte[] {1, 2, 3})).isTrue();
        assertThat(HmacSha256.matches(new byte[] {1, 2, 3}, new byte[] {1, 2})).isFalse();
        assertThat(HmacSha256.matches(new byte[] {1, 2, 3}, null)).isFalse();
    }
}
