package io.possync.connector.woocommerce;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

import io.possync.common.runtime.PlatformRuntimeConfiguration;

@SpringBootApplication
@Import(PlatformRuntimeConfiguration.class)
public class WooCommerceConnectorApplication {

    /** Reads {@code connector-woocommerce.yml}, not application.yml, so that several services can share one JVM locally. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WooCommerceConnectorApplication.class).properties(Map.of("spring.config.name", "connector-woocommerce"));
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
