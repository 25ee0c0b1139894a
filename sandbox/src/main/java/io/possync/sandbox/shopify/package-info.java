/**
 * A simulated Shopify shop for local runs and tests, faithful to {@code shared/reference/shopify-api.md}.
 *
 * <h2>Shopify's API</h2>
 * <ul>
 *   <li>{@code POST /admin/api/{version}/graphql.json} with {@code X-Shopify-Access-Token}
 *       ({@code sim.shopify.access-token}; 401 otherwise). Root fields: {@code orders(first, after, last,
 *       before, query, reverse)}, {@code order(id)}, {@code webhookSubscriptionCreate(topic, webhookSubscription)}.
 *       Every answer carries {@code extensions.cost}; a leaky bucket ({@code sim.shopify.bucket.*}) answers
 *       {@code THROTTLED} with no data when the requested cost exceeds what is available. New operations are
 *       added as {@link io.possync.sandbox.shopify.graphql.ShopifyGraphqlResolver} beans.</li>
 *   <li>Webhooks: REST-shaped order bodies with Shopify's escaping, signed with {@code sim.shopify.client-secret}
 *       (base64 HMAC-SHA256 of the exact bytes), headers {@code X-Shopify-Topic, -Hmac-Sha256, -Shop-Domain,
 *       -API-Version, -Webhook-Id} (per delivery), {@code -Event-Id} (per event, shared by duplicates),
 *       {@code -Triggered-At}. Non-2xx or no answer within {@code sim.shopify.delivery.timeout} is retried with
 *       exponential backoff up to {@code sim.shopify.delivery.max-attempts}.</li>
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
 *   <li>{@code POST /sim/graphql/bucket {size?, restoreRate?, currentlyAvailable?}}: reshapes the bucket
 *       (e.g. empty it to provoke throttling).</li>
 *   <li>{@code POST /sim/reset}: forgets orders, subscriptions and deliveries, cancels pending retries and
 *       refills the bucket.</li>
 * </ul>
 * {@code duplicates=N} delivers every webhook of the call N times to each subscription.
 */
package io.possync.sandbox.shopify;
