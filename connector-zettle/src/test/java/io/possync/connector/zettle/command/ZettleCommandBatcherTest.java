package io.possync.connector.zettle.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ZettleCommandBatcherTest {

    @Test
    void requestsHoldAtMostTheConfiguredNumberOfMovementsInOrder() {
        List<Integer> moves = IntStream.range(0, 120).boxed().toList();

        List<List<Integer>> chunks = ZettleCommandBatcher.chunks(moves, 50);

        assertThat(chunks).extracting(List::size).containsExactly(50, 50, 20);
        assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(moves);
        assertThat(ZettleCommandBatcher.chunks(List.of(), 50)).isEmpty();
        assertThatThrownBy(() -> ZettleCommandBatcher.chunks(moves, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aOneCommandRequestKeepsTheCommandIdAsIdentifier() {
        String commandId = UUID.randomUUID().toString();

        assertThat(ZettleCommandBatcher.identifier(List.of(commandId))).isEqualTo(commandId);
    }

    @Test
    void theSameCommandsInTheSameOrderAlwaysMakeTheSameIdentifier() {
        List<String> ids = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString());

        String identifier = ZettleCommandBatcher.identifier(ids);

        assertThat(ZettleCommandBatcher.identifier(List.copyOf(ids))).isEqualTo(identifier);
        assertThat(UUID.fromString(identifier).toString()).isEqualTo(identifier);
        assertThat(identifier).isNotIn(ids);
    }

    @Test
    void anotherOrderOrAnotherSetOfCommandsMakesAnotherIdentifier() {
        String a = "6f1c2a4e-8d1b-4b5e-9a51-3c2d0e7f9a10";
        String b = "0b4e7c1d-2f3a-4c5b-8d6e-7f8a9b0c1d2e";
        String c = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";

        assertThat(ZettleCommandBatcher.identifier(List.of(a, b)))
                .isNotEqualTo(ZettleCommandBatcher.identifier(List.of(b, a)))
                .isNotEqualTo(ZettleCommandBatcher.identifier(List.of(a, b, c)));
        // a separator keeps ["ab", "c"] apart from ["a", "bc"]
        assertThat(ZettleCommandBatcher.identifier(List.of("ab", "c")))
                .isNotEqualTo(ZettleCommandBatcher.identifier(List.of("a", "bc")));
    }

    @Test
    void aRequestWithoutCommandsHasNoIdentifier() {
        assertThatThrownBy(() -> ZettleCommandBatcher.identifier(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyNameBasedIdentifiersCanBeOursSoAPosSalesIdentifierIsNotLookedUp() {
        String engineCommandId = UUID.nameUUIDFromBytes("master-sync|shop|SKU|w1".getBytes()).toString();

        assertThat(ZettleCommandBatcher.mayBeOurs(engineCommandId)).isTrue();
        assertThat(ZettleCommandBatcher.mayBeOurs(ZettleCommandBatcher.identifier(List.of("a", "b")))).isTrue();
        assertThat(ZettleCommandBatcher.mayBeOurs("5d9a1c20-fb65-11e7-8b46-39368d314702")).as("time-based").isFalse();
        assertThat(ZettleCommandBatcher.mayBeOurs(UUID.randomUUID().toString())).isFalse();
        assertThat(ZettleCommandBatcher.mayBeOurs("not-a-uuid")).isFalse();
        assertThat(ZettleCommandBatcher.mayBeOurs(null)).isFalse();
    }
}
