package io.possync.engine.rule;

import java.util.Map;

/**
 * The state an order event is decided on in a stock-syncing flow: the order's ledger and the stock
 * ledger of every SKU the order (or its ledger) names.
 *
 * @param stock by SKU; a SKU without a document yet is absent
 */
public record OrderStock(OrderLedger order, Map<String, StockLedger> stock) {

    public OrderStock {
        stock = Map.copyOf(stock);
    }

    StockLedger stockOf(FlowConfig flow, String sku) {
        StockLedger ledger = stock.get(sku);
        return ledger != null ? ledger : StockLedger.empty(flow.tenantId(), flow.flowId(), sku);
    }
}
