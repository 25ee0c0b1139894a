package io.possync.schemas.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serializer and deserializer of one record type, paired for a topic. */
public record AvroSerde<T extends SpecificRecord>(Class<T> type) implements Serde<T> {

    @Override
    public Serializer<T> serializer() {
        return new AvroSingleObjectSerializer<>();
    }

    @Override
    public Deserializer<T> deserializer() {
        return new AvroSingleObjectDeserializer<>(type);
    }
}
