package io.possync.engine.rule;

/**
 * The flow templates a tenant can enable; each maps to rules in {@link RuleTable}. In every template
 * webshop orders draw from POS stock.
 */
public enum FlowTemplate {
    /** Webshop orders draw stock from the POS: transfer on the trigger state, give back on cancellation. */
    WEBSHOP_ORDERS_DRAW_POS_STOCK,
    /** 1a: the POS is master of products and stock; every POS level reaches every webshop as available-to-sell. */
    POS_MASTER,
    /** 1b: a webshop is master of products, the POS of stock; stock behaves exactly as in {@link #POS_MASTER}. */
    WEBSHOP_PRODUCTS_POS_STOCK,
    /**
     * 1c: one webshop (the flow's stock master) is master of products and stock: its changes reach
     * the POS as movements of the difference and the other webshops as levels.
     */
    WEBSHOP_MASTER;

    /** Whether the flow keeps stock levels in step (all but the order-only demo template). */
    public boolean syncsStock() {
        return this != WEBSHOP_ORDERS_DRAW_POS_STOCK;
    }
}
