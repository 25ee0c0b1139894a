package io.possync.gateway.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Turns concurrent one-item calls into batch calls. An item goes out at once while fewer than
 * {@code maxInFlight} batches are running; otherwise it waits and joins the next batch (at most
 * {@code maxBatch} items), which starts as soon as a running one completes. So a lone request waits
 * for nothing, and under load the round trips per item fall with the load.
 *
 * @param <T> item
 * @param <R> per-item result
 */
final class Coalescer<T, R> {

    private record Pending<T, R>(T item, Sinks.One<R> result) {
    }

    private final Function<List<T>, Mono<List<R>>> batchCall;
    private final int maxBatch;
    private final int maxInFlight;
    private final Queue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /** @param batchCall performs one call for all items and emits one result per item, in item order */
    Coalescer(Function<List<T>, Mono<List<R>>> batchCall, int maxBatch, int maxInFlight) {
        this.batchCall = batchCall;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
    }

    Mono<R> submit(T item) {
        return Mono.defer(() -> {
            Sinks.One<R> result = Sinks.one();
            queue.add(new Pending<>(item, result));
            drain();
            return result.asMono();
        });
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int running = inFlight.get();
            if (running >= maxInFlight) {
                return; // a running batch calls drain() when it completes
            }
            if (!inFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Pending<T, R>> batch = new ArrayList<>();
            for (Pending<T, R> p; batch.size() < maxBatch && (p = queue.poll()) != null; ) {
                batch.add(p);
            }
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            send(batch);
        }
    }

    private void send(List<Pending<T, R>> batch) {
        Mono<List<R>> call;
        try {
            call = batchCall.apply(batch.stream().map(Pending::item).toList());
        } catch (RuntimeException e) {
            call = Mono.error(e);
        }
        call.switchIfEmpty(Mono.error(() -> new IllegalStateException("batch call emitted no results")))
                .doFinally(signal -> {
                    inFlight.decrementAndGet();
                    drain();
                })
                .subscribe(results -> {
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).result().tryEmitValue(results.get(i));
                    }
                }, error -> batch.forEach(p -> p.result().tryEmitError(error)));
    }
}
