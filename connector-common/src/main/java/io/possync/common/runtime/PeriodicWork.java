package io.possync.common.runtime;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * Work repeated with a fixed delay on a daemon thread of its own while the application runs (it blocks
 * on Mongo and Kafka, so it must not run on a shared scheduler): reconciliation polls, the engine's
 * transfer-hold timer.
 */
public abstract class PeriodicWork implements SmartLifecycle {

    private final String threadName;
    private ScheduledExecutorService executor;

    protected PeriodicWork(String threadName) {
        this.threadName = threadName;
    }

    /** The delay between runs, and before the first; zero or less: the work never runs. */
    protected abstract Duration period();

    /** One run; an exception would end the schedule, so implementations catch and log their failures. */
    protected abstract void runOnce();

    /** Called once the schedule started, e.g. to log it. */
    protected void started() {
    }

    @Override
    public synchronized void start() {
        Duration period = period();
        if (executor != null || period.isZero() || period.isNegative()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::runOnce, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        started();
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
