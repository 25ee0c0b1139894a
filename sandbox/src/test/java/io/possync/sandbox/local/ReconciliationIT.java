package io.possync.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;
import static com.mongodb.client.model.Filters.eq;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.bson.Document;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.mongodb.reactivestreams.client.MongoDatabase;

import io.possync.common.poll.MongoPollSchedule;
import reactor.core.publisher.Mono;

import tools.jackson.databind.JsonNode;

/**
 * Reconciliation across Zettle (POS master), Shopify and WooCommerce in the demo's flow 1a: the flow's
 * {@code reconcileInterval} (10 s here, the connectors' own default stays 5 min) makes every connector
 * poll its connections, so a webhook the simulator drops is healed by the next poll and reported in
 * the sync log, and a change seen by both webhook and poll takes effect once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconciliationIT {

    /** Two flow intervals and the time to carry a change out, generously: the machine may be busy. */
    private static final Duration HEALED = Duration.ofSeconds(60);
    private static final Duration SYNC = Duration.ofSeconds(30);
    private static final AtomicInteger SKUS = new AtomicInteger();

    private LocalInfrastructure infra;
    private Platform platform;
    private SimulatorControl sim;

    @BeforeAll
    void start() throws Exception {
        infra = LocalInfrastructure.start(null, 0);
        platform = Platform.start(Platform.Settings.randomPorts(infra).withExtraProperties(Map.of(
                "possync.zettle.library-refresh-interval", "0s",
                "possync.poll.tick", "1s")));
        new DemoTenant(platform).seed();
        sim = new SimulatorControl(platform);
        sim.demoFlowReconcilingEvery("10s");
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void aDroppedWebhookIsHealedByTheNextReconciliation() {
        String sku = newProductKnownToTheFlow(20);

        // Given the POS sale's webhook is lost
        sim.zettleDropNextWebhooks(1);
        sim.zettleSale(sku, 3);

        // Then the next Zettle poll brings the level, and both webshops follow
        await().atMost(HEALED).untilAsserted(() -> {
            assertThat(sim.shopifyAvailable(sku)).isEqualTo(17);
            assertThat(sim.wooStock(sku)).isEqualTo(17);
        });
        assertThat(entries(sku, e -> "SET_STOCK_LEVEL".equals(text(e, "decision"))
                && text(e, "reason").startsWith("reconciliation poll found POS level 17 (no webhook brought it)")))
                .extracting(e -> text(e, "targetConnectionId"))
                .containsExactlyInAnyOrder(DemoTenant.SHOPIFY_CONNECTION, DemoTenant.WOOCOMMERCE_CONNECTION);

        // Given a merchant changes Shopify's level behind our back and that webhook is lost too
        sim.shopifyDropNextWebhooks(1);
        sim.shopifyAdminSet(sku, 30);
        assertThat(sim.shopifyAvailable(sku)).isEqualTo(30);

        // Then the next Shopify poll finds the drift and the POS-derived level is written back
        await().atMost(HEALED).untilAsserted(() -> assertThat(sim.shopifyAvailable(sku)).isEqualTo(17));
        assertThat(entries(sku, e -> "DRIFT_REPAIRED".equals(text(e, "decision"))))
                .singleElement().satisfies(e -> {
                    assertThat(text(e, "sourceConnectionId")).isEqualTo(DemoTenant.SHOPIFY_CONNECTION);
                    assertThat(text(e, "reason")).startsWith("reconciliation poll found webshop level 30");
                });
        assertThat(sim.wooStock(sku)).isEqualTo(17);
    }

    @Test
    void aChangeSeenByWebhookAndPollTakesEffectOnce() {
        String sku = newProductKnownToTheFlow(20);
        int shopifyWritesBefore = sim.shopifyApiWrites(sku).size();
        int wooWritesBefore = sim.wooRestWrites(sku).size();

        sim.zettleSale(sku, 2);

        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(sim.shopifyAvailable(sku)).isEqualTo(18);
            assertThat(sim.wooStock(sku)).isEqualTo(18);
        });
        // the other sighting of the same change (the poll after the webhook, or the webhook after the poll)
        await().atMost(HEALED).until(() -> !entries(sku, e -> "SKIP_DUPLICATE".equals(text(e, "decision"))
                && DemoTenant.ZETTLE_CONNECTION.equals(text(e, "sourceConnectionId"))
                && text(e, "reason").contains(" to level 18 already taken")).isEmpty());
        // and once more a poll of both webshops, which see the level we wrote
        awaitAnotherPollRound();

        assertThat(entries(sku, e -> "SET_STOCK_LEVEL".equals(text(e, "decision"))
                && text(e, "reason").contains("available 18 ")))
                .as("one decision for the change: one level per webshop")
                .extracting(e -> text(e, "targetConnectionId"))
                .containsExactlyInAnyOrder(DemoTenant.SHOPIFY_CONNECTION, DemoTenant.WOOCOMMERCE_CONNECTION);
        assertThat(entries(sku, e -> "DRIFT_REPAIRED".equals(text(e, "decision")))).isEmpty();
        List<Integer> shopifyWrites = sim.shopifyApiWrites(sku);
        assertThat(shopifyWrites.subList(shopifyWritesBefore, shopifyWrites.size())).containsExactly(18);
        List<Integer> wooWrites = sim.wooRestWrites(sku);
        assertThat(wooWrites.subList(wooWritesBefore, wooWrites.size())).containsExactly(18);
    }

    /**
     * A product in all three systems whose POS level the flow has taken (from the first Zettle poll:
     * creating a product sends no webhook) and sent to both webshops.
     */
    private String newProductKnownToTheFlow(int balance) {
        String sku = "RECON-" + SKUS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
        new DemoTenant(platform).seedProducts(List.of(new DemoTenant.DemoProduct(sku, sku, balance)));
        await().atMost(HEALED).until(() -> entries(sku, e -> "SET_STOCK_LEVEL".equals(text(e, "decision"))
                && !"PENDING".equals(text(e, "outcome"))).size() == 2);
        return sku;
    }

    /** Waits until both webshops' stock polls have run to their end once more, from start to finish after now. */
    private void awaitAnotherPollRound() {
        Instant from = Instant.now();
        MongoDatabase database = platform.shopifyConnector().getBean(MongoDatabase.class);
        await().atMost(HEALED).until(() -> Stream.of(DemoTenant.SHOPIFY_CONNECTION, DemoTenant.WOOCOMMERCE_CONNECTION)
                .allMatch(connection -> {
                    Document poll = Mono.from(database.getCollection(MongoPollSchedule.COLLECTION)
                            .find(eq("_id", connection + "|stock")).first()).block(Duration.ofSeconds(10));
                    return poll != null && poll.getDate("lastPolledAt").toInstant().isAfter(from)
                            && !poll.getDate("until").toInstant().isAfter(Instant.now());
                }));
    }

    private List<JsonNode> entries(String sku, Predicate<JsonNode> matching) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode entry : sim.fullSyncLog(sku)) {
            if (matching.test(entry)) {
                found.add(entry);
            }
        }
        return found;
    }

    private static String text(JsonNode entry, String field) {
        return entry.path(field).asString("");
    }
}
