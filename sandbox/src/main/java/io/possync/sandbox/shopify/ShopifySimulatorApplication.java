package io.possync.sandbox.shopify;

import java.time.Clock;
import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A stand-alone simulator of one Shopify shop: the Admin GraphQL API, signed webhook deliveries and a
 * control API ({@code /sim}). It has no Kafka or Mongo of its own, although the sandbox classpath has both.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration",
        "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration",
        "org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration",
        "org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration",
        "org.springframework.boot.mongodb.autoconfigure.health.MongoReactiveHealthContributorAutoConfiguration",
        "org.springframework.boot.mongodb.autoconfigure.metrics.MongoMetricsAutoConfiguration"})
@EnableConfigurationProperties(ShopifySimulatorProperties.class)
public class ShopifySimulatorApplication {

    /** Reads {@code shopify-simulator.yml}, so that the simulator can share a JVM with the platform's services. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ShopifySimulatorApplication.class)
                .properties(Map.of("spring.config.name", "shopify-simulator"));
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    @Bean
    Clock shopifySimulatorClock() {
        return Clock.systemUTC();
    }
}
