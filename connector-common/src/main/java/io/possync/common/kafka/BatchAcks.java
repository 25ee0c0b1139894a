package io.possync.common.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * The sends a batch listener made for its records, each tagged with the index of the record it came from,
 * so that the listener commits only records whose events the broker acknowledged: {@link #awaitAll} waits
 * for the acknowledgements in record order and fails the batch at the record of the first one missing.
 * The records before it are then committed; it and the ones after come again, and their events are sent
 * again under the same ids, which downstream dedupe recognises.
 */
public final class BatchAcks {

    private record Sent(int index, CompletableFuture<?> ack) {
    }

    private final List<Sent> sent = new ArrayList<>();

    /**
     * The whole of a batch listener that turns each record into sends of its own: {@code send} runs for the
     * records in order, then every acknowledgement is awaited. A record whose {@code send} throws fails the
     * batch at its index, once the sends of the records before it are acknowledged.
     *
     * @param what names a record in the failure's message ("Zettle delivery")
     * @return how many sends were made
     */
    public static <R extends ConsumerRecord<?, ?>> int sendEach(List<R> records, Duration timeout, String what,
                                                              Function<R, List<CompletableFuture<?>>> send) {
        BatchAcks acks = new BatchAcks();
        for (int i = 0; i < records.size(); i++) {
            R record = records.get(i);
            try {
                for (CompletableFuture<?> ack : send.apply(record)) {
                    acks.add(i, ack);
                }
            } catch (RuntimeException e) {
                acks.awaitAll(records, timeout);
                throw new BatchListenerFailedException(what + " at offset " + record.offset() + ": " + e.getMessage(),
                        e, i);
            }
        }
        acks.awaitAll(records, timeout);
        return acks.size();
    }

    /** Records a send made for the record at {@code index} of the batch; indexes must not decrease. */
    public void add(int index, CompletableFuture<?> ack) {
        if (!sent.isEmpty() && index < sent.get(sent.size() - 1).index()) {
            throw new IllegalArgumentException("send for record " + index + " after one for record "
                    + sent.get(sent.size() - 1).index());
        }
        sent.add(new Sent(index, ack));
    }

    public int size() {
        return sent.size();
    }

    /**
     * Waits, at most {@code timeout} in all, for every send so far.
     *
     * @throws BatchListenerFailedException at the record of the first send that failed or did not complete in time
     */
    public void awaitAll(List<? extends ConsumerRecord<?, ?>> records, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Sent s : sent) {
            try {
                s.ack().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BatchListenerFailedException("interrupted while publishing", e, s.index());
            } catch (ExecutionException | TimeoutException e) {
                throw new BatchListenerFailedException("publishing the events of the record at offset "
                        + records.get(s.index()).offset() + " failed", e, s.index());
            }
        }
    }
}
