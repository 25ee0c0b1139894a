package io.possync.sandbox.zettle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.possync.sandbox.zettle.ZettleOrganization.BalanceChange;

/** Payloads of the Pusher events the simulator emits. */
final class ZettleEvents {

    static final String INVENTORY_BALANCE_CHANGED = "InventoryBalanceChanged";

    private ZettleEvents() {
    }

    /**
     * {@code {updated{uuid,timestamp,userType,clientUuid}, balanceBefore[], balanceAfter[], externalUuid}};
     * balances are strings in webhooks, as Zettle sends them.
     */
    static Map<String, Object> balanceChanged(List<BalanceChange> changes, String identifier, String userUuid,
                                              Instant at) {
        List<Map<String, Object>> before = new ArrayList<>();
        List<Map<String, Object>> after = new ArrayList<>();
        for (BalanceChange change : changes) {
            before.add(balance(change, change.before()));
            after.add(balance(change, change.after()));
        }
        Map<String, Object> updated = new LinkedHashMap<>();
        updated.put("uuid", userUuid);
        // the time the balances changed, the same time GET /v3/stock reports as the rows' "updated"
        updated.put("timestamp", ZettlePusher.TIMESTAMP.format(at));
        updated.put("userType", "USER");
        updated.put("clientUuid", userUuid);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("updated", updated);
        payload.put("balanceBefore", before);
        payload.put("balanceAfter", after);
        payload.put("externalUuid", identifier);
        return payload;
    }

    private static Map<String, Object> balance(BalanceChange change, long balance) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("locationUuid", change.inventoryUuid());
        entry.put("productUuid", change.productUuid());
        entry.put("variantUuid", change.variantUuid());
        entry.put("balance", String.valueOf(balance));
        return entry;
    }
}
