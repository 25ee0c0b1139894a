package io.possync.sandbox.zettle;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.netty.http.client.HttpClient;
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

    @Bean
    ZettlePusher zettlePusher(ZettleSimulatorProperties properties, JsonMapper json, Clock clock) {
        WebClient web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(
                HttpClient.create().responseTimeout(properties.pusher().timeout()))).build();
        return new ZettlePusher(web, json, clock, properties.organizationUuid(), properties.pusher());
    }

    @Bean
    ZettleSales zettleSales(ZettleOrganization organization, ZettlePusher pusher, Clock clock) {
        return new ZettleSales(organization, pusher, clock);
    }
}
