package io.possync.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaCompatibilityTest {

    static Stream<Topic<?>> topics() {
        java.util.Map<Class<?>, Topic<?>> oneTopicPerType = new java.util.LinkedHashMap<>();
        Topics.all().forEach(t -> oneTopicPerType.putIfAbsent(t.type(), t));
        return oneTopicPerType.values().stream();
    }

    @ParameterizedTest
    @MethodSource("topics")
    void everyHistoricalVersionIsFullyCompatibleWithTheCurrentSchema(Topic<?> topic) {
        Schema current = currentSchema(topic);
        List<Schema> history = SchemaHistory.versionsOf(topic.type().getSimpleName());
        assertThat(history).as("history of %s", topic.type().getSimpleName()).isNotEmpty();
        for (Schema old : history) {
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, old).getType())
                    .as("current %s reads data written with an old version", topic.type().getSimpleName())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(old, current).getType())
                    .as("old readers of %s read data written with the current version", topic.type().getSimpleName())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @ParameterizedTest
    @MethodSource("topics")
    void theCurrentSchemaIsRecordedInTheHistorySoOldReadersCanResolveIt(Topic<?> topic) {
        long current = SchemaNormalization.parsingFingerprint64(currentSchema(topic));
        assertThat(SchemaHistory.versionsOf(topic.type().getSimpleName()))
                .as("add avro-history/%s/vN.avsc for the changed schema", topic.type().getSimpleName())
                .anyMatch(s -> SchemaNormalization.parsingFingerprint64(s) == current);
    }

    @ParameterizedTest
    @MethodSource("topics")
    void everyFieldIsDocumentedAndNoneIsFloatingPoint(Topic<?> topic) {
        List<String> problems = new ArrayList<>();
        inspect(currentSchema(topic), problems, new java.util.HashSet<>());
        assertThat(problems).isEmpty();
    }

    private static void inspect(Schema schema, List<String> problems, java.util.Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                for (Schema.Field f : schema.getFields()) {
                    if (f.doc() == null || f.doc().isBlank()) {
                        problems.add(schema.getName() + "." + f.name() + " has no doc");
                    }
                    inspect(f.schema(), problems, seen);
                }
            }
            case UNION -> schema.getTypes().forEach(s -> inspect(s, problems, seen));
            case ARRAY -> inspect(schema.getElementType(), problems, seen);
            case MAP -> inspect(schema.getValueType(), problems, seen);
            case FLOAT, DOUBLE -> problems.add("floating point type in " + schema);
            default -> { }
        }
    }

    private static Schema currentSchema(Topic<?> topic) {
        return org.apache.avro.specific.SpecificData.get().getSchema(topic.type());
    }
}
