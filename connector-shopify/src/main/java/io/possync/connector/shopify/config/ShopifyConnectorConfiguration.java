package io.possync.connector.shopify.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.possync.connector.shopify.client.ShopifyPayloadReader;
import io.possync.connector.shopify.mapping.ShopifyOrderNormalizer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ShopifyConnectorProperties.class)
public class ShopifyConnectorConfiguration {

    @Bean
    ShopifyPayloadReader shopifyPayloadReader() {
        return new ShopifyPayloadReader();
    }

    @Bean
    ShopifyOrderNormalizer shopifyOrderNormalizer(ShopifyPayloadReader reader) {
        return new ShopifyOrderNormalizer(reader);
    }
}
