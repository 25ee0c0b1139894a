package io.possync.connector.zettle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class ZettleLenientValuesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ZettleHosts HOSTS = new ZettleHosts("http://sim", "http://sim", "http://sim");

    @Test
    void balancesAreReadFromNumbersAndNumericStrings() {
        assertThat(ZettleBalance.parse(JSON.readTree("5"))).isEqualTo(5L);
        assertThat(ZettleBalance.parse(JSON.readTree("\"5\""))).isEqualTo(5L);
        assertThat(ZettleBalance.parse(JSON.readTree("\" -3 \""))).isEqualTo(-3L);
        assertThat(ZettleBalance.parse(JSON.readTree("\"12.00\""))).isEqualTo(12L);
        assertThat(ZettleBalance.parse(JSON.readTree("4.0"))).isEqualTo(4L);
        assertThat(ZettleBalance.parse(JSON.readTree("null"))).isNull();
        assertThat(ZettleBalance.parse(null)).isNull();
        assertThatThrownBy(() -> ZettleBalance.parse(JSON.readTree("\"\""))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZettleBalance.parse(JSON.readTree("1.5"))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> ZettleBalance.parse(JSON.readTree("true"))).hasMessageContaining("not a number");
    }

    @Test
    void timestampsAreReadInEveryFormZettleWrites() {
        Instant at = Instant.parse("2021-04-19T13:15:37.904Z");

        assertThat(ZettleTime.parse("2021-04-19T13:15:37.904+0000")).isEqualTo(at);
        assertThat(ZettleTime.parse("2021-04-19T13:15:37.904Z")).isEqualTo(at);
        assertThat(ZettleTime.parse("2021-04-19T15:15:37.904+02:00")).isEqualTo(at);
        assertThat(ZettleTime.parse("2021-04-19T13:15:37.904")).isEqualTo(at);
        assertThat(ZettleTime.parse(String.valueOf(at.toEpochMilli()))).isEqualTo(at);
        assertThatThrownBy(() -> ZettleTime.parse("19/04/2021")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theNextPageIsTakenFromTheLinkHeaderExactlyAsGiven() {
        assertThat(ZettleClient.nextLink(HOSTS,
                "<https://inventory.izettle.com/v3/stock?cursor=0f1e&limit=100>; rel=\"next\""))
                .isEqualTo("https://inventory.izettle.com/v3/stock?cursor=0f1e&limit=100");
        assertThat(ZettleClient.nextLink(HOSTS, "<http://sim/v3/stock?cursor=a>; rel=\"prev\", "
                + "<http://sim/v3/stock?cursor=b>; rel=\"next\"")).isEqualTo("http://sim/v3/stock?cursor=b");
        assertThat(ZettleClient.nextLink(HOSTS, "</v3/stock?cursor=c>; rel=next")).isEqualTo("http://sim/v3/stock?cursor=c");
        assertThat(ZettleClient.nextLink(HOSTS, "<http://sim/v3/stock?cursor=a>; rel=\"prev\"")).isNull();
        assertThat(ZettleClient.nextLink(HOSTS, null)).isNull();
    }
}
