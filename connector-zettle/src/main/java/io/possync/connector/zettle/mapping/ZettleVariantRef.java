package io.possync.connector.zettle.mapping;

/** Where a SKU lives in one Zettle organization. */
public record ZettleVariantRef(String productUuid, String variantUuid) {
}
