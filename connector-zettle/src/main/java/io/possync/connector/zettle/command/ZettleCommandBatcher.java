package io.possync.connector.zettle.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Pure rules for batching commands: request sizes and request identifiers. */
public final class ZettleCommandBatcher {

    private static final String NAMESPACE = "possync:zettle:movements\n";

    private ZettleCommandBatcher() {
    }

    /** Consecutive slices of at most {@code max} items, order kept. */
    public static <T> List<List<T>> chunks(List<T> items, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, not " + max);
        }
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += max) {
            chunks.add(List.copyOf(items.subList(from, Math.min(items.size(), from + max))));
        }
        return chunks;
    }

    /**
     * Whether an echoed {@code externalUuid} can be the identifier of one of our requests: ours are
     * name-based (version 3) UUIDs, both the engine's command ids and {@link #identifier}'s, while Zettle
     * stamps its own movements (POS sales) with time-based ones. Lets the webhook path skip the lookup
     * of our requests for every POS sale; a version-3 identifier is still only ours if the lookup finds it.
     */
    public static boolean mayBeOurs(String externalUuid) {
        if (externalUuid == null) {
            return false;
        }
        try {
            return UUID.fromString(externalUuid).version() == 3;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The {@code identifier} of a movement request: the command id itself for one command (as before
     * batching), else a name-based UUID of the ordered command ids, so that the same commands in the
     * same order always make the same identifier.
     */
    public static String identifier(List<String> commandIds) {
        if (commandIds.isEmpty()) {
            throw new IllegalArgumentException("a movement request needs at least one command");
        }
        if (commandIds.size() == 1) {
            return commandIds.get(0);
        }
        String name = NAMESPACE + String.join("\n", commandIds);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
