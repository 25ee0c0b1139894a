package io.possync.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import reactor.core.publisher.Mono;

class AdminTokenFilterTest {

    private final AdminTokenFilter filter = new AdminTokenFilter("s3cret-token");

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void refusesToStartWithoutAToken(String token) {
        assertThatThrownBy(() -> new AdminTokenFilter(token)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("possync.admin.token");
    }

    @Test
    void letsThroughTheRightBearerToken() {
        assertThat(passes("/api/tenants/t1", "Bearer s3cret-token")).isTrue();
        assertThat(passes("/api/tenants/t1", "bearer s3cret-token")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer wrong", "Bearer s3cret-token-and-more", "Bearer ", "Basic s3cret-token",
            "s3cret-token"})
    void rejectsAnyOtherAuthorization(String authorization) {
        MockServerWebExchange exchange = exchange("/api/tenants/t1", authorization);

        filter.filter(exchange, e -> Mono.empty()).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"error\":\"unauthorized\"");
    }

    @Test
    void probesAndMetricsNeedNoToken() {
        assertThat(passes("/actuator/health", null)).isTrue();
        assertThat(passes("/actuator/health/readiness", null)).isTrue();
        assertThat(passes("/actuator/prometheus", null)).isTrue();
        assertThat(passes("/actuator/info", null)).isTrue();
        assertThat(passes("/actuator/healthdump", null)).isFalse();
        assertThat(passes("/actuator/env", null)).isFalse();
        assertThat(passes("/api/tenants", null)).isFalse();
    }

    private boolean passes(String path, String authorization) {
        AtomicBoolean reached = new AtomicBoolean();
        filter.filter(exchange(path, authorization), e -> Mono.fromRunnable(() -> reached.set(true))).block();
        return reached.get();
    }

    private static MockServerWebExchange exchange(String path, String authorization) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get(path);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return MockServerWebExchange.from(request);
    }
}
