package io.possync.engine.rule;

import java.time.Instant;

/**
 * The newest stock level the POS reported for one SKU.
 *
 * @param changedAt     the vendor's time of that level; an older observation never replaces it
 * @param sourceVersion the vendor's change id, when it has one: the same change seen twice takes effect once
 */
public record PosLevel(long level, Instant changedAt, String sourceVersion) {
}
