package io.possync.engine.rule;

/** The flow templates a tenant can enable; each maps to rules in {@link RuleTable}. */
public enum FlowTemplate {
    /** Webshop orders draw stock from the POS: transfer on the trigger state, give back on cancellation. */
    WEBSHOP_ORDERS_DRAW_POS_STOCK
}
