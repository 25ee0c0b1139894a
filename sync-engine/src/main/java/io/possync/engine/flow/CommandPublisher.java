package io.possync.engine.flow;

import java.util.List;

import io.possync.schemas.avro.ConnectorCommand;

/** Sends commands to their connectors and returns once the broker has acknowledged every one. */
public interface CommandPublisher {

    void publishAndAwait(List<ConnectorCommand> commands);
}
