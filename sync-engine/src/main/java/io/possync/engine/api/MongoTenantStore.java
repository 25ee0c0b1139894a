package io.possync.engine.api;

import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;

import org.bson.Document;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Mono;

/** The {@code tenants} collection: {@code {_id, name, createdAt, updatedAt}}. */
public class MongoTenantStore {

    public static final String COLLECTION = "tenants";

    public record Tenant(String id, String name, Instant createdAt, Instant updatedAt) {
    }

    private final MongoCollection<Document> collection;
    private final Clock clock;

    public MongoTenantStore(MongoDatabase database, Clock clock) {
        this.collection = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    /** Creates or renames a tenant; emits true when it was created. */
    public Mono<Boolean> save(String id, String name) {
        Date now = Date.from(clock.instant());
        return Mono.from(collection.updateOne(eq("_id", id),
                        Updates.combine(Updates.set("name", name), Updates.set("updatedAt", now),
                                Updates.setOnInsert("createdAt", now)),
                        new UpdateOptions().upsert(true)))
                .map(result -> result.getUpsertedId() != null);
    }

    public Mono<Tenant> find(String id) {
        return Mono.from(collection.find(eq("_id", id)).first())
                .map(doc -> new Tenant(doc.getString("_id"), doc.getString("name"),
                        doc.getDate("createdAt").toInstant(), doc.getDate("updatedAt").toInstant()));
    }

    /** Completes if the tenant exists, fails with 404 otherwise. */
    public Mono<Tenant> require(String id) {
        return find(id).switchIfEmpty(Mono.error(() -> ApiError.notFound("tenant " + id + " does not exist")));
    }
}
