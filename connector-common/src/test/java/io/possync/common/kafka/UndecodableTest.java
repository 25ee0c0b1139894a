package io.possync.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
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
