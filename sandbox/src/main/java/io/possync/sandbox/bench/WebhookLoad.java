package io.possync.sandbox.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Sends Shopify-signed webhook deliveries to the gateway over keep-alive connections. */
final class WebhookLoad {

    static final String WEBHOOK_ID = "X-Shopify-Webhook-Id";
    static final String EVENT_ID = "X-Shopify-Event-Id";

    private final HttpClient client;
    private final String path;
    private final byte[] secret;

    WebhookLoad(String gatewayUrl, String connectionId, String secret, int connections) {
        this.client = HttpClient.create(ConnectionProvider.builder("bench").maxConnections(connections)
                        .pendingAcquireMaxCount(-1).build())
                .baseUrl(gatewayUrl).responseTimeout(Duration.ofSeconds(10));
        this.path = "/webhooks/shopify/" + connectionId;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Posts one delivery, signing its body, and emits the HTTP status. */
    Mono<Integer> send(String topic, String eventId, String webhookId, byte[] body) {
        return send(topic, eventId, webhookId, body, sign(body));
    }

    /**
     * Posts one delivery whose body was signed beforehand, so that a load of identical bodies measures
     * the gateway's signature check rather than the load generator's signing.
     */
    Mono<Integer> send(String topic, String eventId, String webhookId, byte[] body, String signature) {
        return client.headers(h -> headers(h, shopifyHeaders(topic, signature, webhookId, eventId)))
                .post().uri(path).send(Mono.just(Unpooled.wrappedBuffer(body)))
                .responseSingle((response, content) -> content.then(Mono.just(response.status().code())));
    }

    /** The headers of a Shopify delivery, the two ids last. */
    static Map<String, String> shopifyHeaders(String topic, String signature, String webhookId, String eventId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Shopify-Topic", topic);
        headers.put("X-Shopify-Hmac-Sha256", signature);
        headers.put("X-Shopify-Shop-Domain", "demo.myshopify.com");
        headers.put("X-Shopify-API-Version", "2026-07");
        headers.put(WEBHOOK_ID, webhookId);
        headers.put(EVENT_ID, eventId);
        return headers;
    }

    private static void headers(HttpHeaders target, Map<String, String> values) {
        values.forEach(target::set);
    }

    String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** A REST-shaped Shopify order body with one line. */
    static byte[] orderBody(long orderId, String sku, int quantity, String financialStatus) {
        String now = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(1)).withNano(0).toString();
        return ("""
                {"id":%d,"admin_graphql_api_id":"gid:\\/\\/shopify\\/Order\\/%d","name":"#%d","order_number":%d,\
                "email":"bench@example.com","created_at":"%s","updated_at":"%s","currency":"DKK",\
                "financial_status":"%s","fulfillment_status":null,"cancelled_at":null,"source_name":"web",\
                "total_price":"98.00","subtotal_price":"78.40","total_tax":"19.60","taxes_included":true,\
                "customer":{"id":7,"email":"bench@example.com","first_name":"Bench","last_name":"Mark"},\
                "line_items":[{"id":%d,"variant_id":11,"product_id":12,"sku":"%s","name":"Bench item",\
                "quantity":%d,"current_quantity":%d,"price":"49.00","total_discount":"0.00",\
                "tax_lines":[{"title":"VAT","rate":0.25,"price":"9.80"}]}]}""")
                .formatted(orderId, orderId, orderId, orderId, now, now, financialStatus, orderId * 10, sku,
                        quantity, quantity).getBytes(StandardCharsets.UTF_8);
    }
}
