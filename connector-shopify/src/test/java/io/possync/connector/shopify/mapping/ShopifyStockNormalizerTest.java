package io.possync.connector.shopify.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.possync.common.kafka.PermanentFailure;
import io.possync.connector.shopify.client.ShopifyPayloadReader;
import io.possync.connector.shopify.mapping.ShopifyStockNormalizer.LevelUpdate;
import io.possync.connector.shopify.mapping.ShopifyStockNormalizer.Verdict;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.StockChanged;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;

class ShopifyStockNormalizerTest {

    private static final String BODY = "{\"inventory_item_id\":48000000000123,\"location_id\":71234567890,"
            + "\"available\":7,\"updated_at\":\"2026-11-22T13:00:05+01:00\","
            + "\"admin_graphql_api_id\":\"gid:\\/\\/shopify\\/InventoryLevel\\/1?inventory_item_id=48000000000123\"}";
    private static final Instant WRITTEN = Instant.parse("2026-11-22T12:00:05Z");

    private final ShopifyStockNormalizer normalizer = new ShopifyStockNormalizer(new ShopifyPayloadReader());

    @Test
    void readsItemLocationAvailableAndTheOffsetTime() {
        LevelUpdate update = normalizer.read(envelope(BODY, "ev-1"));

        assertThat(update.inventoryItemId()).isEqualTo(48_000_000_000_123L);
        assertThat(update.locationId()).isEqualTo(71_234_567_890L);
        assertThat(update.available()).isEqualTo(7);
        assertThat(update.updatedAt()).isEqualTo(Instant.parse("2026-11-22T12:00:05Z"));
    }

    @Test
    void aBodyWithoutTheItemIsAPermanentFailure() {
        assertThatThrownBy(() -> normalizer.read(envelope("{\"available\":3}", "ev-2")))
                .isInstanceOf(PermanentFailure.class);
    }

    @Test
    void theLevelWeWroteComingBackIsItsEcho() {
        assertThat(ShopifyStockNormalizer.judge(written(7), 7, WRITTEN)).isEqualTo(Verdict.ECHO);
        assertThat(ShopifyStockNormalizer.judge(written(7), 7, WRITTEN.plusSeconds(30))).isEqualTo(Verdict.ECHO);
    }

    @Test
    void ourWriteTimeIsComparedAtTheWholeSecondsOfWebhookTimes() {
        InventoryMapping mapping = new InventoryMapping("shop", "A", "item", "variant", 7L, "loc", WRITTEN,
                7L, WRITTEN.plusMillis(700), "c1", List.of());

        assertThat(ShopifyStockNormalizer.judge(mapping, 7, WRITTEN)).isEqualTo(Verdict.ECHO);
    }

    @Test
    void anotherLevelAfterOurWriteIsSomeoneElsesChange() {
        assertThat(ShopifyStockNormalizer.judge(written(7), 4, WRITTEN.plusSeconds(1))).isEqualTo(Verdict.PUBLISH);
    }

    @Test
    void theLateEchoOfAnEarlierWriteOfTheSameBurstIsStillAnEcho() {
        InventoryMapping burst = new InventoryMapping("shop", "A", "item", "variant", 3L, "loc", WRITTEN, 3L,
                WRITTEN.plusMillis(400), "c9", List.of(new InventoryMapping.Write(8, WRITTEN.plusMillis(100)),
                        new InventoryMapping.Write(3, WRITTEN.plusMillis(400))));

        assertThat(ShopifyStockNormalizer.judge(burst, 8, WRITTEN)).isEqualTo(Verdict.ECHO);
        assertThat(ShopifyStockNormalizer.judge(burst, 5, WRITTEN)).isEqualTo(Verdict.PUBLISH);
        assertThat(ShopifyStockNormalizer.judge(burst, 8, WRITTEN.plusSeconds(5))).isEqualTo(Verdict.PUBLISH);
    }

    @Test
    void anotherLevelWithinTheSameSecondCannotBeOrdered() {
        assertThat(ShopifyStockNormalizer.orderUnknown(15L, WRITTEN, 13, WRITTEN)).isTrue();
        assertThat(ShopifyStockNormalizer.orderUnknown(15L, WRITTEN.plusMillis(400), 13, WRITTEN))
                .as("a known time with milliseconds is compared at whole seconds").isTrue();
    }

    @Test
    void theSameLevelAnotherSecondOrNothingKnownIsOrdered() {
        assertThat(ShopifyStockNormalizer.orderUnknown(15L, WRITTEN, 15, WRITTEN)).as("the same change again").isFalse();
        assertThat(ShopifyStockNormalizer.orderUnknown(15L, WRITTEN, 13, WRITTEN.plusSeconds(1))).isFalse();
        assertThat(ShopifyStockNormalizer.orderUnknown(15L, WRITTEN, 13, WRITTEN.minusSeconds(1))).isFalse();
        assertThat(ShopifyStockNormalizer.orderUnknown(null, null, 13, WRITTEN)).isFalse();
    }

    @Test
    void theLevelReadInsteadIsCausedByTheDeliveryAndVersionedByItsTime() {
        WebhookEnvelope delivery = envelope(BODY, "ev-9");

        StockChanged read = ShopifyStockNormalizer.reread(delivery, "A", 13, WRITTEN, "gid://shopify/Location/1");

        assertThat(read.getLevel()).isEqualTo(13);
        assertThat(read.getChangedAt()).isEqualTo(WRITTEN);
        assertThat(read.getSourceVersion()).isEqualTo(WRITTEN.toString());
        assertThat(read.getHeader().getCausationId()).isEqualTo(delivery.getHeader().getEventId());
        assertThat(read.getHeader().getEventId()).as("the id of that level's own change").isEqualTo(
                ShopifyStockNormalizer.polled("t", delivery.getHeader().getConnectionId(), "A", 13, WRITTEN,
                        "gid://shopify/Location/1").getHeader().getEventId());
    }

