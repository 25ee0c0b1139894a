package io.possync.sandbox.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

import io.possync.connector.shopify.ShopifyConnectorApplication;
import io.possync.connector.woocommerce.WooCommerceConnectorApplication;
import io.possync.connector.zettle.ZettleConnectorApplication;
import io.possync.engine.SyncEngineApplication;
import io.possync.gateway.WebhookGatewayApplication;
import io.possync.sandbox.shopify.ShopifySimulatorApplication;
import io.possync.sandbox.woocommerce.WooCommerceSimulatorApplication;
import io.possync.sandbox.zettle.ZettleSimulatorApplication;
import reactor.netty.resources.LoopResources;

/**
 * Every service of the platform and the vendor simulators, each in its own Spring context in this
 * JVM, wired to one Kafka broker and one Mongo server. Used by the local run, the end-to-end tests
 * and the benchmark, so that all three exercise the same assembly.
 */
public final class Platform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Platform.class);
    private static final int LOOP_THREADS = 2;

    /**
     * Where the platform runs and with which secrets. A port of 0 picks any free port.
     *
     * @param extraProperties   added to every service (not to the simulators); e.g. tuning for a benchmark
     * @param servicesInOwnJvms each service (not the simulators) in a JVM of its own, as in production,
     *                          for per-service memory figures; their contexts are then not reachable here
     */
    public record Settings(String kafkaBootstrapServers, String mongoUri, String database,
                           int gatewayPort, int managementPort, int shopifySimulatorPort, int zettleSimulatorPort,
                           int wooCommerceSimulatorPort, String adminToken, String cryptoKey,
                           String shopifyWebhookSecret, Map<String, String> extraProperties,
                           boolean servicesInOwnJvms) {

        public static Settings randomPorts(String kafkaBootstrapServers, String mongoUri) {
            return new Settings(kafkaBootstrapServers, mongoUri, "possync", 0, 0, 0, 0, 0,
                    DemoTenant.ADMIN_TOKEN, DemoTenant.CRYPTO_KEY, DemoTenant.SHOPIFY_WEBHOOK_SECRET, Map.of(), false);
        }

        public static Settings randomPorts(LocalInfrastructure infra) {
            return randomPorts(infra.kafkaBootstrapServers(), infra.mongoUri());
        }

        public Settings withPorts(int gateway, int management, int shopifySimulator, int zettleSimulator,
                                  int wooCommerceSimulator) {
            return new Settings(kafkaBootstrapServers, mongoUri, database, gateway, management, shopifySimulator,
                    zettleSimulator, wooCommerceSimulator, adminToken, cryptoKey, shopifyWebhookSecret,
                    extraProperties, servicesInOwnJvms);
        }

        public Settings withExtraProperties(Map<String, String> extra) {
            return new Settings(kafkaBootstrapServers, mongoUri, database, gatewayPort, managementPort,
                    shopifySimulatorPort, zettleSimulatorPort, wooCommerceSimulatorPort, adminToken, cryptoKey,
                    shopifyWebhookSecret, extra, servicesInOwnJvms);
        }

        public Settings withServicesInOwnJvms() {
            return new Settings(kafkaBootstrapServers, mongoUri, database, gatewayPort, managementPort,
                    shopifySimulatorPort, zettleSimulatorPort, wooCommerceSimulatorPort, adminToken, cryptoKey,
                    shopifyWebhookSecret, extraProperties, true);
        }
    }

    /** The heap each service gets in a JVM of its own, as a container's limit would set it. */
    public static final String SERVICE_JVM_HEAP = "-Xmx512m";

    /** The platform's services by name, for {@link ServiceMain} and the in-process start alike. */
    static final Map<String, Supplier<SpringApplicationBuilder>> SERVICES = servicesInStartOrder();

    private static Map<String, Supplier<SpringApplicationBuilder>> servicesInStartOrder() {
        Map<String, Supplier<SpringApplicationBuilder>> services = new LinkedHashMap<>();
        services.put("sync-engine", SyncEngineApplication::builder);
        services.put("webhook-gateway", WebhookGatewayApplication::builder);
        services.put("connector-shopify", ShopifyConnectorApplication::builder);
        services.put("connector-zettle", ZettleConnectorApplication::builder);
        services.put("connector-woocommerce", WooCommerceConnectorApplication::builder);
        return services;
    }

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final List<ServiceJvm> jvms = new ArrayList<>();
    private final Map<String, Integer> servicePorts = new LinkedHashMap<>();
    private final Map<String, ConfigurableApplicationContext> services = new LinkedHashMap<>();
    private final String managementToken;
    private ConfigurableApplicationContext shopifySimulator;
    private ConfigurableApplicationContext zettleSimulator;
    private ConfigurableApplicationContext wooCommerceSimulator;

    private Platform(String managementToken) {
        this.managementToken = managementToken;
    }

    public static Platform start(Settings settings) {
        Platform platform = new Platform(settings.adminToken());
        try {
            platform.startAll(settings);
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void startAll(Settings s) {
        zettleSimulator = run("Zettle simulator", ZettleSimulatorApplication::builder,
                Map.of("server.port", String.valueOf(s.zettleSimulatorPort())));
        shopifySimulator = run("Shopify simulator", ShopifySimulatorApplication::builder, Map.of(
                "server.port", String.valueOf(s.shopifySimulatorPort()),
                "sim.shopify.client-secret", s.shopifyWebhookSecret(),
                "sim.shopify.access-token", DemoTenant.SHOPIFY_ACCESS_TOKEN));
        wooCommerceSimulator = run("WooCommerce simulator", WooCommerceSimulatorApplication::builder,
                Map.of("server.port", String.valueOf(s.wooCommerceSimulatorPort())));
        Map<String, Integer> ports = Map.of("sync-engine", s.managementPort(), "webhook-gateway", s.gatewayPort());
        for (Map.Entry<String, Supplier<SpringApplicationBuilder>> service : SERVICES.entrySet()) {
            String name = service.getKey();
            Map<String, String> props = service(s, ports.getOrDefault(name, 0),
                    name.equals("sync-engine") ? Map.of("possync.admin.token", s.adminToken()) : Map.of());
            if (s.servicesInOwnJvms()) {
                ServiceJvm jvm = ServiceJvm.start(name, props);
                jvms.add(jvm);
                servicePorts.put(name, jvm.port());
            } else {
                ConfigurableApplicationContext context = run(name, service.getValue(), props);
                services.put(name, context);
                servicePorts.put(name, port(context));
            }
        }
    }

    private static Map<String, String> service(Settings s, int port, Map<String, String> own) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("server.port", String.valueOf(port == 0 && s.servicesInOwnJvms() ? ServiceJvm.freePort() : port));
        props.put("spring.kafka.bootstrap-servers", s.kafkaBootstrapServers());
        props.put("spring.mongodb.uri", s.mongoUri());
        props.put("possync.mongo.database", s.database());
        props.put("possync.crypto.key", s.cryptoKey());
        // Several services share this JVM: keep each one's meters in its own registry.
        props.put("management.metrics.use-global-registry", "false");
        props.put("spring.reactor.netty.shutdown-quiet-period", "0s");
        props.putAll(s.extraProperties());
        props.putAll(own);
        return props;
    }

    private ConfigurableApplicationContext run(String name, Supplier<SpringApplicationBuilder> builder,
                                               Map<String, String> own) {
        long started = System.nanoTime();
        Map<String, String> properties = new LinkedHashMap<>(own);
        // Logging is one system per JVM: an application name in each line would name whichever context
        // configured logging last, not the one logging. Thread names tell the services apart.
        properties.put("logging.include-application-name", "false");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = builder.get().initializers(ownEventLoops(name)).run(args);
        contexts.add(context);
        log.info("{} started on port {} in {} ms", name, port(context), (System.nanoTime() - started) / 1_000_000);
        return context;
    }

    /**
     * Netty event loops of the application's own, as it has in a JVM of its own: otherwise every server
     * and client in this JVM shares reactor-netty's global loops, and a simulator's API call queues
     * behind the gateway's webhook traffic on whichever loop its connection landed.
     */
    private static ApplicationContextInitializer<GenericApplicationContext> ownEventLoops(String name) {
        return context -> context.registerBean(ReactorResourceFactory.class, () -> {
            ReactorResourceFactory resources = new ReactorResourceFactory();
            resources.setUseGlobalResources(false);
            // from a supplier, so the factory owns the loops and disposes of them when the context closes
            resources.setLoopResourcesSupplier(() -> LoopResources.create(
                    name.replace(' ', '-').toLowerCase(Locale.ROOT), LOOP_THREADS, true));
            resources.setShutdownQuietPeriod(Duration.ZERO);
            return resources;
        });
    }

    private static int port(ConfigurableApplicationContext context) {
        return context instanceof WebServerApplicationContext web ? web.getWebServer().getPort() : -1;
    }

    public String gatewayUrl() {
        return "http://localhost:" + servicePorts.get("webhook-gateway");
    }

    public String managementUrl() {
        return "http://localhost:" + servicePorts.get("sync-engine");
    }

    public String shopifySimulatorUrl() {
        return "http://localhost:" + port(shopifySimulator);
    }

    public String zettleSimulatorUrl() {
        return "http://localhost:" + port(zettleSimulator);
    }

    public String wooCommerceSimulatorUrl() {
        return "http://localhost:" + port(wooCommerceSimulator);
    }

    /** Bearer token of the management API. */
    public String managementToken() {
        return managementToken;
    }

    public ConfigurableApplicationContext zettleSimulator() {
        return zettleSimulator;
    }

    public ConfigurableApplicationContext shopifySimulator() {
        return shopifySimulator;
    }

    public ConfigurableApplicationContext shopifyConnector() {
        return inProcess("connector-shopify");
    }

    public ConfigurableApplicationContext zettleConnector() {
        return inProcess("connector-zettle");
    }

    private ConfigurableApplicationContext inProcess(String service) {
        ConfigurableApplicationContext context = services.get(service);
        if (context == null) {
            throw new IllegalStateException(service + " runs in a JVM of its own");
        }
        return context;
    }

    /** Peak resident memory (VmHWM) of each service's own JVM; empty when the services share this JVM. */
    public Map<String, Long> peakRssMiBByService() {
        Map<String, Long> peaks = new LinkedHashMap<>();
        jvms.forEach(jvm -> peaks.put(jvm.name(), jvm.peakRssMiB()));
        return peaks;
    }

    /** Stops services before simulators, in reverse start order. */
    @Override
    public void close() {
        for (int i = jvms.size() - 1; i >= 0; i--) {
            jvms.get(i).close();
        }
        jvms.clear();
        for (int i = contexts.size() - 1; i >= 0; i--) {
            try {
                contexts.get(i).close();
            } catch (RuntimeException e) {
                log.warn("context did not close cleanly", e);
            }
        }
        contexts.clear();
    }
}
