package io.possync.engine.ledger;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
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
        return Mono.from(orders.find(eq("_id", orderKey(tenantId, flowId, orderId))).first())
                .flatMap(order -> Flux.from(collection.find(in("_id", order.getList("lineKeys", String.class))))
                        .map(MongoOrderLedger::fromDocument)
                        .collectList())
                .map(OrderLedger::of)
                .defaultIfEmpty(OrderLedger.EMPTY);
    }

    /** Applies each transition as a compare-and-set; fails with {@link LedgerConflict} if any line moved on. */
    public Mono<Void> apply(List<LedgerTransition> transitions) {
        // one after the other: the first conflict ends the record (it is decided again on fresh state), and
        // a second concurrent failure would have nowhere to go
        List<LineLedger> created = transitions.stream().filter(t -> t.expected() == null)
                .map(LedgerTransition::next).toList();
        return announce(created).thenMany(Flux.fromIterable(transitions).concatMap(this::apply)).then();
    }

    /** Makes new lines findable from their order before they exist (see the class comment). */
    private Mono<Void> announce(List<LineLedger> created) {
        return Flux.fromIterable(created)
                .collectMultimap(line -> orderKey(line.tenantId(), line.flowId(), line.orderId()), LineLedger::key)
                .flatMapMany(byOrder -> Flux.fromIterable(byOrder.entrySet()))
                .concatMap(order -> orders.updateOne(eq("_id", order.getKey()),
                        Updates.addEachToSet("lineKeys", List.copyOf(order.getValue())),
                        new UpdateOptions().upsert(true)))
                .then();
    }

    private static String orderKey(String tenantId, String flowId, String orderId) {
        return tenantId + "|" + flowId + "|" + orderId;
    }

    private Mono<Void> apply(LedgerTransition transition) {
        LineLedger next = transition.next();
        if (transition.expected() == null) {
            // $setOnInsert + BEFORE: no document back means this call created the line.
            return Mono.from(collection.findOneAndUpdate(eq("_id", next.key()), Updates.setOnInsert(toDocument(next)),
                            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE)))
                    .flatMap(existing -> Mono.<Void>error(conflict(next)))
                    .onErrorMap(MongoOrderLedger::isDuplicateKey, e -> new LedgerConflict(message(next), e))
                    .then();
        }
        LineLedger expected = transition.expected();
        Bson filter = and(eq("_id", expected.key()), eq("status", expected.status().name()),
                eq("orderUpdatedAt", Date.from(expected.orderUpdatedAt())));
        Document changes = toDocument(next);
        changes.remove("_id");
        return Mono.from(collection.findOneAndUpdate(filter, new Document("$set", changes)))
                .switchIfEmpty(Mono.error(() -> conflict(next)))
                .then();
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

    private static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoServerException server
                && ErrorCategory.fromErrorCode(server.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    private static LedgerConflict conflict(LineLedger next) {
        return new LedgerConflict(message(next));
    }

    private static String message(LineLedger next) {
        return "ledger line " + next.key() + " changed concurrently; deciding again";
    }
}
