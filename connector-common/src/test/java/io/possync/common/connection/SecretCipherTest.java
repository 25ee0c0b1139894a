package io.possync.common.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private final SecretCipher cipher = new SecretCipher(KEY);

    @Test
    void aSecretDecryptsOnlyInItsOwnContext() {
        String stored = cipher.encrypt("shpss_secret", "connection/a/webhookSecret");

        assertThat(stored).startsWith("v1:").doesNotContain("shpss_secret");
        assertThat(cipher.decrypt(stored, "connection/a/webhookSecret")).isEqualTo("shpss_secret");
        assertThatThrownBy(() -> cipher.decrypt(stored, "connection/b/webhookSecret"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("shpss_secret");
    }

    @Test
    void theSameSecretEncryptsDifferentlyEachTime() {
        assertThat(cipher.encrypt("x", "c")).isNotEqualTo(cipher.encrypt("x", "c"));
    }

    @Test
    void aMissingOrShortKeyIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> new SecretCipher("")).hasMessageContaining("possync.crypto.key");
        assertThatThrownBy(() -> new SecretCipher(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
    }

    @Test
    void connectionsNeverPrintTheirSecrets() {
        var c = new Connection("demo-shopify", "demo", io.possync.schemas.avro.SystemKind.SHOPIFY, "http://x",
                java.util.Map.of("accessToken", "shpat_abc"), "whsec", null, null);
        assertThat(c.toString()).doesNotContain("shpat_abc").doesNotContain("whsec").contains("accessToken");
    }
}
