package io.possync.engine.ledger;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import io.possync.engine.rule.DeterministicIds;
import io.possync.engine.rule.LedgerTransition;
import io.possync.engine.rule.LineLedger;
import io.possync.engine.rule.LineStatus;
import io.possync.engine.rule.OrderLedger;
import io.possync.engine.rule.Outcome;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code order_ledger} collection: one document per order line and flow
 * ({@code _id = tenant|flowId|orderId|lineId}). No transactions: every change is a single-document
 * compare-and-set whose filter holds the state the decision was made on.
 *
 * <p>An order's lines are found through {@code order_ledger_orders} ({@code _id = tenant|flowId|orderId},
 * {@code lineKeys}), so loading an order is two lookups by {@code _id} on any Mongo, not a query on
 * secondary fields (which the local Mongo wire server answers by scanning every line ever recorded).
 * A line's key is added there before the line is inserted, so no line can exist unfound.
 */
public class MongoOrderLedger {

    public static final String COLLECTION = "order_ledger";
    public static final String ORDERS_COLLECTION = "order_ledger_orders";

    private final MongoCollection<Document> collection;
    private final MongoCollection<Document> orders;
    private final Clock clock;

    public MongoOrderLedger(MongoDatabase database, Clock clock) {
        this.collection = database.getCollection(COLLECTION);
        this.orders = database.getCollection(ORDERS_COLLECTION);
        this.clock = clock;
    }

    /** Every line of one order in one flow, including lines since edited out of the order. */
    public Mono<OrderLedger> load(String tenantId, String flowId, String orderId) {
        return loadAll(tenantId, flowId, List.of(orderId)).map(ledgers -> ledgers.getOrDefault(orderId,
                OrderLedger.EMPTY));
    }

    /** The ledgers of several orders of one flow in two round trips, by order id; orders without lines are absent. */
    public Mono<Map<String, OrderLedger>> loadAll(String tenantId, String flowId, Collection<String> orderIds) {
        List<String> keys = orderIds.stream().distinct().map(orderId -> orderKey(tenantId, flowId, orderId)).toList();
        return Flux.from(orders.find(in("_id", keys)))
                .flatMapIterable(order -> order.getList("lineKeys", String.class))
                .collectList()
                .flatMapMany(lineKeys -> lineKeys.isEmpty() ? Flux.<Document>empty()
                        : Flux.from(collection.find(in("_id", lineKeys))))
                .map(MongoOrderLedger::fromDocument)
                .collectMultimap(LineLedger::orderId)
                .map(byOrder -> {
                    Map<String, OrderLedger> ledgers = new HashMap<>();
                    byOrder.forEach((orderId, lines) -> ledgers.put(orderId, OrderLedger.of(lines)));
                    return ledgers;
                });
    }

    /**
     * Applies the transitions (at most one per line) as compare-and-sets in one round trip, after the new
     * lines were announced in another. Every transition whose line is still as expected takes effect; if
     * any line moved on (or already exists where one is created), fails with {@link LedgerConflict}: the
     * events are then decided again on fresh state, which finds the lines that did change.
     */
    public Mono<Void> apply(List<LedgerTransition> transitions) {
        if (transitions.isEmpty()) {
            return Mono.empty();
        }
        List<LineLedger> created = transitions.stream().filter(t -> t.expected() == null)
                .map(LedgerTransition::next).toList();
        List<UpdateOneModel<Document>> writes = transitions.stream().map(this::compareAndSet).toList();
        return announce(created)
                .then(Mono.from(collection.bulkWrite(writes, new BulkWriteOptions().ordered(false))))
                .onErrorMap(MongoOrderLedger::isDuplicateKey, e -> new LedgerConflict(message(transitions), e))
                .flatMap(result -> result.getUpserts().size() == created.size()
                        && result.getMatchedCount() == transitions.size() - created.size() ? Mono.<Void>empty()
                        : Mono.error(new LedgerConflict(message(transitions))));
    }

    /** Makes new lines findable from their order before they exist (see the class comment). */
    private Mono<Void> announce(List<LineLedger> created) {
        if (created.isEmpty()) {
            return Mono.empty();
        }
        Map<String, Set<String>> byOrder = new LinkedHashMap<>();
        created.forEach(line -> byOrder.computeIfAbsent(orderKey(line.tenantId(), line.flowId(), line.orderId()),
                k -> new LinkedHashSet<>()).add(line.key()));
        List<UpdateOneModel<Document>> writes = byOrder.entrySet().stream()
                .map(order -> new UpdateOneModel<Document>(eq("_id", order.getKey()),
                        Updates.addEachToSet("lineKeys", List.copyOf(order.getValue())),
                        new UpdateOptions().upsert(true)))
                .toList();
        return Mono.from(orders.bulkWrite(writes, new BulkWriteOptions().ordered(false))).then();
    }

    private static String orderKey(String tenantId, String flowId, String orderId) {
        return tenantId + "|" + flowId + "|" + orderId;
    }