    @Test
    void aLevelOlderThanOurWriteIsStale() {
        assertThat(ShopifyStockNormalizer.judge(written(7), 4, WRITTEN.minusSeconds(1))).isEqualTo(Verdict.STALE);
    }

    @Test
    void theEchoOfAFirstWriteWhoseOutcomeIsNotRecordedYetIsRecognisedFromItsAnnouncement() {
        InventoryMapping announcedOnly = new InventoryMapping("shop", "A", "item", "variant", null, null, null,
                null, null, null, List.of(new InventoryMapping.Write(5, WRITTEN)));

        assertThat(ShopifyStockNormalizer.judge(announcedOnly, 5, WRITTEN)).isEqualTo(Verdict.ECHO);
        assertThat(ShopifyStockNormalizer.judge(announcedOnly, 8, WRITTEN)).isEqualTo(Verdict.PUBLISH);
    }

    @Test
    void withoutAWriteOfOursEveryLevelIsPublished() {
        assertThat(ShopifyStockNormalizer.judge(null, 7, WRITTEN)).isEqualTo(Verdict.PUBLISH);
        InventoryMapping neverWritten = new InventoryMapping("shop", "A", "item", "variant", null, null, null,
                null, null, null, null);
        assertThat(ShopifyStockNormalizer.judge(neverWritten, 7, WRITTEN)).isEqualTo(Verdict.PUBLISH);
    }

    @Test
    void theEventCarriesSkuLevelEventIdAsSourceVersionAndTheChangeTime() {
        WebhookEnvelope envelope = envelope(BODY, "ev-1");

        StockChanged event = ShopifyStockNormalizer.toEvent(envelope, "A", normalizer.read(envelope),
                "gid://shopify/Location/71234567890");

        assertThat(event.getSku()).isEqualTo("A");
        assertThat(event.getLevel()).isEqualTo(7);
        assertThat(event.getSourceVersion()).isEqualTo("ev-1");
        assertThat(event.getChangedAt()).isEqualTo(Instant.parse("2026-11-22T12:00:05Z"));
        assertThat(event.getLocationRef()).isEqualTo("gid://shopify/Location/71234567890");
        assertThat(event.getHeader().getSourceSystem()).isEqualTo(SystemKind.SHOPIFY);
        assertThat(event.getHeader().getCausationId()).isEqualTo(envelope.getHeader().getEventId());
    }

    @Test
    void duplicatesOfOneChangeGetOneEventIdAndADifferentLevelAnother() {
        WebhookEnvelope first = envelope(BODY, "ev-1");
        WebhookEnvelope again = envelope(BODY, "ev-1");
        WebhookEnvelope other = envelope(BODY.replace("\"available\":7", "\"available\":6"), "ev-2");

        String id = ShopifyStockNormalizer.toEvent(first, "A", normalizer.read(first), "loc").getHeader().getEventId();

        assertThat(ShopifyStockNormalizer.toEvent(again, "A", normalizer.read(again), "loc").getHeader().getEventId())
                .isEqualTo(id);
        assertThat(ShopifyStockNormalizer.toEvent(other, "A", normalizer.read(other), "loc").getHeader().getEventId())
                .isNotEqualTo(id);
    }

    @Test
    void theSameLevelReadByThePollIsTheWebhooksEventAtTheSameTimeWithoutACausingDelivery() {
        WebhookEnvelope envelope = envelope(BODY, "ev-1");
        StockChanged byWebhook = ShopifyStockNormalizer.toEvent(envelope, "A", normalizer.read(envelope), "loc");

        StockChanged byPoll = ShopifyStockNormalizer.polled("tenant", "shop", "A", 7,
                Instant.parse("2026-11-22T12:00:05Z"), "loc");

        assertThat(byPoll.getHeader().getEventId()).isEqualTo(byWebhook.getHeader().getEventId());
        assertThat(byPoll.getChangedAt()).isEqualTo(byWebhook.getChangedAt());
        assertThat(byPoll.getLevel()).isEqualTo(byWebhook.getLevel());
        assertThat(byPoll.getHeader().getCausationId()).isNull();
        assertThat(byPoll.getSourceVersion()).isEqualTo("2026-11-22T12:00:05Z");
    }

    private static InventoryMapping written(long level) {
        return new InventoryMapping("shop", "A", "item", "variant", level, "loc", WRITTEN, level, WRITTEN, "c1",
                List.of(new InventoryMapping.Write(level, WRITTEN)));
    }

    private static WebhookEnvelope envelope(String body, String shopifyEventId) {
        String deliveryId = java.util.UUID.randomUUID().toString();
        return WebhookEnvelope.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId(deliveryId).setTenantId("tenant")
                        .setConnectionId("shop").setSourceSystem(SystemKind.SHOPIFY).setOccurredAt(Instant.now())
                        .setCorrelationId(deliveryId).build())
                .setSystem(SystemKind.SHOPIFY)
                .setTopic(ShopifyStockNormalizer.TOPIC)
                .setDedupeKey(ShopifyStockNormalizer.TOPIC + "|" + shopifyEventId)
                .setDeliveryId(deliveryId)
                .setHeaders(Map.of("x-shopify-event-id", shopifyEventId))
                .setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
                .build();
    }
}
