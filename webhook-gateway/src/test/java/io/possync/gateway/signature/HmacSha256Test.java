package io.possync.gateway.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class HmacSha256Test {

    /** RFC 4231, test case 2. */
    private static final String KEY = "Jefe";
    private static final byte[] DATA = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);
    private static final String MAC = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    @Test
    void aReusedInstanceSignsEveryMessageAfresh() {
        assertThat(hex(HmacSha256.sign(KEY, DATA))).isEqualTo(MAC);
        assertThat(hex(HmacSha256.sign(KEY, "other body".getBytes(StandardCharsets.UTF_8)))).isNotEqualTo(MAC);
        assertThat(hex(HmacSha256.sign(KEY, DATA))).isEqualTo(MAC);
    }

    @Test
    void manyKeysInTurnEachSignWithTheirOwn() {
        byte[] first = HmacSha256.sign("key-0", DATA);
        for (int i = 1; i <= 100; i++) {
            assertThat(HmacSha256.sign("key-" + i, DATA)).isNotEqualTo(first);
        }

        assertThat(HmacSha256.sign("key-0", DATA)).isEqualTo(first);
        assertThat(hex(HmacSha256.sign(KEY, DATA))).isEqualTo(MAC);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
