package io.possync.connector.zettle.config;

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
import io.possync.common.kafka.KafkaStockPublisher;
import io.possync.common.poll.MongoPollSchedule;
import io.possync.common.poll.PollScheduler;
import io.possync.connector.zettle.client.ZettleClient;
import io.possync.connector.zettle.client.ZettleErrorBody;
import io.possync.connector.zettle.client.ZettleSessions;
import io.possync.connector.zettle.client.ZettleTokenCache;
import io.possync.connector.zettle.command.MongoAppliedCommands;
import io.possync.connector.zettle.command.MongoZettleRequests;
import io.possync.connector.zettle.command.ZettleBatchHandler;
import io.possync.connector.zettle.command.ZettleCommandListener;
import io.possync.connector.zettle.command.ZettleCommandResolver;
import io.possync.connector.zettle.command.ZettleRequestSender;
import io.possync.connector.zettle.mapping.MongoSkuMappings;
import io.possync.connector.zettle.mapping.ZettleCatalog;
import io.possync.connector.zettle.poll.ZettleStockReconciler;
import io.possync.connector.zettle.webhook.ZettleStockWebhookHandler;
import io.possync.connector.zettle.webhook.ZettleWebhookListener;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the Zettle connector: HTTP client with retry and rate limiting, catalog, request store and batch
 * command listener; the InventoryBalanceChanged webhook listener and the stock reconciliation poll.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ZettleProperties.class)
public class ZettleConfiguration {

    @Bean
    ZettleClient zettleClient(ZettleProperties properties, Clock clock) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
                .responseTimeout(properties.requestTimeout());
        // the product library and /v3/stock come whole in one response (no paging): a shop with a thousand
        // products is well over WebClient's default 256 KB buffer
        WebClient web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(64 * 1024 * 1024))
                .build();
        return new ZettleClient(web, zettleJson(), clock, properties.requestTimeout());
    }

    @Bean
    RateLimiterRegistry zettleRateLimiters(ZettleProperties properties, Clock clock) {
        return new RateLimiterRegistry(properties.requestsPerSecond(), properties.burst(), clock, Sleeper.THREAD);
    }

    @Bean
    ZettleSessions zettleSessions(ZettleClient client, ZettleProperties properties, Clock clock, MeterRegistry meters,
                                  RateLimiterRegistry limiters) {
        ZettleProperties.Retry retry = properties.retry();
        RetryExecutor executor = new RetryExecutor(
                new BackoffPolicy(retry.maxAttempts(), retry.baseDelay(), retry.maxDelay()),
                new FailureClassifier(clock),
                (operation, attempt, delay, cause) -> meters.counter("possync.http.retries", "system", "zettle",
                        "cause", cause instanceof HttpStatusException http ? String.valueOf(http.status()) : "io")
                        .increment());
        return new ZettleSessions(client, properties, new ZettleTokenCache(clock, properties.tokenRefreshMargin()),
                executor, limiters, new ZettleErrorBody(zettleJson()));
    }

    @Bean
    ZettleCatalog zettleCatalog(MongoDatabase database, Clock clock, ZettleProperties properties) {
        return new ZettleCatalog(new MongoSkuMappings(database, clock), clock, properties.libraryRefreshInterval());
    }

    @Bean
    KafkaStockPublisher zettleStockPublisher(KafkaTemplate<Object, Object> kafka, ZettleProperties properties) {
        return new KafkaStockPublisher(kafka, properties.publishTimeout());
    }

    @Bean
    ZettleWebhookListener zettleWebhookListener(MongoConnectionStore connections, ZettleSessions sessions,
                                                ZettleCatalog catalog, KafkaStockPublisher publisher,
                                                MeterRegistry meters, MongoDatabase database, Clock clock) {
        return new ZettleWebhookListener(new ZettleStockWebhookHandler(connections, sessions, catalog,
                new MongoZettleRequests(database, clock)), publisher, meters);
    }

    @Bean
    ZettleStockReconciler zettleStockReconciler(ZettleSessions sessions, ZettleCatalog catalog,
                                                KafkaStockPublisher publisher) {
        return new ZettleStockReconciler(sessions, catalog, publisher);
    }

    @Bean
    PollScheduler zettleStockPoller(MongoConnectionStore connections, ZettleStockReconciler reconciler,
                                    MongoDatabase database, Clock clock, ZettleProperties properties,
                                    MeterRegistry meters, @Value("${possync.poll.tick:5s}") Duration tick,
                                    @Value("${possync.poll.lease:10m}") Duration lease) {
        return new PollScheduler("stock", SystemKind.ZETTLE, connections, new MongoFlowIntervals(database),
                new MongoPollSchedule(database, clock, "connector-zettle/" + UUID.randomUUID()),
                new PollScheduler.Settings(properties.reconcileInterval(), tick, lease), reconciler, meters);
    }

    @Bean
    ZettleBatchHandler zettleBatchHandler(MongoConnectionStore connections, ZettleSessions sessions,
                                          ZettleCatalog catalog, MongoDatabase database, Clock clock,
                                          ZettleProperties properties,
                                          @Value("${possync.kafka.listener-retries:4}") int listenerRetries) {
        MongoAppliedCommands applied = new MongoAppliedCommands(database, clock);
        MongoZettleRequests requests = new MongoZettleRequests(database, clock);
        return new ZettleBatchHandler(connections, sessions, new ZettleCommandResolver(catalog),
                new ZettleRequestSender(requests, applied, catalog, clock), applied, requests,
                properties.maxMovementsPerRequest(), listenerRetries);
    }

    @Bean
    ZettleCommandListener zettleCommandListener(ZettleBatchHandler handler, KafkaTemplate<Object, Object> kafka,
                                                Clock clock, MeterRegistry meters, CommonErrorHandler errorHandler,
                                                RateLimiterRegistry limiters) {
        return new ZettleCommandListener(new BatchCommandDispatcher(SystemKind.ZETTLE, handler::handle,
                new KafkaCommandResults(kafka, clock, Duration.ofSeconds(30), SystemKind.ZETTLE), meters, errorHandler),
                limiters, Sleeper.THREAD);
    }

    private static JsonMapper zettleJson() {
        return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }
}
