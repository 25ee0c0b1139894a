package io.possync.engine.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class StockLocksTest {

    private final StockLocks locks = new StockLocks();

    @Test
    void windowsOfDisjointSkusRunAtTheSameTime() throws Exception {
        List<String> first = IntStream.range(0, 500).mapToObj(i -> "demo|flow|A-" + i).toList();
        List<String> second = IntStream.range(0, 500).mapToObj(i -> "demo|flow|B-" + i).toList();
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch secondInside = new CountDownLatch(1);
        CompletableFuture<Boolean> held = CompletableFuture.supplyAsync(() -> locks.withLocks(first, () -> {
            firstInside.countDown();
            return awaitLatch(secondInside);
        }));
        assertThat(firstInside.await(10, TimeUnit.SECONDS)).isTrue();

        locks.withLocks(second, secondInside::countDown);

        assertThat(held.get(10, TimeUnit.SECONDS)).as("the second window entered while the first held its keys")
                .isTrue();
    }

    @Test
    void aSharedSkuWaitsForTheHolder() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger order = new AtomicInteger();
        CompletableFuture<Integer> holder = CompletableFuture.supplyAsync(() -> locks.withLocks(List.of("k|1", "k|2"),
                () -> {
                    inside.countDown();
                    awaitLatch(release);
                    return order.incrementAndGet();
                }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(() -> locks.withLocks(List.of("k|2", "k|3"),
                order::incrementAndGet));

        await().atMost(Duration.ofSeconds(10)).until(() -> locks.hasWaiters("k|2"));
        assertThat(waiter).isNotDone();
        release.countDown();

        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo(2);
    }

    @Test
    void locksAreForgottenOnceNobodyHoldsThem() {
        locks.withLocks(List.of("k|1", "k|2", "k|1"), () -> locks.withLocks(List.of("k|2"), () -> {
        }));

        assertThat(locks.keysInUse()).isZero();
    }

    private static boolean awaitLatch(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
