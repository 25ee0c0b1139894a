package io.possync.engine.rule;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.possync.schemas.avro.CommandResult;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.StockChanged;

/**
 * The one table of flow rules: which pure function decides which event type in which flow
 * template, on which state. A flow whose template has no rule for an event type does not take
 * that event. A {@link CommandResult} reaches the stock rule for an applied order transfer, for every
 * result of a level sent to a webshop (it may release held transfers) and for every result of an
 * adjustment of the stock master (1c); {@link HoldExpired} comes from the engine's hold timer.
 */
public final class RuleTable {

    private record Key(Class<?> eventType, FlowTemplate template) {
    }

    private record Entry(Class<?> stateType, FlowRule<?, ?> rule) {
    }

    private static final List<FlowTemplate> STOCK_TEMPLATES =
            List.of(FlowTemplate.POS_MASTER, FlowTemplate.WEBSHOP_PRODUCTS_POS_STOCK, FlowTemplate.WEBSHOP_MASTER);

    private static final Map<Key, Entry> RULES = table();

    private RuleTable() {
    }

    private static Map<Key, Entry> table() {
        Map<Key, Entry> rules = new HashMap<>();
        add(rules, OrderPlaced.class, FlowTemplate.WEBSHOP_ORDERS_DRAW_POS_STOCK, OrderLedger.class,
                OrderTransferRules::onOrder);
        for (FlowTemplate template : STOCK_TEMPLATES) {
            add(rules, OrderPlaced.class, template, OrderStock.class, OrderStockRules::onOrder);
            add(rules, StockChanged.class, template, StockLedger.class, StockRules::onStockChanged);
            add(rules, CommandResult.class, template, StockLedger.class, StockRules::onCommandResult);
            add(rules, HoldExpired.class, template, StockLedger.class, TransferHoldRules::onHoldExpired);
        }
        return Map.copyOf(rules);
    }

    /** The rule deciding {@code eventType} in {@code template} on state of type {@code stateType}, if any. */
    @SuppressWarnings("unchecked")
    public static <E, S> Optional<FlowRule<E, S>> ruleFor(Class<E> eventType, FlowTemplate template,
                                                          Class<S> stateType) {
        Entry entry = RULES.get(new Key(eventType, template));
        if (entry == null || entry.stateType() != stateType) {
            return Optional.empty();
        }
        return Optional.of((FlowRule<E, S>) entry.rule());
    }

    private static <E, S> void add(Map<Key, Entry> rules, Class<E> eventType, FlowTemplate template,
                                   Class<S> stateType, FlowRule<E, S> rule) {
        rules.put(new Key(eventType, template), new Entry(stateType, rule));
    }
}
