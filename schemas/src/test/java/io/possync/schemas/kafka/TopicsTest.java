package io.possync.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.possync.schemas.avro.SystemKind;

class TopicsTest {

    @Test
    void topicNamesAreUniqueAndEveryConsumedTopicHasADeadLetterTwin() {
        var names = Topics.all().stream().map(Topic::name).toList();
        assertThat(names).doesNotHaveDuplicates()
                .contains("webhooks.inbound", "webhooks.inbound.dlt", "commands.zettle", "commands.zettle.dlt",
                        "events.orders", "command.results");
    }

    @Test
    void commandTopicsExistOnlyForSystemsThatTakeCommands() {
        assertThat(Topics.commands(SystemKind.SHOPIFY).name()).isEqualTo("commands.shopify");
        assertThatThrownBy(() -> Topics.commands(SystemKind.UNKNOWN)).isInstanceOf(IllegalArgumentException.class);
    }
}
