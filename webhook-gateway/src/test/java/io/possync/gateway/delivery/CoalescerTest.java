package io.possync.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class CoalescerTest {

    /** Batch calls that complete only when the test says so. */
    private final List<List<Integer>> calls = new ArrayList<>();
    private final List<Sinks.One<List<String>>> pending = new ArrayList<>();

    private final Coalescer<Integer, String> coalescer = new Coalescer<>(items -> {
        calls.add(items);
        Sinks.One<List<String>> done = Sinks.one();
        pending.add(done);
        return done.asMono();
    }, 3, 1);

    @Test
    void aLoneItemGoesOutAtOnce() {
        Mono<String> result = coalescer.submit(7).cache();
        result.subscribe();

        assertThat(calls).containsExactly(List.of(7));
        complete(0);
        assertThat(result.block(Duration.ofSeconds(1))).isEqualTo("r7");
    }

    @Test
    void itemsArrivingWhileABatchRunsJoinTheNextBatchUpToTheLimitAndGetTheirOwnResults() {
        List<Mono<String>> results = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Mono<String> r = coalescer.submit(i).cache();
            r.subscribe();
            results.add(r);
        }
        assertThat(calls).containsExactly(List.of(1));

        complete(0);
        assertThat(calls).containsExactly(List.of(1), List.of(2, 3, 4));
        complete(1);
        assertThat(calls).containsExactly(List.of(1), List.of(2, 3, 4), List.of(5));
        complete(2);

        assertThat(results.stream().map(m -> m.block(Duration.ofSeconds(1))).toList())
                .containsExactly("r1", "r2", "r3", "r4", "r5");
    }

    @Test
    void aFailedBatchFailsEachOfItsItemsAndTheNextBatchStillRuns() {
        Mono<String> first = coalescer.submit(1).cache();
        first.subscribe(v -> { }, e -> { });
        Mono<String> second = coalescer.submit(2).cache();
        second.subscribe(v -> { }, e -> { });

        pending.get(0).tryEmitError(new IllegalStateException("mongo down"));
        complete(1);

        assertThatThrownBy(() -> first.block(Duration.ofSeconds(1))).hasMessageContaining("mongo down");
        assertThat(second.block(Duration.ofSeconds(1))).isEqualTo("r2");
    }

    private void complete(int call) {
        pending.get(call).tryEmitValue(calls.get(call).stream().map(i -> "r" + i).toList());
    }
}
