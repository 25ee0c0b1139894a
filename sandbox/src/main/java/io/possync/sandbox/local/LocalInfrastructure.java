package io.possync.sandbox.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The two real pieces of infrastructure the platform needs, in-process: a single-node Kafka broker
 * in KRaft mode and a MongoDB wire-protocol server (mongo-java-server), in memory or backed by an
 * H2 file (the local run's data stays on disk for inspection after it stopped).
 */
public final class LocalInfrastructure implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker kafka;
    private final MongoServer mongo;
    private final String mongoUri;

    private LocalInfrastructure(EmbeddedKafkaKraftBroker kafka, MongoServer mongo, String mongoUri) {
        this.kafka = kafka;
        this.mongo = mongo;
        this.mongoUri = mongoUri;
    }

    /**
     * @param mongoFile H2 file for Mongo data, or null to keep it in memory
     * @param mongoPort port for the Mongo wire server, 0 for any free port
     */
    public static LocalInfrastructure start(Path mongoFile, int mongoPort) throws Exception {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3);
        // One broker: internal topics cannot be replicated; small segments keep the local disk use low.
        kafka.brokerProperties(Map.of(
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "false"));
        kafka.afterPropertiesSet();
        MongoBackend backend;
        if (mongoFile == null) {
            backend = new IdIndexedMemoryBackend();
        } else {
            Files.createDirectories(mongoFile.toAbsolutePath().getParent());
            backend = new H2Backend(mongoFile.toAbsolutePath().toString());
        }
        MongoServer mongo = new MongoServer(backend);
        mongo.bind("127.0.0.1", mongoPort);
        String uri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
        return new LocalInfrastructure(kafka, mongo, uri);
    }

    public String kafkaBootstrapServers() {
        return kafka.getBrokersAsString();
    }

    public String mongoUri() {
        return mongoUri;
    }

    @Override
    public void close() {
        mongo.shutdownNow();
        kafka.destroy();
    }
}
