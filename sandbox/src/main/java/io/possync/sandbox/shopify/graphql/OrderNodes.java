package io.possync.sandbox.shopify.graphql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.springframework.stereotype.Component;

import io.possync.sandbox.shopify.ShopifySimulatorProperties;
import io.possync.sandbox.shopify.order.SimCustomer;
import io.possync.sandbox.shopify.order.SimLineItem;
import io.possync.sandbox.shopify.order.SimOrder;

/** An order as a GraphQL {@code Order} node: GIDs, camelCase, UTC dates, MoneyBag amounts. */
@Component
public class OrderNodes {

    private final ShopifySimulatorProperties properties;

    public OrderNodes(ShopifySimulatorProperties properties) {
        this.properties = properties;
    }

    public Map<String, Object> order(SimOrder order) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("__typename", "Order");
        node.put("id", "gid://shopify/Order/" + order.id());
        node.put("legacyResourceId", Long.toString(order.id()));
        node.put("name", order.name());
        node.put("email", order.email());
        node.put("createdAt", utc(order.createdAt()));
        node.put("updatedAt", utc(order.updatedAt()));
        node.put("processedAt", utc(order.createdAt()));
        node.put("cancelledAt", utc(order.cancelledAt()));
        node.put("cancelReason", order.cancelReason() == null ? null : order.cancelReason().toUpperCase(Locale.ROOT));
        node.put("closed", false);
        node.put("test", false);
        node.put("sourceName", order.sourceName());
        node.put("retailLocation", order.pos()
                ? Map.of("__typename", "Location", "id", "gid://shopify/Location/" + properties.posLocationId()) : null);
        node.put("displayFinancialStatus", order.financialStatus().toUpperCase(Locale.ROOT));
        node.put("displayFulfillmentStatus", order.pos() ? "FULFILLED" : "UNFULFILLED");
        node.put("currencyCode", order.currency());
        node.put("customer", customer(order.customer()));
        node.put("totalPriceSet", moneyBag(order.totalPrice(), order.currency()));
        node.put("subtotalPriceSet", moneyBag(order.totalPrice(), order.currency()));
        node.put("totalTaxSet", moneyBag(order.totalTax(), order.currency()));
        node.put("taxesIncluded", true);
        node.put("shippingAddress", null);
        Function<GraphqlField, Object> lineItems = field -> Connections.page(order.lines(), field, SimLineItem::id,
                line -> lineItem(line, order));
        node.put("lineItems", lineItems);
        return node;
    }

    private Map<String, Object> lineItem(SimLineItem line, SimOrder order) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("__typename", "LineItem");
        node.put("id", "gid://shopify/LineItem/" + line.id());
        node.put("name", line.title());
        node.put("title", line.title());
        node.put("sku", line.sku());
        node.put("quantity", line.quantity());
        node.put("currentQuantity", order.cancelled() ? 0 : line.quantity());
        node.put("originalUnitPriceSet", moneyBag(line.price(), order.currency()));
        node.put("variant", line.variantId() == 0 ? null : Map.of("__typename", "ProductVariant",
                "id", "gid://shopify/ProductVariant/" + line.variantId(), "sku", line.sku(),
                "legacyResourceId", Long.toString(line.variantId())));
        node.put("product", line.productId() == 0 ? null : Map.of("__typename", "Product",
                "id", "gid://shopify/Product/" + line.productId()));
        node.put("taxLines", line.taxRate().signum() == 0 ? List.of() : List.of(Map.of(
                "title", "VAT", "rate", line.taxRate().doubleValue(),
                "ratePercentage", line.taxRate().movePointRight(2).doubleValue(),
                "priceSet", moneyBag(line.tax(order.fractionDigits()), order.currency()))));
        return node;
    }

    private static Map<String, Object> customer(SimCustomer customer) {
        if (customer == null) {
            return null;
        }
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("__typename", "Customer");
        node.put("id", "gid://shopify/Customer/" + customer.id());
        node.put("email", customer.email());
        node.put("firstName", customer.firstName());
        node.put("lastName", customer.lastName());
        return node;
    }

    /**
     * GraphQL {@code Decimal} amounts drop trailing zeros down to one decimal ("249.0", "10.5"), unlike
     * the two-digit strings of webhook bodies; clients must parse either as a decimal, never a double.
     */
    static Map<String, Object> moneyBag(BigDecimal amount, String currency) {
        BigDecimal stripped = amount.stripTrailingZeros();
        String text = (stripped.scale() < 1 ? stripped.setScale(1) : stripped).toPlainString();
        Map<String, Object> money = Map.of("amount", text, "currencyCode", currency);
        return Map.of("shopMoney", money, "presentmentMoney", money);
    }

    /** GraphQL dates are UTC, to the second. */
    static String utc(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
