package io.possync.connector.zettle.poll;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.connection.Connection;
import io.possync.common.kafka.KafkaStockPublisher;
import io.possync.common.poll.ConnectionPoll;
import io.possync.connector.zettle.client.ZettleSession;
import io.possync.connector.zettle.client.ZettleSessions;
import io.possync.connector.zettle.client.ZettleStockRow;
import io.possync.connector.zettle.client.ZettleTime;
import io.possync.connector.zettle.mapping.ZettleCatalog;
import io.possync.connector.zettle.mapping.ZettleVariantRef;
import io.possync.connector.zettle.stock.ZettleStockEvents;
import io.possync.schemas.avro.StockChanged;

/**
 * Reconciles one Zettle connection: reads every STORE balance ({@code GET /v3/stock}, all pages,
 * through the account's rate limiter) and publishes a {@link StockChanged} per known SKU, so a lost
 * webhook is healed. The source version is the row's checksum and time: a level polled again unchanged
 * maps to the same event id and takes effect once downstream; a level the webhook already brought has
 * the same time and level, which the engine takes as the same change (that a row's {@code updated} equals
 * the webhook's {@code updated.timestamp} is UNCONFIRMED for Zettle; if it is later, the same level is
 * taken as a newer change that sends nothing, the level having been sent). The event has no causation id:
 * no delivery caused it, which is how the engine tells a poll's finding from a webhook's.
 */
public class ZettleStockReconciler implements ConnectionPoll {

    private static final Logger log = LoggerFactory.getLogger(ZettleStockReconciler.class);

    private final ZettleSessions sessions;
    private final ZettleCatalog catalog;
    private final KafkaStockPublisher publisher;

    public ZettleStockReconciler(ZettleSessions sessions, ZettleCatalog catalog, KafkaStockPublisher publisher) {
        this.sessions = sessions;
        this.catalog = catalog;
        this.publisher = publisher;
    }

    /** Polls the connection's STORE balances; answers the events published. */
    @Override
    public int poll(Connection connection) {
        ZettleSession session = sessions.open(connection);
        String store = catalog.inventoriesFor(session).store();
        List<ZettleStockRow> rows = session.stock().stream().filter(r -> store.equals(r.inventoryUuid())).toList();
        Map<ZettleVariantRef, String> skus = catalog.skusOf(session,
                rows.stream().map(ZettleStockReconciler::variant).toList());
        List<StockChanged> events = new ArrayList<>(rows.size());
        int unmapped = 0;
        for (ZettleStockRow row : rows) {
            String sku = skus.get(variant(row));
            if (sku == null) {
                unmapped++;
                continue;
            }
            StockChanged event = toEvent(connection, store, sku, row);
            if (event != null) {
                events.add(event);
            }
        }
        publisher.publishAll(events);
        log.info("polled Zettle stock of connection {}: {} rows, {} levels published, {} variants without unique SKU",
                connection.id(), rows.size(), events.size(), unmapped);
        return events.size();
    }

    /** Rule 6: a row without a balance or a readable time is skipped, never taken as 0 or as now. */
    private StockChanged toEvent(Connection connection, String store, String sku, ZettleStockRow row) {
        if (row.balance() == null || row.updated() == null) {
            log.warn("Zettle stock row of SKU {} (connection {}) lacks a balance or its time; skipped", sku,
                    connection.id());
            return null;
        }
        Instant updated;
        try {
            updated = ZettleTime.parse(row.updated());
        } catch (IllegalArgumentException e) {
            log.warn("Zettle stock row of SKU {} (connection {}): {}; skipped", sku, connection.id(), e.getMessage());
            return null;
        }
        String sourceVersion = row.checksum() == null ? null : row.checksum() + "@" + updated;
        return ZettleStockEvents.toEvent(new ZettleStockEvents.Observed(connection.tenantId(), connection.id(), sku,
                row.balance(), null, store, sourceVersion, updated, null, null));
    }

    private static ZettleVariantRef variant(ZettleStockRow row) {
        return new ZettleVariantRef(row.productUuid(), row.variantUuid());
    }
}
