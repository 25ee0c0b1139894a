package io.possync.common.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import io.possync.schemas.kafka.AvroSingleObjectSerializer;

/**
 * Value serializer of every producer: Avro records as single-object encoding, and raw bytes as they
 * are (a record that could not be deserialized is forwarded to its dead-letter topic unchanged).
 */
public class PlatformValueSerializer implements Serializer<Object> {

    private final AvroSingleObjectSerializer<SpecificRecord> avro = new AvroSingleObjectSerializer<>();

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null || data instanceof byte[]) {
            return (byte[]) data;
        }
        if (data instanceof SpecificRecord record) {
            return avro.serialize(topic, record);
        }
        throw new SerializationException("topic " + topic + " takes Avro records, not " + data.getClass().getName());
    }
}
