package io.possync.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

class TimeoutsTest {

    @Test
    void aMonoThatDoesNotAnswerInTimeFailsWithATimeout() {
        assertThatThrownBy(() -> Timeouts.within(Mono.never(), Duration.ofMillis(50)).block(Duration.ofSeconds(5)))
                .hasCauseInstanceOf(TimeoutException.class)
                .cause().hasMessage("no answer within 50 ms");
    }

    @Test
    void anAnswerInTimeIsPassedOn() {
        assertThat(Timeouts.within(Mono.delay(Duration.ofMillis(10)).thenReturn("late but in time"),
                Duration.ofSeconds(5)).block(Duration.ofSeconds(5))).isEqualTo("late but in time");
    }

    @Test
    void aValueKnownAlreadyIsReturnedAsItIs() {
        Mono<String> known = Mono.just("cached");
        assertThat(Timeouts.within(known, Duration.ofMillis(1))).isSameAs(known);
    }
}
