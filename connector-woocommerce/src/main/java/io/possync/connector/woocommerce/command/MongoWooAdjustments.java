package io.possync.connector.woocommerce.command;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code woo_adjustments} collection ({@code _id = commandId}): each AdjustStock turned into an
 * absolute level, recorded before it is written. WooCommerce has no idempotency key, so a redelivered
 * adjustment must not read and add again: an APPLIED one is answered at once, one left SENDING (crash
 * before the record) writes the very level it meant to, which is harmless if it already took effect.
 * Blocking: listener threads only.
 */
public class MongoWooAdjustments {

    public static final String COLLECTION = "woo_adjustments";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What is recorded of one command: the level it writes, and whether that write is confirmed. */
    public record Recorded(long target, boolean applied) {
    }

    private final MongoCollection<Document> collection;
    private final Clock clock;

    public MongoWooAdjustments(MongoDatabase database, Clock clock) {
        this.collection = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    public Map<String, Recorded> find(Collection<String> commandIds) {
        Map<String, Recorded> found = new HashMap<>();
        if (commandIds.isEmpty()) {
            return found;
        }
        Flux.from(collection.find(in("_id", commandIds))).collectList().blockOptional(TIMEOUT).orElse(List.of())
                .forEach(doc -> found.put(doc.getString("_id"), new Recorded(((Number) doc.get("target")).longValue(),
                        "APPLIED".equals(doc.getString("state")))));
        return found;
    }

    /** Records the level about to be written, read + delta (kept when already recorded). */
    public void sending(String connectionId, String commandId, String sku, long read, int delta) {
        Mono.from(collection.updateOne(eq("_id", commandId), Updates.combine(
                Updates.setOnInsert("connectionId", connectionId), Updates.setOnInsert("sku", sku),
                Updates.setOnInsert("read", read), Updates.setOnInsert("delta", delta),
                Updates.setOnInsert("target", read + delta), Updates.setOnInsert("state", "SENDING"),
                Updates.setOnInsert("claimedAt", Date.from(clock.instant()))), new UpdateOptions().upsert(true)))
                .block(TIMEOUT);
    }

    public void applied(String commandId) {
        Mono.from(collection.updateOne(eq("_id", commandId), Updates.combine(Updates.set("state", "APPLIED"),
                Updates.set("appliedAt", Date.from(clock.instant()))))).block(TIMEOUT);
    }
}
