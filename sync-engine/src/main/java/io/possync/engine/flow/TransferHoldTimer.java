package io.possync.engine.flow;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.runtime.PeriodicWork;
import io.possync.engine.ledger.MongoTransferHolds;

/**
 * Sends every held order transfer whose results did not come within {@code possync.engine.transfer-hold-max}:
 * a transfer never waits longer (a webshop connector may be down, or the awaited result may have gone
 * to the dead-letter topic). Reads the small {@code transfer_holds} collection every {@code tick}, on
 * its own thread (it blocks on Mongo and Kafka). With several engine replicas each runs it: a replica that
 * reads a hold before another released it sends the same transfer command again (the connector drops the
 * repeat by its id), and the stock ledger's compare-and-set records the release once.
 */
public class TransferHoldTimer extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(TransferHoldTimer.class);
    static final Duration MIN_TICK = Duration.ofMillis(1);

    private final MongoTransferHolds holds;
    private final StockResultProcessor stock;
    private final Clock clock;
    private final Duration holdMax;
    private final Duration tick;
    private final Duration ioTimeout;

    public TransferHoldTimer(MongoTransferHolds holds, StockResultProcessor stock, Clock clock, Duration holdMax,
                             Duration tick, Duration ioTimeout) {
        super("transfer-hold-timer");
        // PeriodicWork skips a period of zero or less without a word (a held transfer whose results never come
        // would then never be sent) and schedules in whole milliseconds (less than one fails its start unexplained)
        if (tick.compareTo(MIN_TICK) < 0) {
            throw new IllegalArgumentException("possync.engine.transfer-hold-tick must be at least " + MIN_TICK
                    + ", was " + tick + ": held transfers whose results never come are sent only by this timer");
        }
        this.holds = holds;
        this.stock = stock;
        this.clock = clock;
        this.holdMax = holdMax;
        this.tick = tick;
        this.ioTimeout = ioTimeout;
    }

    /** Releases the holds whose wait has ended; returns how many timer entries were due. */
    public int releaseExpired() {
        List<MongoTransferHolds.Due> due = holds.dueBy(clock.instant()).collectList().block(ioTimeout);
        if (due == null || due.isEmpty()) {
            return 0;
        }
        log.info("{} held transfer(s) waited {} for their levels' results; sending them", due.size(), holdMax);
        stock.expire(due, holdMax);
        return due.size();
    }

    @Override
    protected Duration period() {
        return tick;
    }

    @Override
    protected void runOnce() {
        try {
            releaseExpired();
        } catch (RuntimeException e) {
            // the entries stay, so the next tick tries again
            log.warn("releasing expired transfer holds failed; retrying in {}", tick, e);
        }
    }
}
