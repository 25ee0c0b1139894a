/**
 * WooCommerce simulator: one store on one port (default 9103), speaking the wc/v3 contracts in
 * {@code shared/reference/woocommerce-api.md}. A connection's {@code baseUrl} is the simulator's
 * URL; the API lives under {@code /wp-json/wc/v3}.
 *
 * <h2>WooCommerce API</h2>
 * <ul>
 *   <li>Auth: the simulator is plain HTTP, so only OAuth 1.0a one-legged is accepted (query parameters
 *       {@code oauth_consumer_key, oauth_timestamp, oauth_nonce, oauth_signature_method} HMAC-SHA1|HMAC-SHA256,
 *       {@code oauth_signature}); key {@code consumer_secret&}; timestamp within ±15 min; nonce single-use.
 *       Basic auth or nothing → 401 {@code woocommerce_rest_cannot_view|create|edit} (a store without TLS never
 *       evaluates Basic); a bad key, signature, timestamp or nonce → 401 {@code woocommerce_rest_authentication_error}.</li>
 *   <li>Errors: {@code {code, message, data{status[, params]}}}.</li>
 *   <li>Lists: {@code page}, {@code per_page} (default 10, 1..100, else 400 {@code rest_invalid_param}),
 *       headers {@code X-WP-Total}, {@code X-WP-TotalPages}, {@code Link} (rel prev/next).</li>
 *   <li>{@code GET /products[?sku=A,B&type=variable]}, {@code GET|PUT /products/{id}},
 *       {@code GET /products/{pid}/variations[?sku=]}, {@code PUT /products/{pid}/variations/{id}},
 *       {@code GET /variations?sku=} (WooCommerce 10.3+). Stock: {@code {manage_stock, stock_quantity}},
 *       last writer wins; every stock change fires {@code product.updated} (a variation in product shape).</li>
 *   <li>{@code POST /products/batch} and {@code POST /products/{pid}/variations/batch}
 *       {@code {create, update, delete}}: more than 100 items in all → 413
 *       {@code woocommerce_rest_request_entity_too_large}; a failed item comes back inside the 200 as
 *       {@code {id, error{code, message, data}}} (unknown id, or an error armed with {@code /sim/item-errors}).</li>
 *   <li>{@code GET /orders} ({@code status}, {@code after|before}, {@code modified_after|modified_before} with
 *       {@code dates_are_gmt}, {@code orderby} date|id|modified|include, {@code order}), {@code GET|PUT /orders/{id}}.
 *       Money is strings, line {@code price} a number, dates {@code _gmt} in UTC without offset.</li>
 *   <li>{@code GET|POST /webhooks}, {@code GET|PUT|DELETE /webhooks/{id}}: create → 201 + Location after an
 *       unsigned ping (body {@code webhook_id=N}, no X-WC headers). Deliveries: PHP-escaped JSON
 *       ({@code \/}, and backslash-u escapes for non-ASCII) of the resource at send time, {@code X-WC-Webhook-*} headers, signature
 *       base64(HMAC-SHA256(secret, body)); queued for {@code sim.woocommerce.delivery-delay} with no second
 *       delivery pending for the same webhook and resource; never retried; disabled after more than
 *       {@code max-delivery-failures} consecutive failures ({@code PUT status=active} re-enables).</li>
 *   <li>Orders reduce stock once on reaching processing, completed or on-hold and give it back on cancelled or
 *       pending; status changes fire {@code order.updated}, creation {@code order.created}; a {@code checkout-draft}
 *       order is noise sent through {@code order.updated}.</li>
 * </ul>
 *
 * <h2>Control API (not WooCommerce's)</h2>
 * <ul>
 *   <li>{@code POST /sim/credentials {consumerKey, consumerSecret}}: accept this API key.</li>
 *   <li>{@code POST /sim/products {name, sku?, stock?, price?, variations?:[{sku, stock?, price?}]}} → 201 product
 *       (managed stock when {@code stock} is given; a product with variations is variable; no webhook).</li>
 *   <li>{@code GET /sim/stock} → {@code {sku: stock_quantity}} (managed stock only);
 *       {@code GET /sim/stock-writes} → {@code [{sku, productId, value, at, source: rest|order}]}.</li>
 *   <li>{@code POST /sim/orders {lines:[{sku, quantity, price?}], status?, setPaid?, email?}} → 201 order;
 *       status defaults to pending, or processing with {@code setPaid}; {@code checkout-draft} makes draft noise.</li>
 *   <li>{@code POST /sim/orders/{id}/status {status}}.</li>
 *   <li>{@code POST /sim/webhooks/drop-next {count}}: the next deliveries are lost (never sent);
 *       {@code DELETE /sim/webhooks/drop-next} delivers again.</li>
 *   <li>{@code GET /sim/deliveries} → {@code [{webhookId, topic, resourceId, deliveryId, status, outcome:
 *       delivered|failed|dropped|coalesced|ping, at}]}.</li>
 *   <li>{@code POST /sim/faults {method?, pathPrefix, status, times?, body?, retryAfter?}} (path after
 *       {@code /wp-json/wc/v3}); {@code DELETE /sim/faults}.</li>
 *   <li>{@code POST /sim/item-errors {sku, code?, message?, times?}}: the next batch updates of that SKU fail
 *       inside the 200.</li>
 *   <li>{@code GET /sim/stats} → {@code {apiRequests, batchRequests, webhooks}}; {@code POST /sim/reset}.</li>
 * </ul>
 */
package io.possync.sandbox.woocommerce;
