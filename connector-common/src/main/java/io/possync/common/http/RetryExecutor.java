package io.possync.common.http;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one blocking call with bounded retries: transient failures ({@link FailureClassifier}) are
 * retried after a {@link BackoffPolicy} delay, permanent ones are rethrown at once, and a transient
 * failure that outlasts the attempts becomes a {@link RetriesExhaustedException}. Meant for Kafka
 * listener threads and other threads that may block, never for a Netty event loop.
 */
public final class RetryExecutor {

    private static final Logger log = LoggerFactory.getLogger(RetryExecutor.class);

    /** Told about every retry, e.g. to count retries in a metric. */
    @FunctionalInterface
    public interface RetryListener {
        RetryListener NONE = (operation, retry, delay, cause) -> { };

        void onRetry(String operation, int retry, Duration delay, Throwable cause);
    }

    /** One attempt; {@code attempt} counts from 1. */
    @FunctionalInterface
    public interface Attempt<T> {
        T call(int attempt) throws Exception;
    }

    private final BackoffPolicy policy;
    private final FailureClassifier classifier;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final RetryListener listener;

    public RetryExecutor(BackoffPolicy policy, FailureClassifier classifier, Sleeper sleeper,
                         DoubleSupplier random, RetryListener listener) {
        this.policy = policy;
        this.classifier = classifier;
        this.sleeper = sleeper;
        this.random = random;
        this.listener = listener;
    }

    public RetryExecutor(BackoffPolicy policy, FailureClassifier classifier, RetryListener listener) {
        this(policy, classifier, Sleeper.THREAD, () -> ThreadLocalRandom.current().nextDouble(), listener);
    }

    public <T> T call(String operation, Callable<T> call) {
        return call(operation, attempt -> call.call());
    }

    public <T> T call(String operation, Attempt<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call(attempt);
            } catch (Exception e) {
                Failure failure = classifier.classify(e);
                if (!failure.retriable()) {
                    throw asUnchecked(e);
                }
                if (attempt >= policy.maxAttempts()) {
                    throw new RetriesExhaustedException(operation, attempt, e);
                }
                Duration delay = policy.delay(attempt, failure.retryAfter(), random);
                log.debug("{}: attempt {} failed ({}), retrying in {} ms", operation, attempt, e.getMessage(),
                        delay.toMillis());
                listener.onRetry(operation, attempt, delay, e);
                pause(operation, delay, e);
            }
        }
    }

    private void pause(String operation, Duration delay, Exception cause) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            IllegalStateException stop = new IllegalStateException(operation + " interrupted while waiting to retry",
                    cause);
            stop.addSuppressed(interrupted);
            throw stop;
        }
    }

    private static RuntimeException asUnchecked(Exception e) {
        return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
    }
}
