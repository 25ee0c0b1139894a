package io.possync.gateway.web;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * The request headers a connector may need (topic, shop domain, API version, trigger time), with
 * names lower-cased. Signatures are dropped because they are verified already and would let a
 * reader of the topic replay a delivery; credentials and hop-by-hop headers are dropped because
 * they describe the transport, not the event.
 */
final class ForwardedHeaders {

    private static final Set<String> DROPPED = Set.of(
            ShopifyWebhooks.HMAC.toLowerCase(Locale.ROOT), ZettleWebhooks.SIGNATURE.toLowerCase(Locale.ROOT),
            WooCommerceWebhooks.SIGNATURE.toLowerCase(Locale.ROOT),
            "authorization", "proxy-authorization", "cookie",
            "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "te", "trailer",
            "transfer-encoding", "upgrade");

    private ForwardedHeaders() {
    }

    /** Read from the request's Netty headers entry by entry: Spring's case-insensitive views cost several times more. */
    static Map<String, String> of(HttpHeaders headers) {
        Map<String, String> forwarded = new HashMap<>();
        for (Map.Entry<String, String> header : headers) {
            String key = header.getKey().toLowerCase(Locale.ROOT);
            if (!DROPPED.contains(key)) {
                forwarded.merge(key, header.getValue(), (a, b) -> a + "," + b);
            }
        }
        return forwarded;
    }
}
