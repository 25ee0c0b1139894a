package io.possync.engine.api;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.engine.flow.MongoFlowStore;
import io.possync.engine.rule.FlowConfig;
import io.possync.engine.rule.FlowTemplate;
import io.possync.engine.rule.OrderTransferRules;
import io.possync.schemas.avro.OrderState;
import io.possync.schemas.avro.SystemKind;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Flows of a tenant. A flow is accepted only if its connections exist, belong to the tenant and fit their roles. */
@RestController
class FlowController {

    private static final Set<SystemKind> WEBSHOPS = EnumSet.of(SystemKind.SHOPIFY, SystemKind.WOOCOMMERCE);
    private static final Set<SystemKind> POS_SYSTEMS = EnumSet.of(SystemKind.ZETTLE);

    /**
     * @param safetyBuffer            units held back from every webshop (default 0)
     * @param reconcileInterval       how often the pollers compare levels, e.g. "5m" or "PT5M" (default 5m)
     * @param stockMasterConnectionId required for WEBSHOP_MASTER: the webshop that is master of stock
     */
    record FlowRequest(String template, List<String> webshopConnectionIds, String posConnectionId,
                       String triggerState, Boolean enabled, Integer safetyBuffer, String reconcileInterval,
                       String stockMasterConnectionId) {
    }

    record FlowView(String id, String tenantId, String template, List<String> webshopConnectionIds,
                    String posConnectionId, String triggerState, boolean enabled, int safetyBuffer,
                    String reconcileInterval, String stockMasterConnectionId) {
        static FlowView of(FlowConfig flow) {
            return new FlowView(flow.flowId(), flow.tenantId(), flow.template().name(), flow.webshopConnectionIds(),
                    flow.posConnectionId(), flow.triggerState().name(), flow.enabled(), flow.safetyBuffer(),
                    flow.reconcileInterval().toString(), flow.stockMasterConnectionId());
        }
    }

    private final MongoTenantStore tenants;
    private final MongoConnectionStore connections;
    private final MongoFlowStore flows;

    FlowController(MongoTenantStore tenants, MongoConnectionStore connections, MongoFlowStore flows) {
        this.tenants = tenants;
        this.connections = connections;
        this.flows = flows;
    }

    @PutMapping("/api/tenants/{tenantId}/flows/{flowId}")
    Mono<ResponseEntity<FlowView>> put(@PathVariable String tenantId, @PathVariable String flowId,
                                       @RequestBody FlowRequest body) {
        RequestValidation.id("tenantId", tenantId);
        RequestValidation.id("flowId", flowId);
        FlowTemplate template = RequestValidation.oneOf("template", body.template(),
                EnumSet.allOf(FlowTemplate.class));
        List<String> webshopIds = webshopIds(body.webshopConnectionIds());
        String posId = RequestValidation.required("posConnectionId", body.posConnectionId());
        OrderState trigger = body.triggerState() == null ? OrderState.PAID
                : RequestValidation.oneOf("triggerState", body.triggerState(),
                        EnumSet.copyOf(OrderTransferRules.PROGRESSION));
        boolean enabled = body.enabled() == null || body.enabled();
        int safetyBuffer = FlowSettings.safetyBuffer(body.safetyBuffer());
        Duration reconcileInterval = FlowSettings.reconcileInterval(body.reconcileInterval());
        String stockMaster = FlowSettings.stockMaster(template, body.stockMasterConnectionId(), webshopIds);
        return tenants.require(tenantId)
                .then(Flux.range(0, webshopIds.size())
                        .concatMap(i -> connection(tenantId, webshopIds.get(i), "webshopConnectionIds[" + i + "]",
                                WEBSHOPS))
                        .collectMap(Connection::id, Connection::system))
                .zipWith(connection(tenantId, posId, "posConnectionId", POS_SYSTEMS))
                .map(found -> new FlowConfig(tenantId, flowId, template, webshopIds, found.getT1(), posId,
                        found.getT2().system(), trigger, enabled, safetyBuffer, reconcileInterval, stockMaster))
                .flatMap(flow -> flows.save(flow).map(created -> ResponseEntity
                        .status(created ? HttpStatus.CREATED : HttpStatus.OK).body(FlowView.of(flow))));
    }

    @GetMapping("/api/tenants/{tenantId}/flows")
    Flux<FlowView> list(@PathVariable String tenantId) {
        return tenants.require(tenantId).thenMany(flows.findByTenant(tenantId)).map(FlowView::of);
    }

    @GetMapping("/api/tenants/{tenantId}/flows/{flowId}")
    Mono<FlowView> get(@PathVariable String tenantId, @PathVariable String flowId) {
        return tenants.require(tenantId).then(flows.find(tenantId, flowId))
                .switchIfEmpty(Mono.error(() -> ApiError.notFound("flow " + flowId + " does not exist for tenant "
                        + tenantId)))
                .map(FlowView::of);
    }

    private static List<String> webshopIds(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw ApiError.invalid("webshopConnectionIds", "must name at least one webshop connection");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = RequestValidation.required("webshopConnectionIds[" + i + "]", ids.get(i));
            if (!seen.add(id)) {
                throw ApiError.invalid("webshopConnectionIds[" + i + "]", "connection " + id + " is listed twice");
            }
        }
        return ids.stream().map(String::strip).toList();
    }

    private Mono<Connection> connection(String tenantId, String id, String field, Set<SystemKind> roles) {
        return connections.find(id)
                .filter(c -> c.tenantId().equals(tenantId))
                .switchIfEmpty(Mono.error(() -> ApiError.invalid(field, "connection " + id
                        + " does not exist for tenant " + tenantId)))
                .doOnNext(c -> {
                    if (!roles.contains(c.system())) {
                        throw ApiError.invalid(field, "connection " + id + " is a "
                                + c.system().name().toLowerCase(Locale.ROOT) + " connection; expected one of "
                                + roles.stream().map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().toList());
                    }
                });
    }
}
