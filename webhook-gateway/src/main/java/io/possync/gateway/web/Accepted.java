package io.possync.gateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Success body: {@code {"status":"accepted"|"duplicate","eventId":"…"}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Accepted(String status, String eventId) {
}
