package io.possync.schemas.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads single-object-encoded records into the generated class named by the consumer property
 * {@value #VALUE_TYPE} (or given to the constructor). Writer schemas are resolved from
 * {@link SchemaHistory}, so messages written by any historical version decode into the current class.
 * Failures surface as Kafka {@link SerializationException}s; put an {@code ErrorHandlingDeserializer}
 * in front so that a poison record goes to the DLT instead of stopping the consumer.
 *
 * <p>A consumer that needs only some of a topic's records can name them by a header with
 * {@value #ONLY_HEADER}{@code =name=value}: a record carrying header {@code name} with another value
 * is not decoded but read as an empty record (every field null; the same instance each time,
 * {@link #isSkipped}), which the consumer ignores. A record without the header is decoded as usual, so records written before the header
 * existed still are.
 */
public class AvroSingleObjectDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    public static final String VALUE_TYPE = "avro.single-object.value.type";
    public static final String ONLY_HEADER = "avro.single-object.only-header";
    /** The empty record read for records left undecoded, one per record type. */
    private static final Map<Class<?>, Object> SKIPPED = new ConcurrentHashMap<>();

    private BinaryMessageDecoder<T> decoder;
    private Class<T> type;
    private String onlyHeader;
    private byte[] onlyValue;
    private T skipped;

    public AvroSingleObjectDeserializer() {
    }

    public AvroSingleObjectDeserializer(Class<T> type) {
        init(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object only = configs.get(ONLY_HEADER);
        if (only != null) {
            String[] nameValue = only.toString().split("=", 2);
            if (nameValue.length != 2 || nameValue[0].isBlank()) {
                throw new IllegalStateException("consumer property " + ONLY_HEADER + " must be name=value, not " + only);
            }
            onlyHeader = nameValue[0];
            onlyValue = nameValue[1].getBytes(StandardCharsets.UTF_8);
        }
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

    @SuppressWarnings("unchecked")
    private void init(Class<T> recordType) {
        AvroTrust.install();
        this.type = recordType;
        Schema readerSchema = SpecificData.get().getSchema(recordType);
        SpecificData model = SpecificData.getForClass(recordType);
        this.decoder = new BinaryMessageDecoder<>(model, readerSchema, SchemaHistory.storeFor(recordType.getSimpleName()));
        this.skipped = (T) SKIPPED.computeIfAbsent(recordType, type -> model.newRecord(null, readerSchema));
    }

    /**
     * Whether {@code value} is the empty record read for a record {@value #ONLY_HEADER} left undecoded: such a
     * record belongs to another consumer, so this one neither handles nor dead-letters it.
     */
    public static boolean isSkipped(Object value) {
        return value != null && SKIPPED.get(value.getClass()) == value;
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        if (onlyHeader != null && data != null && headers != null) {
            Header header = headers.lastHeader(onlyHeader);
            if (header != null && !Arrays.equals(header.value(), onlyValue)) {
                return skipped;
            }
        }
        return deserialize(topic, data);
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
