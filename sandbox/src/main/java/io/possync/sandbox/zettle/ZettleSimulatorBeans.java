package io.possync.sandbox.zettle;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

/** The simulator's in-memory state and its gate. */
@Configuration(proxyBeanMethods = false)
class ZettleSimulatorBeans {

    @Bean
    ZettleOrganization zettleOrganization(ZettleSimulatorProperties properties, Clock clock) {
        return new ZettleOrganization(properties.organizationUuid(), clock);
    }

    @Bean
    ZettleAuthority zettleAuthority(ZettleSimulatorProperties properties, Clock clock) {
        Map<String, String> credentials = new LinkedHashMap<>();
        properties.credentials().forEach(c -> credentials.put(c.clientId(), c.apiKey()));
        return new ZettleAuthority(clock, properties.tokenLifetime(), credentials);
    }

    @Bean
    RollingRateLimit zettleRateLimit(ZettleSimulatorProperties properties, Clock clock) {
        ZettleSimulatorProperties.RateLimit limit = properties.rateLimit();
        return new RollingRateLimit(clock, limit.enabled(), limit.requestsPerSecond(), limit.window());
    }

    @Bean
    FaultInjector zettleFaults() {
        return new FaultInjector();
    }

    @Bean
    ZettleGateFilter zettleGateFilter(FaultInjector faults, ZettleAuthority authority, RollingRateLimit rateLimit) {
        return new ZettleGateFilter(faults, authority, rateLimit);
    }

    /**
     * The pusher's connections. Zettle pushes each message on its own, however many are under way, so a
     * delivery waits here for a connection (within its timeout) rather than failing: the default pool refuses
     * a delivery once its queue of waiting ones is full, and a refused delivery came again only after the
     * minute's retry (seen under the stock benchmark's load). The pool must not be the bottleneck either:
     * under that load a delivery takes the gateway a few hundred milliseconds, and with 128 connections the
     * queue outgrew the timeout (p50 8.6 s; 1.3 to 2.0 s with 500 or 512). Reactor-netty keeps a pool per
     * destination, so this is the limit per subscription's address.
     */
    @Bean(destroyMethod = "dispose")
    ConnectionProvider zettlePusherConnections(ZettleSimulatorProperties properties) {
        return ConnectionProvider.builder("zettle-pusher").maxConnections(properties.pusher().connections())
                .pendingAcquireMaxCount(-1).build();
    }

    @Bean
    ZettlePusher zettlePusher(ZettleSimulatorProperties properties, JsonMapper json, Clock clock,
                              ConnectionProvider zettlePusherConnections) {
        WebClient web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(
                HttpClient.create(zettlePusherConnections).responseTimeout(properties.pusher().timeout()))).build();
        return new ZettlePusher(web, json, clock, properties.organizationUuid(), properties.pusher());
    }

    @Bean
    ZettleSales zettleSales(ZettleOrganization organization, ZettlePusher pusher, Clock clock) {
        return new ZettleSales(organization, pusher, clock);
    }
}
