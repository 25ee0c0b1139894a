package io.possync.sandbox.local;

import java.util.Arrays;

/**
 * Runs one service of the platform by name ({@code sync-engine}, {@code webhook-gateway},
 * {@code connector-shopify}, ...) with Spring arguments, in the JVM {@link ServiceJvm} starts for it.
 */
public final class ServiceMain {

    private ServiceMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !Platform.SERVICES.containsKey(args[0])) {
            throw new IllegalArgumentException("first argument must be one of " + Platform.SERVICES.keySet());
        }
        Platform.SERVICES.get(args[0]).get().run(Arrays.copyOfRange(args, 1, args.length));
    }
}
