/**
 * Zettle simulator: one organization on one port (default 9102), speaking the HTTP contracts in
 * {@code shared/reference/zettle-api.md}. Connections point their {@code baseUrl} here and every
 * Zettle host (oauth, products, inventory, pusher) is served from it.
 *
 * <h2>Zettle API</h2>
 * <ul>
 *   <li>{@code POST /token}: assertion grant (form: grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer,
 *       client_id, assertion) → {@code {access_token, expires_in}}; unknown pair → 400 {@code invalid_grant}.</li>
 *   <li>Bearer token on every API call; expired → 401 {@code WWW-Authenticate: Bearer error="invalid_request",
 *       error_description="ACCESS_TOKEN_EXPIRED"}; missing/unknown → 401 {@code invalid_token}.</li>
 *   <li>{@code GET /organizations/{self|uuid}/products[/{uuid}]}: products with variants (uuid, sku, name, barcode).</li>
 *   <li>{@code GET /v3/inventories} (STORE, SOLD, SUPPLIER, BIN); {@code GET /v3/stock},
 *       {@code /v3/stock/{inventoryUuid}} (paginated: {@code Link: <...?cursor=..&limit=..>; rel="next"}),
 *       {@code /v3/stock/{inventoryUuid}/products/{productUuid}}.</li>
 *   <li>{@code POST /v3/products [{productUuid, tracking: enable|disable}]}: stock tracking of products; movements
 *       of an untracked product are refused ({@code Product is not tracked}) and it is left out of {@code /v3/stock}.</li>
 *   <li>{@code POST /v3/movements {movements[{productUuid, variantUuid, from, to, change}], identifier}}: validated
 *       (400 {@code {developerMessage, errorType, violations[]}}), applied atomically, deduplicated on
 *       {@code identifier}; balances may go negative. Each change of a STORE balance emits InventoryBalanceChanged.</li>
 *   <li>Rate limit: rolling average ({@code sim.zettle.rate-limit.*}, default 4 req/s over 5 s plus one second of
 *       burst) on API paths → 429 without Retry-After.</li>
 *   <li>{@code POST|GET /organizations/{org}/subscriptions}, {@code PUT|DELETE .../subscriptions[/uuid]/{uuid}}:
 *       create sends an unsigned TestMessage and needs a 2xx; events are delivered as
 *       {@code {organizationUuid, messageUuid, eventName, messageId, payload (JSON string), timestamp}} with
 *       {@code X-iZettle-Signature} = hex HMAC-SHA256(signingKey, timestamp + "." + payload), retried every
 *       {@code sim.zettle.pusher.retry-interval} on non-2xx or no answer within {@code sim.zettle.pusher.timeout};
 *       at most {@code sim.zettle.pusher.connections} (500) are under way to one destination, the others
 *       wait for a connection within that timeout.</li>
 * </ul>
 *
 * <h2>Control API (not Zettle's)</h2>
 * <ul>
 *   <li>{@code POST /sim/credentials {clientId, apiKey}}: accept this API key.</li>
 *   <li>{@code POST /sim/products {name, variants:[{sku, name?, barcode?, balance}]}} → 201 product (v1 UUIDs,
 *       tracking on, STORE balance set; no webhook).</li>
 *   <li>{@code GET /sim/balances} → {@code {sku: STORE balance}}; {@code GET /sim/movements} → applied movements
 *       {@code [{identifier, sku, productUuid, variantUuid, from, to, change, at}]} (from/to as inventory types).</li>
 *   <li>{@code POST /sim/sales {sku, quantity}} or {@code {lines:[{sku, quantity}]}}: a POS sale (STORE→SOLD) of
 *       one item or a basket, in one movement request, with its one webhook.</li>
 *   <li>{@code POST /sim/faults {method?, pathPrefix, status, times?, body?, retryAfter?}}: the next {@code times}
 *       (default 1) matching requests fail so; {@code DELETE /sim/faults} disarms all.</li>
 *   <li>{@code POST /sim/webhooks/drop-next {count}}: the next {@code count} deliveries are lost (never sent,
 *       outcome DROPPED in {@code /sim/deliveries}); {@code DELETE /sim/webhooks/drop-next} delivers again.</li>
 *   <li>{@code POST /sim/tokens/expire}: every granted token expires now.</li>
 *   <li>{@code POST /sim/settings {rateLimitEnabled?, requestsPerSecond?, rateLimitWindow?, tokenLifetime?}}.</li>
 *   <li>{@code GET /sim/stats} → {@code {tokenRequests, apiRequests, rateLimited, faultsServed, organizationUuid,
 *       inventories}}; {@code GET /sim/deliveries} → webhook deliveries with attempts and outcome.</li>
 *   <li>{@code POST /sim/reset}: back to the configured state (no products, configured credentials only).</li>
 * </ul>
 */
package io.possync.sandbox.zettle;
