package io.possync.common.runtime;

import java.time.Clock;
import java.time.Duration;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;

import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.connection.SecretCipher;
import io.possync.common.kafka.PermanentFailure;
import io.possync.schemas.kafka.AvroSingleObjectDeserializer;
import io.possync.schemas.kafka.Topic;
import io.possync.schemas.kafka.Topics;
import reactor.core.publisher.Mono;

/**
 * Runtime pieces every service shares: the Mongo database, the connection store, listener error
 * handling with dead-letter topics, topic declarations and a Mongo health check that works on both
 * MongoDB and mongo-java-server. Each service imports it explicitly (no auto-configuration), so
 * several services can run side by side in one JVM for the local platform.
 */
@Configuration(proxyBeanMethods = false)
public class PlatformRuntimeConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MongoDatabase possyncDatabase(MongoClient client, @Value("${possync.mongo.database:possync}") String name) {
        return client.getDatabase(name);
    }

    @Bean
    SecretCipher secretCipher(@Value("${possync.crypto.key:}") String key) {
        return new SecretCipher(key);
    }

    @Bean
    MongoConnectionStore connectionStore(MongoDatabase database, SecretCipher cipher, Clock clock,
                                         @Value("${possync.connections.cache-ttl:5s}") Duration cacheTtl) {
        return new MongoConnectionStore(database, cipher, clock, cacheTtl);
    }

    /**
     * Failed records are retried a few times with backoff (a passing broker or Mongo fault), then
     * parked on {@code <topic>.dlt} with the exception in the record headers. Records that can never
     * succeed (undecodable bytes, {@link PermanentFailure}) go to the DLT at once, so one bad record
     * never blocks the ones behind it.
     */
    @Bean
    CommonErrorHandler listenerErrorHandler(KafkaOperations<Object, Object> template,
                                            @Value("${possync.kafka.listener-retries:4}") int retries) {
        var deadLetters = new DeadLetterPublishingRecoverer(template,
                (record, ex) -> new TopicPartition(record.topic() + Topic.DLT_SUFFIX, -1));
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(5_000);
        backOff.setMaxAttempts(retries);
        DefaultErrorHandler handler = new DefaultErrorHandler(ownRecordsOnly(deadLetters), backOff);
        handler.addNotRetryableExceptions(PermanentFailure.class, DeserializationException.class,
                IllegalArgumentException.class);
        return handler;
    }

    /**
     * Another vendor's webhook delivery, left undecoded by this connector, is not its to dead-letter (and its
     * empty stand-in could not be written): when a whole batch fails, only this consumer's records go to the DLT.
     */
    static ConsumerRecordRecoverer ownRecordsOnly(ConsumerRecordRecoverer recoverer) {
        return (record, ex) -> {
            if (!AvroSingleObjectDeserializer.isSkipped(record.value())) {
                recoverer.accept(record, ex);
            }
        };
    }

    /** Declares every catalogue topic (local runs and tests; on Kubernetes Strimzi owns them and auto-create is off). */
    @Bean
    KafkaAdmin.NewTopics possyncTopics(@Value("${possync.kafka.partitions:3}") int partitions,
                                       @Value("${possync.kafka.replicas:1}") short replicas) {
        return new KafkaAdmin.NewTopics(Topics.all().stream()
                .map(t -> new NewTopic(t.name(), partitions, replicas)).toArray(NewTopic[]::new));
    }

    /** Boot's own Mongo health check sends {@code hello}, which mongo-java-server lacks; {@code ping} works on both. */
    @Bean
    ReactiveHealthIndicator mongoHealthIndicator(MongoClient client) {
        return () -> Mono.from(client.getDatabase("admin").runCommand(new Document("ping", 1)))
                .map(d -> Health.up().build())
                .onErrorResume(e -> Mono.just(Health.down(e).build()));
    }
}
