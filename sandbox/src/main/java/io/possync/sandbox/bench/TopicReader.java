package io.possync.sandbox.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.possync.schemas.kafka.Topic;

/** Reads a topic of the benchmark's broker from its beginning, for figures computed from the records themselves. */
final class TopicReader {

    private TopicReader() {
    }

    /** Every record until {@code done} holds or {@code timeout} passed. */
    static <T extends SpecificRecord> void read(String bootstrapServers, Topic<T> topic, Duration timeout,
                                                BooleanSupplier done, Consumer<ConsumerRecord<String, T>> each) {
        try (KafkaConsumer<String, T> consumer = open(bootstrapServers, topic)) {
            Instant deadline = Instant.now().plus(timeout);
            while (!done.getAsBoolean() && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }

    /** Every record the topic holds now. */
    static <T extends SpecificRecord> void readAll(String bootstrapServers, Topic<T> topic,
                                                   Consumer<ConsumerRecord<String, T>> each) {
        try (KafkaConsumer<String, T> consumer = open(bootstrapServers, topic)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            Instant deadline = Instant.now().plusSeconds(120);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }

    private static <T extends SpecificRecord> KafkaConsumer<String, T> open(String bootstrapServers, Topic<T> topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                topic.serde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
