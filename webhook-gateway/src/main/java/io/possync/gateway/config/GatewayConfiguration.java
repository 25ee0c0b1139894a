package io.possync.gateway.config;

import java.time.Clock;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

import com.mongodb.reactivestreams.client.MongoDatabase;

import io.micrometer.core.instrument.MeterRegistry;
import io.possync.gateway.delivery.DeliveryIntake;
import io.possync.gateway.delivery.KafkaEnvelopePublisher;
import io.possync.gateway.delivery.MongoDeliveryClaims;
import io.possync.gateway.delivery.RecentlyPublished;
import io.possync.gateway.web.WebhookMetrics;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
class GatewayConfiguration {

    @Bean
    MongoDeliveryClaims deliveryClaims(MongoDatabase possyncDatabase, GatewayProperties properties) {
        return new MongoDeliveryClaims(possyncDatabase, properties.claimTimeout());
    }

    /**
     * A template of its own, without observation: an observed KafkaTemplate looks the cluster id up
     * through an AdminClient on its first send, under a lock, and that call blocks for up to the
     * admin timeouts (about a minute) while the broker is down, so every webhook would wait far past
     * Shopify's 5 s. (The other services keep observation on, as possync-common.yml sets it.) Sends are measured
     * by possync_webhooks_received_seconds instead. The default producer
     * listener is dropped too: it logs the whole record, raw webhook body (customer data) included,
     * for every failed send, which the intake already reports without the payload.
     */
    @Bean
    KafkaEnvelopePublisher envelopePublisher(ProducerFactory<Object, Object> producerFactory, GatewayProperties properties) {
        KafkaTemplate<Object, Object> template = new KafkaTemplate<>(producerFactory);
        template.setProducerListener(new ProducerListener<>() {
        });
        return new KafkaEnvelopePublisher(template, properties.publishTimeout());
    }

    @Bean
    DeliveryIntake deliveryIntake(MongoDeliveryClaims claims, KafkaEnvelopePublisher publisher,
                                  GatewayProperties properties, Clock clock) {
        return new DeliveryIntake(claims, publisher, new RecentlyPublished(properties.publishedCacheSize()),
                properties.storeTimeout(), properties.publishTimeout(), clock);
    }

    @Bean
    WebhookMetrics webhookMetrics(MeterRegistry registry) {
        return new WebhookMetrics(registry);
    }

    /** Index creation must not hold up start-up or fail it when Mongo is briefly away; it is retried on the next start. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> deliveryIndexes(MongoDeliveryClaims claims, GatewayProperties properties) {
        return event -> claims.ensureIndexes(properties.deliveryRetention()).subscribe();
    }
}
