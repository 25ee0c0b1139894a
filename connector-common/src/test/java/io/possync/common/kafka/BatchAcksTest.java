package io.possync.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;

class BatchAcksTest {

    private final List<ConsumerRecord<String, String>> records = List.of(record(10), record(11), record(12));

    @Test
    void aBatchWhoseSendsAllCompletedPasses() {
        BatchAcks acks = new BatchAcks();
        acks.add(0, CompletableFuture.completedFuture(null));
        acks.add(2, CompletableFuture.completedFuture(null));
        acks.add(2, CompletableFuture.completedFuture(null));

        acks.awaitAll(records, Duration.ofSeconds(1));

        assertThat(acks.size()).isEqualTo(3);
    }

    @Test
    void theBatchFailsAtTheRecordOfTheFirstSendNotAcknowledged() {
        BatchAcks acks = new BatchAcks();
        acks.add(0, CompletableFuture.completedFuture(null));
        acks.add(1, CompletableFuture.failedFuture(new KafkaException("not acknowledged")));
        acks.add(2, CompletableFuture.failedFuture(new KafkaException("not acknowledged either")));

        assertThatThrownBy(() -> acks.awaitAll(records, Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(1))
                .hasMessageContaining("offset 11");
    }

    @Test
    void aSendThatDoesNotCompleteInTimeFailsTheBatchAtItsRecord() {
        BatchAcks acks = new BatchAcks();
        acks.add(0, CompletableFuture.completedFuture(null));
        acks.add(2, new CompletableFuture<>());

        assertThatThrownBy(() -> acks.awaitAll(records, Duration.ofMillis(50)))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(2));
    }

    @Test
    void aRecordThatCannotBeSentFailsTheBatchAtItsIndexOnceTheOnesBeforeItAreAcknowledged() {
        CompletableFuture<Object> first = new CompletableFuture<>();
        List<String> tried = new java.util.ArrayList<>();
        Thread acknowledger = new Thread(() -> {
            sleep(100);
            first.complete(null);
        });
        acknowledger.start();

        assertThatThrownBy(() -> BatchAcks.sendEach(records, Duration.ofSeconds(5), "delivery", record -> {
            tried.add(record.value() + record.offset());
            if (record.offset() == 11) {
                throw new IllegalArgumentException("bad payload");
            }
            return List.of(first);
        })).isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
            assertThat(e.getIndex()).isEqualTo(1);
            assertThat(e).hasMessageContaining("delivery at offset 11: bad payload");
        });
        assertThat(first).isDone();
        assertThat(tried).containsExactly("v10", "v11");
    }

    @Test
    void sendEachCountsTheSendsOfEveryRecord() {
        int sends = BatchAcks.sendEach(records, Duration.ofSeconds(1), "delivery", record -> record.offset() == 11
                ? List.of() : List.of(CompletableFuture.completedFuture(null), CompletableFuture.completedFuture(null)));

        assertThat(sends).isEqualTo(4);
    }

    @Test
    void sendsMustComeInRecordOrder() {
        BatchAcks acks = new BatchAcks();
        acks.add(2, CompletableFuture.completedFuture(null));

        assertThatThrownBy(() -> acks.add(1, CompletableFuture.completedFuture(null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ConsumerRecord<String, String> record(long offset) {
        return new ConsumerRecord<>("t", 0, offset, "k", "v");
    }
}
