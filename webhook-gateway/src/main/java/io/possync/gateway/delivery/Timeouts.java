package io.possync.gateway.delivery;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import reactor.core.Fuseable;
import reactor.core.publisher.Mono;

/**
 * {@code mono.timeout(wait)} for the gateway's hot path. Reactor's {@code timeout(Duration)} names the
 * timeout for its error message on every subscription by walking the whole operator chain, which cost
 * about 3% of the gateway benchmark's CPU; this variant fails with a plain {@link TimeoutException}. A
 * value known already (a cache hit's {@code Mono.just}) cannot keep anyone waiting, so it gets no timer.
 */
public final class Timeouts {

    private Timeouts() {
    }

    public static <T> Mono<T> within(Mono<T> mono, Duration wait) {
        if (mono instanceof Fuseable.ScalarCallable) {
            return mono;
        }
        return mono.timeout(Mono.delay(wait).onErrorReturn(0L),
                Mono.error(() -> new TimeoutException("no answer within " + wait.toMillis() + " ms")));
    }
}
