package io.possync.schemas.kafka;

import org.apache.avro.specific.SpecificRecord;

/**
 * A Kafka topic and the one record type it carries.
 *
 * @param name  topic name
 * @param type  generated Avro class of every value on the topic
 * @param keyed what the record key is, for readers of the catalogue
 */
public record Topic<T extends SpecificRecord>(String name, Class<T> type, String keyed) {

    public static final String DLT_SUFFIX = ".dlt";

    /** The dead-letter twin: same record type, records that could not be processed, with the reason in headers. */
    public Topic<T> dlt() {
        return new Topic<>(name + DLT_SUFFIX, type, keyed);
    }

    public AvroSerde<T> serde() {
        return new AvroSerde<>(type);
    }

    @Override
    public String toString() {
        return name;
    }
}
