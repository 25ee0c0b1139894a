package io.possync.common.kafka;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class AcksTest {

    @Test
    void sendsThatAllCompletedPass() {
        assertThatCode(() -> Acks.awaitAll(List.of(CompletableFuture.completedFuture(1),
                CompletableFuture.completedFuture(2)), Duration.ofSeconds(1), "2 events")).doesNotThrowAnyException();
    }

    @Test
    void oneFailedSendFailsTheWholeWaitNamingTheSends() {
        List<CompletableFuture<?>> sends = List.of(CompletableFuture.completedFuture(1),
                CompletableFuture.failedFuture(new KafkaException("broker gone")));

        assertThatThrownBy(() -> Acks.awaitAll(sends, Duration.ofSeconds(1), "2 stock events"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("2 stock events not acknowledged by Kafka: ")
                .hasMessageContaining("broker gone")
                .cause().isInstanceOf(KafkaException.class);
    }

    @Test
    void aSendThatNeverCompletesFailsTheWaitAfterTheTimeout() {
        assertThatThrownBy(() -> Acks.awaitAll(List.of(new CompletableFuture<>()), Duration.ofMillis(50), "1 command"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("1 command not acknowledged by Kafka within PT0.05S");
    }
}
