package io.possync.connector.zettle.client;

import java.util.List;

/** A product of the Zettle library, reduced to what the connector reads. */
public record ZettleProduct(String uuid, String name, List<ZettleVariant> variants) {

    public ZettleProduct {
        variants = variants == null ? List.of() : List.copyOf(variants);
    }

    /** A variant of a product; {@code sku} is optional in Zettle. */
    public record ZettleVariant(String uuid, String sku, String name, String barcode) {
    }
}
