package io.possync.connector.shopify.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Shopify connector ({@code possync.shopify.*}).
 *
 * @param publishTimeout how long a listener waits for the broker to acknowledge a produced event before
 *                       the consumed record is retried (it is committed only after the acknowledgement)
 */
@ConfigurationProperties("possync.shopify")
public record ShopifyConnectorProperties(@DefaultValue("10s") Duration publishTimeout) {
}
