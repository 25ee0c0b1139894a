package io.possync.engine.ledger;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoServerException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import io.possync.engine.rule.DeterministicIds;
import io.possync.engine.rule.Outcome;
import io.possync.engine.rule.PosLevel;
import io.possync.engine.rule.Reservation;
import io.possync.engine.rule.StockLedger;
import io.possync.engine.rule.StockTransition;
import io.possync.engine.rule.TargetStock;
import io.possync.engine.rule.TransferHold;
import io.possync.schemas.avro.SystemKind;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code stock_ledger} collection: one document per SKU and flow ({@code _id = tenant|flowId|sku})
 * holding the POS level, per-webshop levels and the reservations. No transactions: a rule's decision
 * writes the document's state as a compare-and-set on {@code version}, so a decision made on state that
 * changed meanwhile fails and is decided again.
 *
 * <p>The connectors' results of levels sent ({@link #recordLevelResults}) are kept apart from that state,
 * under {@code results.<connection>}, which no decision writes: recording one moves no {@code version}, so
 * the stock listener's decisions never conflict with the flood of results (two per POS change in flow 1a),
 * and results need no lock against them. A decision made before a result was recorded saw that level as
 * not yet confirmed, a state it must handle anyway. Only an order's decision depends on it: it holds a
 * transfer while a webshop's level is unconfirmed, and a result recorded after its read would look for that
 * hold before it exists; so {@link #apply} (the order's write) also compares the results it read.
 *
 * <p>Webshops are keyed by connection id and reservations by transfer command id (a UUID). Connection
 * ids may contain '.', which Mongo reads as a path separator in updates, so it is stored as '~' (not
 * allowed in ids, so the encoding cannot collide).
 */
public class MongoStockLedger {

    public static final String COLLECTION = "stock_ledger";
    /** The token of the bulk write that last wrote a ledger's state ({@link #applyEach}). */
    private static final String LAST_WRITE = "lastWrite";
    /** The webshops' results of the levels sent, by connection ({@link #recordLevelResults}). */
    private static final String RESULTS = "results";

    private final MongoCollection<Document> collection;
    private final Clock clock;

    public MongoStockLedger(MongoDatabase database, Clock clock) {
        this.collection = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    public Mono<Void> ensureIndexes() {
        return Mono.from(collection.createIndex(Indexes.ascending("tenantId", "sku"),
                new IndexOptions().name("tenant_sku"))).then();
    }

    /** The ledgers of several SKUs in one round trip, by SKU; SKUs without a document are absent. */
    public Mono<Map<String, StockLedger>> loadAll(String tenantId, String flowId, Collection<String> skus) {
        return loadByKeys(skus.stream().map(sku -> DeterministicIds.stockKey(tenantId, flowId, sku)).toList())
                .map(byKey -> {
                    Map<String, StockLedger> bySku = new LinkedHashMap<>();
                    byKey.values().forEach(ledger -> bySku.put(ledger.sku(), ledger));
                    return Map.copyOf(bySku);
                });
    }

    /**
     * Applies each transition as a compare-and-set on the state and on the webshops' results its decision read
     * (an order's decision: whether a webshop's level is still unconfirmed decides a hold); fails with
     * {@link LedgerConflict} if any document moved on.
     */
    public Mono<Void> apply(List<StockTransition> transitions) {
        // one after the other: the first conflict ends the record (it is decided again on fresh state), and
        // a second concurrent failure would have nowhere to go
        return Flux.fromIterable(transitions).concatMap(this::apply).then();
    }

    /**
     * Applies the transitions of several independent decisions (each on ledgers of its own, one transition per
     * ledger) at once, in one bulk write; emits the decisions whose compare-and-set was lost, to be decided
     * again on fresh state.
     * Mongo counts a bulk write's matches but does not say which writes missed, so when some did, the
     * ledgers are read back: a write took effect if its ledger still carries the write's token
     * ({@code lastWrite}). One overwritten meanwhile by a later decision counts as lost as well, which
     * only costs a decision again on the state that includes it.
     */
    public <T> Mono<List<T>> applyEach(List<T> decisions, Function<T, List<StockTransition>> transitions) {
        String token = UUID.randomUUID().toString();
        List<WriteModel<Document>> writes = new ArrayList<>();
        Map<String, T> decisionByKey = new LinkedHashMap<>();
        for (T decision : decisions) {
            for (StockTransition transition : transitions.apply(decision)) {
                // one write per ledger: the token tells this call's writes apart, not two writes of one ledger
                if (decisionByKey.put(transition.next().key(), decision) != null) {
                    throw new IllegalArgumentException("two transitions of ledger " + transition.next().key()
                            + " in one bulk write");
                }
                writes.add(write(transition, token));
            }
        }
        if (writes.isEmpty()) {
            return Mono.just(List.of());
        }
        return Mono.from(collection.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
                .map(result -> result.getMatchedCount() + result.getInsertedCount() == writes.size())
                .onErrorResume(MongoStockLedger::onlyDuplicateKeys, e -> Mono.just(false))
                .flatMap(allApplied -> allApplied ? Mono.just(List.<T>of()) : notWrittenBy(token, decisionByKey));
    }

    private <T> Mono<List<T>> notWrittenBy(String token, Map<String, T> decisionByKey) {
        return Flux.from(collection.find(in("_id", List.copyOf(decisionByKey.keySet())))
                        .projection(new Document(LAST_WRITE, 1)))
                .filter(doc -> token.equals(doc.getString(LAST_WRITE)))
                .map(doc -> doc.getString("_id"))
                .collect(Collectors.toSet())
                .map(written -> {
                    Set<T> lost = Collections.newSetFromMap(new IdentityHashMap<>());
                    decisionByKey.forEach((key, decision) -> {
                        if (!written.contains(key)) {
                            lost.add(decision);
                        }
                    });
                    return List.copyOf(lost);
                });
    }

    private WriteModel<Document> write(StockTransition transition, String token) {
        StockLedger next = transition.next();
        long expected = transition.expected().version();
        Document fields = fields(next, expected).append(LAST_WRITE, token);
        return expected == 0 ? new InsertOneModel<>(fields)
                : new UpdateOneModel<>(and(eq("_id", next.key()), eq("version", expected)), setAll(fields));
    }

    /** The state a transition writes: every field but the webshops' results ({@link #recordLevelResults}). */
    private Document fields(StockLedger next, long expected) {
        Document doc = new Document("_id", next.key()).append("version", expected + 1)
                .append("updatedAt", Date.from(clock.instant()));
        doc.putAll(state(next));
        return doc;
    }

    private static Bson setAll(Document fields) {
        return Updates.combine(fields.entrySet().stream().filter(field -> !field.getKey().equals("_id"))
                .map(field -> Updates.set(field.getKey(), field.getValue())).toList());
    }

    private Mono<Void> apply(StockTransition transition) {
        StockLedger next = transition.next();
        StockLedger expected = transition.expected();
        Document fields = fields(next, expected.version());
        if (expected.version() == 0) {
            return Mono.from(collection.insertOne(fields))
                    .onErrorMap(MongoStockLedger::isDuplicateKey, e -> conflict(next, e))
                    .then();
        }
        List<Bson> unchanged = new ArrayList<>(List.of(eq("_id", next.key()), eq("version", expected.version())));
        // a result recorded since the read would have told the decision that a level it waits for landed
        expected.targets().values().forEach(target -> unchanged.add(
                eq(RESULTS + "." + encode(target.connectionId()) + ".resultOf", target.resultOf())));
        return Mono.from(collection.updateOne(and(unchanged), setAll(fields)))
                .flatMap(result -> result.getMatchedCount() == 0 ? Mono.error(conflict(next, null)) : Mono.empty())
                .then();
    }

    /** A connector's result of a level sent to a webshop, as {@link #recordLevelResults} records it. */
    public record LevelResult(String stockKey, String connectionId, String commandId, Outcome outcome,
                              Long writtenLevel, Instant writtenAt) {
    }

    /**
     * Records connectors' results of levels sent to webshops in one round trip, each only if its level
     * still is the last one sent there (a later command supersedes it), as {@link TargetStock#withResult}:
     * APPLIED confirms the level; PARKED forgets it, so the next decision sends the level again instead
     * of taking it as already there; either way the level is no longer pending. An applied level keeps the
     * webshop's time of it when the connector reports one. Kept under {@code results.<connection>}, apart
     * from the state decisions write, and read back into the webshop's {@link TargetStock}.
     */
    public Mono<Void> recordLevelResults(List<LevelResult> results) {
        if (results.isEmpty()) {
            return Mono.empty();
        }
        List<UpdateOneModel<Document>> writes = results.stream().map(MongoStockLedger::levelResult).toList();
        return Mono.from(collection.bulkWrite(writes, new BulkWriteOptions().ordered(true))).then();
    }

    private static UpdateOneModel<Document> levelResult(LevelResult result) {
        String connection = encode(result.connectionId());
        String recorded = RESULTS + "." + connection;
        List<Bson> updates = new ArrayList<>(List.of(Updates.set(recorded + ".resultOf", result.commandId()),
                Updates.set(recorded + ".parked", result.outcome() == Outcome.PARKED)));
        if (result.outcome() != Outcome.PARKED && result.writtenLevel() != null) {
            updates.add(Updates.set(recorded + ".confirmed", result.writtenLevel()));
            updates.add(Updates.set(recorded + ".confirmedAt", date(result.writtenAt())));
        }
        return new UpdateOneModel<>(and(eq("_id", result.stockKey()),
                eq("targets." + connection + ".commandId", result.commandId())), Updates.combine(updates));
    }

    /** The ledgers with these keys ({@link DeterministicIds#stockKey}) in one round trip; missing ones are absent. */
    public Mono<Map<String, StockLedger>> loadByKeys(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Mono.just(Map.of());
        }
        return Flux.from(collection.find(in("_id", List.copyOf(keys))))
                .map(MongoStockLedger::fromDocument)
                .collectMap(StockLedger::key, ledger -> ledger, LinkedHashMap::new)
                .map(Map::copyOf);
    }

    private static Document state(StockLedger ledger) {
        Document targets = new Document();
        ledger.targets().values().forEach(t -> targets.append(encode(t.connectionId()), target(t)));
        Document reservations = new Document();
        ledger.reservations().values().forEach(r -> reservations.append(r.id(), new Document("orderId", r.orderId())
                .append("lineId", r.lineId()).append("quantity", r.quantity()).append("appliedAt", date(r.appliedAt()))
                .append("hold", r.hold() == null ? null : hold(r.hold()))));
        Document doc = new Document("tenantId", ledger.tenantId())
                .append("flowId", ledger.flowId())
                .append("sku", ledger.sku())
                .append("targets", targets)
                .append("reservations", reservations);
        if (ledger.pos() != null) {
            doc.append("pos", new Document("level", ledger.pos().level())
                    .append("changedAt", date(ledger.pos().changedAt()))
                    .append("sourceVersion", ledger.pos().sourceVersion())
                    .append("previousLevel", ledger.pos().previousLevel())
                    .append("ourMoves", ledger.pos().ourMoves().stream().map(m -> new Document("commandId",
                            m.commandId()).append("delta", m.delta()).append("at", date(m.at()))).toList()));
        }
        return doc;
    }

    /** A webshop's state as decisions write it; its results ({@code confirmed}, ...) are recorded apart. */
    private static Document target(TargetStock t) {
        return new Document("connectionId", t.connectionId())
                .append("commanded", t.commanded())
                .append("commandId", t.commandId())
                .append("observed", t.observed())
                .append("observedAt", date(t.observedAt()))
                .append("observedVersion", t.observedVersion())
                .append("adjustments", new Document(new LinkedHashMap<String, Object>(t.adjustments())))
                .append("replaced", t.replaced());
    }

    private static Document hold(TransferHold hold) {
        Document awaiting = new Document();
        hold.awaiting().forEach((connection, command) -> awaiting.append(encode(connection), new Document(
                "connectionId", connection).append("commandId", command)));
        return new Document("awaiting", awaiting)
                .append("orderEventId", hold.orderEventId())
                .append("sourceConnectionId", hold.sourceConnectionId())
                .append("sourceSystem", hold.sourceSystem() == null ? null : hold.sourceSystem().name())
                .append("occurredAt", date(hold.occurredAt()))
                .append("correlationId", hold.correlationId());
    }

    private static Map<String, Integer> adjustments(Document doc) {
        Map<String, Integer> adjustments = new LinkedHashMap<>();
        if (doc != null) {
            doc.forEach((commandId, delta) -> adjustments.put(commandId, ((Number) delta).intValue()));
        }
        return adjustments;
    }

    private static TransferHold hold(Document doc) {
        Map<String, String> awaiting = new LinkedHashMap<>();
        doc.get("awaiting", new Document()).values().forEach(value -> awaiting.put(
                ((Document) value).getString("connectionId"), ((Document) value).getString("commandId")));
        String system = doc.getString("sourceSystem");
        return new TransferHold(awaiting, doc.getString("orderEventId"), doc.getString("sourceConnectionId"),
                system == null ? null : SystemKind.valueOf(system), instant(doc.getDate("occurredAt")),
                doc.getString("correlationId"));
    }

    private static StockLedger fromDocument(Document doc) {
        Map<String, TargetStock> targets = new LinkedHashMap<>();
        Document results = doc.get(RESULTS, new Document());
        doc.get("targets", new Document()).forEach((connection, value) -> {
            Document t = (Document) value;
            Document r = results.get(connection, new Document());
            String resultOf = r.getString("resultOf");
            String commandId = t.getString("commandId");
            // a parked level is forgotten: the next decision sends it again
            boolean parked = r.getBoolean("parked", false) && resultOf != null && resultOf.equals(commandId);
            targets.put(t.getString("connectionId"), new TargetStock(t.getString("connectionId"),
                    parked ? null : longOrNull(t, "commanded"), parked ? null : commandId, longOrNull(t, "observed"),
                    instant(t.getDate("observedAt")), t.getString("observedVersion"), longOrNull(r, "confirmed"),
                    resultOf, adjustments(t.get("adjustments", Document.class)), longOrNull(t, "replaced"),
                    instant(r.getDate("confirmedAt"))));
        });
        Map<String, Reservation> reservations = new LinkedHashMap<>();
        doc.get("reservations", new Document()).forEach((id, value) -> {
            Document r = (Document) value;
            Document hold = r.get("hold", Document.class);
            reservations.put(id, new Reservation(id, r.getString("orderId"), r.getString("lineId"),
                    r.getInteger("quantity", 0), instant(r.getDate("appliedAt")), hold == null ? null : hold(hold)));
        });
        Document pos = doc.get("pos", Document.class);
        return new StockLedger(doc.getString("_id"), doc.getString("tenantId"), doc.getString("flowId"),
                doc.getString("sku"), ((Number) doc.get("version")).longValue(),
                pos == null ? null : posLevel(pos), targets, reservations);
    }

    private static PosLevel posLevel(Document pos) {
        List<PosLevel.Move> moves = pos.getList("ourMoves", Document.class, List.of()).stream()
                .map(m -> new PosLevel.Move(m.getString("commandId"), m.getInteger("delta", 0),
                        instant(m.getDate("at")))).toList();
        Number previous = (Number) pos.get("previousLevel");
        return new PosLevel(((Number) pos.get("level")).longValue(), pos.getDate("changedAt").toInstant(),
                pos.getString("sourceVersion"), previous == null ? null : previous.longValue(), moves);
    }

    private static String encode(String connectionId) {
        return connectionId.replace('.', '~');
    }

    private static Long longOrNull(Document doc, String field) {
        Object value = doc.get(field);
        return value == null ? null : ((Number) value).longValue();
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static boolean onlyDuplicateKeys(Throwable e) {
        return e instanceof MongoBulkWriteException bulk && bulk.getWriteConcernError() == null
                && bulk.getWriteErrors().stream().allMatch(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY);
    }

    private static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoServerException server
                && ErrorCategory.fromErrorCode(server.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    private static LedgerConflict conflict(StockLedger next, Throwable cause) {
        String message = "stock ledger " + next.key() + " changed concurrently; deciding again";
        return cause == null ? new LedgerConflict(message) : new LedgerConflict(message, cause);
    }
}
