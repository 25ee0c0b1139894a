package io.possync.connector.zettle.command;

import java.util.List;

import io.possync.common.http.RetriesExhaustedException;

/**
 * Zettle kept failing transiently while a movement request was under way (or a concurrent delivery
 * holds one of its commands): the request's commands stay unfinished and are delivered again.
 */
public class ZettleRequestInterrupted extends RuntimeException {

    private final String identifier;
    private final List<String> commandIds;
    private final int attempts;

    public ZettleRequestInterrupted(String identifier, List<String> commandIds, String reason, int attempts,
                                    Throwable cause) {
        super(reason, cause);
        this.identifier = identifier;
        this.commandIds = List.copyOf(commandIds);
        this.attempts = attempts;
    }

    static ZettleRequestInterrupted of(String identifier, List<String> commandIds, RetriesExhaustedException e) {
        return new ZettleRequestInterrupted(identifier, commandIds, e.getMessage(), e.attempts(), e);
    }

    public String identifier() {
        return identifier;
    }

    public List<String> commandIds() {
        return commandIds;
    }

    public int attempts() {
        return attempts;
    }
}
