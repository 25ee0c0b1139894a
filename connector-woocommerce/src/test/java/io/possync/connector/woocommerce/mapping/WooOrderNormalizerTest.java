package io.possync.connector.woocommerce.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.possync.common.kafka.PermanentFailure;
import io.possync.schemas.avro.OrderLine;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SalesChannel;
import io.possync.schemas.avro.SystemKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class WooOrderNormalizerTest {

    private static final WooSource WEBHOOK = new WooSource("tenant-1", "woo-1", "delivery-event-1");
    private static final WooSource POLL = new WooSource("tenant-1", "woo-1", null);

    private final WooOrderNormalizer normalizer = new WooOrderNormalizer();

    @Test
    void processingOrderIsAPaidWebOrderWithExactMinorUnits() {
        OrderPlaced order = normalizer.normalize(fixture("order-processing-dkk.json"), WEBHOOK).orElseThrow();

        assertThat(order.getOrderId()).isEqualTo("727");
        assertThat(order.getOrderNumber()).isEqualTo("727");
        assertThat(order.getState()).isEqualTo(OrderState.PAID);
        assertThat(order.getSourceStatus()).isEqualTo("processing");
        assertThat(order.getChannel()).isEqualTo(SalesChannel.WEB);
        assertThat(order.getCurrency()).isEqualTo("DKK");
        assertThat(order.getTotalMinor()).isEqualTo(36000L);
        // _gmt dates carry no offset and are UTC; the site-local date_modified is an hour ahead
        assertThat(order.getUpdatedAt()).isEqualTo(Instant.parse("2026-11-20T09:15:30Z"));
        assertThat(order.getHeader().getOccurredAt()).isEqualTo(Instant.parse("2026-11-20T09:15:30Z"));
        assertThat(order.getHeader().getSourceSystem()).isEqualTo(SystemKind.WOOCOMMERCE);
        assertThat(order.getHeader().getCausationId()).isEqualTo("delivery-event-1");
        assertThat(order.getCustomer().getCustomerId()).isEqualTo("12");
        assertThat(order.getCustomer().getEmail()).isEqualTo("soren@example.com");
        assertThat(order.getCustomer().getFirstName()).isEqualTo("Søren");

        OrderLine coffee = order.getLines().get(0);
        assertThat(coffee.getLineId()).isEqualTo("315");
        assertThat(coffee.getSku()).isEqualTo("KAFFE-500");
        assertThat(coffee.getProductId()).isEqualTo("93");
        assertThat(coffee.getVariantId()).isNull();
        assertThat(coffee.getQuantity()).isEqualTo(2);
        assertThat(coffee.getUnitPriceMinor()).isEqualTo(4980L);
        assertThat(coffee.getVatRateBasisPoints()).isEqualTo(2500);
        OrderLine mug = order.getLines().get(1);
        assertThat(mug.getVariantId()).isEqualTo("101");
        assertThat(mug.getName()).isEqualTo("Krus - Blå");
        assertThat(mug.getUnitPriceMinor()).isEqualTo(4980L);
    }

    @Test
    void webhookAndPollOfTheSameVersionHaveOneEventId() {
        OrderPlaced byWebhook = normalizer.normalize(fixture("order-processing-dkk.json"), WEBHOOK).orElseThrow();
        OrderPlaced byPoll = normalizer.normalize(fixture("order-processing-dkk.json"), POLL).orElseThrow();
        ObjectNode newer = (ObjectNode) fixture("order-processing-dkk.json");
        newer.put("date_modified_gmt", "2026-11-20T09:15:31");

        assertThat(byPoll.getHeader().getEventId()).isEqualTo(byWebhook.getHeader().getEventId())
                .isEqualTo(WooEventIds.order("woo-1", "727", "2026-11-20T09:15:30"));
        assertThat(byPoll.getHeader().getCorrelationId()).isEqualTo(byWebhook.getHeader().getCorrelationId());
        assertThat(byPoll.getHeader().getCausationId()).isNull();
        assertThat(normalizer.normalize(newer, POLL).orElseThrow().getHeader().getEventId())
                .isNotEqualTo(byWebhook.getHeader().getEventId());
    }

    @Test
    void guestOrderWithCouponUsesTheExactStringsAndRoundsOnlyTheFloatPrice() {
        OrderPlaced order = normalizer.normalize(fixture("order-guest-coupon-eur.json"), POLL).orElseThrow();

        assertThat(order.getState()).isEqualTo(OrderState.ON_HOLD);
        assertThat(order.getTotalMinor()).isEqualTo(2100L);
        assertThat(order.getCustomer()).isNull();
        OrderLine sticker = order.getLines().get(0);
        // subtotal 10.00 / 3 is not whole cents; total 9.00 / 3 is
        assertThat(sticker.getUnitPriceMinor()).isEqualTo(300L);
        assertThat(sticker.getVatRateBasisPoints()).isNull();
        OrderLine engraving = order.getLines().get(1);
        assertThat(engraving.getSku()).isNull();
        assertThat(engraving.getProductId()).isNull();
        // neither 10.00 / 3 divides: the float price 3.3333333333333335 is rounded
        assertThat(engraving.getUnitPriceMinor()).isEqualTo(333L);
    }

    @ParameterizedTest
    @CsvSource({"pending,PENDING", "processing,PAID", "on-hold,ON_HOLD", "completed,COMPLETED",
            "cancelled,CANCELLED", "refunded,REFUNDED", "failed,FAILED", "wc-custom-shipped,UNKNOWN"})
    void statusesMapToCanonicalStates(String status, OrderState expected) {
        ObjectNode order = (ObjectNode) fixture("order-processing-dkk.json");
        order.put("status", status);

        OrderPlaced normalized = normalizer.normalize(order, POLL).orElseThrow();
        assertThat(normalized.getState()).isEqualTo(expected);
        assertThat(normalized.getSourceStatus()).isEqualTo(status);
    }

    @ParameterizedTest
    @CsvSource({"checkout-draft", "trash"})
    void draftsAndTrashedOrdersAreIgnored(String status) {
        ObjectNode order = (ObjectNode) fixture("order-processing-dkk.json");
        order.put("status", status);

        assertThat(normalizer.normalize(order, WEBHOOK)).isEmpty();
    }

    @Test
    void unreadableMoneyOrDatesArePermanentFailures() {
        ObjectNode subCent = (ObjectNode) fixture("order-processing-dkk.json");
        subCent.put("total", "360.005");
        ObjectNode badDate = (ObjectNode) fixture("order-processing-dkk.json");
        badDate.put("date_modified_gmt", "yesterday");

        assertThatThrownBy(() -> normalizer.normalize(subCent, POLL)).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("total");
        assertThatThrownBy(() -> normalizer.normalize(badDate, POLL)).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("date_modified_gmt");
        assertThatThrownBy(() -> WooJson.read(ByteBuffer.wrap("{\"id\":".getBytes()), "order payload"))
                .isInstanceOf(PermanentFailure.class);
    }

    static JsonNode fixture(String name) {
        try (InputStream in = WooOrderNormalizerTest.class.getResourceAsStream("/fixtures/" + name)) {
            return WooJson.MAPPER.readTree(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
