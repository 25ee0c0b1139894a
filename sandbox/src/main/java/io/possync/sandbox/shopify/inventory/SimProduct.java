package io.possync.sandbox.shopify.inventory;

import java.util.List;

/** A product of the simulated shop with its variants. */
public record SimProduct(long id, String title, List<SimVariant> variants) {
}
