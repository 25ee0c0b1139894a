package io.possync.sandbox.zettle;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/** Time-based (version 1) UUIDs, as Zettle makes its own ids; the node is random with the multicast bit set (RFC 4122 §4.5). */
public final class UuidV1 {

    private static final long GREGORIAN_OFFSET_100NS = 0x01B21DD213814000L;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long NODE = (RANDOM.nextLong() & 0xFFFFFFFFFFFFL) | 0x010000000000L;
    private static long lastTimestamp;
    private static int clockSequence = RANDOM.nextInt(0x4000);

    private UuidV1() {
    }

    public static synchronized UUID next(Clock clock) {
        long now = clock.millis() * 10_000 + GREGORIAN_OFFSET_100NS;
        if (now <= lastTimestamp) {
            now = lastTimestamp + 1;
        }
        lastTimestamp = now;
        long msb = (now << 32) | ((now & 0xFFFF00000000L) >>> 16) | 0x1000L | ((now >>> 48) & 0x0FFFL);
        long lsb = 0x8000000000000000L | ((long) (clockSequence & 0x3FFF) << 48) | NODE;
        return new UUID(msb, lsb);
    }

    static boolean isUuid(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isV1(String value) {
        return isUuid(value) && UUID.fromString(value).version() == 1;
    }
}
