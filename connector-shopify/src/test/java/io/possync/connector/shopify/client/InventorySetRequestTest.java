package io.possync.connector.shopify.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.possync.common.http.BackoffPolicy;
import io.possync.common.http.FailureClassifier;
import io.possync.common.http.FakeTime;
import io.possync.common.http.RetryExecutor;
import io.possync.connector.shopify.config.ShopifyConnectorProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class InventorySetRequestTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final FakeTime clock = new FakeTime();
    private final ShopifyGraphqlClient client = new ShopifyGraphqlClient(null, JSON,
            new ShopifyConnectorProperties(Duration.ofSeconds(10), "2026-07", Duration.ofSeconds(5),
                    Duration.ofSeconds(15), 250, 25, 20, new ShopifyConnectorProperties.Retry(3, Duration.ZERO,
                    Duration.ZERO), Duration.ZERO),
            clock, d -> { }, new RetryExecutor(new BackoffPolicy(1, Duration.ZERO, Duration.ZERO),
                    new FailureClassifier(clock), RetryExecutor.RetryListener.NONE));

    private final InventorySetRequest request = new InventorySetRequest("6f1e-key", "correction",
            "gid://possync/StockSync/batch-1", List.of(
                    new InventorySetRequest.Row("gid://shopify/InventoryItem/1", "gid://shopify/Location/9", 7, 4L),
                    new InventorySetRequest.Row("gid://shopify/InventoryItem/2", "gid://shopify/Location/9", 0, null)));

    @Test
    void anUnknownCurrentLevelIsSentAsAnExplicitNullChangeFromQuantity() {
        String body = new String(client.requestBody(InventorySetRequest.MUTATION, request.variables()),
                StandardCharsets.UTF_8);

        assertThat(body).contains("\"changeFromQuantity\":null");
        JsonNode rows = JSON.readTree(body).path("variables").path("input").path("quantities");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).path("changeFromQuantity").asLong()).isEqualTo(4);
        assertThat(rows.get(1).has("changeFromQuantity")).isTrue();
        assertThat(rows.get(1).path("changeFromQuantity").isNull()).isTrue();
    }

    @Test
    void theInputSetsAvailableWithOurReasonReferenceAndKey() {
        JsonNode variables = JSON.readTree(client.requestBody(InventorySetRequest.MUTATION, request.variables()))
                .path("variables");

        JsonNode input = variables.path("input");
        assertThat(input.path("name").asString()).isEqualTo("available");
        assertThat(input.path("reason").asString()).isEqualTo("correction");
        assertThat(input.path("referenceDocumentUri").asString()).isEqualTo("gid://possync/StockSync/batch-1");
        assertThat(variables.path("key").asString()).isEqualTo("6f1e-key");
        JsonNode row = input.path("quantities").get(0);
        assertThat(row.path("inventoryItemId").asString()).isEqualTo("gid://shopify/InventoryItem/1");
        assertThat(row.path("locationId").asString()).isEqualTo("gid://shopify/Location/9");
        assertThat(row.path("quantity").asLong()).isEqualTo(7);
    }

    @Test
    void theMutationCarriesTheIdempotentDirectiveWithTheKeyVariable() {
        assertThat(InventorySetRequest.MUTATION)
                .contains("inventorySetQuantities(input: $input) @idempotent(key: $key)")
                .contains("userErrors { code field message }");
    }
}
