package io.possync.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.possync.connector.shopify.mapping.InventoryMapping.Write;
import io.possync.connector.shopify.mapping.MongoInventoryMappings;

/**
 * The Shopify connector's announced writes on the local run's Mongo data file (H2, as
 * {@link LocalInfrastructure} opens it): appending to a second's slot, and starting a slot afresh when
 * it comes round again, use an upsert on a {@code $ne} filter that the in-memory backend of the other
 * tests does not exercise on H2.
 */
class ShopifyAnnouncementsOnFileTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00.250Z");

    @TempDir
    Path dataDir;

    private MongoServer server;
    private MongoClient client;
    private MongoInventoryMappings mappings;

    @BeforeEach
    void open() {
        server = new MongoServer(new H2Backend(dataDir.resolve("possync.mv").toAbsolutePath().toString()));
        client = MongoClients.create(server.bindAndGetConnectionString());
        mappings = new MongoInventoryMappings(client.getDatabase("possync"), Clock.fixed(T0, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void announcementsAppendToTheirSecondAndASlotStartsAfreshWhenItComesRound() {
        mappings.recordPending("shop", Map.of("SKU-1", new Write(9, T0)));
        mappings.recordPending("shop", Map.of("SKU-1", new Write(8, T0.plusMillis(500)), "SKU-2", new Write(4, T0)));

        assertThat(mappings.announcedAround("shop", List.of(T0)).get("SKU-1")).extracting(Write::level)
                .containsExactly(9L, 8L);
        assertThat(mappings.announcedAround("shop", List.of(T0)).get("SKU-2")).containsExactly(new Write(4, T0));

        Instant roundAgain = T0.plusSeconds(600);
        mappings.recordPending("shop", Map.of("SKU-1", new Write(5, roundAgain)));

        assertThat(mappings.announcedAround("shop", List.of(T0))).isEmpty();
        assertThat(mappings.announcedAround("shop", List.of(roundAgain)).get("SKU-1"))
                .containsExactly(new Write(5, roundAgain));
    }
}
