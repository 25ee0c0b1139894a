package io.possync.sandbox.woocommerce;

import java.util.LinkedHashMap;
import java.util.Map;

/** A WooCommerce REST error: {@code {"code","message","data":{"status"[,"params"]}}}. */
class WooApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> params;

    WooApiError(int status, String code, String message) {
        this(status, code, message, null);
    }

    WooApiError(int status, String code, String message, Map<String, String> params) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.params = params;
    }

    static WooApiError invalidParam(String param, String why) {
        return new WooApiError(400, "rest_invalid_param", "Invalid parameter(s): " + param, Map.of(param, why));
    }

    int status() {
        return status;
    }

    Map<String, Object> body() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", status);
        if (params != null) {
            data.put("params", params);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", getMessage());
        body.put("data", data);
        return body;
    }
}
