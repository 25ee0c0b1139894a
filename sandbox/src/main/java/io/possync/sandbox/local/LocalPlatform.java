package io.possync.sandbox.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform on one machine: a KRaft broker, a file-backed Mongo wire server (started empty,
 * like the broker and the simulators), the Shopify, Zettle and WooCommerce simulators, every service
 * and the demo tenant. Options (all optional):
 * {@code --gateway-port=8080 --management-port=8081 --shopify-sim-port=9101 --zettle-sim-port=9102
 * --woocommerce-sim-port=9103 --mongo-port=27017 --data-dir=local-data}.
 */
public final class LocalPlatform {

    private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);
    static final String MONGO_FILE = "mongo.mv";

    private LocalPlatform() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path dataDir = Path.of(options.getOrDefault("data-dir", "local-data"));
        Path mongoFile = freshMongoFile(dataDir);
        LocalInfrastructure infra = LocalInfrastructure.start(mongoFile, port(options, "mongo-port", 27017));
        Platform.Settings settings = Platform.Settings.randomPorts(infra).withPorts(
                port(options, "gateway-port", 8080), port(options, "management-port", 8081),
                port(options, "shopify-sim-port", 9101), port(options, "zettle-sim-port", 9102),
                port(options, "woocommerce-sim-port", 9103));
        Platform platform = Platform.start(settings);
        new DemoTenant(platform).seed();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.close();
            infra.close();
            stopped.countDown();
        }, "local-platform-shutdown"));
        log.info("""

                ==== possync local platform is up ====
                  webhook gateway      {}
                  management API       {}   (Authorization: Bearer {})
                  Shopify simulator    {}   (webhook secret {})
                  Zettle simulator     {}
                  WooCommerce sim.     {}
                  Kafka                {}
                  MongoDB              {}   (data in {})
                Place a paid order:   curl -s -XPOST {}/sim/orders -H 'Content-Type: application/json' \\
                                        -d '{"financialStatus":"paid","lines":[{"sku":"MUG-BLUE","quantity":2,"price":"49.00"}]}'
                Watch the POS stock:  curl -s {}/sim/balances
                Read the sync log:    curl -s -H 'Authorization: Bearer {}' {}/api/tenants/demo/sync-log
                Stop with Ctrl-C.""",
                platform.gatewayUrl(), platform.managementUrl(), settings.adminToken(),
                platform.shopifySimulatorUrl(), settings.shopifyWebhookSecret(), platform.zettleSimulatorUrl(),
                platform.wooCommerceSimulatorUrl(), infra.kafkaBootstrapServers(), infra.mongoUri(), dataDir.toAbsolutePath(),
                platform.shopifySimulatorUrl(), platform.zettleSimulatorUrl(), settings.adminToken(),
                platform.managementUrl());
        stopped.await();
    }

    /**
     * The Mongo data file of a run in {@code dataDir}, the previous run's removed. The broker and the
     * simulators start empty, so the platform's data must too: ledgers saying a level was sent, or webhook
     * claims naming the simulators' reused ids, would describe shops that no longer exist (the demo's first
     * sale would be "already sent", its first order a "duplicate"). The file stays on disk after a run, to
     * be inspected; nothing else in {@code dataDir} is touched.
     */
    static Path freshMongoFile(Path dataDir) throws IOException {
        Path mongoFile = dataDir.resolve(MONGO_FILE);
        if (Files.deleteIfExists(mongoFile)) {
            log.info("removed the previous run's data {}", mongoFile.toAbsolutePath());
        }
        return mongoFile;
    }

    private static int port(Map<String, String> options, String name, int defaultPort) {
        String value = options.get(name);
        try {
            return value == null ? defaultPort : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a port number, got '" + value + "'", e);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options look like --name=value, got '" + arg + "'");
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }
}
