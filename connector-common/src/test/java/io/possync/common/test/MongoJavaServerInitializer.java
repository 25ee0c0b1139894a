package io.possync.common.test;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Starts an in-memory mongo-java-server (a real Mongo wire server) per test context and points
 * {@code spring.mongodb.uri} at it; shared by every module's integration tests through this
 * module's test jar.
 */
public class MongoJavaServerInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        MongoServer server = new MongoServer(new MemoryBackend());
        String uri = server.bindAndGetConnectionString();
        TestPropertyValues.of("spring.mongodb.uri=" + uri).applyTo(context.getEnvironment());
        context.getBeanFactory().registerSingleton("mongoJavaServer", server);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                server.shutdownNow();
            }
        });
    }
}
