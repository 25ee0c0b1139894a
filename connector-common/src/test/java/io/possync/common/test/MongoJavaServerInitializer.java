package io.possync.common.test;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Starts an in-memory mongo-java-server (a real Mongo wire server) per test context and points
 * {@code spring.mongodb.uri} at it; shared by every module's integration tests through this
 * module's test jar. The backend is a bean too ({@code mongoJavaServerBackend}), so a test that
 * needs Mongo to misbehave can override {@link #backend()} and steer the one it returns.
 */
public class MongoJavaServerInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        MongoBackend backend = backend();
        MongoServer server = new MongoServer(backend);
        String uri = server.bindAndGetConnectionString();
        TestPropertyValues.of("spring.mongodb.uri=" + uri).applyTo(context.getEnvironment());
        context.getBeanFactory().registerSingleton("mongoJavaServer", server);
        context.getBeanFactory().registerSingleton("mongoJavaServerBackend", backend);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                server.shutdownNow();
            }
        });
    }

    /** The server's backend: in memory, empty. */
    protected MongoBackend backend() {
        return new MemoryBackend();
    }
}
