package io.possync.connector.woocommerce.client;

import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * A 2xx answer of the WooCommerce REST API.
 *
 * @param attempts   HTTP attempts it took, retries included
 * @param totalPages {@code X-WP-TotalPages}, or -1 when absent
 * @param link       {@code Link} header, or null
 */
public record WooResponse(int status, JsonNode body, int attempts, int totalPages, String link) {

    private static final Pattern NEXT = Pattern.compile("rel=\"?next\"?");

    /** Whether a page follows this one: by {@code X-WP-TotalPages} when sent, else by {@code Link rel=next}. */
    public boolean hasPageAfter(int page) {
        if (totalPages >= 0) {
            return page < totalPages;
        }
        return link != null && NEXT.matcher(link).find();
    }
}
