/**
 * A simulated Shopify shop for local runs and tests, faithful to {@code shared/reference/shopify-api.md}.
 *
 * <h2>Shopify's API</h2>
 * <ul>
 *   <li>{@code POST /admin/api/{version}/graphql.json} with {@code X-Shopify-Access-Token}
 *       ({@code sim.shopify.access-token}; 401 otherwise). Root fields: {@code orders(first, after, last,
 *       before, query, reverse)}, {@code order(id)}, {@code webhookSubscriptionCreate(topic, webhookSubscription)},
 *       {@code productVariants(first, after, query: "sku:\"X\" barcode:Y")} (nodes {@code id sku barcode price
 *       inventoryItem{id} product{id title}}), {@code inventoryItem(id)} ({@code id sku tracked variant{id}
 *       inventoryLevels(first) inventoryLevel(locationId)}, a level having {@code id updatedAt location
 *       quantities(names: [available, committed, on_hand, incoming, ...]){name quantity}}; an InventoryLevel GID
 *       passed as the item id is "Invalid id"), {@code locations(first)} (the primary location
 *       ({@code sim.shopify.pos-location-id}) first, then a warehouse), and
 *       {@code inventorySetQuantities(input) @idempotent(key:)} under the 2026-04+ rules: the directive is
 *       required, every quantity row must carry {@code changeFromQuantity} (null opts out), at most 250 rows
 *       ({@code MAX_INPUT_SIZE_EXCEEDED}), a mismatch answers HTTP 200 with the user error
 *       {@code CHANGE_FROM_QUANTITY_STALE} (field {@code [input, quantities, i, changeFromQuantity]}) and applies
 *       no row; success answers {@code inventoryAdjustmentGroup{id createdAt reason referenceDocumentUri
 *       changes{name delta quantityAfterChange}}} (an available and an on_hand change per moved row; rows that
 *       set the value already held are left out). A key used again with the same input is answered from memory
 *       without applying twice; with another input it is refused ({@code IDEMPOTENCY_KEY_REUSED}, unconfirmed).
 *       {@code inventoryAdjustQuantities(input) @idempotent(key:)} takes relative {@code changes[{inventoryItemId,
 *       locationId, delta, changeFromQuantity}]} under the same rules (field {@code [input, changes, i, ...]}).
 *       Every answer carries {@code extensions.cost} (a mutation costs 10); a leaky bucket
 *       ({@code sim.shopify.bucket.*}) answers {@code THROTTLED} with no data when the requested cost exceeds
 *       what is available. New operations are added as
 *       {@link io.possync.sandbox.shopify.graphql.ShopifyGraphqlResolver} beans.</li>
 *   <li>Inventory: variants are stocked at the primary location; {@code on_hand = available + committed}. A web
 *       order placed through the control API moves its units of known SKUs from available to committed (a POS
 *       order takes them off available and on hand); cancelling a web order releases them again. Every change
 *       of {@code available} (API, order or admin) emits {@code inventory_levels/update} with Shopify's body
 *       {@code {inventory_item_id, location_id, available, updated_at, admin_graphql_api_id}}: no SKU.</li>
 *   <li>Webhooks: REST-shaped order bodies with Shopify's escaping, signed with {@code sim.shopify.client-secret}
 *       (base64 HMAC-SHA256 of the exact bytes), headers {@code X-Shopify-Topic, -Hmac-Sha256, -Shop-Domain,
 *       -API-Version, -Webhook-Id} (per delivery), {@code -Event-Id} (per event, shared by duplicates),
 *       {@code -Triggered-At}. Non-2xx or no answer within {@code sim.shopify.delivery.timeout} is retried with
 *       exponential backoff up to {@code sim.shopify.delivery.max-attempts}. At most 500 deliveries are under way
 *       to one destination; the others wait for a connection within that timeout.</li>
 * </ul>
 *
 * <h2>Control API (not Shopify's)</h2>
 * <ul>
 *   <li>{@code POST /sim/orders?duplicates=N} {@code {lines:[{sku, quantity, price, title?, taxRate?}],
 *       financialStatus?, sourceName?, currency?, email?, firstName?, lastName?}}: creates an order (default
 *       paid, web, shop currency) and emits {@code orders/create}, {@code orders/paid} when paid, and
 *       {@code orders/updated}; answers 201 with the order's webhook body.</li>
 *   <li>{@code POST /sim/orders/{id}/pay?duplicates=N}: emits {@code orders/paid} and {@code orders/updated}
 *       (409 when cancelled or already paid).</li>
 *   <li>{@code POST /sim/orders/{id}/cancel?duplicates=N&reason=customer}: sets {@code cancelled_at} (the
 *       financial status stays) and emits {@code orders/cancelled} and {@code orders/updated}.</li>
 *   <li>{@code GET /sim/orders}: every order as its webhook body.</li>
 *   <li>{@code POST /sim/subscriptions {topic, address}} (topic as {@code orders/create} or {@code ORDERS_CREATE}),
 *       {@code GET /sim/subscriptions}.</li>
 *   <li>{@code GET /sim/deliveries}: {@code [{webhookId, eventId, topic, address, triggeredAt, attempts,
 *       statusCode, state: PENDING|DELIVERED|FAILED, lastError}]} in start order.</li>
 *   <li>{@code POST /sim/webhooks/drop-next {count}}: the next {@code count} deliveries are lost (never sent,
 *       state DROPPED); {@code DELETE /sim/webhooks/drop-next} delivers again.</li>
 *   <li>{@code POST /sim/webhooks/hold-next {count}}: the next {@code count} deliveries are held (state PENDING);
 *       {@code POST /sim/webhooks/release-held} sends them newest first, each done before the next
 *       ({@code {released: n}}), to reorder deliveries deterministically.</li>
 *   <li>{@code POST /sim/graphql/bucket {size?, restoreRate?, currentlyAvailable?}}: reshapes the bucket
 *       (e.g. empty it to provoke throttling).</li>
 *   <li>{@code GET /sim/graphql/stats}: {@code {calls: {rootField: n}, throttled: n}}, requests served per root
 *       field and requests refused as throttled.</li>
 *   <li>{@code POST /sim/products {title, variants:[{sku, available?, barcode?, price?}]}}: creates a product
 *       (201) with {@code variants[{id, admin_graphql_api_id, sku, barcode, price, inventory_item_id, available}]};
 *       SKUs may repeat across products, as in Shopify.</li>
 *   <li>{@code GET /sim/inventory}: {@code {sku: available}} at the primary location.</li>
 *   <li>{@code GET /sim/inventory-writes}: every change of available, oldest first:
 *       {@code [{sku, inventoryItemId, locationId, before, after, source: api|order|admin, at}]}.</li>
 *   <li>{@code POST /sim/inventory/{sku} {available}}: a merchant edit in the admin (every variant with the
 *       SKU); answers the write, 404 for an unknown SKU; emits {@code inventory_levels/update}.</li>
 *   <li>{@code POST /sim/reset}: forgets orders, products and stock, write history, idempotency keys,
 *       subscriptions, deliveries and call counts, cancels pending retries and refills the bucket.</li>
 * </ul>
 * {@code duplicates=N} delivers every webhook of the call N times to each subscription.
 */
package io.possync.sandbox.shopify;
