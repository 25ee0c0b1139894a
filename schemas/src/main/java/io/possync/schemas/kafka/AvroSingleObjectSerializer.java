package io.possync.schemas.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a record with Avro's single-object encoding: {@code C3 01}, the 8-byte CRC-64-AVRO
 * fingerprint of the writer schema, then the Avro binary body. No registry is needed.
 */
public class AvroSingleObjectSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final java.util.concurrent.ConcurrentHashMap<Class<?>, BinaryMessageEncoder<T>> encoders =
            new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        BinaryMessageEncoder<T> encoder = encoders.computeIfAbsent(record.getClass(),
                c -> new BinaryMessageEncoder<>(SpecificData.getForClass(c), record.getSchema()));
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + record.getClass().getSimpleName()
                    + " for topic " + topic, e);
        }
    }
}
