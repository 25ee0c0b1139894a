package io.possync.sandbox.zettle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import io.possync.sandbox.zettle.ZettleOrganization.MovementInput;
import io.possync.sandbox.zettle.ZettleOrganization.MovementOutcome;
import io.possync.sandbox.zettle.ZettleOrganization.StockRow;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Inventory v3: inventories, paginated STORE balances and movements. The token names the organization. */
@RestController
class ZettleInventoryController {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 500;

    private final ZettleOrganization organization;
    private final ZettlePusher pusher;
    private final JsonMapper json;

    ZettleInventoryController(ZettleOrganization organization, ZettlePusher pusher, JsonMapper json) {
        this.organization = organization;
        this.pusher = pusher;
        this.json = json;
    }

    @GetMapping("/v3/inventories")
    List<Map<String, Object>> inventories() {
        List<Map<String, Object>> inventories = new ArrayList<>();
        organization.inventories().forEach((type, uuid) -> inventories.add(Map.of("inventoryUuid", uuid,
                "inventoryType", type, "name", type.charAt(0) + type.substring(1).toLowerCase(),
                "description", "simulated " + type + " inventory")));
        return inventories;
    }

    @GetMapping("/v3/stock")
    ResponseEntity<Object> stock(ServerHttpRequest request, @RequestParam(required = false) String cursor,
                                 @RequestParam(required = false) Integer limit) {
        return page(request, organization.stock(null, null), cursor, limit);
    }

    @GetMapping("/v3/stock/{inventoryUuid}")
    ResponseEntity<Object> stockOf(ServerHttpRequest request, @PathVariable String inventoryUuid,
                                   @RequestParam(required = false) String cursor,
                                   @RequestParam(required = false) Integer limit) {
        if (!organization.inventories().containsValue(inventoryUuid)) {
            return ZettleApiError.response(HttpStatus.NOT_FOUND, "NOT_FOUND", "no inventory " + inventoryUuid);
        }
        return page(request, organization.stock(inventoryUuid, null), cursor, limit);
    }

    @GetMapping("/v3/stock/{inventoryUuid}/products/{productUuid}")
    ResponseEntity<Object> stockOfProduct(@PathVariable String inventoryUuid, @PathVariable String productUuid) {
        if (!organization.inventories().containsValue(inventoryUuid)) {
            return ZettleApiError.response(HttpStatus.NOT_FOUND, "NOT_FOUND", "no inventory " + inventoryUuid);
        }
        return ResponseEntity.ok(organization.stock(inventoryUuid, productUuid).stream().map(this::row).toList());
    }

    /** Tracking on or off: {@code [{"productUuid", "tracking": "enable"|"disable"}]} (reference §3, third-party clients). */
    @PostMapping("/v3/products")
    ResponseEntity<Object> tracking(@RequestBody(required = false) String body) {
        JsonNode root;
        try {
            root = json.readTree(body == null ? "" : body);
        } catch (JacksonException e) {
            return ZettleApiError.response(HttpStatus.BAD_REQUEST, "INVALID_JSON", "request body is not valid JSON");
        }
        if (root == null || !root.isArray()) {
            return ZettleApiError.response(HttpStatus.BAD_REQUEST, "INVALID_JSON", "request body must be an array");
        }
        for (JsonNode entry : root) {
            String tracking = text(entry, "tracking");
            if (!"enable".equals(tracking) && !"disable".equals(tracking)
                    || !organization.track(text(entry, "productUuid"), "enable".equals(tracking))) {
                return ZettleApiError.response(HttpStatus.BAD_REQUEST, "VALIDATION_ERROR",
                        "tracking must be enable or disable, for a known productUuid");
            }
        }
        // The success status is unconfirmed (third-party clients accept any 2xx).
        return ResponseEntity.ok(root);
    }

    @PostMapping("/v3/movements")
    ResponseEntity<Object> move(@RequestBody(required = false) String body) {
        JsonNode root;
        try {
            root = json.readTree(body == null ? "" : body);
        } catch (JacksonException e) {
            return ZettleApiError.response(HttpStatus.BAD_REQUEST, "INVALID_JSON", "request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return ZettleApiError.response(HttpStatus.BAD_REQUEST, "INVALID_JSON", "request body must be an object");
        }
        List<MovementInput> movements = new ArrayList<>();
        for (JsonNode m : root.path("movements")) {
            movements.add(new MovementInput(text(m, "productUuid"), text(m, "variantUuid"), text(m, "from"),
                    text(m, "to"), m.path("change").isInt() ? m.path("change").asInt() : null));
        }
        String identifier = text(root, "identifier");
        MovementOutcome outcome = organization.move(movements, identifier);
        if (!outcome.violations().isEmpty()) {
            return ZettleApiError.response(HttpStatus.BAD_REQUEST, "VALIDATION_ERROR", "Movement request is invalid",
                    outcome.violations());
        }
        if (!outcome.changes().isEmpty()) {
            pusher.publish(ZettleEvents.INVENTORY_BALANCE_CHANGED,
                    ZettleEvents.balanceChanged(outcome.changes(), identifier, organization.uuid(), outcome.at()));
        }
        // The v3 success status is undocumented (clients accept any 2xx).
        return ResponseEntity.ok(Map.of("identifier", identifier, "duplicate", outcome.duplicate()));
    }

    private ResponseEntity<Object> page(ServerHttpRequest request, List<StockRow> rows, String cursor, Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : Math.max(1, Math.min(limit, MAX_LIMIT));
        int from = 0;
        if (cursor != null) {
            from = -1;
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).variantUuid().equals(cursor)) {
                    from = i;
                    break;
                }
            }
            if (from < 0) {
                return ZettleApiError.response(HttpStatus.BAD_REQUEST, "INVALID_CURSOR", "unknown cursor " + cursor);
            }
        }
        int to = Math.min(rows.size(), from + size);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (to < rows.size()) {
            String next = UriComponentsBuilder.fromUri(request.getURI())
                    .replaceQueryParam("cursor", rows.get(to).variantUuid())
                    .replaceQueryParam("limit", size).build().toUriString();
            response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(rows.subList(from, to).stream().map(this::row).toList());
    }

    private Map<String, Object> row(StockRow row) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("organizationUuid", organization.uuid());
        json.put("inventoryUuid", row.inventoryUuid());
        json.put("productUuid", row.productUuid());
        json.put("variantUuid", row.variantUuid());
        json.put("balance", row.balance());
        json.put("lowStockLevel", null);
        json.put("lowStockAlert", false);
        json.put("updated", ZettleProductController.time(row.updated()));
        json.put("checksum", Integer.toHexString((row.variantUuid() + ":" + row.balance()).hashCode()));
        return json;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
