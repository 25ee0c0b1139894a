package io.possync.engine;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import com.mongodb.reactivestreams.client.MongoDatabase;

import io.micrometer.core.instrument.MeterRegistry;
import io.possync.engine.api.AdminTokenFilter;
import io.possync.engine.api.MongoTenantStore;
import io.possync.engine.flow.CommandResultProcessor;
import io.possync.engine.flow.MongoFlowStore;
import io.possync.engine.flow.OrderFlowProcessor;
import io.possync.engine.flow.StockLocks;
import io.possync.engine.flow.StockFlowProcessor;
import io.possync.engine.flow.StockResultProcessor;
import io.possync.engine.flow.TransferHoldTimer;
import io.possync.engine.kafka.KafkaCommandPublisher;
import io.possync.engine.ledger.MongoOrderLedger;
import io.possync.engine.ledger.MongoStockLedger;
import io.possync.engine.ledger.MongoTransferHolds;
import io.possync.engine.synclog.MongoSyncLog;

/** Wires the engine's adapters; every tunable is a {@code possync.*} property with the default shown here. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean
    AdminTokenFilter adminTokenFilter(@Value("${possync.admin.token:}") String token) {
        return new AdminTokenFilter(token);
    }

    @Bean
    MongoTenantStore tenantStore(MongoDatabase possyncDatabase, Clock clock) {
        return new MongoTenantStore(possyncDatabase, clock);
    }

    @Bean
    MongoFlowStore flowStore(MongoDatabase possyncDatabase, Clock clock,
                             @Value("${possync.flows.cache-ttl:5s}") Duration cacheTtl) {
        return new MongoFlowStore(possyncDatabase, clock, cacheTtl);
    }

    @Bean
    MongoOrderLedger orderLedger(MongoDatabase possyncDatabase, Clock clock) {
        return new MongoOrderLedger(possyncDatabase, clock);
    }

    @Bean
    MongoStockLedger stockLedger(MongoDatabase possyncDatabase, Clock clock) {
        return new MongoStockLedger(possyncDatabase, clock);
    }

    @Bean
    MongoSyncLog syncLog(MongoDatabase possyncDatabase, Clock clock) {
        return new MongoSyncLog(possyncDatabase, clock);
    }

    @Bean
    KafkaCommandPublisher commandPublisher(KafkaTemplate<Object, Object> template,
                                           @Value("${possync.engine.io-timeout:10s}") Duration timeout) {
        return new KafkaCommandPublisher(template, timeout);
    }

    @Bean
    MongoTransferHolds transferHolds(MongoDatabase possyncDatabase) {
        return new MongoTransferHolds(possyncDatabase);
    }

    /**
     * {@code transfer-hold-max}: the longest an order's transfer waits for the results of the levels that
     * prove the webshops' older levels landed (normally one coalescing window and a write).
     */
    @Bean
    OrderFlowProcessor orderFlowProcessor(MongoFlowStore flows, MongoOrderLedger ledger, MongoStockLedger stockLedger,
                                          MongoSyncLog syncLog, KafkaCommandPublisher publisher, MeterRegistry meters,
                                          @Value("${possync.engine.io-timeout:10s}") Duration timeout,
                                          StockLocks locks, MongoTransferHolds holds, Clock clock,
                                          @Value("${possync.engine.transfer-hold-max:5s}") Duration holdMax) {
        return new OrderFlowProcessor(flows, ledger, stockLedger, syncLog, publisher, meters, timeout, locks, holds,
                clock, holdMax);
    }

    @Bean
    StockResultProcessor stockResultProcessor(MongoFlowStore flows, MongoStockLedger stockLedger,
                                              MongoOrderLedger ledger, MongoTransferHolds holds, MongoSyncLog syncLog,
                                              KafkaCommandPublisher publisher, MeterRegistry meters,
                                              @Value("${possync.engine.io-timeout:10s}") Duration timeout,
                                              StockLocks locks,
                                              @Value("${possync.engine.results.skus-per-step:64}") int skusPerStep) {
        return new StockResultProcessor(flows, stockLedger, ledger, holds, syncLog, publisher, meters, timeout, locks,
                skusPerStep);
    }

    @Bean
    TransferHoldTimer transferHoldTimer(MongoTransferHolds holds, StockResultProcessor stock, Clock clock,
                                        @Value("${possync.engine.transfer-hold-max:5s}") Duration holdMax,
                                        @Value("${possync.engine.transfer-hold-tick:250ms}") Duration tick,
                                        @Value("${possync.engine.io-timeout:10s}") Duration timeout) {
        return new TransferHoldTimer(holds, stock, clock, holdMax, tick, timeout);
    }

    @Bean
    StockFlowProcessor stockFlowProcessor(MongoFlowStore flows, MongoStockLedger stockLedger, MongoSyncLog syncLog,
                                          KafkaCommandPublisher publisher, MeterRegistry meters,
                                          @Value("${possync.engine.io-timeout:10s}") Duration timeout,
                                          StockLocks locks) {
        return new StockFlowProcessor(flows, stockLedger, syncLog, publisher, meters, timeout, locks);
    }

    @Bean
    StockLocks stockLocks() {
        return new StockLocks();
    }

    @Bean
    CommandResultProcessor commandResultProcessor(MongoSyncLog syncLog, MongoOrderLedger ledger,
                                                  StockResultProcessor stock,
                                                  @Value("${possync.engine.io-timeout:10s}") Duration timeout) {
        return new CommandResultProcessor(syncLog, ledger, stock, timeout);
    }

    /** Indexes exist before the listeners start; an unreachable Mongo fails the start instead of the first event. */
    @Bean
    SmartInitializingSingleton engineIndexes(MongoFlowStore flows, MongoStockLedger stockLedger, MongoSyncLog syncLog,
                                             MongoTransferHolds holds,
                                             @Value("${possync.sync-log.retention-days:30}") int retentionDays) {
        return () -> flows.ensureIndexes()
                .then(stockLedger.ensureIndexes())
                .then(holds.ensureIndexes())
                .then(syncLog.ensureIndexes(Duration.ofDays(retentionDays)))
                .block(Duration.ofSeconds(30));
    }
}
