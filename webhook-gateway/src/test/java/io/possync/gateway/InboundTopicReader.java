package io.possync.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.possync.schemas.avro.WebhookEnvelope;
import io.possync.schemas.kafka.AvroSingleObjectDeserializer;
import io.possync.schemas.kafka.Topics;

/**
 * Reads every record on {@code webhooks.inbound} up to the end offsets at the time of the call.
 * The gateway answers only after Kafka acknowledged, so once a request returned, anything it
 * published is below those offsets: reading to them sees all of it, without guessing a wait time.
 */
final class InboundTopicReader {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private InboundTopicReader() {
    }

    /**
     * The envelopes published for connection {@code key}; each must name its vendor in
     * {@link Topics#SYSTEM_HEADER} as well, since connectors decode only their own vendor's records.
     */
    static List<WebhookEnvelope> recordsKeyed(String bootstrapServers, String key) {
        List<WebhookEnvelope> matching = new ArrayList<>();
        for (ConsumerRecord<String, WebhookEnvelope> record : readAll(bootstrapServers)) {
            if (key.equals(record.key())) {
                Header system = record.headers().lastHeader(Topics.SYSTEM_HEADER);
                String named = system == null ? null : new String(system.value(), StandardCharsets.UTF_8);
                if (!record.value().getSystem().name().equals(named)) {
                    throw new AssertionError("record at offset " + record.offset() + " of " + record.value().getSystem()
                            + " has " + Topics.SYSTEM_HEADER + " " + named);
                }
                matching.add(record.value());
            }
        }
        return matching;
    }

    static List<ConsumerRecord<String, WebhookEnvelope>> readAll(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, WebhookEnvelope> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new AvroSingleObjectDeserializer<>(WebhookEnvelope.class))) {
            String topic = Topics.WEBHOOKS_INBOUND.name();
            List<TopicPartition> partitions = consumer.partitionsFor(topic, DEADLINE).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, DEADLINE);
            List<ConsumerRecord<String, WebhookEnvelope>> records = new ArrayList<>();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " up to " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
