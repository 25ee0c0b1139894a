package io.possync.connector.shopify.mapping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the connector knows about one SKU in one shop ({@code mappings} document {@code connectionId|sku}).
 *
 * @param knownLevel       {@code available} we last read, wrote or saw in a webhook, at {@code knownLocationId};
 *                         the compare-and-set value of the next write
 * @param lastWrittenLevel the level we last wrote, for recognising the echo of that write
 * @param lastWrittenAt    when Shopify applied that write (its own clock)
 * @param lastCommandId    the command that wrote it, so a redelivered command is not written again
 * @param recentWrites     our last few writes, newest last: in a burst several land within one second,
 *                         and their echoes may come back after the newest write
 */
public record InventoryMapping(String connectionId, String sku, String inventoryItemId, String variantId,
                               Long knownLevel, String knownLocationId, Instant knownAt,
                               Long lastWrittenLevel, Instant lastWrittenAt, String lastCommandId,
                               List<Write> recentWrites) {

    /** One level we wrote and when Shopify applied it. */
    public record Write(long level, Instant at) {
    }

    public InventoryMapping {
        recentWrites = recentWrites == null ? List.of() : List.copyOf(recentWrites);
    }

    /** This mapping with {@code announced} writes (not stored on it) after its recent writes. */
    public InventoryMapping withAnnounced(List<Write> announced) {
        if (announced == null || announced.isEmpty()) {
            return this;
        }
        List<Write> all = new ArrayList<>(recentWrites);
        all.addAll(announced);
        return new InventoryMapping(connectionId, sku, inventoryItemId, variantId, knownLevel, knownLocationId, knownAt,
                lastWrittenLevel, lastWrittenAt, lastCommandId, all);
    }

    public boolean resolved() {
        return inventoryItemId != null;
    }

    /** The level to compare against at {@code locationId}, or null when we have none for that location. */
    public Long knownLevelAt(String locationId) {
        return locationId.equals(knownLocationId) ? knownLevel : null;
    }
}
