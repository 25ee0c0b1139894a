package io.possync.sandbox.zettle;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OAuth side of the simulator: accepted API keys (assertion grant) and the access tokens granted.
 * Tokens look like Zettle's RS256 JWTs (iss "iZettle", aud "API") but carry a random signature.
 */
class ZettleAuthority {

    enum TokenState { VALID, EXPIRED, UNKNOWN }

    private final Clock clock;
    private final Map<String, String> configured;
    private final Map<String, String> apiKeys = new ConcurrentHashMap<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong tokenRequests = new AtomicLong();
    private volatile Duration lifetime;

    ZettleAuthority(Clock clock, Duration lifetime, Map<String, String> configured) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.configured = Map.copyOf(configured);
        apiKeys.putAll(configured);
    }

    void reset(Duration tokenLifetime) {
        apiKeys.clear();
        apiKeys.putAll(configured);
        tokens.clear();
        tokenRequests.set(0);
        lifetime = tokenLifetime;
    }

    void accept(String clientId, String apiKey) {
        apiKeys.put(clientId, apiKey);
    }

    void lifetime(Duration tokenLifetime) {
        lifetime = tokenLifetime;
    }

    Duration lifetime() {
        return lifetime;
    }

    long tokenRequests() {
        return tokenRequests.get();
    }

    void countTokenRequest() {
        tokenRequests.incrementAndGet();
    }

    /** The access token for a valid assertion grant, or null when the pair is unknown (invalid_grant). */
    String grant(String clientId, String apiKey, String organizationUuid) {
        if (clientId == null || apiKey == null || !apiKey.equals(apiKeys.get(clientId))) {
            return null;
        }
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        String token = jwt(clientId, organizationUuid, now, expires);
        tokens.put(token, expires);
        return token;
    }

    TokenState check(String token) {
        Instant expires = token == null ? null : tokens.get(token);
        if (expires == null) {
            return TokenState.UNKNOWN;
        }
        return clock.instant().isBefore(expires) ? TokenState.VALID : TokenState.EXPIRED;
    }

    /** Makes every granted token expired now (tests of the 401 ACCESS_TOKEN_EXPIRED path). */
    void expireAll() {
        Instant now = clock.instant();
        tokens.replaceAll((token, expires) -> now);
    }

    private String jwt(String clientId, String organizationUuid, Instant now, Instant expires) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = ("{\"iss\":\"iZettle\",\"aud\":\"API\",\"sub\":\"%s\",\"client_id\":\"%s\",\"iat\":%d,"
                + "\"nbf\":%d,\"exp\":%d,\"jti\":\"%s\",\"scope\":[\"READ:PRODUCT\",\"WRITE:PRODUCT\"]}")
                .formatted(organizationUuid, clientId, now.getEpochSecond(), now.getEpochSecond(),
                        expires.getEpochSecond(), UuidV1.next(clock));
        byte[] signature = new byte[64];
        random.nextBytes(signature);
        return header + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(signature);
    }
}
