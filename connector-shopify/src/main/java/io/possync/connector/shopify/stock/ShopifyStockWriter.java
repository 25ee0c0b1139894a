package io.possync.connector.shopify.stock;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.command.CommandOutcome;
import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.http.HttpStatusException;
import io.possync.common.http.RetriesExhaustedException;
import io.possync.connector.shopify.client.InventorySetOutcome;
import io.possync.connector.shopify.client.InventorySetRequest;
import io.possync.connector.shopify.client.ShopifyApiException;
import io.possync.connector.shopify.client.ShopifyInventoryApi;
import io.possync.connector.shopify.client.ShopifyThrottledException;
import io.possync.connector.shopify.client.VariantHit;
import io.possync.connector.shopify.mapping.InventoryMapping;
import io.possync.connector.shopify.mapping.MongoInventoryMappings;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.SetStockLevel;
import io.possync.schemas.avro.SystemKind;

/**
 * Writes the latest SetStockLevel per SKU of one connection to Shopify: SKU → inventory item (searched
 * once, then kept in {@code mappings}), compare-and-set against the level we last read or wrote, all SKUs
 * in one {@code inventorySetQuantities} per 250 rows. A row Shopify finds stale is re-read and tried once
 * more; a SKU that is missing, ambiguous or refused is parked with the reason, the others go ahead.
 * Problems of the shop as a whole (refused token, outage beyond the retries) park the connection's
 * commands of this batch; the next level the engine sends, or reconciliation, repairs them.
 * <p>
 * Bookkeeping costs one upsert per call before it: the announcement of the call's levels, one document
 * for all its SKUs (so that a crash after the call, or an echo faster than the answer, finds them among
 * our announced writes, {@link MongoInventoryMappings#recordPending}). The outcome of a quick call is held
 * for up to {@code possync.shopify.outcome-store-delay} and stored with those of the next calls, off the
 * call's path. Why that is safe across a crash is documented at
 * {@link MongoInventoryMappings#recordWritten(String, java.util.Collection, boolean)}; a slow call
 * (throttled, retried) is stored at once, as its announcement may be too early to tell its echo.
 */
public class ShopifyStockWriter {

