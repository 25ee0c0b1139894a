package io.possync.sandbox.zettle;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.possync.sandbox.zettle.ZettleOrganization.MovementInput;
import io.possync.sandbox.zettle.ZettleOrganization.MovementOutcome;

/**
 * Sales at the point of sale: STORE→SOLD for every line in one movement request, emitted as one
 * InventoryBalanceChanged like any balance change. Behind {@code POST /sim/sales}; the benchmark sells
 * through it in-process, so that its load costs the machine what a till does (nothing) rather than an
 * HTTP request per sale.
 */
public class ZettleSales {

    /** One line of a sale. */
    public record Line(String sku, int quantity) {
    }

    /**
     * What a sale did: the movement identifier and the STORE balance each SKU was left with, or why it was
     * refused (nothing moved then).
     */
    public record Sold(String identifier, Map<String, Long> balances, Object refusal) {
        public boolean refused() {
            return refusal != null;
        }
    }

    private final ZettleOrganization organization;
    private final ZettlePusher pusher;
    private final Clock clock;

    ZettleSales(ZettleOrganization organization, ZettlePusher pusher, Clock clock) {
        this.organization = organization;
        this.pusher = pusher;
        this.clock = clock;
    }

    public Sold sell(String sku, int quantity) {
        return sell(List.of(new Line(sku, quantity)));
    }

    public Sold sell(List<Line> lines) {
        List<MovementInput> movements = new ArrayList<>();
        for (Line line : lines) {
            Optional<ZettleOrganization.Variant> variant = organization.variantBySku(line.sku());
            if (variant.isEmpty()) {
                return new Sold(null, Map.of(), Map.of("error", "unknown SKU " + line.sku()));
            }
            String productUuid = organization.productUuidOf(variant.get());
            movements.add(new MovementInput(productUuid, variant.get().uuid(), organization.inventory("STORE"),
                    organization.inventory("SOLD"), line.quantity()));
        }
        String identifier = UuidV1.next(clock).toString();
        MovementOutcome outcome = organization.move(movements, identifier);
        if (!outcome.violations().isEmpty()) {
            return new Sold(null, Map.of(), outcome.violations());
        }
        pusher.publish(ZettleEvents.INVENTORY_BALANCE_CHANGED,
                ZettleEvents.balanceChanged(outcome.changes(), identifier, organization.uuid(), outcome.at()));
        // the balances this movement left, not whatever another sale made of them since
        String store = organization.inventory("STORE");
        Map<String, Long> after = new LinkedHashMap<>();
        outcome.changes().stream().filter(c -> c.inventoryUuid().equals(store))
                .forEach(c -> after.put(organization.skuOf(c.variantUuid()), c.after()));
        return new Sold(identifier, after, null);
    }
}
