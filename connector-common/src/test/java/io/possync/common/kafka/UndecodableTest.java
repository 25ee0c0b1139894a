package io.possync.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

class UndecodableTest {

    @Test
    void theFirstRecordWithoutAValueEndsTheUsableRecords() {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        records.add(record(0, "a"));
        records.add(record(1, "b"));
        records.add(record(2, null));
        records.add(record(3, "d"));

        assertThat(Undecodable.first(records)).isEqualTo(2);
        assertThat(Undecodable.first(records.subList(0, 2))).isEqualTo(2);
        assertThat(Undecodable.first(records.subList(2, 4))).isZero();
        assertThat(Undecodable.first(List.of())).isZero();
    }

    @Test
    void theBatchFailsAtItsFirstUndecodableRecordWithItsCause() {
        ConsumerRecord<String, String> bad = record(12, null);
        SerializationUtils.deserializationException(bad.headers(), new byte[] {1},
                new IllegalArgumentException("not Avro"), false);
        List<ConsumerRecord<String, String>> records = List.of(record(10, "a"), record(11, "b"), bad, record(13, "d"));

        assertThatThrownBy(() -> Undecodable.failAt(records, Undecodable.first(records), "command"))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(2))
                .hasMessageContaining("undecodable command at offset 12")
                .hasRootCauseMessage("not Avro");
        assertThatCode(() -> Undecodable.failAt(records.subList(0, 2), 2, "command")).doesNotThrowAnyException();
    }

    @Test
    void theCauseIsTheDeserializationFailureInTheHeader() {
        ConsumerRecord<String, String> record = record(7, null);
        // as the ErrorHandlingDeserializer records its failure
        SerializationUtils.deserializationException(record.headers(), new byte[] {1, 2},
                new IllegalArgumentException("not Avro"), false);

        assertThat(Undecodable.cause(record)).isInstanceOf(DeserializationException.class)
                .hasRootCauseMessage("not Avro");
    }

    @Test
    void aRecordWithoutTheHeaderGetsAPlainCauseNamingItsOffset() {
        assertThat(Undecodable.cause(record(9, null))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("offset 9");
    }

    private static ConsumerRecord<String, String> record(long offset, String value) {
        return new ConsumerRecord<>("topic", 0, offset, "key", value);
    }
}
