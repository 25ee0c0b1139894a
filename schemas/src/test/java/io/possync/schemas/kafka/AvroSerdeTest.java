package io.possync.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.EventHeader;
import io.possync.schemas.avro.OrderLine;
import io.possync.schemas.avro.OrderPlaced;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SalesChannel;
import io.possync.schemas.avro.StockChangeReason;
import io.possync.schemas.avro.SystemKind;

class AvroSerdeTest {

    private final Instant now = Instant.now();

    @Test
    void anOrderRoundTripsWithSingleObjectEncoding() {
        OrderPlaced order = OrderPlaced.newBuilder()
                .setHeader(header())
                .setOrderId("820982911946154508").setOrderNumber("#1001")
                .setState(OrderState.PAID).setSourceStatus("paid").setChannel(SalesChannel.WEB)
                .setCurrency("DKK").setTotalMinor(24900)
                .setLines(List.of(OrderLine.newBuilder().setLineId("1").setSku("MUG-1").setQuantity(2)
                        .setUnitPriceMinor(12450).setVatRateBasisPoints(2500).build()))
                .setUpdatedAt(now)
                .build();
        byte[] bytes = Topics.ORDER_EVENTS.serde().serializer().serialize("events.orders", order);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        OrderPlaced back = Topics.ORDER_EVENTS.serde().deserializer().deserialize("events.orders", bytes);
        assertThat(back.getLines().get(0).getSku()).isEqualTo("MUG-1");
        assertThat(back.getUpdatedAt()).isEqualTo(now.truncatedTo(ChronoUnit.MILLIS));
        assertThat(back).isEqualTo(OrderPlaced.newBuilder(order).setUpdatedAt(now.truncatedTo(ChronoUnit.MILLIS))
                .setHeader(EventHeader.newBuilder(order.getHeader())
                        .setOccurredAt(now.truncatedTo(ChronoUnit.MILLIS)).build()).build());
    }

    @Test
    void aCommandWithAUnionActionRoundTrips() {
        ConnectorCommand command = zettleCommand();
        var serde = Topics.commands(SystemKind.ZETTLE).serde();
        ConnectorCommand back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", command));
        assertThat(back.getAction()).isInstanceOf(AdjustStock.class);
        assertThat(((AdjustStock) back.getAction()).getDelta()).isEqualTo(-2);
    }

    @Test
    void aConsumerOfOneSystemLeavesOtherSystemsRecordsUndecoded() {
        ConnectorCommand command = zettleCommand();
        var serde = Topics.commands(SystemKind.ZETTLE).serde();
        byte[] bytes = serde.serializer().serialize("t", command);
        var deserializer = serde.deserializer();
        deserializer.configure(Map.of(AvroSingleObjectDeserializer.ONLY_HEADER, Topics.SYSTEM_HEADER + "=ZETTLE"), false);

        ConnectorCommand other = deserializer.deserialize("t", systemHeader("SHOPIFY"), bytes);
        assertThat(other.getCommandId()).isNull();
        assertThat(other.getHeader()).isNull();
        assertThat(AvroSingleObjectDeserializer.isSkipped(other)).isTrue();
        assertThat(deserializer.deserialize("t", systemHeader("ZETTLE"), bytes)).isEqualTo(command)
                .satisfies(own -> assertThat(AvroSingleObjectDeserializer.isSkipped(own)).isFalse());
        assertThat(deserializer.deserialize("t", new RecordHeaders(), bytes)).isEqualTo(command);
        // the undecoded records are not checked either: the connector of their system reports what is wrong with them
        assertThat(deserializer.deserialize("t", systemHeader("SHOPIFY"), new byte[] {1, 2}).getCommandId()).isNull();
        assertThatThrownBy(() -> deserializer.deserialize("t", systemHeader("ZETTLE"), new byte[] {1, 2}))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void aMalformedOnlyHeaderSettingIsRefused() {
        var deserializer = Topics.WEBHOOKS_INBOUND.serde().deserializer();
        assertThatThrownBy(() -> deserializer.configure(Map.of(AvroSingleObjectDeserializer.ONLY_HEADER, "ZETTLE"), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("name=value");
    }

    private static RecordHeaders systemHeader(String system) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.SYSTEM_HEADER, system.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return headers;
    }

    @Test
    void aMessageWrittenWithAnUnknownSchemaIsASerializationError() throws Exception {
        Schema stranger = SchemaBuilder.record("Stranger").namespace("elsewhere").fields()
                .requiredString("x").endRecord();
        GenericRecord record = new GenericData.Record(stranger);
        record.put("x", "y");
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), stranger).encode(record).array();

        assertThatThrownBy(() -> Topics.ORDER_EVENTS.serde().deserializer().deserialize("events.orders", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("OrderPlaced");
    }

    @Test
    void bytesThatAreNotSingleObjectEncodedAreASerializationError() {
        byte[] json = "{\"orderId\":1}".getBytes();
        assertThatThrownBy(() -> Topics.ORDER_EVENTS.serde().deserializer().deserialize("events.orders", json))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void aDeserializerConfiguredByPropertyReadsTheNamedType() {
        var deserializer = new AvroSingleObjectDeserializer<OrderPlaced>();
        deserializer.configure(Map.of(AvroSingleObjectDeserializer.VALUE_TYPE, OrderPlaced.class.getName()), false);
        assertThat(deserializer.deserialize("t", null)).isNull();
        assertThatThrownBy(() -> new AvroSingleObjectDeserializer<OrderPlaced>().configure(Map.of(), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(AvroSingleObjectDeserializer.VALUE_TYPE);
    }

    private ConnectorCommand zettleCommand() {
        return ConnectorCommand.newBuilder().setHeader(header()).setCommandId("c-1")
                .setTargetConnectionId("demo-zettle").setTargetSystem(SystemKind.ZETTLE)
                .setAction(AdjustStock.newBuilder().setSku("MUG-1").setDelta(-2)
                        .setReason(StockChangeReason.ORDER_TRANSFER).build())
                .build();
    }

    private EventHeader header() {
        return EventHeader.newBuilder().setEventId("e-1").setTenantId("demo").setConnectionId("demo-shopify")
                .setSourceSystem(SystemKind.SHOPIFY).setOccurredAt(now).setCorrelationId("corr-1").build();
    }
}
