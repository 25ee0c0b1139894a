package io.possync.gateway.web;

/** Error body of every non-2xx answer: a stable code and a readable message, never internals. */
record ApiError(String error, String message) {
}
