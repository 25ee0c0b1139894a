package io.possync.sandbox.local;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

        /**
         * The data size of {@code collStats} is not kept: mongo-java-server would encode the whole document
         * to BSON twice on every update to track it, and nothing here reads it.
         */
        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                             Document fieldSelector) {
            ById byId = ById.of(query);
            Index<Integer> idIndex = byId == null ? null : getIndexes().stream()
                    .filter(index -> index.isUnique() && index.getKeys().size() == 1
                            && index.getKeys().get(0).getKey().equals("_id"))
                    .findFirst().orElse(null);
            if (idIndex == null) {
                return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
            }
            Set<Integer> positions = new LinkedHashSet<>();
            for (Object id : byId.ids()) {
                Integer position = idIndex.getPosition(new Document("_id", id));
                if (position != null) {
                    positions.add(position);
                }
            }
            // the index found exactly the named ids: matching them again against an $in of hundreds of ids
            // would cost a comparison per id and document
            return matchDocuments(byId.otherConditions(), positions, orderBy, skip, limit, batchSize, fieldSelector);
        }
    }

    /**
     * A query that names exact ids: {@code _id: value} or {@code _id: {$in: [...]}}, at the top or as one of
     * the {@code $and} conditions (the driver renders {@code Filters.and} as {@code $and}).
     *
     * @param otherConditions the query without that {@code _id} condition
     */
    record ById(List<Object> ids, Document otherConditions) {

        /** The query's exact ids and its other conditions, or null when it names no exact ids. */
        static ById of(Document query) {
            List<Object> ids = exactIds(query.get("_id"));
            if (ids != null) {
                Document others = new Document(query);
                others.remove("_id");
                return new ById(ids, others);
            }
            if (query.get("$and") instanceof List<?> conditions) {
                for (int i = 0; i < conditions.size(); i++) {
                    if (conditions.get(i) instanceof Document condition && condition.size() == 1
                            && (ids = exactIds(condition.get("_id"))) != null) {
                        List<Object> rest = new ArrayList<>(conditions);
                        rest.remove(i);
                        Document others = new Document(query);
                        if (rest.isEmpty()) {
                            others.remove("$and");
                        } else {
                            others.put("$and", rest);
                        }
                        return new ById(ids, others);
                    }
                }
            }
            return null;
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
