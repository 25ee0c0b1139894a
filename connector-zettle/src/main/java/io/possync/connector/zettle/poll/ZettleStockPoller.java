package io.possync.connector.zettle.poll;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.schemas.avro.SystemKind;

/**
 * Every reconcile interval, polls the stock of every Zettle connection, one after the other on one
 * thread (each account's rate limiter is shared with its command path). A connection whose poll fails
 * is logged and tried again next interval; the others are not affected.
 */
public class ZettleStockPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ZettleStockPoller.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final MongoConnectionStore connections;
    private final ZettleStockReconciler reconciler;
    private final Duration interval;
    private final MeterRegistry meters;
    private ScheduledExecutorService executor;

    public ZettleStockPoller(MongoConnectionStore connections, ZettleStockReconciler reconciler, Duration interval,
                             MeterRegistry meters) {
        this.connections = connections;
        this.reconciler = reconciler;
        this.interval = interval;
        this.meters = meters;
    }

    /** One round over every Zettle connection; never throws (a thrown exception would end the schedule). */
    public void pollAll() {
        List<Connection> zettle;
        try {
            zettle = connections.findBySystem(SystemKind.ZETTLE).collectList().block(TIMEOUT);
        } catch (RuntimeException e) {
            log.warn("cannot list Zettle connections for the stock poll; trying again in {}", interval, e);
            return;
        }
        for (Connection connection : zettle == null ? List.<Connection>of() : zettle) {
            try {
                int published = reconciler.reconcile(connection);
                if (published >= 0) {
                    meters.counter("possync.stock.observed", "system", "zettle", "source", "poll").increment(published);
                }
            } catch (RuntimeException e) {
                meters.counter("possync.poll.failures", "system", "zettle").increment();
                log.warn("stock poll of Zettle connection {} failed; trying again in {}: {}", connection.id(),
                        interval, e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void start() {
        if (executor != null || interval.isZero() || interval.isNegative()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "zettle-stock-poller");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::pollAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("polling Zettle stock every {}", interval);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
