package io.possync.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.possync.gateway.web.WebhookController.WebhookPath;

class WebhookPathTest {

    @Test
    void systemAndConnectionAreReadDecodedWithTheQueryIgnored() {
        assertThat(WebhookPath.of("/webhooks/Shopify/demo-shopify")).isEqualTo(new WebhookPath("shopify", "demo-shopify"));
        assertThat(WebhookPath.of("/webhooks/zettle/shop%201?attempt=2")).isEqualTo(new WebhookPath("zettle", "shop 1"));
    }

    @Test
    void otherPathsAreNotWebhookPaths() {
        assertThat(WebhookPath.of("/actuator/health")).isNull();
        assertThat(WebhookPath.of("/webhooks/shopify")).isNull();
        assertThat(WebhookPath.of("/webhooks/shopify/")).isNull();
        assertThat(WebhookPath.of("/webhooks//demo")).isNull();
        assertThat(WebhookPath.of("/webhooks/shopify/demo/extra")).isNull();
        assertThat(WebhookPath.of("/webhooks/shopify/bad%zzescape")).isNull();
    }
}
