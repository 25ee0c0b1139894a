package io.possync.sandbox.zettle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.possync.sandbox.zettle.ZettleApiError.Violation;
import io.possync.sandbox.zettle.ZettleOrganization.MovementInput;

/** Validation of {@code POST /v3/movements}: every problem is reported as one violation, nothing is applied. */
final class MovementRules {

    private MovementRules() {
    }

    static List<Violation> validate(List<MovementInput> movements, String identifier, Collection<String> inventories,
                                    Set<String> variants, Map<String, String> productOfVariant,
                                    Set<String> untrackedProducts) {
        List<Violation> violations = new ArrayList<>();
        if (!UuidV1.isUuid(identifier)) {
            violations.add(new Violation("identifier", identifier, "UUID", "identifier must be a UUID", "UUID"));
        }
        if (movements == null || movements.isEmpty()) {
            violations.add(new Violation("movements", null, "NOT_EMPTY", "at least one movement is required", ">= 1"));
            return violations;
        }
        for (int i = 0; i < movements.size(); i++) {
            check(movements.get(i), "movements[" + i + "].", inventories, variants, productOfVariant, violations);
            if (untrackedProducts.contains(movements.get(i).productUuid())) {
                // stock can only be moved once tracking is on (reference §3, "Tracking")
                violations.add(new Violation("movements[" + i + "].productUuid", movements.get(i).productUuid(),
                        "TRACKED", "Product is not tracked", "tracking enabled"));
            }
        }
        return violations;
    }

    private static void check(MovementInput m, String path, Collection<String> inventories, Set<String> variants,
                              Map<String, String> productOfVariant, List<Violation> violations) {
        if (!variants.contains(m.variantUuid())) {
            violations.add(new Violation(path + "variantUuid", m.variantUuid(), "EXISTS", "unknown variant", null));
        } else if (!productOfVariant.get(m.variantUuid()).equals(m.productUuid())) {
            violations.add(new Violation(path + "productUuid", m.productUuid(), "EXISTS",
                    "variant does not belong to this product", productOfVariant.get(m.variantUuid())));
        }
        if (!inventories.contains(m.from())) {
            violations.add(new Violation(path + "from", m.from(), "EXISTS", "unknown inventory", null));
        }
        if (!inventories.contains(m.to())) {
            violations.add(new Violation(path + "to", m.to(), "EXISTS", "unknown inventory", null));
        }
        if (m.from() != null && m.from().equals(m.to())) {
            violations.add(new Violation(path + "to", m.to(), "DIFFERENT", "from and to must differ", null));
        }
        if (m.change() == null || m.change() <= 0) {
            violations.add(new Violation(path + "change", String.valueOf(m.change()), "MIN",
                    "change must be greater than 0", "1"));
        }
    }
}
