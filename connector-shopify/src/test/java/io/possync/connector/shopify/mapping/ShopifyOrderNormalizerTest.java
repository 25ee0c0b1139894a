package io.possync.connector.shopify.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.possync.common.kafka.PermanentFailure;
import io.possync.connector.shopify.client.ShopifyPayloadReader;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.OrderLine;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SalesChannel;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.avro.WebhookEnvelope;

class ShopifyOrderNormalizerTest {

    private static final String DELIVERY_EVENT_ID = "0b7d8f0e-6f0a-4a8e-9a51-3c1d2e4f5a6b";

    private final ShopifyOrderNormalizer normalizer = new ShopifyOrderNormalizer(new ShopifyPayloadReader());

    @Test
    void webOrderCarriesEveryFieldWithEscapesAndUtf8Decoded() {
        OrderPlaced order = normalizer.normalize(envelope("orders/create", fixture("orders-create-web-paid-dkk.json")));

        assertThat(order.getOrderId()).isEqualTo("6107843412345");
        assertThat(order.getOrderNumber()).isEqualTo("#1042");
        assertThat(order.getState()).isEqualTo(OrderState.PAID);
        assertThat(order.getSourceStatus()).isEqualTo("paid");
        assertThat(order.getChannel()).isEqualTo(SalesChannel.WEB);
        assertThat(order.getCurrency()).isEqualTo("DKK");
        assertThat(order.getTotalMinor()).isEqualTo(54_800L);
        assertThat(order.getUpdatedAt()).isEqualTo(Instant.parse("2026-03-01T10:15:42Z"));
        assertThat(order.getLines()).hasSize(2);
        OrderLine first = order.getLines().get(0);
        assertThat(first.getLineId()).isEqualTo("15012345678901");
        assertThat(first.getSku()).isEqualTo("KAF-250-AEBLE");
        assertThat(first.getProductId()).isEqualTo("8801234567001");
        assertThat(first.getVariantId()).isEqualTo("45012345670001");
        assertThat(first.getName()).isEqualTo("Kaffe & Te – Æblesmag / 250 g");
        assertThat(first.getQuantity()).isEqualTo(2);
        assertThat(first.getUnitPriceMinor()).isEqualTo(19_900L);
        assertThat(first.getVatRateBasisPoints()).isEqualTo(2500);
        assertThat(order.getLines().get(1).getUnitPriceMinor()).isEqualTo(15_000L);
        assertThat(order.getCustomer().getCustomerId()).isEqualTo("7301234567890");
        assertThat(order.getCustomer().getEmail()).isEqualTo("soeren@example.dk");
        assertThat(order.getCustomer().getFirstName()).isEqualTo("Søren");
        assertThat(order.getCustomer().getLastName()).isEqualTo("Ærøskøbing");
    }

