package io.possync.engine.rule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The newest stock level the POS reported for one SKU.
 *
 * @param changedAt     the vendor's time of that level; an older observation never replaces it
 * @param sourceVersion the vendor's change id, when it has one: the same change seen twice takes effect once
 * @param ourMoves      1c: our movements of the POS not yet seen coming back, oldest first, so that
 *                      their echo is told apart from a change the stock master must learn of
 */
public record PosLevel(long level, Instant changedAt, String sourceVersion, List<Move> ourMoves) {

    /** Enough for every movement a burst can have in flight; a move whose echo was lost is dropped in the end. */
    static final int MAX_OUR_MOVES = 32;

    /** One movement of the POS we sent: its command id, signed delta, and the time of the change it follows. */
    public record Move(String commandId, int delta, Instant at) {
    }

    public PosLevel {
        ourMoves = List.copyOf(ourMoves);
    }

    public PosLevel(long level, Instant changedAt, String sourceVersion) {
        this(level, changedAt, sourceVersion, List.of());
    }

    /** A newly reported level; our moves still in flight stay known. */
    PosLevel reported(long newLevel, Instant at, String version) {
        return new PosLevel(newLevel, at, version, ourMoves);
    }

    /** Remembers a movement we send, the oldest forgotten once there are {@link #MAX_OUR_MOVES}. */
    PosLevel withMove(String commandId, int delta, Instant at) {
        List<Move> next = new ArrayList<>(ourMoves);
        next.removeIf(move -> move.commandId().equals(commandId));
        next.add(new Move(commandId, delta, at));
        return new PosLevel(level, changedAt, sourceVersion,
                next.subList(Math.max(0, next.size() - MAX_OUR_MOVES), next.size()));
    }

    PosLevel withoutMoves(Collection<String> commandIds) {
        List<Move> next = new ArrayList<>(ourMoves);
        next.removeIf(move -> commandIds.contains(move.commandId()));
        return new PosLevel(level, changedAt, sourceVersion, next);
    }

    /** Our moves among {@code commandIds}. */
    List<Move> movesAmong(Collection<String> commandIds) {
        return ourMoves.stream().filter(move -> commandIds.contains(move.commandId())).toList();
    }
}
