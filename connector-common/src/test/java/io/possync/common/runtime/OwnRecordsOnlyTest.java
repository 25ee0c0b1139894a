package io.possync.common.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.possync.schemas.avro.WebhookEnvelope;
import io.possync.schemas.kafka.AvroSingleObjectDeserializer;
import io.possync.schemas.kafka.Topics;

class OwnRecordsOnlyTest {

    @Test
    void anotherVendorsUndecodedDeliveryIsNotDeadLettered() {
        AvroSingleObjectDeserializer<WebhookEnvelope> deserializer = new AvroSingleObjectDeserializer<>(WebhookEnvelope.class);
        deserializer.configure(Map.of(AvroSingleObjectDeserializer.ONLY_HEADER, Topics.SYSTEM_HEADER + "=ZETTLE"), false);
        RecordHeaders shopify = new RecordHeaders();
        shopify.add(Topics.SYSTEM_HEADER, "SHOPIFY".getBytes(StandardCharsets.UTF_8));
        WebhookEnvelope skipped = deserializer.deserialize("webhooks.inbound", shopify, new byte[] {1});
        WebhookEnvelope own = new WebhookEnvelope();
        List<Object> deadLettered = new ArrayList<>();

        var recoverer = PlatformRuntimeConfiguration.ownRecordsOnly((record, ex) -> deadLettered.add(record.value()));
        recoverer.accept(new ConsumerRecord<>("webhooks.inbound", 0, 1, "shop", skipped), new IllegalStateException());
        recoverer.accept(new ConsumerRecord<>("webhooks.inbound", 0, 2, "pos", own), new IllegalStateException());

        assertThat(deadLettered).containsExactly(own);
    }
}
