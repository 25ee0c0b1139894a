package io.possync.connector.shopify.config;

import java.time.Duration;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import com.mongodb.reactivestreams.client.MongoDatabase;

import io.micrometer.core.instrument.MeterRegistry;

import io.possync.schemas.avro.SystemKind;
import io.possync.common.command.KafkaCommandResults;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.flow.MongoFlowIntervals;
import io.possync.common.http.BackoffPolicy;
import io.possync.common.http.FailureClassifier;
import io.possync.common.http.RetryExecutor;
import io.possync.common.http.Sleeper;
import io.possync.common.kafka.KafkaStockPublisher;
import io.possync.common.poll.MongoPollSchedule;
import io.possync.common.poll.PollScheduler;
import io.possync.connector.shopify.client.ShopifyGraphqlClient;
import io.possync.connector.shopify.client.ShopifyInventoryApi;
import io.possync.connector.shopify.client.ShopifyPayloadReader;
import io.possync.connector.shopify.mapping.MongoInventoryMappings;
import io.possync.connector.shopify.mapping.ShopifyOrderNormalizer;
import io.possync.connector.shopify.mapping.ShopifyStockNormalizer;
import io.possync.connector.shopify.stock.ShopifyLocations;
import io.possync.connector.shopify.stock.MongoShopifyAdjustments;
import io.possync.connector.shopify.stock.ShopifyStockAdjuster;
import io.possync.connector.shopify.stock.ShopifyStockCommandListener;
import io.possync.connector.shopify.stock.ShopifyStockPoller;
import io.possync.connector.shopify.stock.ShopifyStockWriter;
import io.possync.connector.shopify.webhook.ShopifyInventoryWebhookHandler;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ShopifyConnectorProperties.class)
public class ShopifyConnectorConfiguration {

    @Bean
    ShopifyPayloadReader shopifyPayloadReader() {
        return new ShopifyPayloadReader();
    }

    @Bean
    ShopifyOrderNormalizer shopifyOrderNormalizer(ShopifyPayloadReader reader) {
        return new ShopifyOrderNormalizer(reader);
    }

    @Bean
    ShopifyStockNormalizer shopifyStockNormalizer(ShopifyPayloadReader reader) {
        return new ShopifyStockNormalizer(reader);
    }

    /** The JDK client: calls block on listener threads, so a blocking client needs no event loop. */
    @Bean
    ShopifyGraphqlClient shopifyGraphqlClient(ShopifyConnectorProperties properties, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
        ShopifyConnectorProperties.Retry retry = properties.retry();
        RetryExecutor retries = new RetryExecutor(new BackoffPolicy(retry.maxAttempts(), retry.baseDelay(),
                retry.maxDelay()), new FailureClassifier(clock), RetryExecutor.RetryListener.NONE);
        return new ShopifyGraphqlClient(http, JsonMapper.builder().build(), properties, clock, Sleeper.THREAD, retries);
    }

    @Bean
    ShopifyInventoryApi shopifyInventoryApi(ShopifyGraphqlClient client, ShopifyConnectorProperties properties) {
        return new ShopifyInventoryApi(client, properties);
    }

    @Bean
    ShopifyLocations shopifyLocations(ShopifyInventoryApi api) {
        return new ShopifyLocations(api);
    }

    @Bean
    MongoInventoryMappings shopifyInventoryMappings(MongoDatabase database, Clock clock,
                                                    ShopifyConnectorProperties properties) {
        return new MongoInventoryMappings(database, clock, properties.outcomeStoreDelay());
    }

    @Bean
    ShopifyStockWriter shopifyStockWriter(MongoConnectionStore connections, ShopifyInventoryApi api,
                                          ShopifyLocations locations, MongoInventoryMappings mappings, Clock clock,
                                          ShopifyConnectorProperties properties) {
        return new ShopifyStockWriter(connections, api, locations, mappings, clock, properties.rowsPerCall());
    }

    @Bean
    KafkaCommandResults shopifyCommandResults(KafkaTemplate<Object, Object> kafka, Clock clock,
                                              ShopifyConnectorProperties properties) {
        return new KafkaCommandResults(kafka, clock, properties.publishTimeout(), SystemKind.SHOPIFY);
    }

    @Bean
    ShopifyStockAdjuster shopifyStockAdjuster(MongoConnectionStore connections, ShopifyInventoryApi api,
                                              ShopifyLocations locations, MongoInventoryMappings mappings,
                                              MongoDatabase database, Clock clock) {
        return new ShopifyStockAdjuster(connections, api, locations, mappings,
                new MongoShopifyAdjustments(database, clock));
    }

    @Bean
    ShopifyStockCommandListener shopifyStockCommandListener(ShopifyStockWriter writer, ShopifyStockAdjuster adjuster,
                                                            KafkaCommandResults results) {
        return new ShopifyStockCommandListener(writer, adjuster, results);
    }

    @Bean
    ShopifyInventoryWebhookHandler shopifyInventoryWebhookHandler(ShopifyStockNormalizer normalizer,
                                                                  MongoConnectionStore connections,
                                                                  ShopifyLocations locations,
                                                                  MongoInventoryMappings mappings,
                                                                  ShopifyInventoryApi api) {
        return new ShopifyInventoryWebhookHandler(normalizer, connections, locations, mappings, api);
    }

    @Bean
    ShopifyStockPoller shopifyStockPoller(ShopifyInventoryApi api, ShopifyLocations locations,
                                          MongoInventoryMappings mappings, KafkaTemplate<Object, Object> kafka,
                                          ShopifyConnectorProperties properties) {
        return new ShopifyStockPoller(api, locations, mappings,
                new KafkaStockPublisher(kafka, properties.publishTimeout()));
    }

    /**
     * Levels of every shop are polled at {@code possync.shopify.reconcile-interval} unless a flow sets the
     * connection's {@code reconcileInterval} (the shortest of its enabled flows).
     */
    @Bean
    PollScheduler shopifyStockPollScheduler(ShopifyStockPoller poller, MongoConnectionStore connections,
                                            MongoDatabase database, Clock clock, MeterRegistry meters,
                                            @Value("${possync.shopify.reconcile-interval:5m}") Duration interval,
                                            @Value("${possync.poll.tick:5s}") Duration tick,
                                            @Value("${possync.poll.lease:10m}") Duration lease) {
        return new PollScheduler("stock", SystemKind.SHOPIFY, connections, new MongoFlowIntervals(database),
                new MongoPollSchedule(database, clock, "connector-shopify/" + UUID.randomUUID()),
                new PollScheduler.Settings(interval, tick, lease), poller, meters);
    }
}
