package io.possync.connector.woocommerce.config;

import java.time.Duration;
import java.time.Clock;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.web.reactive.function.client.WebClient;

import com.mongodb.reactivestreams.client.MongoDatabase;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.possync.schemas.avro.SystemKind;
import io.possync.common.command.BatchCommandDispatcher;
import io.possync.common.command.KafkaCommandResults;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.flow.MongoFlowIntervals;
import io.possync.common.http.BackoffPolicy;
import io.possync.common.http.FailureClassifier;
import io.possync.common.http.HttpStatusException;
import io.possync.common.http.RateLimiterRegistry;
import io.possync.common.http.RetryExecutor;
import io.possync.common.http.Sleeper;
import io.possync.common.poll.ConnectionPoll;
import io.possync.common.poll.MongoPollSchedule;
import io.possync.common.poll.PollScheduler;
import io.possync.connector.woocommerce.client.WooCommerceClient;
import io.possync.connector.woocommerce.command.WooCommandListener;
import io.possync.connector.woocommerce.command.WooSkuResolver;
import io.possync.connector.woocommerce.command.MongoWooAdjustments;
import io.possync.connector.woocommerce.command.WooCommandRouter;
import io.possync.connector.woocommerce.command.WooStockAdjuster;
import io.possync.connector.woocommerce.command.WooStockWriter;
import io.possync.connector.woocommerce.mapping.MongoSkuMappings;
import io.possync.connector.woocommerce.mapping.WooJson;
import io.possync.connector.woocommerce.mapping.WooOrderNormalizer;
import io.possync.connector.woocommerce.mapping.WooStockNormalizer;
import io.possync.connector.woocommerce.poll.MongoPollCursors;
import io.possync.connector.woocommerce.poll.WooOrderPoller;
import io.possync.connector.woocommerce.poll.WooStockPoller;
import io.possync.connector.woocommerce.webhook.KafkaWooEvents;
import io.possync.connector.woocommerce.webhook.WooWebhookListener;
import reactor.netty.http.client.HttpClient;

/** Wires the WooCommerce connector: webhook normalization, the orders poll and the stock command path. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WooCommerceProperties.class)
public class WooCommerceConfiguration {

    @Bean
    WooCommerceClient wooCommerceClient(WooCommerceProperties properties, Clock clock, MeterRegistry meters) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
                .responseTimeout(properties.requestTimeout());
        WebClient web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                .build();
        WooCommerceProperties.Retry retry = properties.retry();
        RetryExecutor executor = new RetryExecutor(
                new BackoffPolicy(retry.maxAttempts(), retry.baseDelay(), retry.maxDelay()),
                new FailureClassifier(clock),
                (operation, attempt, delay, cause) -> meters.counter("possync.http.retries", "system", "woocommerce",
                        "cause", cause instanceof HttpStatusException e ? String.valueOf(e.status()) : "io").increment());
        RateLimiterRegistry limiters = new RateLimiterRegistry(properties.requestsPerSecond(), properties.burst(),
                clock, Sleeper.THREAD);
        return new WooCommerceClient(web, WooJson.MAPPER, clock, properties.requestTimeout().plusSeconds(1),
                executor, limiters);
    }

    @Bean
    KafkaWooEvents kafkaWooEvents(KafkaTemplate<Object, Object> kafka, WooCommerceProperties properties) {
        return new KafkaWooEvents(kafka, properties.publishTimeout());
    }

    @Bean
    WooOrderNormalizer wooOrderNormalizer() {
        return new WooOrderNormalizer();
    }

    @Bean
    WooStockNormalizer wooStockNormalizer() {
        return new WooStockNormalizer();
    }

    @Bean
    WooWebhookListener wooWebhookListener(WooOrderNormalizer orders, WooStockNormalizer stock, KafkaWooEvents events) {
        return new WooWebhookListener(orders, stock, events);
    }

    @Bean
    MongoSkuMappings wooSkuMappings(MongoDatabase database, Clock clock) {
        return new MongoSkuMappings(database, clock);
    }

    @Bean
    WooCommandListener wooCommandListener(MongoConnectionStore connections, WooCommerceClient client,
                                          MongoSkuMappings mappings, MongoDatabase database,
                                          WooCommerceProperties properties,
                                          KafkaTemplate<Object, Object> kafka, Clock clock, MeterRegistry meters,
                                          CommonErrorHandler errorHandler,
                                          @Value("${possync.kafka.listener-retries:4}") int listenerRetries) {
        WooSkuResolver resolver = new WooSkuResolver(client, mappings);
        WooStockWriter writer = new WooStockWriter(connections, client, resolver, mappings,
                properties.batchSize(), listenerRetries);
        WooStockAdjuster adjuster = new WooStockAdjuster(connections, client, resolver,
                new MongoWooAdjustments(database, clock), listenerRetries);
        return new WooCommandListener(new BatchCommandDispatcher(SystemKind.WOOCOMMERCE,
                new WooCommandRouter(writer, adjuster),
                new KafkaCommandResults(kafka, clock, Duration.ofSeconds(30), SystemKind.WOOCOMMERCE), meters,
                errorHandler));
    }

    @Bean
    WooOrderPoller wooOrderPoller(WooCommerceClient client, WooOrderNormalizer normalizer, KafkaWooEvents events,
                                  WooCommerceProperties properties, MongoDatabase database, Clock clock) {
        return new WooOrderPoller(client, normalizer, events, new MongoPollCursors(database, clock), properties,
                clock);
    }

    @Bean
    WooStockPoller wooStockPoller(WooCommerceClient client, WooStockNormalizer normalizer, KafkaWooEvents events,
                                  WooCommerceProperties properties) {
        return new WooStockPoller(client, normalizer, events, properties.pollPageSize());
    }

    @Bean
    PollScheduler wooOrderPollScheduler(WooOrderPoller poller, MongoConnectionStore connections,
                                        MongoDatabase database, Clock clock, WooCommerceProperties properties,
                                        MeterRegistry meters, @Value("${possync.poll.tick:5s}") Duration tick) {
        return scheduler("orders", poller, connections, database, clock, properties, meters, tick);
    }

    @Bean
    PollScheduler wooStockPollScheduler(WooStockPoller poller, MongoConnectionStore connections,
                                        MongoDatabase database, Clock clock, WooCommerceProperties properties,
                                        MeterRegistry meters, @Value("${possync.poll.tick:5s}") Duration tick) {
        return scheduler("stock", poller, connections, database, clock, properties, meters, tick);
    }

    private static PollScheduler scheduler(String name, ConnectionPoll poll, MongoConnectionStore connections,
                                           MongoDatabase database, Clock clock, WooCommerceProperties properties,
                                           MeterRegistry meters, Duration tick) {
        return new PollScheduler(name, SystemKind.WOOCOMMERCE, connections, new MongoFlowIntervals(database),
                new MongoPollSchedule(database, clock, "connector-woocommerce/" + UUID.randomUUID()),
                new PollScheduler.Settings(properties.pollInterval(), tick, properties.pollLease()), poll, meters);
    }
}
