package io.possync.connector.shopify;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

import io.possync.common.runtime.PlatformRuntimeConfiguration;

@SpringBootApplication
@Import(PlatformRuntimeConfiguration.class)
public class ShopifyConnectorApplication {

    /** Reads {@code connector-shopify.yml}, not application.yml, so that several services can share one JVM locally. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ShopifyConnectorApplication.class).properties(Map.of("spring.config.name", "connector-shopify"));
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
