package io.possync.common.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for the broker's acknowledgements of sends that were started together, so that a caller
 * commits its input (a consumed batch, a poll's watermark) only once everything it produced is durable.
 * For sends tied to the records of a batch listener, see {@link BatchAcks}.
 */
public final class Acks {

    private Acks() {
    }

    /**
     * Waits, at most {@code timeout} in all, for every send.
     *
     * @param what names the sends in the failure's message ("42 command results")
     * @throws IllegalStateException when one failed (with its cause) or did not complete in time
     */
    public static void awaitAll(List<? extends CompletableFuture<?>> sends, Duration timeout, String what) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " not acknowledged by Kafka: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " not acknowledged by Kafka within " + timeout, e);
        }
    }
}
