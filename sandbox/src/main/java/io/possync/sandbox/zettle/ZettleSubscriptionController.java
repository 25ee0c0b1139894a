package io.possync.sandbox.zettle;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.possync.sandbox.zettle.ZettlePusher.Subscription;
import reactor.core.publisher.Mono;

/** Pusher subscriptions: {@code /organizations/{org}/subscriptions}, also under the older {@code .../uuid/{uuid}}. */
@RestController
class ZettleSubscriptionController {

    record SubscriptionRequest(String uuid, String transportName, List<String> eventNames, String destination,
                               String contactEmail) {
    }

    private final ZettlePusher pusher;
    private final ZettleProductController organizations;

    ZettleSubscriptionController(ZettlePusher pusher, ZettleProductController organizations) {
        this.pusher = pusher;
        this.organizations = organizations;
    }

    @PostMapping("/organizations/{org}/subscriptions")
    Mono<ResponseEntity<Object>> create(@PathVariable String org, @RequestBody SubscriptionRequest request) {
        if (!organizations.isThisOrganization(org)) {
            return Mono.just(ZettleProductController.unknownOrganization(org));
        }
        if (!UuidV1.isV1(request.uuid())) {
            return Mono.just(ZettleApiError.response(HttpStatus.BAD_REQUEST, "INVALID_UUID",
                    "uuid must be a version 1 (time-based) UUID"));
        }
        if (pusher.subscription(request.uuid()) != null) {
            return Mono.just(ZettleApiError.response(HttpStatus.BAD_REQUEST, "SUBSCRIPTION_EXISTS",
                    "a subscription with uuid " + request.uuid() + " already exists"));
        }
        // Zettle demands https; the simulator also takes http so that it can reach local services.
        if (!isHttpUrl(request.destination()) || request.contactEmail() == null
                || !request.contactEmail().contains("@") || request.contactEmail().length() > 512) {
            return Mono.just(ZettleApiError.response(HttpStatus.UNPROCESSABLE_ENTITY, "INVALID_REQUEST",
                    "destination must be an https URL and contactEmail an address of at most 512 characters"));
        }
        Subscription subscription = new Subscription(request.uuid(),
                request.transportName() == null ? "WEBHOOK" : request.transportName(),
                request.eventNames() == null ? List.of() : List.copyOf(request.eventNames()),
                request.destination(), request.contactEmail(), pusher.newSigningKey(), "ACTIVE", pusher.now());
        return pusher.sendTestMessage(request.destination())
                .map(status -> {
                    if (status < 200 || status > 299) {
                        return ZettleApiError.response(HttpStatus.INTERNAL_SERVER_ERROR,
                                "DESTINATION_RESPONDED_WITH_ERROR_CODE", "the destination answered " + status);
                    }
                    pusher.put(subscription);
                    return ResponseEntity.ok((Object) json(subscription));
                })
                .onErrorResume(e -> Mono.just(ZettleApiError.response(HttpStatus.BAD_REQUEST,
                        "DESTINATION_NOT_ACCESSIBLE", "cannot reach " + request.destination() + ": " + e.getMessage())));
    }

    @GetMapping("/organizations/{org}/subscriptions")
    ResponseEntity<Object> list(@PathVariable String org) {
        if (!organizations.isThisOrganization(org)) {
            return ZettleProductController.unknownOrganization(org);
        }
        return ResponseEntity.ok(pusher.subscriptions().stream().map(s -> json(s)).toList());
    }

    @PutMapping({"/organizations/{org}/subscriptions/{uuid}", "/organizations/{org}/subscriptions/uuid/{uuid}"})
    ResponseEntity<Object> update(@PathVariable String org, @PathVariable String uuid,
                                  @RequestBody SubscriptionRequest request) {
        Subscription existing = pusher.subscription(uuid);
        if (!organizations.isThisOrganization(org) || existing == null) {
            return ZettleApiError.response(HttpStatus.NOT_FOUND, "NOT_FOUND", "no subscription " + uuid);
        }
        if (request.destination() != null && !isHttpUrl(request.destination())) {
            return ZettleApiError.response(HttpStatus.UNPROCESSABLE_ENTITY, "INVALID_REQUEST", "bad destination");
        }
        pusher.put(existing.with(
                request.eventNames() == null ? existing.eventNames() : List.copyOf(request.eventNames()),
                request.destination() == null ? existing.destination() : request.destination(),
                request.contactEmail() == null ? existing.contactEmail() : request.contactEmail(),
                existing.status()));
        return ResponseEntity.ok().build();
    }

    @DeleteMapping({"/organizations/{org}/subscriptions/{uuid}", "/organizations/{org}/subscriptions/uuid/{uuid}"})
    ResponseEntity<Object> delete(@PathVariable String org, @PathVariable String uuid) {
        if (!organizations.isThisOrganization(org) || !pusher.remove(uuid)) {
            return ZettleApiError.response(HttpStatus.NOT_FOUND, "NOT_FOUND", "no subscription " + uuid);
        }
        return ResponseEntity.noContent().build();
    }

    private static Map<String, Object> json(Subscription s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("uuid", s.uuid());
        json.put("transportName", s.transportName());
        json.put("eventNames", s.eventNames());
        json.put("updated", s.updated());
        json.put("destination", s.destination());
        json.put("contactEmail", s.contactEmail());
        json.put("status", s.status());
        json.put("signingKey", s.signingKey());
        return json;
    }

    private static boolean isHttpUrl(String value) {
        if (value == null) {
            return false;
        }
        try {
            URI uri = URI.create(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
