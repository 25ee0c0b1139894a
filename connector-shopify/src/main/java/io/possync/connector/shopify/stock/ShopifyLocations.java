package io.possync.connector.shopify.stock;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.possync.common.connection.Connection;
import io.possync.connector.shopify.client.ShopifyInventoryApi;

/**
 * The location whose stock a connection keeps: the connection's {@code locationId} setting (a GID or
 * the numeric id) or else the shop's first location, asked once per process and kept.
 */
public class ShopifyLocations {

    public static final String SETTING = "locationId";
    private static final String GID_PREFIX = "gid://shopify/Location/";

    private final ShopifyInventoryApi api;
    private final Map<String, String> firstLocations = new ConcurrentHashMap<>();

    public ShopifyLocations(ShopifyInventoryApi api) {
        this.api = api;
    }

    /** The location GID. */
    public String locationOf(Connection connection) {
        String configured = connection.credentials().get(SETTING);
        if (configured != null && !configured.isBlank()) {
            return configured.startsWith("gid://") ? configured : GID_PREFIX + configured.strip();
        }
        return firstLocations.computeIfAbsent(connection.id(), id -> api.firstLocation(connection));
    }

    /** The numeric id in a Location GID, as webhooks carry it ({@code location_id}). */
    public static String numericId(String locationGid) {
        return locationGid.startsWith(GID_PREFIX) ? locationGid.substring(GID_PREFIX.length()) : locationGid;
    }
}
