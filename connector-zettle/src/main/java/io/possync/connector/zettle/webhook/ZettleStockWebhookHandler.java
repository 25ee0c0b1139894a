package io.possync.connector.zettle.webhook;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.kafka.PermanentFailure;
import io.possync.connector.zettle.client.ZettleSession;
import io.possync.connector.zettle.client.ZettleSessions;
import io.possync.connector.zettle.command.MongoZettleRequests;
import io.possync.connector.zettle.command.ZettleCommandBatcher;
import io.possync.connector.zettle.mapping.ZettleCatalog;
import io.possync.connector.zettle.mapping.ZettleVariantRef;
import io.possync.connector.zettle.stock.ZettleStockEvents;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.WebhookEnvelope;

/**
 * Turns one {@code InventoryBalanceChanged} delivery into a {@link StockChanged} per SKU whose STORE
 * level changed. The organization's STORE inventory and the variant → SKU mappings come from the
 * catalog (memory first); Zettle is called only on a miss. A variant with no unique SKU is skipped.
 * When the echoed {@code externalUuid} is the identifier of one of our movement requests, each event
 * names the commands of that request that moved its variant, so the engine recognises its own writes
 * exactly (one lookup by id, only for deliveries whose identifier can be ours).
 */
public class ZettleStockWebhookHandler {

    private static final Logger log = LoggerFactory.getLogger(ZettleStockWebhookHandler.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MongoConnectionStore connections;
    private final ZettleSessions sessions;
    private final ZettleCatalog catalog;
    private final MongoZettleRequests requests;

    public ZettleStockWebhookHandler(MongoConnectionStore connections, ZettleSessions sessions,
                                     ZettleCatalog catalog, MongoZettleRequests requests) {
        this.connections = connections;
        this.sessions = sessions;
        this.catalog = catalog;
        this.requests = requests;
    }

    public List<StockChanged> handle(WebhookEnvelope envelope) {
        EventHeader delivery = envelope.getHeader();
        ZettleBalanceChange change = ZettleBalanceChangedReader.read(bytes(envelope.getBody()));
        Connection connection = connections.find(delivery.getConnectionId()).blockOptional(TIMEOUT)
                .orElseThrow(() -> new PermanentFailure("Zettle delivery " + change.messageId()
                        + " is for connection " + delivery.getConnectionId() + ", which does not exist"));
        ZettleSession session = sessions.open(connection);
        String store = catalog.inventoriesFor(session).store();
        Map<ZettleVariantRef, List<String>> ours = ZettleCommandBatcher.mayBeOurs(change.externalUuid())
                ? requests.commandsByVariant(change.externalUuid(), connection.id()) : Map.of();
        List<StockChanged> events = new ArrayList<>();
        for (ZettleBalanceChange.StoreLevel level : change.storeLevels(store)) {
            Optional<String> sku = catalog.skuOf(session, level.variant());
            if (sku.isEmpty()) {
                log.info("Zettle variant {} of product {} (connection {}) has no unique SKU; its level {} is skipped",
                        level.variant().variantUuid(), level.variant().productUuid(), connection.id(), level.level());
                continue;
            }
            StockChanged event = ZettleStockEvents.toEvent(new ZettleStockEvents.Observed(delivery.getTenantId(),
                    connection.id(), sku.get(), level.level(), level.previousLevel(), store,
                    change.sourceVersion(level), change.changedAt(delivery.getOccurredAt()),
                    delivery.getCorrelationId(), delivery.getEventId()));
            event.setCausedByCommandIds(ours.getOrDefault(level.variant(), List.of()));
            events.add(event);
        }
        return events;
    }

    private static byte[] bytes(ByteBuffer body) {
        ByteBuffer view = body.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
