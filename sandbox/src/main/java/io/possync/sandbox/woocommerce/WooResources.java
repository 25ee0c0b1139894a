package io.possync.sandbox.woocommerce;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resources in the wc/v3 response shape (also the webhook payload shape): money as strings, line
 * {@code price} as a JSON number, empty fields as {@code ""} or {@code null}, {@code date_x} in site
 * time and {@code date_x_gmt} in UTC, both without offset, and {@code _links}.
 */
final class WooResources {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final String home;
    private final ZoneOffset offset;

    WooResources(String homeUrl, ZoneOffset offset) {
        this.home = homeUrl.endsWith("/") ? homeUrl.substring(0, homeUrl.length() - 1) : homeUrl;
        this.offset = offset;
    }

    Map<String, Object> product(SimProduct p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", p.id);
        json.put("name", p.name);
        json.put("slug", p.name.toLowerCase().replaceAll("[^a-z0-9]+", "-"));
        json.put("permalink", home + "/product/" + p.id + "/");
        dates(json, "date_created", p.created);
        dates(json, "date_modified", p.modified);
        json.put("type", p.type);
        json.put("status", "publish");
        json.put("sku", p.sku == null ? "" : p.sku);
        json.put("price", p.regularPrice);
        json.put("regular_price", p.regularPrice);
        json.put("sale_price", "");
        json.put("manage_stock", p.manageStock);
        json.put("stock_quantity", p.manageStock ? p.stockQuantity : null);
        json.put("stock_status", !p.manageStock || p.stockQuantity == null || p.stockQuantity > 0 ? "instock"
                : "outofstock");
        json.put("backorders", "no");
        json.put("parent_id", p.parentId == null ? 0 : p.parentId);
        if (!p.variation()) {
            json.put("categories", List.of());
            json.put("images", List.of());
            json.put("attributes", List.of());
            json.put("variations", List.copyOf(p.variations));
        } else {
            json.put("image", null);
            json.put("attributes", List.of(Map.of("id", 0, "name", "Variant", "option", p.sku == null ? "" : p.sku)));
        }
        json.put("meta_data", List.of());
        String self = p.variation() ? "/products/" + p.parentId + "/variations/" + p.id : "/products/" + p.id;
        json.put("_links", links(self));
        return json;
    }

    Map<String, Object> order(SimOrder o) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", o.id);
        json.put("parent_id", 0);
        json.put("status", o.status);
        json.put("currency", o.currency);
        json.put("version", "10.3.0");
        json.put("prices_include_tax", false);
        dates(json, "date_created", o.created);
        dates(json, "date_modified", o.modified);
        json.put("discount_total", "0.00");
        json.put("discount_tax", "0.00");
        json.put("shipping_total", "0.00");
        json.put("shipping_tax", "0.00");
        json.put("cart_tax", "0.00");
        BigDecimal total = BigDecimal.ZERO;
        List<Map<String, Object>> lines = new ArrayList<>();
        for (SimOrder.Line line : o.lines) {
            BigDecimal lineTotal = new BigDecimal(line.unitPrice()).multiply(BigDecimal.valueOf(line.quantity()))
                    .setScale(2, RoundingMode.HALF_UP);
            total = total.add(lineTotal);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", line.id());
            item.put("name", line.name());
            item.put("product_id", line.productId());
            item.put("variation_id", line.variationId());
            item.put("quantity", line.quantity());
            item.put("tax_class", "");
            item.put("subtotal", lineTotal.toPlainString());
            item.put("subtotal_tax", "0.00");
            item.put("total", lineTotal.toPlainString());
            item.put("total_tax", "0.00");
            item.put("taxes", List.of());
            item.put("meta_data", List.of());
            item.put("sku", line.sku() == null ? "" : line.sku());
            // a PHP float: line total excl. tax / quantity
            item.put("price", lineTotal.doubleValue() / line.quantity());
            lines.add(item);
        }
        json.put("total", total.setScale(2, RoundingMode.HALF_UP).toPlainString());
        json.put("total_tax", "0.00");
        json.put("customer_id", 0);
        json.put("order_key", "wc_order_" + Long.toString(o.id * 7919, 36));
        json.put("billing", billing(o.email));
        json.put("shipping", Map.of("first_name", "", "last_name", "", "company", "", "address_1", "", "city", "",
                "postcode", "", "country", ""));
        json.put("payment_method", "bacs");
        json.put("transaction_id", "");
        json.put("created_via", "checkout-draft".equals(o.status) ? "store-api" : "checkout");
        json.put("number", Long.toString(o.id));
        dates(json, "date_paid", o.paid);
        json.put("meta_data", List.of());
        json.put("line_items", lines);
        json.put("tax_lines", List.of());
        json.put("shipping_lines", List.of());
        json.put("fee_lines", List.of());
        json.put("coupon_lines", List.of());
        json.put("refunds", List.of());
        json.put("_links", links("/orders/" + o.id));
        return json;
    }

    Map<String, Object> webhook(WooWebhooks.SimWebhook w) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", w.id());
        json.put("name", w.name());
        json.put("status", w.status());
        json.put("topic", w.topic());
        json.put("resource", w.topic().substring(0, w.topic().indexOf('.')));
        json.put("event", w.topic().substring(w.topic().indexOf('.') + 1));
        json.put("hooks", List.of());
        json.put("delivery_url", w.deliveryUrl());
        dates(json, "date_created", w.created());
        dates(json, "date_modified", w.created());
        json.put("_links", links("/webhooks/" + w.id()));
        return json;
    }

    String apiUrl(String path) {
        return home + "/wp-json/wc/v3" + path;
    }

    /** Site-local time of an instant, as {@code date_x} fields and non-GMT date filters use it. */
    java.time.LocalDateTime local(Instant at) {
        return LocalDateTime.ofInstant(at, offset);
    }

    private static Map<String, Object> billing(String email) {
        Map<String, Object> billing = new LinkedHashMap<>();
        billing.put("first_name", email == null ? "" : "Søren");
        billing.put("last_name", email == null ? "" : "Kierkegård");
        billing.put("company", "");
        billing.put("address_1", "");
        billing.put("city", "");
        billing.put("postcode", "");
        billing.put("country", "DK");
        billing.put("email", email == null ? "" : email);
        billing.put("phone", "");
        return billing;
    }

    private void dates(Map<String, Object> json, String field, Instant at) {
        json.put(field, at == null ? null : DATE.format(LocalDateTime.ofInstant(at, offset)));
        json.put(field + "_gmt", at == null ? null : DATE.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC)));
    }

    private Map<String, Object> links(String self) {
        String base = home + "/wp-json/wc/v3";
        String collection = self.substring(0, self.lastIndexOf('/'));
        return Map.of("self", List.of(Map.of("href", base + self)),
                "collection", List.of(Map.of("href", base + collection)));
    }
}
