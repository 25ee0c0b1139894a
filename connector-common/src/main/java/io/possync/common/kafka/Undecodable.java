package io.possync.common.kafka;

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

    /** The deserialization failure of {@code record}, or a plain one when the header is missing. */
    public static RuntimeException cause(ConsumerRecord<?, ?> record) {
        DeserializationException cause = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
        return cause != null ? cause : new IllegalStateException("record at offset " + record.offset() + " has no value");
    }
}
