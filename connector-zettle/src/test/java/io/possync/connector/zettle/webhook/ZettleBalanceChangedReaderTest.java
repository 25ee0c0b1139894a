package io.possync.connector.zettle.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.possync.common.kafka.PermanentFailure;
import io.possync.connector.zettle.webhook.ZettleBalanceChange.Balance;

class ZettleBalanceChangedReaderTest {

    static final String STORE = "1bfc07a0-fb65-11e7-8d72-68a12b957f8b";
    static final String SOLD = "1c0a1f10-fb65-11e7-8d72-68a12b957f8b";
    static final String PRODUCT = "24134200-fb65-11e7-8b46-39368d314702";
    static final String VARIANT = "24134200-fb65-11e7-8103-e11ba136a59d";

    @Test
    void aPayloadSentAsAJsonStringIsParsedTwiceWithItsStringBalances() {
        ZettleBalanceChange change = ZettleBalanceChangedReader.read(fixture("inventory-balance-changed.json"));

        assertThat(change.messageId()).isEqualTo("840108b7-6097-558d-b2d6-5a6e73f31c55");
        assertThat(change.changedBy()).isEqualTo("1b881020-fb65-11e7-bcf2-692e23651920");
        assertThat(change.updatedAt()).isEqualTo(Instant.parse("2026-03-01T10:15:37.904Z"));
        assertThat(change.sentAt()).isEqualTo(Instant.parse("2026-03-01T10:15:38.120Z"));
        assertThat(change.after()).containsExactly(
                new Balance(STORE, PRODUCT, VARIANT, 10),
                new Balance(SOLD, PRODUCT, VARIANT, 42),
                new Balance(STORE, "5a0c1e20-fb65-11e7-8b46-39368d314702", "5a0c1e20-fb65-11e7-8103-e11ba136a59d", 2));
        assertThat(change.before()).extracting(Balance::balance).containsExactly(12L, 40L, 3L);
    }

    @Test
    void theDocumentedPayloadObjectWithoutUpdatedIsReadToo() {
        ZettleBalanceChange change = ZettleBalanceChangedReader.read(
                fixture("inventory-balance-changed-documented.json"));

        assertThat(change.changedBy()).isNull();
        assertThat(change.updatedAt()).isNull();
        assertThat(change.sentAt()).isNull();
        assertThat(change.before()).containsExactly(new Balance(STORE, PRODUCT, VARIANT, 0));
        assertThat(change.after()).containsExactly(new Balance(STORE, PRODUCT, VARIANT, 10));
    }

    @Test
    void theEchoedMovementIdentifierIsReadAsExternalUuidAndANullOneAsAbsent() {
        ZettleBalanceChange ours = ZettleBalanceChangedReader.read(envelope(
                "\"messageId\":\"m-1\",\"payload\":{\"balanceAfter\":[],\"externalUuid\":\"request-7\"}"));

        assertThat(ours.externalUuid()).isEqualTo("request-7");
        assertThat(ZettleBalanceChangedReader.read(fixture("inventory-balance-changed.json")).externalUuid()).isNull();
    }

    @Test
    void aMessageUuidStandsInForAMissingMessageId() {
        ZettleBalanceChange change = ZettleBalanceChangedReader.read(envelope(
                "\"messageUuid\":\"m-1\",\"payload\":{\"balanceAfter\":[]}"));

        assertThat(change.messageId()).isEqualTo("m-1");
        assertThat(change.after()).isEmpty();
    }

    @Test
    void bodiesThatCannotBeReadArePermanentFailures() {
        assertPermanent("not json", "is not valid JSON");
        assertPermanent(envelope("\"payload\":{\"balanceAfter\":[]}"), "neither messageId nor messageUuid");
        assertPermanent(envelope("\"messageId\":\"m\",\"payload\":\"{not json\""), "payload is not valid JSON");
        assertPermanent(envelope("\"messageId\":\"m\",\"payload\":42"), "neither a JSON string nor an object");
        assertPermanent(envelope("\"messageId\":\"m\",\"payload\":{}"), "has no balanceAfter list");
        assertPermanent(envelope("\"messageId\":\"m\",\"payload\":{\"balanceAfter\":[" + entry("\"ten\"") + "]}"),
                "balance 'ten' is not a number");
        assertPermanent(envelope("\"messageId\":\"m\",\"payload\":{\"balanceAfter\":[" + entry("\"2.5\"") + "]}"),
                "2.5 is not a whole number");
        assertPermanent(envelope("\"messageId\":\"m\",\"payload\":{\"balanceAfter\":[{\"locationUuid\":\"l\","
                + "\"productUuid\":\"p\",\"balance\":\"1\"}]}"), "lacks productUuid, variantUuid or balance");
        assertPermanent(envelope("\"messageId\":\"m\",\"payload\":{\"updated\":{\"uuid\":\"u\",\"timestamp\":"
                + "\"yesterday\"},\"balanceAfter\":[]}"), "'yesterday' is not a Zettle timestamp");
    }

    @Test
    void aWholeBalanceWrittenWithDecimalsIsAccepted() {
        ZettleBalanceChange change = ZettleBalanceChangedReader.read(envelope(
                "\"messageId\":\"m\",\"payload\":{\"balanceAfter\":[" + entry("\"7.0\"") + "]}"));

        assertThat(change.after()).extracting(Balance::balance).containsExactly(7L);
    }

    private static void assertPermanent(byte[] body, String reason) {
        assertThatThrownBy(() -> ZettleBalanceChangedReader.read(body)).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining(reason);
    }

    private static void assertPermanent(String body, String reason) {
        assertPermanent(body.getBytes(StandardCharsets.UTF_8), reason);
    }

    private static String entry(String balance) {
        return "{\"locationUuid\":\"l\",\"productUuid\":\"p\",\"variantUuid\":\"v\",\"balance\":" + balance + "}";
    }

    private static byte[] envelope(String fields) {
        return ("{\"eventName\":\"InventoryBalanceChanged\"," + fields + "}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fixture(String name) {
        try (InputStream in = ZettleBalanceChangedReaderTest.class.getResourceAsStream("/zettle/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