    private static final Logger log = LoggerFactory.getLogger(ShopifyStockWriter.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_ROUNDS = 3;
    /**
     * A call answered this soon after its announcement was applied within the echo tolerance of the
     * announced time (both rounded down to whole seconds), so its outcome may wait to be stored.
     */
    static final Duration QUICK_CALL = Duration.ofSeconds(1);
    static final String REASON = "correction";

    private final MongoConnectionStore connections;
    private final ShopifyInventoryApi api;
    private final ShopifyLocations locations;
    private final MongoInventoryMappings mappings;
    private final Clock clock;
    private final int rowsPerCall;

    public ShopifyStockWriter(MongoConnectionStore connections, ShopifyInventoryApi api, ShopifyLocations locations,
                              MongoInventoryMappings mappings, Clock clock, int rowsPerCall) {
        this.connections = connections;
        this.api = api;
        this.locations = locations;
        this.mappings = mappings;
        this.clock = clock;
        this.rowsPerCall = Math.max(1, Math.min(250, rowsPerCall));
    }

    /** The state of one SKU while its command is worked on. */
    private static final class Target {
        final ConnectorCommand command;
        final SetStockLevel set;
        String inventoryItemId;
        final List<InventoryMapping.Write> recentWrites = new ArrayList<>();
        Long changeFrom;
        int calls;
        int stale;

        Target(ConnectorCommand command) {
            this.command = command;
            this.set = (SetStockLevel) command.getAction();
        }

        String sku() {
            return set.getSku();
        }
    }

    /** Outcomes by command id of {@code latest} (one SetStockLevel per SKU). */
    public Map<String, CommandOutcome> write(String connectionId, List<ConnectorCommand> latest) {
        Map<String, CommandOutcome> outcomes = new HashMap<>();
        Connection connection = connections.find(connectionId).blockOptional(TIMEOUT).orElse(null);
        String unusable = unusable(connection, connectionId);
        if (unusable != null) {
            latest.forEach(c -> outcomes.put(c.getCommandId(), CommandOutcome.parked(unusable, 0, Map.of())));
            return outcomes;
        }
        Map<String, Target> targets = new LinkedHashMap<>();
        for (ConnectorCommand command : latest) {
            Target target = new Target(command);
            if (target.set.getLevel() < 0) {
                outcomes.put(command.getCommandId(), park(target, "negative level " + target.set.getLevel()));
            } else {
                targets.put(target.sku(), target);
            }
        }
        try {
            writeTo(connection, targets, outcomes);
        } catch (HttpStatusException | RetriesExhaustedException | ShopifyApiException | ShopifyThrottledException e) {
            String reason = e instanceof HttpStatusException http
                    ? "Shopify answered HTTP " + http.status() + ": " + abbreviate(http.body()) : e.getMessage();
            log.warn("Shopify {}: parking {} stock command(s): {}", connectionId, targets.size(), reason);
            targets.values().forEach(t -> outcomes.putIfAbsent(t.command.getCommandId(), park(t, reason)));
        }
        return outcomes;
    }

    /** Why commands cannot be written to {@code connection}, or null when they can. */
    static String unusable(Connection connection, String connectionId) {
        return connection == null ? "no connection " + connectionId
                : connection.system() != SystemKind.SHOPIFY ? "connection " + connectionId + " is not a Shopify shop"
                : connection.credentials().get("accessToken") == null ? "connection " + connectionId + " has no accessToken"
                : null;
    }

    private void writeTo(Connection connection, Map<String, Target> targets, Map<String, CommandOutcome> outcomes) {
        String location = locations.locationOf(connection);
        Map<String, InventoryMapping> known = mappings.findBySkus(connection.id(), targets.keySet());
        List<String> unresolved = new ArrayList<>();
        for (Target target : List.copyOf(targets.values())) {
            InventoryMapping mapping = known.get(target.sku());
            if (mapping != null && target.command.getCommandId().equals(mapping.lastCommandId())) {
                outcomes.put(target.command.getCommandId(), CommandOutcome.alreadyApplied("written before",
                        details(target, mapping.inventoryItemId(), location, mapping.lastWrittenLevel())));
                targets.remove(target.sku());
            } else if (mapping == null || !mapping.resolved()) {
                if (mapping != null) {
                    target.recentWrites.addAll(mapping.recentWrites());
                }
                unresolved.add(target.sku());
            } else {
                target.recentWrites.addAll(mapping.recentWrites());
                target.inventoryItemId = mapping.inventoryItemId();
                target.changeFrom = mapping.knownLevelAt(location);
            }
        }
        resolve(connection, unresolved, targets, outcomes);
        readLevels(connection, location, targets.values().stream().filter(t -> t.changeFrom == null).toList(),
                targets, outcomes);
        List<Target> pending = List.copyOf(targets.values());
        for (int from = 0; from < pending.size(); from += rowsPerCall) {
            writeChunk(connection, location, pending.subList(from, Math.min(pending.size(), from + rowsPerCall)),
                    targets, outcomes);
        }
    }

    private void resolve(Connection connection, List<String> skus, Map<String, Target> targets,
                         Map<String, CommandOutcome> outcomes) {
        if (skus.isEmpty()) {
            return;
        }
        List<VariantHit> found = new ArrayList<>();
        api.variantsBySku(connection, skus).forEach((sku, hits) -> {
            Target target = targets.get(sku);
            if (hits.size() == 1) {
                target.inventoryItemId = hits.get(0).inventoryItemId();
                found.add(hits.get(0));
                return;
            }
            String reason = hits.isEmpty() ? "SKU " + sku + " not found in Shopify"
                    : "SKU not unique in Shopify: " + sku + " is held by " + hits.size() + " variants "
                    + hits.stream().map(VariantHit::variantId).toList();
            outcomes.put(target.command.getCommandId(), park(target, reason));
            targets.remove(sku);
        });
        mappings.saveRefs(connection.id(), found);
    }

    /** Reads the current level of each target (our compare-and-set value); unstocked items are parked. */
    private void readLevels(Connection connection, String location, List<Target> toRead, Map<String, Target> targets,
                            Map<String, CommandOutcome> outcomes) {
        if (toRead.isEmpty()) {
            return;
        }
        Map<String, Long> levels = api.available(connection, location,
                toRead.stream().map(t -> t.inventoryItemId).toList());
        Map<String, Long> bySku = new HashMap<>();
        for (Target target : toRead) {
            Long level = levels.get(target.inventoryItemId);
            if (level == null) {
                outcomes.put(target.command.getCommandId(), park(target, "SKU " + target.sku()
                        + " is not stocked at Shopify location " + location));
                targets.remove(target.sku());
            } else {
                target.changeFrom = level;
                bySku.put(target.sku(), level);
            }
        }
        mappings.recordRead(connection.id(), bySku, location);
    }

    private void writeChunk(Connection connection, String location, List<Target> chunk, Map<String, Target> targets,
                            Map<String, CommandOutcome> outcomes) {
        String batchId = uuid(chunk.stream().map(t -> t.command.getCommandId()).sorted().toList().toString());
        List<Target> rows = new ArrayList<>(chunk);
        for (int round = 0; round < MAX_ROUNDS && !rows.isEmpty(); round++) {
            List<InventorySetRequest.Row> input = rows.stream().map(t -> new InventorySetRequest.Row(
                    t.inventoryItemId, location, t.set.getLevel(), t.changeFrom)).toList();
            // the key follows the input: a redelivered batch repeats it exactly, a changed retry gets a new one
            InventorySetRequest request = new InventorySetRequest(uuid(batchId + "|" + input), REASON,
                    "gid://possync/StockSync/" + batchId, input);
            Map<String, InventoryMapping.Write> pending = new HashMap<>();
            Instant announced = clock.instant();
            for (Target t : rows) {
                t.calls++;
                InventoryMapping.Write announcement = new InventoryMapping.Write(t.set.getLevel(), announced);
                t.recentWrites.add(announcement);
                pending.put(t.sku(), announcement);
            }
            mappings.recordPending(connection.id(), pending);
            InventorySetOutcome outcome = api.setAvailable(connection, request);
            boolean quick = Duration.between(announced, clock.instant()).compareTo(QUICK_CALL) < 0;
            List<Target> again = new ArrayList<>();
            List<Target> stale = new ArrayList<>();
            List<MongoInventoryMappings.Written> written = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Target target = rows.get(i);
                InventorySetOutcome.RowError error = outcome.rowErrors().get(i);
                if (error == null && outcome.applied()) {
                    Instant at = outcome.appliedAt() != null ? outcome.appliedAt() : clock.instant();
                    // the write's own time tells its echo from now on; its announcement was for the meantime
                    target.recentWrites.remove(pending.get(target.sku()));
                    target.recentWrites.add(new InventoryMapping.Write(target.set.getLevel(), at));
                    written.add(new MongoInventoryMappings.Written(target.sku(), target.set.getLevel(), location, at,
                            target.command.getCommandId(), List.copyOf(target.recentWrites)));
                    outcomes.put(target.command.getCommandId(), CommandOutcome.applied(target.calls,
                            details(target, target.inventoryItemId, location, target.set.getLevel())));
                } else if (error == null) {
                    again.add(target);
                } else if (error.stale() && target.stale++ == 0) {
                    stale.add(target);
                } else {
                    outcomes.put(target.command.getCommandId(), park(target, error.stale()
                            ? "level of " + target.sku() + " kept changing in Shopify (CHANGE_FROM_QUANTITY_STALE twice)"
                            : "Shopify refused " + target.sku() + ": " + error.code() + " " + error.message()));
                    if (!error.stale()) {
                        mappings.forget(connection.id(), target.sku());
                    }
                }
            }
            mappings.recordWritten(connection.id(), written, quick);
            if (!stale.isEmpty()) {
                log.debug("Shopify {}: {} level(s) changed since we last saw them; re-reading", connection.id(),
                        stale.size());
                readLevels(connection, location, stale, targets, outcomes);
                stale.removeIf(t -> outcomes.containsKey(t.command.getCommandId()));
            }
            again.addAll(stale);
            rows = again;
        }
        rows.forEach(t -> outcomes.put(t.command.getCommandId(), park(t, "Shopify did not apply " + t.sku()
                + " within " + MAX_ROUNDS + " calls")));
    }

    private static CommandOutcome park(Target target, String reason) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("sku", target.sku());
        details.put("level", Long.toString(target.set.getLevel()));
        return CommandOutcome.parked(reason, target.calls, details);
    }

    private static Map<String, String> details(Target target, String inventoryItemId, String location, Long level) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("sku", target.sku());
        details.put("level", String.valueOf(level));
        details.put("inventoryItemId", String.valueOf(inventoryItemId));
        details.put("locationId", location);
        if (target.changeFrom != null) {
            details.put("previousLevel", Long.toString(target.changeFrom));
        }
        return details;
    }

    static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
