package io.possync.sandbox.woocommerce;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The simulator's in-memory state, its gate and its webhook queue. */
@Configuration(proxyBeanMethods = false)
class WooSimulatorBeans {

    @Bean
    WooStore wooStore(WooSimulatorProperties properties, Clock clock) {
        return new WooStore(clock, properties.currency());
    }

    @Bean
    WooResources wooResources(WooSimulatorProperties properties) {
        return new WooResources(properties.homeUrl(), properties.utcOffset());
    }

    @Bean
    WooAuthority wooAuthority(WooSimulatorProperties properties, Clock clock) {
        WooAuthority authority = new WooAuthority(clock, properties.timestampWindow());
        properties.credentials().forEach(c -> authority.accept(c.consumerKey(), c.consumerSecret()));
        return authority;
    }

    @Bean
    FaultInjector wooFaults() {
        return new FaultInjector();
    }

    @Bean
    WooGateFilter wooGateFilter(FaultInjector faults, WooAuthority authority) {
        return new WooGateFilter(faults, authority);
    }

    @Bean
    WooWebhooks wooWebhooks(WooStore store, WooResources resources, WooSimulatorProperties properties, Clock clock) {
        return new WooWebhooks(store, resources, properties, clock);
    }
}
