package io.possync.common.flow;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.or;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;

/**
 * The one place connectors read engine configuration: the reconciliation interval of each connection,
 * read-only from the engine's {@code flows} collection (written by the engine's {@code MongoFlowStore};
 * fields {@code enabled}, {@code posConnectionId}, {@code webshopConnectionIds},
 * {@code reconcileIntervalSeconds}). A connection is polled at the shortest interval of the enabled
 * flows it belongs to; a connection in no enabled flow is absent from the answer, so the connector's
 * own default applies. Blocking: poller threads only.
 */
public class MongoFlowIntervals {

    public static final String COLLECTION = "flows";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MongoCollection<Document> collection;

    public MongoFlowIntervals(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
    }

    /** Shortest interval per connection among {@code connectionIds}, one query for all of them. */
    public Map<String, Duration> reconcileIntervals(Collection<String> connectionIds) {
        Map<String, Duration> shortest = new HashMap<>();
        if (connectionIds.isEmpty()) {
            return shortest;
        }
        List<Document> flows = Flux.from(collection.find(and(eq("enabled", true),
                        or(in("posConnectionId", connectionIds), in("webshopConnectionIds", connectionIds))))
                .projection(Projections.include("posConnectionId", "webshopConnectionIds", "reconcileIntervalSeconds")))
                .collectList().blockOptional(TIMEOUT).orElse(List.of());
        for (Document flow : flows) {
            Number seconds = flow.get("reconcileIntervalSeconds", Number.class);
            // flows saved before the setting existed carry none: the connector default applies to them
            if (seconds == null || seconds.longValue() <= 0) {
                continue;
            }
            Duration interval = Duration.ofSeconds(seconds.longValue());
            for (String member : members(flow)) {
                if (connectionIds.contains(member)) {
                    shortest.merge(member, interval, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
        }
        return shortest;
    }

    private static List<String> members(Document flow) {
        List<String> webshops = flow.getList("webshopConnectionIds", String.class, List.of());
        String pos = flow.getString("posConnectionId");
        if (pos == null) {
            return webshops;
        }
        List<String> all = new ArrayList<>(webshops);
        all.add(pos);
        return all;
    }
}
