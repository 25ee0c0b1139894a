package io.possync.connector.woocommerce.command;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.common.command.BatchCommandDispatcher.GroupOutcome;
import io.possync.common.command.CommandOutcome;
import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.http.HttpStatusException;
import io.possync.common.http.RetriesExhaustedException;
import io.possync.common.kafka.PermanentFailure;
import io.possync.connector.woocommerce.client.WooCommerceClient;
import io.possync.connector.woocommerce.client.WooResponse;
import io.possync.connector.woocommerce.mapping.WooDates;
import io.possync.connector.woocommerce.mapping.MongoSkuMappings;
import io.possync.connector.woocommerce.mapping.WooProductRef;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.SetStockLevel;
import tools.jackson.databind.JsonNode;

/**
 * Applies one connection's SetStockLevel commands of a poll: the latest level per SKU, written with
 * {@code POST /products/batch} and {@code POST /products/{parent}/variations/batch} (at most
 * {@code batchSize} items per call). A per-item error inside the 200 parks that SKU only. Transient
 * trouble that outlasts the retries leaves the unwritten commands without an outcome, to be
 * delivered again, except on their last delivery, when they are parked.
 */
public class WooStockWriter {

    private static final Logger log = LoggerFactory.getLogger(WooStockWriter.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);
    /** Item errors meaning the id we hold is no longer that product: the mapping is dropped and looked up next time. */
    private static final Set<String> STALE_ID_CODES = Set.of("woocommerce_rest_product_invalid_id",
            "woocommerce_rest_product_variation_invalid_id", "woocommerce_rest_invalid_id",
            "woocommerce_rest_invalid_product_id");


    /** One item of a batch call: the command whose level is written, and where. */
    private record Item(String sku, ConnectorCommand command, WooProductRef ref) {

        long level() {
            return ((SetStockLevel) command.getAction()).getLevel();
        }
    }

    private final MongoConnectionStore connections;
    private final WooCommerceClient client;
    private final WooSkuResolver resolver;
    private final MongoSkuMappings mappings;
    private final int batchSize;
    private final int listenerRetries;

    public WooStockWriter(MongoConnectionStore connections, WooCommerceClient client, WooSkuResolver resolver,
                          MongoSkuMappings mappings, int batchSize, int listenerRetries) {
        this.connections = connections;
        this.client = client;
        this.resolver = resolver;
        this.mappings = mappings;
        this.batchSize = batchSize;
        this.listenerRetries = listenerRetries;
    }

    /**
     * @param commands        distinct commands of one target connection, in delivery order
     * @param deliveryAttempt which delivery of a command's record this is (1 for the first)
     */
    public GroupOutcome handle(String connectionId, List<ConnectorCommand> commands,
                               ToIntFunction<String> deliveryAttempt) {
        WooCoalescer.Plan plan = WooCoalescer.plan(commands);
        Map<String, CommandOutcome> outcomes = new LinkedHashMap<>(plan.refused());
        if (plan.writes().isEmpty()) {
            return new GroupOutcome(outcomes, null);
        }
        Connection store = connections.find(connectionId).block(LOOKUP_TIMEOUT);
        if (store == null) {
            plan.writes().values().forEach(c -> outcomes.put(c.getCommandId(),
                    CommandOutcome.parked("unknown connection " + connectionId, 0)));
            return finish(plan, outcomes, null);
        }
        Map<String, WooProductRef> refs;
        try {
            refs = resolver.resolve(store, plan.writes().keySet());
        } catch (RetriesExhaustedException e) {
            return unfinished(plan, outcomes, e, deliveryAttempt, List.copyOf(plan.writes().values()));
        } catch (HttpStatusException e) {
            plan.writes().values().forEach(c -> outcomes.put(c.getCommandId(),
                    CommandOutcome.parked("SKU lookup refused: " + describe(e), 1)));
            return finish(plan, outcomes, null);
        }
        List<Item> products = new ArrayList<>();
        Map<Long, List<Item>> variationsByParent = new LinkedHashMap<>();
        plan.writes().forEach((sku, command) -> {
            WooProductRef ref = refs.get(sku);
            if (ref == null) {
                outcomes.put(command.getCommandId(), CommandOutcome.parked("SKU " + sku
                        + " matches no product or variation in the store", 0));
            } else if (ref.variation()) {
                variationsByParent.computeIfAbsent(ref.productId(), p -> new ArrayList<>())
                        .add(new Item(sku, command, ref));
            } else {
                products.add(new Item(sku, command, ref));
            }
        });
        List<Call> calls = new ArrayList<>();
        WooCoalescer.chunks(products, batchSize).forEach(chunk -> calls.add(new Call("/products/batch", chunk)));
        variationsByParent.forEach((parent, items) -> WooCoalescer.chunks(items, batchSize)
                .forEach(chunk -> calls.add(new Call("/products/" + parent + "/variations/batch", chunk))));
        for (int i = 0; i < calls.size(); i++) {
            try {
                write(store, calls.get(i), outcomes);
            } catch (RetriesExhaustedException e) {
                List<ConnectorCommand> left = calls.subList(i, calls.size()).stream()
                        .flatMap(call -> call.items().stream().map(Item::command)).toList();
                return unfinished(plan, outcomes, e, deliveryAttempt, left);
            }
        }
        return finish(plan, outcomes, null);
    }

