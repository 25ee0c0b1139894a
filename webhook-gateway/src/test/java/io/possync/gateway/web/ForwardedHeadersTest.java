package io.possync.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;

class ForwardedHeadersTest {

    @Test
    void namesAreLowerCasedAndRepeatedHeadersJoined() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("X-WC-Webhook-Topic", "order.updated")
                .add("X-Shopify-API-Version", "2026-07")
                .add("Accept", "application/json")
                .add("accept", "text/plain");

        assertThat(ForwardedHeaders.of(headers)).isEqualTo(Map.of(
                "x-wc-webhook-topic", "order.updated",
                "x-shopify-api-version", "2026-07",
                "accept", "application/json,text/plain"));
    }

    @Test
    void signaturesCredentialsAndHopByHopHeadersAreDropped() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("X-Shopify-Hmac-Sha256", "c2lnbmF0dXJl")
                .add("X-iZettle-Signature", "abc")
                .add("X-WC-Webhook-Signature", "c2ln")
                .add("Authorization", "Basic dXNlcjpwYXNz")
                .add("Cookie", "session=1")
                .add("Connection", "keep-alive")
                .add("Transfer-Encoding", "chunked")
                .add("X-Shopify-Topic", "orders/paid");

        assertThat(ForwardedHeaders.of(headers)).isEqualTo(Map.of("x-shopify-topic", "orders/paid"));
    }
}
