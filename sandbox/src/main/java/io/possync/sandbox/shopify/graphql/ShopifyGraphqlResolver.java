package io.possync.sandbox.shopify.graphql;

/**
 * One root field of the Admin API (a query such as {@code orders} or a mutation such as
 * {@code webhookSubscriptionCreate}). Implementations are Spring beans; the executor finds them by
 * field name, so adding an operation (inventory, products) is adding a bean. A resolver returns the
 * full shape (maps, lists, scalars, or functions of the field for argument-dependent children); the
 * executor cuts it down to the selection.
 */
public interface ShopifyGraphqlResolver {

    /** Name of the root field, e.g. {@code orders}. */
    String field();

    /** True for a field of the mutation root. */
    boolean mutation();

    Object resolve(GraphqlField field);
}
