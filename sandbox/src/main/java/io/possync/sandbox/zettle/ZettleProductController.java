package io.possync.sandbox.zettle;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The product library: {@code GET /organizations/{org}/products[/{uuid}]}, {@code DELETE .../products/{uuid}}. */
@RestController
class ZettleProductController {

    static final DateTimeFormatter REST_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    private final ZettleOrganization organization;

    ZettleProductController(ZettleOrganization organization) {
        this.organization = organization;
    }

    @GetMapping("/organizations/{org}/products")
    ResponseEntity<Object> products(@PathVariable String org) {
        if (!isThisOrganization(org)) {
            return unknownOrganization(org);
        }
        return ResponseEntity.ok(organization.products().stream().map(ZettleProductController::json).toList());
    }

    @GetMapping("/organizations/{org}/products/{uuid}")
    ResponseEntity<Object> product(@PathVariable String org, @PathVariable String uuid) {
        if (!isThisOrganization(org)) {
            return unknownOrganization(org);
        }
        return organization.products().stream().filter(p -> p.uuid().equals(uuid)).findFirst()
                .<ResponseEntity<Object>>map(p -> ResponseEntity.ok().eTag(p.etag()).body(json(p)))
                .orElseGet(() -> ZettleApiError.response(HttpStatus.NOT_FOUND, "NOT_FOUND", "no product " + uuid));
    }

    @DeleteMapping("/organizations/{org}/products/{uuid}")
    ResponseEntity<Object> delete(@PathVariable String org, @PathVariable String uuid) {
        if (!isThisOrganization(org)) {
            return unknownOrganization(org);
        }
        return organization.deleteProduct(uuid) ? ResponseEntity.noContent().build()
                : ZettleApiError.response(HttpStatus.NOT_FOUND, "NOT_FOUND", "no product " + uuid);
    }

    boolean isThisOrganization(String org) {
        return "self".equals(org) || organization.uuid().equals(org);
    }

    static ResponseEntity<Object> unknownOrganization(String org) {
        return ZettleApiError.response(HttpStatus.FORBIDDEN, "FORBIDDEN", "no access to organization " + org);
    }

    private static Map<String, Object> json(ZettleOrganization.Product product) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("uuid", product.uuid());
        json.put("name", product.name());
        json.put("description", null);
        json.put("variants", product.variants().stream().map(ZettleProductController::json).toList());
        json.put("vatPercentage", "25.0");
        json.put("etag", product.etag());
        json.put("created", time(product.created()));
        json.put("updated", time(product.updated()));
        json.put("updatedBy", null);
        return json;
    }

    private static Map<String, Object> json(ZettleOrganization.Variant variant) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("uuid", variant.uuid());
        json.put("name", variant.name());
        json.put("sku", variant.sku());
        json.put("barcode", variant.barcode());
        json.put("options", List.of());
        return json;
    }

    static String time(Instant instant) {
        return REST_TIME.format(instant);
    }
}
