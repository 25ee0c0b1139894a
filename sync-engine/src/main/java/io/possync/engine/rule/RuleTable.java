package io.possync.engine.rule;

import java.util.Map;
import java.util.Optional;

import io.possync.schemas.avro.OrderPlaced;

/**
 * The one table of flow rules: which pure function decides which event type in which flow
 * template. A flow whose template has no rule for an event type does not take that event.
 */
public final class RuleTable {

    private record Key(Class<?> eventType, FlowTemplate template) {
    }

    private record Entry(Class<?> stateType, FlowRule<?, ?> rule) {
    }

    private static final Map<Key, Entry> RULES = Map.ofEntries(
            rule(OrderPlaced.class, FlowTemplate.WEBSHOP_ORDERS_DRAW_POS_STOCK, OrderLedger.class,
                    OrderTransferRules::onOrder));

    private RuleTable() {
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

    private static <E, S> Map.Entry<Key, Entry> rule(Class<E> eventType, FlowTemplate template, Class<S> stateType,
                                                     FlowRule<E, S> rule) {
        return Map.entry(new Key(eventType, template), new Entry(stateType, rule));
    }
}
