package io.possync.common.http;

import java.time.Duration;

/** Waits for a while; injected so that retry and rate-limit tests run on a fake clock without real sleeping. */
@FunctionalInterface
public interface Sleeper {

    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

    void sleep(Duration duration) throws InterruptedException;
}
