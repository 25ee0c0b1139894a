package io.possync.common.poll;

import io.possync.common.connection.Connection;

/** One reconciliation poll of one connection, run by a {@link PollScheduler}. */
@FunctionalInterface
public interface ConnectionPoll {

    /**
     * Polls the connection and publishes what it finds; answers the number of events published.
     *
     * @throws RuntimeException when the poll failed; it is tried again when next due
     */
    int poll(Connection connection);
}
