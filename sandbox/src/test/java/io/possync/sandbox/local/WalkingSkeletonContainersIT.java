package io.possync.sandbox.local;

import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;


/**
 * The same scenarios against a real Kafka and a real MongoDB in containers. Runs where Docker is
 * available; skipped (not failed) where it is not. Image tags are not verified on our build machines.
 */
@Testcontainers(disabledWithoutDocker = true)
class WalkingSkeletonContainersIT extends WalkingSkeletonScenarios {

    private KafkaContainer kafka;
    private MongoDBContainer mongo;

    @Override
    Platform.Settings startInfrastructure() {
        kafka = new KafkaContainer("apache/kafka-native:4.1.0");
        mongo = new MongoDBContainer("mongo:8.0");
        kafka.start();
        mongo.start();
        return Platform.Settings.randomPorts(kafka.getBootstrapServers(), mongo.getConnectionString());
    }

    @Override
    void stopInfrastructure() {
        if (kafka != null) {
            kafka.stop();
        }
        if (mongo != null) {
            mongo.stop();
        }
    }
}
