package io.possync.sandbox.woocommerce;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Faults armed through {@code POST /sim/faults}: the next {@code times} requests matching method and
 * path prefix fail with the given status, body and Retry-After. Earlier rules are used up first.
 */
class FaultInjector {

    record Fault(String method, String pathPrefix, int status, int times, String body, String retryAfter) {
    }

    private final List<Fault> faults = new ArrayList<>();

    synchronized void arm(Fault fault) {
        faults.add(fault);
    }

    synchronized void clear() {
        faults.clear();
    }

    synchronized Optional<Fault> take(String method, String path) {
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            if ((fault.method() == null || fault.method().equalsIgnoreCase(method)) && path.startsWith(fault.pathPrefix())) {
                if (fault.times() <= 1) {
                    faults.remove(i);
                } else {
                    faults.set(i, new Fault(fault.method(), fault.pathPrefix(), fault.status(), fault.times() - 1,
                            fault.body(), fault.retryAfter()));
                }
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }
}
