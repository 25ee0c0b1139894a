package io.possync.sandbox.shopify.order;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.possync.sandbox.shopify.ShopifySimulatorProperties;

/**
 * Renders an order in the REST JSON shape that Shopify's {@code orders/*} webhooks carry: snake_case,
 * ids as numbers, money as decimal strings with the currency's digits, each amount with its
 * {@code *_set}, dates with the shop's UTC offset.
 */
@Component
public class ShopifyOrderPayloads {

    private static final DateTimeFormatter SHOP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final long POS_STAFF_USER_ID = 98_765_432L;
    private static final long APP_ID_ONLINE_STORE = 580_111L;
    private static final long APP_ID_POS = 129_785L;

    private final ShopifySimulatorProperties properties;
    private final ZoneOffset offset;

    public ShopifyOrderPayloads(ShopifySimulatorProperties properties) {
        this.properties = properties;
        this.offset = properties.zoneOffset();
    }

    public Map<String, Object> order(SimOrder order) {
        int digits = order.fractionDigits();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", order.id());
        json.put("admin_graphql_api_id", "gid://shopify/Order/" + order.id());
        json.put("app_id", order.pos() ? APP_ID_POS : APP_ID_ONLINE_STORE);
        json.put("cancel_reason", order.cancelReason());
        json.put("cancelled_at", time(order.cancelledAt()));
        json.put("confirmed", true);
        json.put("contact_email", order.email());
        json.put("created_at", time(order.createdAt()));
        json.put("currency", order.currency());
        json.put("current_total_price", money(order.totalPrice(), digits));
        json.put("email", order.email() == null ? "" : order.email());
        json.put("financial_status", order.financialStatus());
        json.put("fulfillment_status", order.pos() ? "fulfilled" : null);
        json.put("location_id", order.pos() ? properties.posLocationId() : null);
        json.put("name", order.name());
        json.put("order_number", order.orderNumber());
        json.put("order_status_url", "https://" + properties.shopDomain() + "/61234567/orders/" + order.token()
                + "/authenticate?key=" + order.token().substring(0, 8));
        json.put("presentment_currency", order.currency());
        json.put("processed_at", time(order.createdAt()));
        json.put("source_name", order.sourceName());
        json.put("subtotal_price", money(order.totalPrice(), digits));
        json.put("subtotal_price_set", moneySet(order.totalPrice(), order.currency(), digits));
        json.put("taxes_included", true);
        json.put("test", false);
        json.put("token", order.token());
        json.put("total_discounts", money(BigDecimal.ZERO, digits));
        json.put("total_price", money(order.totalPrice(), digits));
        json.put("total_price_set", moneySet(order.totalPrice(), order.currency(), digits));
        json.put("total_tax", money(order.totalTax(), digits));
        json.put("total_tax_set", moneySet(order.totalTax(), order.currency(), digits));
        json.put("updated_at", time(order.updatedAt()));
        json.put("user_id", order.pos() ? POS_STAFF_USER_ID : null);
        json.put("customer", customer(order.customer()));
        json.put("line_items", order.lines().stream().map(l -> lineItem(l, order)).toList());
        json.put("shipping_lines", List.of());
        json.put("refunds", List.of());
        return json;
    }

    private Map<String, Object> lineItem(SimLineItem line, SimOrder order) {
        int digits = order.fractionDigits();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", line.id());
        json.put("admin_graphql_api_id", "gid://shopify/LineItem/" + line.id());
        json.put("current_quantity", order.cancelled() ? 0 : line.quantity());
        json.put("fulfillable_quantity", order.pos() || order.cancelled() ? 0 : line.quantity());
        json.put("gift_card", false);
        json.put("name", line.title());
        json.put("price", money(line.price(), digits));
        json.put("price_set", moneySet(line.price(), order.currency(), digits));
        json.put("product_exists", line.sku() != null);
        json.put("product_id", line.productId() == 0 ? null : line.productId());
        json.put("quantity", line.quantity());
        json.put("requires_shipping", !order.pos());
        json.put("sku", line.sku() == null ? "" : line.sku());
        json.put("taxable", true);
        json.put("title", line.title());
        json.put("total_discount", money(BigDecimal.ZERO, digits));
        json.put("variant_id", line.variantId() == 0 ? null : line.variantId());
        Map<String, Object> tax = new LinkedHashMap<>();
        tax.put("channel_liable", false);
        tax.put("price", money(line.tax(digits), digits));
        tax.put("price_set", moneySet(line.tax(digits), order.currency(), digits));
        tax.put("rate", line.taxRate());
        tax.put("title", "VAT");
        json.put("tax_lines", line.taxRate().signum() == 0 ? List.of() : List.of(tax));
        json.put("discount_allocations", List.of());
        return json;
    }

    private static Map<String, Object> customer(SimCustomer customer) {
        if (customer == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", customer.id());
        json.put("email", customer.email());
        json.put("first_name", customer.firstName());
        json.put("last_name", customer.lastName());
        json.put("state", "enabled");
        json.put("admin_graphql_api_id", "gid://shopify/Customer/" + customer.id());
        return json;
    }

    /** Webhook dates carry the shop's offset ("2026-03-01T11:15:42+01:00"), unlike GraphQL's UTC. */
    public String time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, offset).format(SHOP_TIME);
    }

    static String money(BigDecimal amount, int digits) {
        return amount.setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static Map<String, Object> moneySet(BigDecimal amount, String currency, int digits) {
        Map<String, Object> money = Map.of("amount", money(amount, digits), "currency_code", currency);
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("shop_money", money);
        set.put("presentment_money", money);
        return set;
    }

    /** Orders as a list, for the control API. */
    public List<Map<String, Object>> orders(List<SimOrder> orders) {
        List<Map<String, Object>> list = new ArrayList<>(orders.size());
        orders.forEach(o -> list.add(order(o)));
        return list;
    }
}
