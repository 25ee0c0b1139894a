package io.possync.sandbox.local;

import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server's in-memory backend, with one planner rule of real MongoDB added: a query that
 * names exact {@code _id}s (a value or {@code $in}), alone or among other conditions (every
 * compare-and-set: {@code {_id, version}}), looks the documents up by the {@code _id} index and checks
 * the other conditions on them alone. mongo-java-server otherwise uses an index only when the query's
 * fields are exactly the index's and scans the whole collection, and the platform's ledgers, mappings
 * and webhook deliveries grow with every SKU and every delivery.
 */
final class IdIndexedMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getCursorRegistry());
    }

    private static final class Database extends MemoryDatabase {

        private final CursorRegistry cursors;

        Database(String name, CursorRegistry cursors) {
            super(name, cursors);
            this.cursors = cursors;
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new Collection(this, collectionName, options, cursors);
        }
    }

    private static final class Collection extends MemoryCollection {

        Collection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                             Document fieldSelector) {
            List<Object> ids = exactIds(query);
            Index<Integer> idIndex = ids == null ? null : getIndexes().stream()
                    .filter(index -> index.isUnique() && index.getKeys().size() == 1
                            && index.getKeys().get(0).getKey().equals("_id"))
                    .findFirst().orElse(null);
            if (idIndex == null) {
                return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
            }
            List<Integer> positions = new ArrayList<>(ids.size());
            for (Object id : ids) {
                Integer position = idIndex.getPosition(new Document("_id", id));
                if (position != null && !positions.contains(position)) {
                    positions.add(position);
                }
            }
            return matchDocuments(query, positions, orderBy, skip, limit, batchSize, fieldSelector);
        }

        /**
         * The ids a query names exactly: {@code _id: value} or {@code _id: {$in: [...]}}, at the top or in
         * one of the {@code $and} conditions (the driver renders {@code Filters.and} as {@code $and}); else null.
         */
        private static List<Object> exactIds(Document query) {
            List<Object> ids = exactIds(query.get("_id"));
            if (ids == null && query.get("$and") instanceof List<?> conditions) {
                for (Object condition : conditions) {
                    if (condition instanceof Document document && (ids = exactIds(document)) != null) {
                        break;
                    }
                }
            }
            return ids;
        }

        private static List<Object> exactIds(Object condition) {
            if (condition == null || condition instanceof List) {
                return null;
            }
            if (!(condition instanceof Document operator)) {
                return List.of(condition);
            }
            if (operator.size() == 1 && operator.get("$in") instanceof java.util.Collection<?> values
                    && values.stream().noneMatch(v -> v instanceof Document || v instanceof List
                            || v instanceof java.util.regex.Pattern || v == null)) {
                return new ArrayList<>(values);
            }
            return null;
        }
    }
}
