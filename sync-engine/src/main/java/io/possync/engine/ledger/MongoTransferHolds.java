package io.possync.engine.ledger;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.bson.Document;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import io.possync.engine.rule.DeterministicIds;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code transfer_holds} collection: when the bounded wait of each held order transfer ends
 * ({@code _id} = transfer command id). The hold itself lives on the reservation in the stock ledger;
 * this is only the timer's index into it, so it may name a hold already released (the timer then finds
 * nothing held and forgets it). It holds a handful of documents at any time (a hold normally lasts a
 * coalescing window), so the timer's query on {@code deadline} and the result processor's on {@code sku}
 * stay cheap even where they scan.
 */
public class MongoTransferHolds {

    public static final String COLLECTION = "transfer_holds";

    /** A held transfer of {@code sku} in the flow, whose wait ends at {@code deadline}. */
    public record Due(String transferId, String tenantId, String flowId, String sku, Instant deadline) {
    }

    private final MongoCollection<Document> collection;

    public MongoTransferHolds(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
    }

    public Mono<Void> ensureIndexes() {
        return Mono.from(collection.createIndex(Indexes.ascending("deadline"), new IndexOptions().name("deadline")))
                .then();
    }

    /** Set on insert only: a redelivered decision keeps the first deadline. */
    public Mono<Void> record(List<Due> holds) {
        if (holds.isEmpty()) {
            return Mono.empty();
        }
        List<UpdateOneModel<Document>> writes = holds.stream().map(hold -> new UpdateOneModel<Document>(
                eq("_id", hold.transferId()), Updates.combine(Updates.setOnInsert("tenantId", hold.tenantId()),
                        Updates.setOnInsert("flowId", hold.flowId()), Updates.setOnInsert("sku", hold.sku()),
                        Updates.setOnInsert("deadline", Date.from(hold.deadline()))),
                new UpdateOptions().upsert(true))).toList();
        return Mono.from(collection.bulkWrite(writes, new BulkWriteOptions().ordered(false))).then();
    }

    public Flux<Due> dueBy(Instant now) {
        return Flux.from(collection.find(lte("deadline", Date.from(now))))
                .map(doc -> new Due(doc.getString("_id"), doc.getString("tenantId"), doc.getString("flowId"),
                        doc.getString("sku"), doc.getDate("deadline").toInstant()));
    }

    /**
     * The stock ledgers ({@link DeterministicIds#stockKey}) of these SKUs, in any tenant and flow, with a held
     * transfer on record. Every hold is recorded here before its ledger write, so a ledger not named has no
     * hold (one named may have been released meanwhile).
     */
    public Mono<Set<String>> heldLedgers(Collection<String> skus) {
        if (skus.isEmpty()) {
            return Mono.just(Set.of());
        }
        return Flux.from(collection.find(in("sku", List.copyOf(Set.copyOf(skus)))))
                .map(doc -> DeterministicIds.stockKey(doc.getString("tenantId"), doc.getString("flowId"),
                        doc.getString("sku")))
                .collect(Collectors.toSet());
    }

    public Mono<Void> forget(Collection<String> transferIds) {
        if (transferIds.isEmpty()) {
            return Mono.empty();
        }
        return Mono.from(collection.deleteMany(in("_id", List.copyOf(transferIds)))).then();
    }
}
