package io.possync.sandbox.woocommerce;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code /wp-json/wc/v3/webhooks} CRUD; creating one answers 201 with Location after the (synchronous) ping. */
@RestController
@RequestMapping(WooGateFilter.API + "/webhooks")
class WooWebhookController {

    private static final Set<String> TOPICS = Set.of("order.created", "order.updated", "order.deleted",
            "order.restored", "product.created", "product.updated", "product.deleted", "product.restored");
    private static final Set<String> STATUSES = Set.of("active", "paused", "disabled");

    private final WooWebhooks webhooks;
    private final WooResources resources;
    private final PhpJson json = new PhpJson();

    WooWebhookController(WooWebhooks webhooks, WooResources resources) {
        this.webhooks = webhooks;
        this.resources = resources;
    }

    @GetMapping
    ResponseEntity<byte[]> list() {
        return ok(webhooks.all().stream().map(resources::webhook).toList());
    }

    @PostMapping
    Mono<ResponseEntity<byte[]>> create(@RequestBody Map<String, Object> body) {
        String topic = string(body.get("topic"));
        String url = string(body.get("delivery_url"));
        String secret = string(body.get("secret"));
        String status = string(body.get("status"));
        if (topic == null || !TOPICS.contains(topic)) {
            throw WooApiError.invalidParam("topic", "topic is not one of " + TOPICS + ".");
        }
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw WooApiError.invalidParam("delivery_url", "delivery_url is not a valid URL.");
        }
        if (status != null && !STATUSES.contains(status)) {
            throw WooApiError.invalidParam("status", "status is not one of " + STATUSES + ".");
        }
        // the ping is a blocking HTTP call: keep it off the event loop
        return Mono.fromCallable(() -> webhooks.create(string(body.get("name")), topic, url,
                        secret == null ? "" : secret, status))
                .subscribeOn(Schedulers.boundedElastic())
                .map(created -> ResponseEntity.created(URI.create(resources.apiUrl("/webhooks/" + created.id())))
                        .contentType(MediaType.APPLICATION_JSON).body(json.write(resources.webhook(created))));
    }

    @GetMapping("/{id}")
    ResponseEntity<byte[]> get(@PathVariable long id) {
        return ok(resources.webhook(webhooks.find(id).orElseThrow(WooWebhookController::noWebhook)));
    }

    @PutMapping("/{id}")
    ResponseEntity<byte[]> update(@PathVariable long id, @RequestBody Map<String, Object> body) {
        String status = string(body.get("status"));
        if (status != null && !STATUSES.contains(status)) {
            throw WooApiError.invalidParam("status", "status is not one of " + STATUSES + ".");
        }
        WooWebhooks.SimWebhook webhook = webhooks.find(id).orElseThrow(WooWebhookController::noWebhook);
        if (status != null) {
            webhook = webhooks.setStatus(id, status).orElseThrow(WooWebhookController::noWebhook);
        }
        return ok(resources.webhook(webhook));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<byte[]> delete(@PathVariable long id) {
        return ok(resources.webhook(webhooks.delete(id).orElseThrow(WooWebhookController::noWebhook)));
    }

    @ExceptionHandler(WooApiError.class)
    ResponseEntity<byte[]> error(WooApiError error) {
        return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_JSON).body(json.write(error.body()));
    }

    private ResponseEntity<byte[]> ok(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.write(body));
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static WooApiError noWebhook() {
        return new WooApiError(404, "woocommerce_rest_webhook_invalid_id", "Invalid ID.");
    }
}
