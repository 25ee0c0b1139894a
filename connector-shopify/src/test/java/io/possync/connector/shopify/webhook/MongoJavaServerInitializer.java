package io.possync.connector.shopify.webhook;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/** An in-memory Mongo wire server per test context (the runtime needs a Mongo client even though this flow stores nothing). */
public class MongoJavaServerInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        MongoServer server = new MongoServer(new MemoryBackend());
        String uri = server.bindAndGetConnectionString();
        TestPropertyValues.of("spring.mongodb.uri=" + uri + "/possync").applyTo(context.getEnvironment());
        context.getBeanFactory().registerSingleton("mongoJavaServer", server);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                server.shutdownNow();
            }
        });
    }
}
