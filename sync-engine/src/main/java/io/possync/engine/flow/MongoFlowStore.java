package io.possync.engine.flow;

import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import io.possync.engine.rule.FlowConfig;
import io.possync.engine.rule.FlowTemplate;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SystemKind;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code flows} collection ({@code _id = tenant|flowId}). Every order event looks up its
 * tenant's flows, so they are cached for a short time; a save through this store clears the
 * tenant's entry at once, other replicas see the change within the TTL.
 */
public class MongoFlowStore {

    public static final String COLLECTION = "flows";

    private final MongoCollection<Document> collection;
    private final Clock clock;
    private final Duration cacheTtl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(List<FlowConfig> flows, Instant until) {
    }

    public MongoFlowStore(MongoDatabase database, Clock clock, Duration cacheTtl) {
        this.collection = database.getCollection(COLLECTION);
        this.clock = clock;
        this.cacheTtl = cacheTtl;
    }

    public Mono<Void> ensureIndexes() {
        return Mono.from(collection.createIndex(Indexes.ascending("tenantId"), new IndexOptions().name("tenant")))
                .then();
    }

    /** Inserts or replaces a flow; emits true when it was created. */
    public Mono<Boolean> save(FlowConfig flow) {
        Date now = Date.from(clock.instant());
        Document fields = toDocument(flow).append("updatedAt", now);
        return Mono.from(collection.updateOne(eq("_id", id(flow.tenantId(), flow.flowId())),
                        Updates.combine(new Document("$set", fields), Updates.setOnInsert("createdAt", now)),
                        new UpdateOptions().upsert(true)))
                .map(result -> result.getUpsertedId() != null)
                .doOnNext(created -> cache.remove(flow.tenantId()));
    }

    public Mono<FlowConfig> find(String tenantId, String flowId) {
        return Mono.from(collection.find(eq("_id", id(tenantId, flowId))).first()).map(MongoFlowStore::fromDocument);
    }

    public Flux<FlowConfig> findByTenant(String tenantId) {
        return Flux.from(collection.find(eq("tenantId", tenantId)).sort(Sorts.ascending("flowId")))
                .map(MongoFlowStore::fromDocument);
    }

    /** The tenant's enabled flows, from the cache when fresh. */
    public Mono<List<FlowConfig>> enabledFlows(String tenantId) {
        Cached cached = cache.get(tenantId);
        if (cached != null && clock.instant().isBefore(cached.until())) {
            return Mono.just(cached.flows());
        }
        return findByTenant(tenantId).filter(FlowConfig::enabled).collectList()
                .doOnNext(flows -> cache.put(tenantId, new Cached(List.copyOf(flows), clock.instant().plus(cacheTtl))));
    }

    private static String id(String tenantId, String flowId) {
        return tenantId + "|" + flowId;
    }

    private static Document toDocument(FlowConfig flow) {
        return new Document("tenantId", flow.tenantId())
                .append("flowId", flow.flowId())
                .append("template", flow.template().name())
                .append("webshopConnectionIds", flow.webshopConnectionIds())
                .append("webshopSystems", flow.webshopConnectionIds().stream()
                        .map(id -> flow.webshopSystems().getOrDefault(id, SystemKind.UNKNOWN).name()).toList())
                .append("posConnectionId", flow.posConnectionId())
                .append("posSystem", flow.posSystem().name())
                .append("triggerState", flow.triggerState().name())
                .append("enabled", flow.enabled())
                .append("safetyBuffer", flow.safetyBuffer())
                .append("reconcileIntervalSeconds", flow.reconcileInterval().toSeconds())
                .append("stockMasterConnectionId", flow.stockMasterConnectionId());
    }

    /** Flows saved before the stock settings existed read as: no known webshop systems, no buffer, 5 minutes. */
    private static FlowConfig fromDocument(Document doc) {
        List<String> webshops = doc.getList("webshopConnectionIds", String.class);
        List<String> systems = doc.getList("webshopSystems", String.class, List.of());
        Map<String, SystemKind> webshopSystems = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(webshops.size(), systems.size()); i++) {
            SystemKind system = SystemKind.valueOf(systems.get(i));
            if (system != SystemKind.UNKNOWN) {
                webshopSystems.put(webshops.get(i), system);
            }
        }
        Number reconcile = doc.get("reconcileIntervalSeconds", Number.class);
        return new FlowConfig(doc.getString("tenantId"), doc.getString("flowId"),
                FlowTemplate.valueOf(doc.getString("template")), webshops, webshopSystems,
                doc.getString("posConnectionId"), SystemKind.valueOf(doc.getString("posSystem")),
                OrderState.valueOf(doc.getString("triggerState")), doc.getBoolean("enabled", false),
                doc.getInteger("safetyBuffer", 0),
                reconcile == null ? FlowConfig.DEFAULT_RECONCILE_INTERVAL : Duration.ofSeconds(reconcile.longValue()),
                doc.getString("stockMasterConnectionId"));
    }
}
