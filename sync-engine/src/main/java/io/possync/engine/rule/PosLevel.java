package io.possync.engine.rule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.possync.schemas.avro.StockChanged;

/**
 * The newest stock level the POS reported for one SKU.
 *
 * @param changedAt     the vendor's time of that level; an older observation never replaces it
 * @param sourceVersion the vendor's change id, when it has one: the same change seen twice takes effect once
 * @param previousLevel the level the vendor reported this change came from, when it does: orders two
 *                      changes within one tick of the vendor's clock (Zettle's timestamps are in milliseconds)
 * @param ourMoves      1c: our movements of the POS not yet seen coming back, oldest first, so that
 *                      their echo is told apart from a change the stock master must learn of
 */
public record PosLevel(long level, Instant changedAt, String sourceVersion, Long previousLevel, List<Move> ourMoves) {

    /** Enough for every movement a burst can have in flight; a move whose echo was lost is dropped in the end. */
    static final int MAX_OUR_MOVES = 32;

    /** One movement of the POS we sent: its command id, signed delta, and the time of the change it follows. */
    public record Move(String commandId, int delta, Instant at) {
    }

    public PosLevel {
        ourMoves = List.copyOf(ourMoves);
    }

    public PosLevel(long level, Instant changedAt, String sourceVersion) {
        this(level, changedAt, sourceVersion, null, List.of());
    }

    /** The level a POS change reports. */
    static PosLevel of(StockChanged event) {
        return new PosLevel(event.getLevel(), event.getChangedAt(), event.getSourceVersion(), event.getPreviousLevel(),
                List.of());
    }

    /** A newly reported level; our moves still in flight stay known. */
    PosLevel reported(StockChanged event) {
        return new PosLevel(event.getLevel(), event.getChangedAt(), event.getSourceVersion(), event.getPreviousLevel(),
                ourMoves);
    }

    /**
     * Whether this level is newer than the one {@code event} reports: observed later, or, observed in the
     * same tick, changed from the event's level (the event came first). Two changes in one tick that do not
     * chain this way are taken in arrival order; reconciliation reads the true level.
     */
    boolean newerThan(StockChanged event) {
        if (!event.getChangedAt().equals(changedAt)) {
            return event.getChangedAt().isBefore(changedAt);
        }
        boolean eventFollowsThis = event.getPreviousLevel() != null && event.getPreviousLevel() == level;
        boolean thisFollowsEvent = previousLevel != null && previousLevel == event.getLevel();
        return thisFollowsEvent && !eventFollowsThis;
    }

    /** Remembers a movement we send, the oldest forgotten once there are {@link #MAX_OUR_MOVES}. */
    PosLevel withMove(String commandId, int delta, Instant at) {
        List<Move> next = new ArrayList<>(ourMoves);
        next.removeIf(move -> move.commandId().equals(commandId));
        next.add(new Move(commandId, delta, at));
        return new PosLevel(level, changedAt, sourceVersion, previousLevel,
                next.subList(Math.max(0, next.size() - MAX_OUR_MOVES), next.size()));
    }

    PosLevel withoutMoves(Collection<String> commandIds) {
        List<Move> next = new ArrayList<>(ourMoves);
        next.removeIf(move -> commandIds.contains(move.commandId()));
        return new PosLevel(level, changedAt, sourceVersion, previousLevel, next);
    }

    /** Our moves among {@code commandIds}. */
    List<Move> movesAmong(Collection<String> commandIds) {
        return ourMoves.stream().filter(move -> commandIds.contains(move.commandId())).toList();
    }
}
