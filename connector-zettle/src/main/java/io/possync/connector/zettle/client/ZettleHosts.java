package io.possync.connector.zettle.client;

import io.possync.common.connection.Connection;
import io.possync.connector.zettle.config.ZettleProperties;

/**
 * Where one connection's calls go. A connection with a base URL (the simulator, a proxy) serves all
 * Zettle hosts from that one URL; otherwise the real hosts from the configuration are used.
 */
public record ZettleHosts(String oauth, String products, String inventory) {

    public static ZettleHosts of(Connection connection, ZettleProperties properties) {
        String base = connection.baseUrl();
        if (base != null && !base.isBlank()) {
            String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            return new ZettleHosts(trimmed, trimmed, trimmed);
        }
        return new ZettleHosts(properties.oauthUrl(), properties.productsUrl(), properties.inventoryUrl());
    }
}
