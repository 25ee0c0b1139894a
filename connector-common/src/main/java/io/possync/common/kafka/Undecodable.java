package io.possync.common.kafka;

import java.util.List;

import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Why a consumed record has no value: the {@code ErrorHandlingDeserializer} leaves a record it could not
 * decode without one and puts the exception in a header, for a batch listener to fail the batch with.
 */
public final class Undecodable {

    private static final LogAccessor LOG = new LogAccessor(LogFactory.getLog(Undecodable.class));

    private Undecodable() {
    }

    /**
     * The index of the first record of a batch that could not be decoded, or the batch's size when all
     * could: the records before it are the ones a batch listener handles.
     */
    public static int first(List<? extends ConsumerRecord<?, ?>> records) {
        int usable = 0;
        while (usable < records.size() && records.get(usable).value() != null) {
            usable++;
        }
        return usable;
    }

    /** The deserialization failure of {@code record}, or a plain one when the header is missing. */
    public static RuntimeException cause(ConsumerRecord<?, ?> record) {
        DeserializationException cause = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
        return cause != null ? cause : new IllegalStateException("record at offset " + record.offset() + " has no value");
    }
}
