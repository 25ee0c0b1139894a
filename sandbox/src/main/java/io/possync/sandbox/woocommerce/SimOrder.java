package io.possync.sandbox.woocommerce;

import java.time.Instant;
import java.util.List;

/** An order of the simulated store; guarded by {@link WooStore}'s lock. */
final class SimOrder {

    /** One line: the product (or parent) and variation ids as WooCommerce stores them, 0 for none. */
    record Line(long id, long productId, long variationId, String sku, String name, int quantity, String unitPrice) {
    }

    final long id;
    final String currency;
    final List<Line> lines;
    final Instant created;
    final String email;
    String status;
    Instant modified;
    Instant paid;
    boolean stockReduced;

    SimOrder(long id, String currency, List<Line> lines, String status, String email, Instant now) {
        this.id = id;
        this.currency = currency;
        this.lines = List.copyOf(lines);
        this.status = status;
        this.email = email;
        this.created = now;
        this.modified = now;
    }
}
