package io.possync.connector.zettle.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.possync.common.http.RateLimiterRegistry;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.StockChangeReason;
import io.possync.schemas.avro.SystemKind;

class ZettleCommandListenerTest {

    private final RateLimiterRegistry limiters = new RateLimiterRegistry(4, 1,
            Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC), duration -> { });
    private final ZettleCommandListener listener = new ZettleCommandListener(null, limiters, duration -> { });

    @Test
    void theNextPollWaitsUntilTheAccountsJustWrittenToMaySendAgain() {
        limiters.forAccount("busy").tryAcquire();

        assertThat(listener.untilNextRequest(List.of(record("idle"), record("busy"), record("busy"))))
                .isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void accountsThatMaySendNowDoNotDelayTheNextPoll() {
        assertThat(listener.untilNextRequest(List.of(record("idle")))).isZero();
        assertThat(listener.untilNextRequest(List.of())).isZero();
    }

    @Test
    void aBucketDeepInDebtIsLeftToTheSender() {
        for (int i = 0; i < 10; i++) {
            limiters.forAccount("retried").reserve();
        }

        assertThat(listener.untilNextRequest(List.of(record("retried")))).isZero();
    }

    private static ConsumerRecord<String, ConnectorCommand> record(String connectionId) {
        EventHeader header = EventHeader.newBuilder().setEventId("e").setTenantId("t").setConnectionId(connectionId)
                .setSourceSystem(SystemKind.SHOPIFY).setOccurredAt(Instant.parse("2026-11-23T10:00:00Z"))
                .setCorrelationId("c").build();
        ConnectorCommand command = ConnectorCommand.newBuilder().setHeader(header).setCommandId("cmd")
                .setTargetConnectionId(connectionId).setTargetSystem(SystemKind.ZETTLE)
                .setAction(AdjustStock.newBuilder().setSku("SKU").setDelta(-1)
                        .setReason(StockChangeReason.ORDER_TRANSFER).build())
                .build();
        return new ConsumerRecord<>("commands.zettle", 0, 0, connectionId, command);
    }
}
