package io.possync.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RetryExecutorTest {

    private final FakeTime time = new FakeTime();
    private final List<Integer> retries = new ArrayList<>();
    private final RetryExecutor executor = new RetryExecutor(
            new BackoffPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1)),
            new FailureClassifier(time), time, () -> 0.5,
            (operation, retry, delay, cause) -> retries.add(retry));

    @Test
    void throttledCallIsRetriedWithGrowingJitteredDelaysUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String result = executor.call("GET /stock", attempt -> {
            if (calls.incrementAndGet() < 4) {
                throw new HttpStatusException("GET /stock", 429, "", null, null);
            }
            return "ok after " + attempt;
        });

        assertThat(result).isEqualTo("ok after 4");
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(retries).containsExactly(1, 2, 3);
    }

    @Test
    void retryAfterFromTheServerIsWaited() {
        AtomicInteger calls = new AtomicInteger();
        executor.call("POST /movements", attempt -> {
            if (calls.incrementAndGet() == 1) {
                throw new HttpStatusException("POST /movements", 503, "", "1", null);
            }
            return null;
        });

        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void permanentFailureIsRethrownAtOnceWithoutSleeping() {
        AtomicInteger calls = new AtomicInteger();
        HttpStatusException badRequest = new HttpStatusException("POST /movements", 400, "{}", null, null);

        assertThatThrownBy(() -> executor.call("POST /movements", attempt -> {
            calls.incrementAndGet();
            throw badRequest;
        })).isSameAs(badRequest);
        assertThat(calls).hasValue(1);
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void transientFailureOutlastingTheAttemptsIsReportedAsExhausted() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> executor.call("GET /products", attempt -> {
            calls.incrementAndGet();
            throw new HttpStatusException("GET /products", 500, "", null, null);
        })).isInstanceOfSatisfying(RetriesExhaustedException.class, e -> assertThat(e.attempts()).isEqualTo(4))
                .hasCauseInstanceOf(HttpStatusException.class);
        assertThat(calls).hasValue(4);
        assertThat(time.sleeps).hasSize(3);
    }

    @Test
    void interruptedWaitStopsRetryingAndKeepsTheInterruptFlag() {
        RetryExecutor interrupted = new RetryExecutor(new BackoffPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10)),
                new FailureClassifier(time), d -> {
                    throw new InterruptedException();
                }, () -> 0.5, RetryExecutor.RetryListener.NONE);

        assertThatThrownBy(() -> interrupted.call("GET /x", attempt -> {
            throw new HttpStatusException("GET /x", 503, "", null, null);
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Thread.interrupted()).isTrue();
    }
}
