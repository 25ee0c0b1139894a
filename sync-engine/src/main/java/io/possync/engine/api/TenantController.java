package io.possync.engine.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

@RestController
class TenantController {

    record TenantRequest(String name) {
    }

    record TenantView(String id, String name, String createdAt, String updatedAt) {
        static TenantView of(MongoTenantStore.Tenant tenant) {
            return new TenantView(tenant.id(), tenant.name(), tenant.createdAt().toString(),
                    tenant.updatedAt().toString());
        }
    }

    private final MongoTenantStore tenants;

    TenantController(MongoTenantStore tenants) {
        this.tenants = tenants;
    }

    @PutMapping("/api/tenants/{tenantId}")
    Mono<ResponseEntity<TenantView>> put(@PathVariable String tenantId, @RequestBody TenantRequest body) {
        RequestValidation.id("tenantId", tenantId);
        String name = RequestValidation.required("name", body.name());
        if (name.length() > 200) {
            throw ApiError.invalid("name", "must be at most 200 characters");
        }
        return tenants.save(tenantId, name)
                .flatMap(created -> tenants.require(tenantId)
                        .map(t -> ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                                .body(TenantView.of(t))));
    }

    @GetMapping("/api/tenants/{tenantId}")
    Mono<TenantView> get(@PathVariable String tenantId) {
        return tenants.require(tenantId).map(TenantView::of);
    }
}