    @Test
    void headerIsDerivedFromTheDeliveryAndTheOrderUpdateTime() {
        OrderPlaced order = normalizer.normalize(envelope("orders/paid", fixture("orders-create-web-paid-dkk.json")));

        EventHeader header = order.getHeader();
        assertThat(header.getEventId()).isEqualTo(
                UUID.nameUUIDFromBytes((DELIVERY_EVENT_ID + ":order").getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(header.getTenantId()).isEqualTo("tenant-1");
        assertThat(header.getConnectionId()).isEqualTo("conn-shopify-1");
        assertThat(header.getSourceSystem()).isEqualTo(SystemKind.SHOPIFY);
        assertThat(header.getOccurredAt()).isEqualTo(Instant.parse("2026-03-01T10:15:42Z"));
        assertThat(header.getCorrelationId()).isEqualTo("corr-1");
        assertThat(header.getCausationId()).isEqualTo(DELIVERY_EVENT_ID);
    }

    @Test
    void theSameDeliveryAlwaysYieldsTheSameEvent() {
        byte[] body = fixture("orders-create-web-paid-dkk.json");

        assertThat(normalizer.normalize(envelope("orders/create", body)))
                .isEqualTo(normalizer.normalize(envelope("orders/create", body)));
    }

    @Test
    void posOrderIsAPosSaleWithSummedTaxRatesAndCustomLinesWithoutSku() {
        OrderPlaced order = normalizer.normalize(envelope("orders/create", fixture("orders-create-pos-usd.json")));

        assertThat(order.getChannel()).isEqualTo(SalesChannel.POS);
        assertThat(order.getCustomer()).isNull();
        assertThat(order.getTotalMinor()).isEqualTo(4_059L);
        assertThat(order.getUpdatedAt()).isEqualTo(Instant.parse("2026-03-02T19:03:12Z"));
        OrderLine mug = order.getLines().get(0);
        assertThat(mug.getLineId()).as("ids beyond 2^53 survive").isEqualTo("9007199254740993");
        assertThat(mug.getName()).isEqualTo("Mug – \"Brooklyn\" edition");
        assertThat(mug.getVatRateBasisPoints()).as("0.06 + 0.0225").isEqualTo(825);
        OrderLine custom = order.getLines().get(1);
        assertThat(custom.getSku()).isNull();
        assertThat(custom.getProductId()).isNull();
        assertThat(custom.getVariantId()).isNull();
        assertThat(custom.getUnitPriceMinor()).isEqualTo(750L);
    }

    @Test
    void cancelledOrderIsCancelledWhateverItsFinancialStatus() {
        OrderPlaced order = normalizer.normalize(envelope("orders/cancelled", fixture("orders-cancelled-dkk.json")));

        assertThat(order.getState()).isEqualTo(OrderState.CANCELLED);
        assertThat(order.getSourceStatus()).isEqualTo("refunded/cancelled");
        assertThat(order.getUpdatedAt()).isEqualTo(Instant.parse("2026-03-03T08:30:06Z"));
    }

    @Test
    void refundedOrderIsRefundedAndKeepsMillisecondsOfItsUpdateTime() {
        OrderPlaced order = normalizer.normalize(envelope("orders/updated", fixture("orders-updated-refunded-eur.json")));

        assertThat(order.getState()).isEqualTo(OrderState.REFUNDED);
        assertThat(order.getTotalMinor()).isEqualTo(2_420L);
        assertThat(order.getLines().get(0).getVatRateBasisPoints()).isEqualTo(2100);
        assertThat(order.getCustomer().getLastName()).isEqualTo("Núñez");
        assertThat(order.getUpdatedAt()).isEqualTo(Instant.parse("2026-03-04T15:45:00.123Z"));
    }

    @Test
    void yenAmountsHaveNoMinorDigits() {
        OrderPlaced order = normalizer.normalize(envelope("orders/paid", fixture("orders-paid-jpy.json")));

        assertThat(order.getCurrency()).isEqualTo("JPY");
        assertThat(order.getTotalMinor()).isEqualTo(4_500L);
        assertThat(order.getLines().get(0).getUnitPriceMinor()).isEqualTo(1_500L);
        assertThat(order.getLines().get(0).getVatRateBasisPoints()).isEqualTo(1000);
        assertThat(order.getLines().get(0).getName()).isEqualTo("抹茶 / 100g");
        assertThat(order.getCustomer().getFirstName()).isEqualTo("太郎");
        assertThat(order.getChannel()).as("draft orders are online sales").isEqualTo(SalesChannel.WEB);
    }

    @ParameterizedTest
    @CsvSource({
            "pending, PENDING", "authorized, AUTHORIZED", "partially_paid, PARTIALLY_PAID", "paid, PAID",
            "partially_refunded, PAID", "refunded, REFUNDED", "voided, VOIDED", "expired, UNKNOWN"})
    void financialStatusDecidesTheState(String financialStatus, OrderState expected) {
        OrderPlaced order = normalizer.normalize(envelope("orders/updated",
                minimalOrder(Map.of("financial_status", "\"" + financialStatus + "\""))));

        assertThat(order.getState()).isEqualTo(expected);
        assertThat(order.getSourceStatus()).isEqualTo(financialStatus);
    }

    @ParameterizedTest
    @CsvSource({"\"pos\", POS", "\"web\", WEB", "\"shopify_draft_order\", WEB", "\"iphone\", WEB",
            "\"android\", WEB", "\"580111\", WEB", "null, WEB"})
    void onlyPosSourceIsAPosSale(String sourceName, SalesChannel expected) {
        OrderPlaced order = normalizer.normalize(envelope("orders/create",
                minimalOrder(Map.of("source_name", sourceName))));

        assertThat(order.getChannel()).isEqualTo(expected);
    }

    @Test
    void lineWithoutTaxLinesHasNoVatRate() {
        OrderPlaced order = normalizer.normalize(envelope("orders/create", minimalOrder(Map.of())));

        assertThat(order.getLines().get(0).getVatRateBasisPoints()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "", "[1,2]", "{\"name\":\"#1\",\"currency\":\"DKK\"}"})
    void unreadableOrIdlessBodiesArePermanentFailures(String body) {
        WebhookEnvelope envelope = envelope("orders/create", body.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> normalizer.normalize(envelope)).isInstanceOf(PermanentFailure.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "total_price | \"10.005\"", "total_price | \"ten\"", "currency | \"XYZ\"", "currency | null",
            "updated_at | \"yesterday\""})
    void amountsAndDatesThatCannotBeReadExactlyArePermanentFailures(String field, String value) {
        WebhookEnvelope envelope = envelope("orders/create", minimalOrder(Map.of(field, value)));

        assertThatThrownBy(() -> normalizer.normalize(envelope))
                .isInstanceOf(PermanentFailure.class)
                .hasMessageContaining(field);
    }

    /** A small order body; {@code overrides} replace top-level fields by raw JSON values. */
    static byte[] minimalOrder(Map<String, String> overrides) {
        Map<String, String> fields = new LinkedHashMap<>(Map.of(
                "id", "6107843400001", "name", "\"#1001\"", "currency", "\"DKK\"", "total_price", "\"100.00\"",
                "financial_status", "\"paid\"", "source_name", "\"web\"", "cancelled_at", "null",
                "updated_at", "\"2026-03-01T12:00:00+01:00\""));
        fields.putAll(overrides);
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> json.append('"').append(k).append("\":").append(v).append(','));
        json.append("\"line_items\":[{\"id\":1501,\"sku\":\"A-1\",\"quantity\":1,\"price\":\"100.00\",\"tax_lines\":[]}]}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    static WebhookEnvelope envelope(String topic, byte[] body) {
        return WebhookEnvelope.newBuilder()
                .setHeader(EventHeader.newBuilder()
                        .setEventId(DELIVERY_EVENT_ID)
                        .setTenantId("tenant-1")
                        .setConnectionId("conn-shopify-1")
                        .setSourceSystem(SystemKind.SHOPIFY)
                        .setOccurredAt(Instant.parse("2026-03-01T10:15:43Z"))
                        .setCorrelationId("corr-1")
                        .build())
                .setSystem(SystemKind.SHOPIFY)
                .setTopic(topic)
                .setDedupeKey("butik-soeren.myshopify.com|" + topic + "|event-1")
                .setDeliveryId("webhook-1")
                .setHeaders(Map.of("x-shopify-topic", topic))
                .setBody(ByteBuffer.wrap(body))
                .build();
    }

    static byte[] fixture(String name) {
        try (InputStream in = ShopifyOrderNormalizerTest.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
