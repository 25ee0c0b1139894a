package io.possync.sandbox.shopify.graphql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.possync.sandbox.shopify.order.ShopifyOrderBook;

/** {@code order(id: "gid://shopify/Order/N")}: the order, or null when there is none. */
@Component
public class OrderQuery implements ShopifyGraphqlResolver {

    private static final Pattern ORDER_GID = Pattern.compile("gid://shopify/Order/(\\d+)");

    private final ShopifyOrderBook orders;
    private final OrderNodes nodes;

    public OrderQuery(ShopifyOrderBook orders, OrderNodes nodes) {
        this.orders = orders;
        this.nodes = nodes;
    }

    @Override
    public String field() {
        return "order";
    }

    @Override
    public boolean mutation() {
        return false;
    }

    @Override
    public Object resolve(GraphqlField field) {
        String id = field.stringArgument("id");
        Matcher gid = id == null ? null : ORDER_GID.matcher(id);
        if (gid == null || !gid.matches()) {
            // Shopify refuses a bare number or another type's GID here ("Invalid id"); code unconfirmed
            throw new GraphqlException("Invalid id: " + id, "RESOURCE_NOT_FOUND");
        }
        return orders.find(Long.parseLong(gid.group(1))).map(nodes::order).orElse(null);
    }
}
