package io.possync.sandbox.woocommerce;

import java.time.Clock;
import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A stand-alone simulator of one WooCommerce store: the wc/v3 REST API (products, variations,
 * orders, batches, webhooks), webhook deliveries and a control API ({@code /sim}); see the package
 * documentation. It has no Kafka or Mongo of its own, although the sandbox classpath has both.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration",
        "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration",
        "org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration",
        "org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration",
        "org.springframework.boot.mongodb.autoconfigure.health.MongoReactiveHealthContributorAutoConfiguration",
        "org.springframework.boot.mongodb.autoconfigure.metrics.MongoMetricsAutoConfiguration"})
@EnableConfigurationProperties(WooSimulatorProperties.class)
public class WooCommerceSimulatorApplication {

    /** Reads {@code woocommerce-simulator.yml}, so that the simulator can share a JVM with the platform's services. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WooCommerceSimulatorApplication.class)
                .properties(Map.of("spring.config.name", "woocommerce-simulator"));
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    @Bean
    Clock wooSimulatorClock() {
        return Clock.systemUTC();
    }
}
