package io.possync.connector.shopify.client;

import tools.jackson.databind.JsonNode;

/** The {@code data} of a successful GraphQL answer (never throttled, no top-level errors). */
public record GraphqlResponse(JsonNode data) {
}