    private record Call(String path, List<Item> items) {
    }

    private void write(Connection store, Call call, Map<String, CommandOutcome> outcomes) {
        List<Map<String, Object>> update = new ArrayList<>(call.items().size());
        for (Item item : call.items()) {
            long id = item.ref().variation() ? item.ref().variationId() : item.ref().productId();
            update.add(Map.of("id", id, "manage_stock", true, "stock_quantity", item.level()));
        }
        String request = "POST " + call.path();
        WooResponse response;
        try {
            response = client.post(store, call.path(), Map.of("update", update));
        } catch (HttpStatusException e) {
            boolean staleParent = e.status() == 404 && call.items().get(0).ref().variation();
            for (Item item : call.items()) {
                if (staleParent) {
                    mappings.forget(store.id(), item.sku());
                }
                outcomes.put(item.command().getCommandId(), CommandOutcome.parked(
                        "WooCommerce refused " + request + ": " + describe(e), 1, details(item, request)));
            }
            return;
        }
        JsonNode answers = response.body().path("update");
        for (int i = 0; i < call.items().size(); i++) {
            Item item = call.items().get(i);
            JsonNode answer = answerFor(answers, i, item);
            JsonNode error = answer == null ? null : answer.get("error");
            if (answer == null || (error != null && !error.isNull())) {
                String code = error == null ? "missing" : error.path("code").asString();
                String message = error == null ? "no answer for this item" : error.path("message").asString();
                if (STALE_ID_CODES.contains(code)) {
                    mappings.forget(store.id(), item.sku());
                }
                outcomes.put(item.command().getCommandId(), CommandOutcome.parked("WooCommerce refused SKU "
                        + item.sku() + ": " + code + ": " + message, response.attempts(), details(item, request)));
            } else {
                Map<String, String> details = details(item, request);
                details.put("level", Long.toString(item.level()));
                changedAt(answer).ifPresent(at -> details.put("changedAt", at.toString()));
                outcomes.put(item.command().getCommandId(), CommandOutcome.applied(response.attempts(), details));
            }
        }
    }

    /** The answer at the same position, if it is about the same id; else the one with that id. */
    private static JsonNode answerFor(JsonNode answers, int index, Item item) {
        long id = item.ref().variation() ? item.ref().variationId() : item.ref().productId();
        JsonNode atIndex = answers.get(index);
        if (atIndex != null && atIndex.path("id").longValue() == id) {
            return atIndex;
        }
        for (JsonNode answer : answers) {
            if (answer.path("id").longValue() == id) {
                return answer;
            }
        }
        // an item error may come back with id 0; position is then all there is
        return atIndex != null && atIndex.path("id").longValue() == 0 ? atIndex : null;
    }

    /**
     * The store's own time of the state our write left ({@code date_modified_gmt} of the answer): the engine
     * orders the store's later reports against it, since a webhook built before our write can arrive after
     * the write's result. Left out when the answer has none.
     */
    private static Optional<Instant> changedAt(JsonNode answer) {
        String modified = answer.path("date_modified_gmt").asString(null);
        if (modified == null || modified.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(WooDates.parseGmt(modified, "date_modified_gmt"));
        } catch (PermanentFailure e) {
            log.warn("unreadable date_modified_gmt '{}' in a batch answer; the write's time is not reported", modified);
            return Optional.empty();
        }
    }

    private static Map<String, String> details(Item item, String request) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("sku", item.sku());
        details.put("productId", Long.toString(item.ref().productId()));
        if (item.ref().variation()) {
            details.put("variationId", Long.toString(item.ref().variationId()));
        }
        details.put("request", request);
        return details;
    }

    /** Superseded commands end with the command that replaced them; while that is unfinished, so are they. */
    private static GroupOutcome finish(WooCoalescer.Plan plan, Map<String, CommandOutcome> outcomes,
                                       RuntimeException failure) {
        plan.superseded().forEach((older, winner) -> {
            if (outcomes.containsKey(winner)) {
                outcomes.put(older, CommandOutcome.applied(0, Map.of("superseded", winner)));
            }
        });
        return new GroupOutcome(outcomes, failure);
    }

    private GroupOutcome unfinished(WooCoalescer.Plan plan, Map<String, CommandOutcome> outcomes,
                                    RetriesExhaustedException e, ToIntFunction<String> deliveryAttempt,
                                    List<ConnectorCommand> left) {
        int attempt = left.stream().mapToInt(c -> deliveryAttempt.applyAsInt(c.getCommandId())).max().orElse(1);
        if (attempt <= listenerRetries) {
            return finish(plan, outcomes, e);
        }
        log.warn("parking {} WooCommerce stock writes after {} deliveries: {}", left.size(), attempt, e.getMessage());
        left.forEach(c -> outcomes.put(c.getCommandId(), CommandOutcome.parked(
                "WooCommerce kept failing after " + attempt + " deliveries: " + e.getMessage(), e.attempts())));
        return finish(plan, outcomes, null);
    }

    private static String describe(HttpStatusException e) {
        String body = e.body().length() > 300 ? e.body().substring(0, 300) + "…" : e.body();
        return "HTTP " + e.status() + " " + body;
    }
}
