package io.possync.sandbox.woocommerce;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the WooCommerce simulator ({@code sim.woocommerce.*}).
 *
 * @param homeUrl               the site's home URL, sent as {@code X-WC-Webhook-Source} (plus "/")
 * @param utcOffset             the site's time zone offset, for the site-local {@code date_x} fields
 * @param currency              currency of new orders
 * @param credentials           API keys accepted from the start
 * @param deliveryDelay         how long a webhook delivery waits in the queue (Action Scheduler); events
 *                              for the same webhook and resource within it collapse into one delivery
 * @param deliveryTimeout       how long a receiver may take to answer
 * @param maxDeliveryFailures   a webhook is disabled when its consecutive failures exceed this
 * @param timestampWindow       OAuth timestamps further than this from now are refused
 */
@ConfigurationProperties("sim.woocommerce")
public record WooSimulatorProperties(String homeUrl, ZoneOffset utcOffset, String currency, List<Credential> credentials,
                                     Duration deliveryDelay, Duration deliveryTimeout, Integer maxDeliveryFailures,
                                     Duration timestampWindow) {

    public record Credential(String consumerKey, String consumerSecret) {
    }

    public WooSimulatorProperties {
        homeUrl = homeUrl == null ? "https://shop.example" : homeUrl;
        utcOffset = utcOffset == null ? ZoneOffset.ofHours(1) : utcOffset;
        currency = currency == null ? "DKK" : currency;
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        deliveryDelay = deliveryDelay == null ? Duration.ofMillis(200) : deliveryDelay;
        deliveryTimeout = deliveryTimeout == null ? Duration.ofSeconds(60) : deliveryTimeout;
        maxDeliveryFailures = maxDeliveryFailures == null ? 5 : maxDeliveryFailures;
        timestampWindow = timestampWindow == null ? Duration.ofMinutes(15) : timestampWindow;
    }
}
