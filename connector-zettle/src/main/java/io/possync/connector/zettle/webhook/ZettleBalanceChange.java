package io.possync.connector.zettle.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.possync.connector.zettle.mapping.ZettleVariantRef;

/**
 * A read {@code InventoryBalanceChanged} delivery.
 *
 * @param messageId  the envelope's messageId (messageUuid when absent)
 * @param sentAt     the envelope's timestamp, or null
 * @param changedBy  {@code updated.uuid}, or null
 * @param updatedAt  {@code updated.timestamp}, or null
 * @param externalUuid the {@code identifier} of the movement request that made the change, as Zettle echoes
 *                   it; POS sales carry Zettle's own, so it proves nothing until matched to a request of ours
 */
public record ZettleBalanceChange(String messageId, Instant sentAt, String changedBy, Instant updatedAt,
                                  List<Balance> before, List<Balance> after, String externalUuid) {

    /** One entry of balanceBefore / balanceAfter; {@code locationUuid} is the inventory, null when absent. */
    public record Balance(String locationUuid, String productUuid, String variantUuid, long balance) {

        ZettleVariantRef variant() {
            return new ZettleVariantRef(productUuid, variantUuid);
        }
    }

    /** The new level of one variant in the STORE inventory, with the level before when Zettle sent it. */
    public record StoreLevel(ZettleVariantRef variant, long level, Long previousLevel) {
    }

    public ZettleBalanceChange {
        before = List.copyOf(before);
        after = List.copyOf(after);
    }

    public ZettleBalanceChange(String messageId, Instant sentAt, String changedBy, Instant updatedAt,
                               List<Balance> before, List<Balance> after) {
        this(messageId, sentAt, changedBy, updatedAt, before, after, null);
    }

    /**
     * The balanceAfter entries of the STORE inventory, one per variant (the last wins); entries of other
     * inventories (SOLD, BIN) and entries without a location are not stock levels and are left out.
     */
    public List<StoreLevel> storeLevels(String storeInventoryUuid) {
        Map<ZettleVariantRef, Long> previous = new LinkedHashMap<>();
        for (Balance balance : before) {
            if (storeInventoryUuid.equals(balance.locationUuid())) {
                previous.putIfAbsent(balance.variant(), balance.balance());
            }
        }
        Map<ZettleVariantRef, StoreLevel> levels = new LinkedHashMap<>();
        for (Balance balance : after) {
            if (storeInventoryUuid.equals(balance.locationUuid())) {
                levels.put(balance.variant(), new StoreLevel(balance.variant(), balance.balance(),
                        previous.get(balance.variant())));
            }
        }
        return new ArrayList<>(levels.values());
    }

    /**
     * Identity of this change of one level, equal for every delivery of it. {@code updated.uuid} names
     * who changed the stock (in Zettle's documented payloads the same uuid is a user's, e.g. a product's
     * updatedByUserUuid), not the change: alone it would make a user's second sale look like the first,
     * and the engine drops a repeated source version. So it is qualified by the change's time and its
     * before/after levels. Without {@code updated}, the Pusher messageId (shared by redeliveries) is used.
     */
    public String sourceVersion(StoreLevel level) {
        if (changedBy == null || updatedAt == null) {
            return messageId;
        }
        return changedBy + "@" + updatedAt + ":" + Objects.toString(level.previousLevel(), "") + ">" + level.level();
    }

    /** When the level changed: {@code updated.timestamp}, else the envelope's timestamp, else {@code fallback}. */
    public Instant changedAt(Instant fallback) {
        if (updatedAt != null) {
            return updatedAt;
        }
        return sentAt != null ? sentAt : fallback;
    }
}
