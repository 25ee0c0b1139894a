package io.possync.common.kafka;

import java.util.List;

import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
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

    /**
     * Fails the batch at its first undecodable record, {@code usable} (from {@link #first}), if there is one:
     * the records before it are committed, the error handler dead-letters it, and the rest come again.
     *
     * @param what names a record in the message ("command")
     * @throws BatchListenerFailedException at index {@code usable}, with the record's deserialization failure
     */
    public static void failAt(List<? extends ConsumerRecord<?, ?>> records, int usable, String what) {
        if (usable < records.size()) {
            ConsumerRecord<?, ?> bad = records.get(usable);
            throw new BatchListenerFailedException("undecodable " + what + " at offset " + bad.offset(), cause(bad),
                    usable);
        }
    }

    /** The deserialization failure of {@code record}, or a plain one when the header is missing. */
    public static RuntimeException cause(ConsumerRecord<?, ?> record) {
        DeserializationException cause = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
        return cause != null ? cause : new IllegalStateException("record at offset " + record.offset() + " has no value");
    }
}
