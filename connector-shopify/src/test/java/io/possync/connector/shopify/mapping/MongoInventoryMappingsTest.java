package io.possync.connector.shopify.mapping;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.possync.connector.shopify.client.VariantHit;
import io.possync.connector.shopify.mapping.MongoInventoryMappings.Written;
import reactor.core.publisher.Mono;

class MongoInventoryMappingsTest {

    private static final String SHOP = "shop-1";
    private static final String ITEM = "gid://shopify/InventoryItem/48000000000001";
    private static final String LOCATION = "gid://shopify/Location/71234567890";
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoDatabase database = client.getDatabase("test");
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aQuickWritesOutcomeRidesWithTheNextMappingsWriteAndIsSeenMeanwhile() {
        MongoInventoryMappings mappings = new MongoInventoryMappings(database, clock, Duration.ofHours(1));
        mappings.saveRefs(SHOP, List.of(new VariantHit("SKU-1", "gid://shopify/ProductVariant/1", ITEM)));

        mappings.recordWritten(SHOP, List.of(written(7, T0, "cmd-1")), true);
        // announcements do not touch the mappings, so they do not carry it
        mappings.recordPending(SHOP, Map.of("SKU-1", new InventoryMapping.Write(9, T0.plusSeconds(1))));

        assertThat(stored().get("lastWrittenLevel")).isNull();
        InventoryMapping seen = mappings.findBySkus(SHOP, List.of("SKU-1")).get("SKU-1");
        assertThat(seen.lastWrittenLevel()).isEqualTo(7L);
        assertThat(seen.knownLevelAt(LOCATION)).isEqualTo(7L);
        assertThat(seen.lastCommandId()).isEqualTo("cmd-1");
        assertThat(mappings.findByInventoryItem(SHOP, ITEM)).get()
                .extracting(InventoryMapping::lastWrittenAt).isEqualTo(T0);

        mappings.recordRead(SHOP, Map.of("SKU-2", 3L), LOCATION);

        Document doc = stored();
        assertThat(doc.get("lastWrittenLevel")).isEqualTo(7L);
        assertThat(doc.getString("lastCommandId")).isEqualTo("cmd-1");
        assertThat(doc.getList("recentWrites", Document.class)).extracting(w -> w.get("level")).containsExactly(7L);
    }

    @Test
    void announcedWritesAreFoundAroundTheirSecondInTheOrderAnnounced() {
        MongoInventoryMappings mappings = new MongoInventoryMappings(database, clock);
        Instant second = T0.plusSeconds(1);
        mappings.recordPending(SHOP, Map.of("SKU-1", new InventoryMapping.Write(9, second),
                "SKU-2", new InventoryMapping.Write(4, second)));
        mappings.recordPending(SHOP, Map.of("SKU-1", new InventoryMapping.Write(8, second.plusMillis(400))));
        mappings.recordPending("other-shop", Map.of("SKU-1", new InventoryMapping.Write(1, second)));

        Map<String, List<InventoryMapping.Write>> around = mappings.announcedAround(SHOP, List.of(T0.plusSeconds(4)));

        assertThat(around).containsOnlyKeys("SKU-1", "SKU-2");
        assertThat(around.get("SKU-1")).extracting(InventoryMapping.Write::level).containsExactly(9L, 8L);
        assertThat(around.get("SKU-2")).containsExactly(new InventoryMapping.Write(4, second));
        assertThat(mappings.announcedAround(SHOP, List.of(T0.plusSeconds(5)))).isEmpty();
        assertThat(mappings.announcedAround(SHOP, List.of(T0.minusSeconds(2)))).containsOnlyKeys("SKU-1", "SKU-2");
        assertThat(stored()).isNull();
    }

    @Test
    void anAnnouncementSlotIsReusedForALaterSecondAfterTheRing() {
        MongoInventoryMappings mappings = new MongoInventoryMappings(database, clock);
        Instant later = T0.plusSeconds(MongoInventoryMappings.ANNOUNCEMENT_SLOTS);
        mappings.recordPending(SHOP, Map.of("SKU-1", new InventoryMapping.Write(9, T0)));

        mappings.recordPending(SHOP, Map.of("SKU-1", new InventoryMapping.Write(5, later)));

        assertThat(mappings.announcedAround(SHOP, List.of(T0))).isEmpty();
        assertThat(mappings.announcedAround(SHOP, List.of(later)).get("SKU-1"))
                .containsExactly(new InventoryMapping.Write(5, later));
    }

    @Test
    void aStoredOutcomeKeepsTheWritesOfTheRecentSpanBeforeItAndEveryLaterOne() {
        MongoInventoryMappings mappings = new MongoInventoryMappings(database, clock);
        mappings.saveRefs(SHOP, List.of(new VariantHit("SKU-1", "gid://shopify/ProductVariant/1", ITEM)));
        Instant spanStart = T0.minus(MongoInventoryMappings.RECENT_SPAN);
        List<InventoryMapping.Write> recent = List.of(new InventoryMapping.Write(3, T0.minusSeconds(60)),
                new InventoryMapping.Write(4, spanStart.minusMillis(1)), new InventoryMapping.Write(5, spanStart),
                new InventoryMapping.Write(6, T0.minusSeconds(1)), new InventoryMapping.Write(7, T0),
                new InventoryMapping.Write(8, T0.plusSeconds(1)));

        mappings.recordWritten(SHOP, List.of(new Written("SKU-1", 7, LOCATION, T0, "cmd-1", recent)));

        assertThat(stored().getList("recentWrites", Document.class)).extracting(w -> w.get("level"))
                .containsExactly(5L, 6L, 7L, 8L);
    }