    /** A new line is inserted only if absent ($setOnInsert); an existing one changes only if still as expected. */
    private UpdateOneModel<Document> compareAndSet(LedgerTransition transition) {
        LineLedger next = transition.next();
        if (transition.expected() == null) {
            return new UpdateOneModel<>(eq("_id", next.key()), Updates.setOnInsert(toDocument(next)),
                    new UpdateOptions().upsert(true));
        }
        LineLedger expected = transition.expected();
        Bson filter = and(eq("_id", expected.key()), eq("status", expected.status().name()),
                eq("orderUpdatedAt", Date.from(expected.orderUpdatedAt())));
        Document changes = toDocument(next);
        changes.remove("_id");
        return new UpdateOneModel<>(filter, new Document("$set", changes));
    }

    /** A connector's result of a transfer or return, to record on its line ({@link #recordOutcomes}). */
    public record LineOutcome(String ledgerKey, String commandId, Outcome outcome, String reason) {
    }

    /**
     * Records connectors' results on the lines their commands belong to, in one round trip (two when a
     * line did not match). Emits the index of the first result whose line does not carry its command
     * yet (the result overtook the ledger write, so the caller retries from there), or -1.
     */
    public Mono<Integer> recordOutcomes(List<LineOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Mono.just(-1);
        }
        Date now = Date.from(clock.instant());
        List<UpdateOneModel<Document>> writes = outcomes.stream().map(o -> {
            String kind = kind(o);
            return new UpdateOneModel<Document>(and(eq("_id", o.ledgerKey()), eq(kind + "CommandId", o.commandId())),
                    Updates.combine(Updates.set(kind + "Outcome", o.outcome().name()),
                            Updates.set(kind + "Reason", o.reason()), Updates.set(kind + "OutcomeAt", now)));
        }).toList();
        return Mono.from(collection.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
                .flatMap(result -> result.getMatchedCount() == outcomes.size() ? Mono.just(-1)
                        : firstUnmatched(outcomes));
    }

    private Mono<Integer> firstUnmatched(List<LineOutcome> outcomes) {
        return Flux.from(collection.find(in("_id", outcomes.stream().map(LineOutcome::ledgerKey).distinct().toList())))
                .collectMap(doc -> doc.getString("_id"))
                .map(lines -> {
                    for (int i = 0; i < outcomes.size(); i++) {
                        LineOutcome o = outcomes.get(i);
                        Document line = lines.get(o.ledgerKey());
                        if (line == null || !o.commandId().equals(line.getString(kind(o) + "CommandId"))) {
                            return i;
                        }
                    }
                    return -1;
                });
    }

    private static String kind(LineOutcome outcome) {
        return DeterministicIds.transferCommandId(outcome.ledgerKey()).equals(outcome.commandId())
                ? "transfer" : "return";
    }

    /**
     * Marks lines whose held transfer was sent as TRANSFERRED, where they still are HELD (a repeat, or a
     * line cancelled meanwhile, stays as it is).
     */
    public Mono<Void> markReleased(Collection<String> lineKeys) {
        if (lineKeys.isEmpty()) {
            return Mono.empty();
        }
        Date now = Date.from(clock.instant());
        List<UpdateOneModel<Document>> writes = lineKeys.stream().map(key -> new UpdateOneModel<Document>(
                and(eq("_id", key), eq("status", LineStatus.HELD.name())),
                Updates.combine(Updates.set("status", LineStatus.TRANSFERRED.name()), Updates.set("updatedAt", now))))
                .toList();
        return Mono.from(collection.bulkWrite(writes, new BulkWriteOptions().ordered(false))).then();
    }

    private Document toDocument(LineLedger line) {
        return new Document("_id", line.key())
                .append("tenantId", line.tenantId())
                .append("flowId", line.flowId())
                .append("orderId", line.orderId())
                .append("lineId", line.lineId())
                .append("sku", line.sku())
                .append("quantity", line.quantity())
                .append("status", line.status().name())
                .append("orderUpdatedAt", Date.from(line.orderUpdatedAt()))
                .append("transferCommandId", line.transferCommandId())
                .append("returnCommandId", line.returnCommandId())
                .append("updatedAt", Date.from(clock.instant()));
    }

    private static LineLedger fromDocument(Document doc) {
        return new LineLedger(doc.getString("_id"), doc.getString("tenantId"), doc.getString("flowId"),
                doc.getString("orderId"), doc.getString("lineId"), doc.getString("sku"), doc.getInteger("quantity", 0),
                LineStatus.valueOf(doc.getString("status")), doc.getDate("orderUpdatedAt").toInstant(),
                doc.getString("transferCommandId"), doc.getString("returnCommandId"));
    }

    /** A line created concurrently under the same key (every write here is a bulk write). */
    private static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoBulkWriteException bulk && bulk.getWriteErrors().stream()
                .anyMatch(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY);
    }

    private static String message(List<LedgerTransition> transitions) {
        return "order ledger line(s) of " + transitions.stream().map(t -> t.next().orderId()).distinct().toList()
                + " changed concurrently; deciding again";
    }
}
