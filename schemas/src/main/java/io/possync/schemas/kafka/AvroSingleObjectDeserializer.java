package io.possync.schemas.kafka;

import java.io.IOException;
import java.util.Map;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads single-object-encoded records into the generated class named by the consumer property
 * {@value #VALUE_TYPE} (or given to the constructor). Writer schemas are resolved from
 * {@link SchemaHistory}, so messages written by any historical version decode into the current class.
 * Failures surface as Kafka {@link SerializationException}s; put an {@code ErrorHandlingDeserializer}
 * in front so that a poison record goes to the DLT instead of stopping the consumer.
 */
public class AvroSingleObjectDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    public static final String VALUE_TYPE = "avro.single-object.value.type";

    private BinaryMessageDecoder<T> decoder;
    private Class<T> type;

    public AvroSingleObjectDeserializer() {
    }

    public AvroSingleObjectDeserializer(Class<T> type) {
        init(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (decoder != null) {
            return;
        }
        Object configured = configs.get(VALUE_TYPE);
        if (configured == null) {
            throw new IllegalStateException("consumer property " + VALUE_TYPE + " names the record class to read");
        }
        try {
            init((Class<T>) (configured instanceof Class<?> c ? c
                    : Class.forName(configured.toString(), true, Thread.currentThread().getContextClassLoader())));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("unknown record class " + configured, e);
        }
    }

    private void init(Class<T> recordType) {
        AvroTrust.install();
        this.type = recordType;
        Schema readerSchema = SpecificData.get().getSchema(recordType);
        this.decoder = new BinaryMessageDecoder<>(SpecificData.getForClass(recordType), readerSchema,
                SchemaHistory.storeFor(recordType.getSimpleName()));
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return decoder.decode(data);
        } catch (IOException | AvroRuntimeException e) {
            throw new SerializationException("cannot decode " + type.getSimpleName() + " from topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }
}
