package io.possync.sandbox.woocommerce;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import io.possync.schemas.kafka.AvroSingleObjectDeserializer;
import io.possync.schemas.kafka.Topic;

/** Reads one topic from the start and keeps every record; poll it from one thread (Awaitility pollInSameThread). */
final class TopicRecorder<T extends SpecificRecord> implements AutoCloseable {

    private final KafkaConsumer<String, T> consumer;
    private final List<ConsumerRecord<String, T>> records = new ArrayList<>();

    TopicRecorder(EmbeddedKafkaBroker broker, Topic<T> topic, String group) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, group, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new AvroSingleObjectDeserializer<>(topic.type()));
        consumer.subscribe(List.of(topic.name()));
    }

    List<T> all(Predicate<T> matches) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records.stream().map(ConsumerRecord::value).filter(matches).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
