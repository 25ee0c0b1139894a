package io.possync.engine.rule;

import java.time.Duration;
import java.util.List;

/**
 * The engine's timer: the transfers named waited {@code maxWait} (possync.engine.transfer-hold-max)
 * for the results that release them. A transfer never waits longer.
 *
 * @param transferIds transfer command ids, i.e. reservation ids in one SKU's stock ledger
 */
public record HoldExpired(List<String> transferIds, Duration maxWait) {

    public HoldExpired {
        transferIds = List.copyOf(transferIds);
    }
}
