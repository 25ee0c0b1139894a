package io.possync.schemas.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Every writer schema ever published for each record type, shipped in this jar under
 * {@code avro-history/<Type>/vN.avsc} and listed in {@code avro-history/index.txt}. Readers resolve
 * old messages through these (single-object encoding carries only the writer's fingerprint).
 */
public final class SchemaHistory {

    static final String INDEX = "avro-history/index.txt";

    private static final Map<String, List<Schema>> BY_TYPE = new ConcurrentHashMap<>();

    private SchemaHistory() {
    }

    /** All historical writer schemas of a record type, oldest first (the current schema included). */
    public static List<Schema> versionsOf(String simpleTypeName) {
        return BY_TYPE.computeIfAbsent(simpleTypeName, SchemaHistory::load);
    }

    /** Every type that has a history, as listed in the index. */
    public static List<String> indexedFiles() {
        try (InputStream in = resource(INDEX)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX, e);
        }
    }

    static SchemaStore.Cache storeFor(String simpleTypeName) {
        SchemaStore.Cache cache = new SchemaStore.Cache();
        versionsOf(simpleTypeName).forEach(cache::addSchema);
        return cache;
    }

    private static List<Schema> load(String simpleTypeName) {
        List<Schema> schemas = new ArrayList<>();
        for (String file : indexedFiles()) {
            if (file.startsWith(simpleTypeName + "/")) {
                schemas.add(parse("avro-history/" + file));
            }
        }
        return List.copyOf(schemas);
    }

    static Schema parse(String path) {
        try (InputStream in = resource(path)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("missing resource " + path);
        }
        return in;
    }
}