    @Test
    void aSlowWritesOutcomeIsStoredAtOnce() {
        MongoInventoryMappings mappings = new MongoInventoryMappings(database, clock, Duration.ofHours(1));
        mappings.saveRefs(SHOP, List.of(new VariantHit("SKU-1", "gid://shopify/ProductVariant/1", ITEM)));

        mappings.recordWritten(SHOP, List.of(written(7, T0, "cmd-1")), false);

        assertThat(stored().get("lastWrittenLevel")).isEqualTo(7L);
    }

    @Test
    void aHeldOutcomeIsStoredAloneOnceTheDelayPassed() {
        MongoInventoryMappings mappings = new MongoInventoryMappings(database, Clock.systemUTC(),
                Duration.ofMillis(50));
        mappings.saveRefs(SHOP, List.of(new VariantHit("SKU-1", "gid://shopify/ProductVariant/1", ITEM)));

        mappings.recordWritten(SHOP, List.of(written(7, T0, "cmd-1")), true);

        await().atMost(Duration.ofSeconds(10)).until(() -> stored().get("lastWrittenLevel") != null);
        mappings.close();
    }

    @Test
    void closingStoresWhatIsHeld() {
        MongoInventoryMappings mappings = new MongoInventoryMappings(database, clock, Duration.ofHours(1));
        mappings.saveRefs(SHOP, List.of(new VariantHit("SKU-1", "gid://shopify/ProductVariant/1", ITEM)));
        mappings.recordWritten(SHOP, List.of(written(7, T0, "cmd-1")), true);

        mappings.close();

        assertThat(stored().get("lastWrittenLevel")).isEqualTo(7L);
    }

    @Test
    void aLevelObservedAfterAHeldWriteIsNotOverwrittenByIt() {
        MongoInventoryMappings mappings = new MongoInventoryMappings(database, clock, Duration.ofHours(1));
        mappings.saveRefs(SHOP, List.of(new VariantHit("SKU-1", "gid://shopify/ProductVariant/1", ITEM)));
        mappings.recordWritten(SHOP, List.of(written(7, T0, "cmd-1")), true);

        mappings.recordObserved(SHOP, "SKU-1", 4, LOCATION, T0.plusSeconds(3));

        Document doc = stored();
        assertThat(doc.get("lastWrittenLevel")).isEqualTo(7L);
        assertThat(doc.get("knownLevel")).isEqualTo(4L);
        assertThat(mappings.findBySkus(SHOP, List.of("SKU-1")).get("SKU-1").knownLevelAt(LOCATION)).isEqualTo(4L);
    }

    @Test
    void itemsOfABatchAreFoundTogetherWhetherSeenBeforeOrNot() {
        MongoInventoryMappings mappings = new MongoInventoryMappings(database, clock);
        String other = "gid://shopify/InventoryItem/48000000000002";
        mappings.saveRefs(SHOP, List.of(new VariantHit("SKU-1", "gid://shopify/ProductVariant/1", ITEM),
                new VariantHit("SKU-2", "gid://shopify/ProductVariant/2", other)));
        assertThat(mappings.findByInventoryItem(SHOP, ITEM)).isPresent();

        Map<String, InventoryMapping> found = mappings.findByInventoryItems(SHOP,
                List.of(ITEM, other, "gid://shopify/InventoryItem/404"));

        assertThat(found).containsOnlyKeys(ITEM, other);
        assertThat(found.get(other).sku()).isEqualTo("SKU-2");
    }

    @Test
    void aHeldOutcomeNeverHidesNewerStoredState() {
        InventoryMapping stored = new InventoryMapping(SHOP, "SKU-1", ITEM, "v", 4L, LOCATION, T0.plusSeconds(5),
                8L, T0.plusSeconds(2), "cmd-2", List.of(new InventoryMapping.Write(8, T0.plusSeconds(2))));

        InventoryMapping seen = UnsavedWrites.overlay(stored, written(7, T0, "cmd-1"));

        assertThat(seen).isEqualTo(stored);
        assertThat(UnsavedWrites.overlay(stored, written(9, T0.plusSeconds(3), "cmd-3")))
                .extracting(InventoryMapping::lastWrittenLevel, InventoryMapping::lastCommandId, InventoryMapping::knownLevel)
                .containsExactly(9L, "cmd-3", 4L);
    }

    private static Written written(long level, Instant at, String commandId) {
        return new Written("SKU-1", level, LOCATION, at, commandId, List.of(new InventoryMapping.Write(level, at)));
    }

    private Document stored() {
        return Mono.from(database.getCollection(MongoInventoryMappings.COLLECTION)
                .find(eq("_id", MongoInventoryMappings.id(SHOP, "SKU-1"))).first()).block(Duration.ofSeconds(5));
    }
}
