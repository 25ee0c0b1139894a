package io.possync.common.connection;

import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;

import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import io.possync.schemas.avro.SystemKind;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code connections} collection: written by the management API, read by the gateway (webhook
 * secrets) and the connectors (base URL, credentials). Secrets are stored AES-GCM encrypted.
 * Reads are cached for a short time because the gateway looks a connection up on every delivery.
 */
public class MongoConnectionStore {

    public static final String COLLECTION = "connections";

    private final MongoCollection<Document> collection;
    private final SecretCipher cipher;
    private final Clock clock;
    private final Duration cacheTtl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Connection connection, Instant loadedAt, Instant until) {
    }

    public MongoConnectionStore(MongoDatabase database, SecretCipher cipher, Clock clock, Duration cacheTtl) {
        this.collection = database.getCollection(COLLECTION);
        this.cipher = cipher;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
    }

    /** The connection, or empty if there is none with that id. */
    public Mono<Connection> find(String id) {
        Cached cached = cache.get(id);
        if (cached != null && clock.instant().isBefore(cached.until())) {
            return Mono.just(cached.connection());
        }
        return load(id);
    }

    /**
     * Reads the connection again, bypassing the cache, unless the cached copy is younger than
     * {@code minAge} (then empty: there is nothing newer to learn). For a caller whose check failed
     * against a cached copy, e.g. a webhook signed with a secret set or rotated moments ago; the
     * minimum age keeps bad requests from turning into a Mongo read each.
     */
    public Mono<Connection> reload(String id, Duration minAge) {
        Cached cached = cache.get(id);
        if (cached != null && clock.instant().isBefore(cached.loadedAt().plus(minAge))) {
            return Mono.empty();
        }
        return load(id);
    }

    private Mono<Connection> load(String id) {
        return Mono.from(collection.find(eq("_id", id)).first())
                .map(this::fromDocument)
                .doOnNext(c -> {
                    Instant now = clock.instant();
                    cache.put(id, new Cached(c, now, now.plus(cacheTtl)));
                });
    }

    public Flux<Connection> findByTenant(String tenantId) {
        return Flux.from(collection.find(eq("tenantId", tenantId))).map(this::fromDocument);
    }

    /** Every connection of one system family, uncached (pollers list the accounts they reconcile). */
    public Flux<Connection> findBySystem(SystemKind system) {
        return Flux.from(collection.find(eq("system", system.name().toLowerCase(Locale.ROOT)))).map(this::fromDocument);
    }

    /** Inserts or replaces a connection (secrets encrypted). */
    public Mono<Connection> save(Connection connection) {
        Document doc = toDocument(connection);
        return Mono.from(collection.replaceOne(eq("_id", connection.id()), doc, new ReplaceOptions().upsert(true)))
                .doOnNext(r -> cache.remove(connection.id()))
                .thenReturn(connection);
    }

    private Document toDocument(Connection c) {
        Document credentials = new Document();
        c.credentials().forEach((k, v) -> credentials.append(k, cipher.encrypt(v, context(c.id(), "credentials." + k))));
        Document doc = new Document("_id", c.id())
                .append("tenantId", c.tenantId())
                .append("system", c.system().name().toLowerCase(Locale.ROOT))
                .append("baseUrl", c.baseUrl())
                .append("credentials", credentials)
                .append("updatedAt", java.util.Date.from(clock.instant()));
        if (c.webhookSecret() != null) {
            doc.append("webhookSecret", cipher.encrypt(c.webhookSecret(), context(c.id(), "webhookSecret")));
        }
        if (c.previousWebhookSecret() != null) {
            doc.append("previousWebhookSecret",
                    cipher.encrypt(c.previousWebhookSecret(), context(c.id(), "previousWebhookSecret")));
            doc.append("previousSecretValidUntil", java.util.Date.from(c.previousSecretValidUntil()));
        }
        return doc;
    }

    private Connection fromDocument(Document doc) {
        String id = doc.getString("_id");
        Map<String, String> credentials = new LinkedHashMap<>();
        Document stored = doc.get("credentials", Document.class);
        if (stored != null) {
            stored.forEach((k, v) -> credentials.put(k, cipher.decrypt((String) v, context(id, "credentials." + k))));
        }
        java.util.Date validUntil = doc.getDate("previousSecretValidUntil");
        return new Connection(id, doc.getString("tenantId"),
                SystemKind.valueOf(doc.getString("system").toUpperCase(Locale.ROOT)),
                doc.getString("baseUrl"), credentials,
                decryptOptional(doc, id, "webhookSecret"), decryptOptional(doc, id, "previousWebhookSecret"),
                validUntil == null ? null : validUntil.toInstant());
    }

    private String decryptOptional(Document doc, String id, String field) {
        String value = doc.getString(field);
        return value == null ? null : cipher.decrypt(value, context(id, field));
    }

    private static String context(String connectionId, String field) {
        return "connection/" + connectionId + "/" + field;
    }
}
