package io.possync.sandbox.shopify.graphql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.stereotype.Component;

import io.possync.sandbox.shopify.order.ShopifyOrderBook;
import io.possync.sandbox.shopify.order.SimOrder;

/** {@code orders(first, after, last, before, query, reverse)}, sorted by id (Shopify's default sort key). */
@Component
public class OrdersQuery implements ShopifyGraphqlResolver {

    private final ShopifyOrderBook orders;
    private final OrderNodes nodes;

    public OrdersQuery(ShopifyOrderBook orders, OrderNodes nodes) {
        this.orders = orders;
        this.nodes = nodes;
    }

    @Override
    public String field() {
        return "orders";
    }

    @Override
    public boolean mutation() {
        return false;
    }

    @Override
    public Object resolve(GraphqlField field) {
        List<SimOrder> matching = new ArrayList<>(orders.all().stream()
                .filter(OrderSearch.parse(field.stringArgument("query"))).toList());
        if (field.booleanArgument("reverse")) {
            Collections.reverse(matching);
        }
        return Connections.page(matching, field, SimOrder::id, nodes::order);
    }
}
