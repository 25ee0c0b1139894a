package io.possync.engine.rule;

/**
 * A flow rule: a pure function from an event and the current state of what it concerns to the
 * decisions to carry out. No I/O, no clock, no randomness: the same input always gives the same
 * decisions, with the same ids.
 *
 * @param <E> event type
 * @param <S> state the rule decides on (e.g. the ledger of an order)
 */
@FunctionalInterface
public interface FlowRule<E, S> {

    FlowDecision decide(E event, FlowConfig flow, S state);
}
