package io.possync.sandbox.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.sandbox.local.DemoTenant;
import io.possync.sandbox.local.LocalInfrastructure;
import io.possync.sandbox.local.Platform;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.kafka.Topics;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints the platform's performance figures on this machine, everything local and in one JVM
 * (broker, Mongo wire server, simulators, services, load generator). Scenarios
 * ({@code --scenarios=gateway,orders,stock}, all by default), each on a fresh platform:
 * <ol>
 * <li>{@code gateway}: webhooks accepted per second by the gateway (signature check + durable publish,
 * acks=all), {@code --gateway-seconds=20 --concurrency=64};</li>
 * <li>{@code orders}: order webhook → Zettle movement latency p50/p99 at a fixed order rate, after five
 * seconds of warm-up orders, {@code --orders-per-second=100 --orders-seconds=60}, on the demo flow's {@code --template=}
 * (default {@code WEBSHOP_ORDERS_DRAW_POS_STOCK}, the walking skeleton's flow; {@code POS_MASTER} adds
 * the stock sync of flow 1a to every order);</li>
 * <li>{@code stock}: POS change → level in both webshops, API calls per change and drift in flow 1a
 * ({@link StockBenchmark}), after ten seconds of warm-up changes at the measured rate,
 * {@code --stock-changes-per-second=500 --stock-seconds=60 --stock-skus=1000};</li>
 * </ol>
 * and the peak resident memory of the JVM and peak heap used, after a host reference
 * ({@link #hostReferenceMillis}). With {@code --jvms=per-service} each service runs in a JVM of its own (as
 * deployed) and its peak resident memory is printed too.
 */
public final class Benchmark {

    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SKUS = 50;
    private static final int WARM_UP_SECONDS = 5;

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        List<String> scenarios = List.of(options.getOrDefault("scenarios", "gateway,orders,stock").split(","));
        long hostBefore = hostReferenceMillis();
        HeapSampler heap = HeapSampler.start();
        boolean ownJvms = "per-service".equals(options.getOrDefault("jvms", "one"));
        List<String> figures = new ArrayList<>();
        if (scenarios.contains("gateway") || scenarios.contains("orders")) {
            figures.addAll(gatewayAndOrders(options, scenarios, ownJvms));
        }
        if (scenarios.contains("stock")) {
            figures.add(stock(options, ownJvms));
        }
        long hostAfter = hostReferenceMillis();
        System.out.printf("%n==== possync benchmark (%d cores, Java %s, %s) ====%n"
                        + "Host reference: %d ms before the scenarios, %d ms after (the same single-thread work every"
                        + " run: a slower host shows here)%n%s%n"
                        + "Peak memory of %s: RSS %d MiB (VmHWM), heap used %d MiB (max sampled)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                ownJvms ? "each service in its own JVM (" + Platform.SERVICE_JVM_HEAP + ")" : "everything in one JVM",
                hostBefore, hostAfter, String.join(System.lineSeparator(), figures),
                ownJvms ? "the JVM of broker, Mongo server, simulators and load" : "the JVM", peakRssMiB(),
                heap.peakMiB());
        System.exit(0);
    }

    private static List<String> gatewayAndOrders(Map<String, String> options, List<String> scenarios,
                                                  boolean ownJvms) throws Exception {
        int gatewaySeconds = Integer.parseInt(options.getOrDefault("gateway-seconds", "20"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "64"));
        int ordersPerSecond = Integer.parseInt(options.getOrDefault("orders-per-second", "100"));
        int ordersSeconds = Integer.parseInt(options.getOrDefault("orders-seconds", "60"));
        String template = options.getOrDefault("template", "WEBSHOP_ORDERS_DRAW_POS_STOCK");
        List<String> figures = new ArrayList<>();
        try (LocalInfrastructure infra = LocalInfrastructure.start(null, 0);
             Platform platform = Platform.start(settings(infra, ownJvms))) {
            DemoTenant demo = new DemoTenant(platform);
            demo.seed(template);
            List<String> skus = new ArrayList<>();
            List<DemoTenant.DemoProduct> products = new ArrayList<>();
            for (int i = 0; i < SKUS; i++) {
                skus.add("BENCH-" + i);
                products.add(new DemoTenant.DemoProduct("Bench " + i, "BENCH-" + i, 1_000_000));
            }
            demo.seedProducts(products);
            WebhookLoad load = new WebhookLoad(platform.gatewayUrl(), DemoTenant.SHOPIFY_CONNECTION,
                    DemoTenant.SHOPIFY_WEBHOOK_SECRET, concurrency);
            if (scenarios.contains("gateway")) {
                WebhookFlood flood = new WebhookFlood(platform.gatewayUrl(), DemoTenant.SHOPIFY_CONNECTION);
                gatewayThroughput(flood, load, 5, concurrency, "warm-up");
                figures.add(gatewayThroughput(flood, load, gatewaySeconds, concurrency, "measured"));
            }
            if (scenarios.contains("orders")) {
                figures.add("[flow template " + template + "] "
                        + orderLatency(load, platform, infra, skus, ordersPerSecond, ordersSeconds));
            }
            serviceJvms(platform).ifPresent(figures::add);
        }
        return figures;
    }

    private static String stock(Map<String, String> options, boolean ownJvms) throws Exception {
        int perSecond = Integer.parseInt(options.getOrDefault("stock-changes-per-second", "500"));
        int seconds = Integer.parseInt(options.getOrDefault("stock-seconds", "60"));
        int skuCount = Integer.parseInt(options.getOrDefault("stock-skus", "1000"));
        try (LocalInfrastructure infra = LocalInfrastructure.start(null, 0);
             Platform platform = Platform.start(settings(infra, ownJvms))) {
            StockBenchmark bench = new StockBenchmark(platform, infra.kafkaBootstrapServers(), skuCount);
            bench.seedProducts();
            new DemoTenant(platform).seed("POS_MASTER");
            String line;
            try (ConsumerLag lag = ConsumerLag.every(Duration.ofSeconds(5), infra.kafkaBootstrapServers())) {
                line = bench.run(perSecond, seconds, Duration.ofSeconds(120));
            }
            line = line
                    + serviceJvms(platform).map(jvms -> System.lineSeparator() + jvms).orElse("");
            log.info(line);
            return line;
        }
    }

    /** The services' own JVMs' peak memory, when they run in JVMs of their own. */
    private static java.util.Optional<String> serviceJvms(Platform platform) {
        Map<String, Long> peaks = platform.peakRssMiBByService();
        if (peaks.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> each = new ArrayList<>();
        peaks.forEach((service, mib) -> each.add(service + " " + mib + " MiB"));
        return java.util.Optional.of("  peak RSS per service JVM (VmHWM): " + String.join(", ", each));
    }

    private static Platform.Settings settings(LocalInfrastructure infra, boolean ownJvms) {
        Platform.Settings settings = Platform.Settings.randomPorts(infra);
        return ownJvms ? settings.withServicesInOwnJvms() : settings;
    }

    private static String gatewayThroughput(WebhookFlood flood, WebhookLoad load, int seconds, int concurrency,
                                            String phase) throws InterruptedException {
        byte[] body = WebhookLoad.orderBody(1, "BENCH-0", 1, "paid");
        long cpuBefore = processCpuNanos();
        BrokerRequests requestsBefore = BrokerRequests.now();
        // products/update is verified and published but ignored downstream: this measures the gateway itself.
        WebhookFlood.Result run = flood.run("products/update", body, load.sign(body), UUID.randomUUID() + "-",
                concurrency, Duration.ofSeconds(seconds));
        double cpuMsPerWebhook = (processCpuNanos() - cpuBefore) / 1e6 / Math.max(1, run.accepted());
        long[] sample = Arrays.copyOf(run.latencies(), run.sampled());
        String line = ("Gateway (%s, %d s, %d in flight): %.0f webhooks/s accepted (%d accepted, %d not%s), latency p50 %.1f ms p99 %.1f ms, "
                + "%.2f ms CPU per webhook in the benchmark JVM (load, broker, Mongo server, simulators, and the "
                + "services unless they run in JVMs of their own); broker requests per webhook: %s")
                .formatted(phase, seconds, concurrency, run.accepted() / run.seconds(), run.accepted(), run.other(),
                        run.failedConnections() == 0 ? "" : ", " + run.failedConnections() + " connections failed",
                        percentile(sample, 50) / 1e6, percentile(sample, 99) / 1e6, cpuMsPerWebhook,
                        BrokerRequests.now().since(requestsBefore, run.accepted()));
        log.info(line);
        return line;
    }

    private static String orderLatency(WebhookLoad load, Platform platform, LocalInfrastructure infra,
                                       List<String> skus, int perSecond, int seconds) {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        int total = perSecond * seconds;
        // the order path (connector, engine, Zettle sender) is still cold after the gateway scenario, whose
        // deliveries are ignored downstream: five seconds of orders outside the figures warm it up
        sendOrders(load, skus, perSecond, WARM_UP_SECONDS, new ConcurrentHashMap<>());
        ControlApi.pause(Duration.ofSeconds(2));
        long failed = sendOrders(load, skus, perSecond, seconds, sentAt);

        Map<String, Long> commandPublishedAt = new HashMap<>();
        Map<String, String> orderByCommand = commandsToOrders(infra, sentAt.keySet(), commandPublishedAt);
        Map<String, Long> orderPublishedAt = firstTimestamps(infra, sentAt.keySet());
        Map<String, String> requestByCommand = requestsOfAppliedCommands(infra, orderByCommand.keySet());
        Map<String, Long> appliedAt = waitForMovements(platform, java.util.Set.copyOf(requestByCommand.values()),
                Duration.ofSeconds(120));
        List<Long> latencies = new ArrayList<>();
        List<Long> toOrderEvent = new ArrayList<>();
        List<Long> toCommand = new ArrayList<>();
        List<Long> toMovement = new ArrayList<>();
        orderByCommand.forEach((commandId, orderId) -> {
            Long applied = appliedAt.get(requestByCommand.get(commandId));
            Long sent = sentAt.get(orderId);
            Long event = orderPublishedAt.get(orderId);
            Long command = commandPublishedAt.get(commandId);
            if (applied != null && sent != null && event != null && command != null) {
                latencies.add(applied - sent);
                toOrderEvent.add(event - sent);
                toCommand.add(command - event);
                toMovement.add(applied - command);
            }
        });
        long[] sample = latencies.stream().mapToLong(Long::longValue).toArray();
        return ("Order webhook -> Zettle movement (%d orders/s for %d s, %d orders, %d webhooks not 2xx): "
                + "%d movements, latency p50 %d ms p99 %d ms max %d ms%n"
                + "  by stage, p50/p99 ms: webhook -> OrderPlaced %s, OrderPlaced -> command %s, command -> movement %s")
                .formatted(perSecond, seconds, total, failed, sample.length,
                        percentile(sample, 50), percentile(sample, 99), percentile(sample, 100),
                        p50p99(toOrderEvent), p50p99(toCommand), p50p99(toMovement));
    }

    /**
     * Open loop: one order every 1/perSecond s whatever the platform's speed; each order is delivered as
     * orders/create (paid) and its orders/updated twin, as Shopify does. Each order's id goes into
     * {@code sentAt} with the time it was sent.
     *
     * @return how many webhooks were not answered 2xx
     */
    private static long sendOrders(WebhookLoad load, List<String> skus, int perSecond, int seconds,
                                   Map<String, Long> sentAt) {
        long base = 9_000_000_000L + System.currentTimeMillis() % 1_000_000 * 1000;
        AtomicLong failed = new AtomicLong();
        Flux.interval(Duration.ofNanos(1_000_000_000L / perSecond)).take((long) perSecond * seconds)
                .flatMap(i -> {
                    long orderId = base + i;
                    byte[] body = WebhookLoad.orderBody(orderId, skus.get((int) (i % skus.size())), 1, "paid");
                    sentAt.put(String.valueOf(orderId), System.currentTimeMillis());
                    return Flux.concat(
                            load.send("orders/create", UUID.randomUUID().toString(), UUID.randomUUID().toString(), body),
                            load.send("orders/updated", UUID.randomUUID().toString(), UUID.randomUUID().toString(), body));
                })
                .doOnNext(status -> {
                    if (status / 100 != 2) {
                        failed.incrementAndGet();
                    }
                })
                .blockLast(Duration.ofSeconds(seconds + 60L));
        return failed.get();
    }

    static String p50p99(List<Long> values) {
        long[] sample = values.stream().mapToLong(Long::longValue).toArray();
        return percentile(sample, 50) + "/" + percentile(sample, 99);
    }

    /** Kafka timestamp (producer time) of the first record per order id on the order events topic. */
    private static Map<String, Long> firstTimestamps(LocalInfrastructure infra, java.util.Set<String> measured) {
        Map<String, Long> first = new HashMap<>();
        TopicReader.read(infra.kafkaBootstrapServers(), Topics.ORDER_EVENTS, Duration.ofSeconds(60),
                () -> first.size() >= measured.size(), r -> {
                    if (measured.contains(r.value().getOrderId())) {
                        first.merge(r.value().getOrderId(), r.timestamp(), Math::min);
                    }
                });
        return first;
    }

    /**
     * The Zettle request each applied command went out in (several commands share one request, whose
     * identifier is what the simulator records), read from the connector's results.
     */
    private static Map<String, String> requestsOfAppliedCommands(LocalInfrastructure infra,
                                                                 java.util.Set<String> commandIds) {
        Map<String, String> requestByCommand = new HashMap<>();
        TopicReader.read(infra.kafkaBootstrapServers(), Topics.COMMAND_RESULTS, Duration.ofSeconds(180),
                () -> requestByCommand.size() >= commandIds.size(), r -> {
                    String request = r.value().getDetails().get("request");
                    if (commandIds.contains(r.value().getCommandId()) && request != null) {
                        requestByCommand.put(r.value().getCommandId(), request);
                    }
                });
        return requestByCommand;
    }

    /** Reads the Zettle commands the engine issued for the measured orders: command id → order id. */
    private static Map<String, String> commandsToOrders(LocalInfrastructure infra, java.util.Set<String> measured,
                                                        Map<String, Long> publishedAt) {
        Map<String, String> orderByCommand = new HashMap<>();
        TopicReader.read(infra.kafkaBootstrapServers(), Topics.commands(SystemKind.ZETTLE), Duration.ofSeconds(120),
                () -> orderByCommand.size() >= measured.size(), r -> {
                    if (r.value().getAction() instanceof AdjustStock adjust && adjust.getOrderId() != null
                            && measured.contains(adjust.getOrderId())) {
                        orderByCommand.put(r.value().getCommandId(), adjust.getOrderId());
                        publishedAt.merge(r.value().getCommandId(), r.timestamp(), Math::min);
                    }
                });
        return orderByCommand;
    }


    /** Movement time by request identifier, once every one of {@code identifiers} is there (or the time is up). */
    private static Map<String, Long> waitForMovements(Platform platform, java.util.Set<String> identifiers,
                                                      Duration timeout) {
        var http = java.net.http.HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Long> appliedAt = new HashMap<>();
        while (true) {
            appliedAt.clear();
            try {
                var response = http.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(platform.zettleSimulatorUrl() + "/sim/movements")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                for (JsonNode m : JSON.readTree(response.body())) {
                    appliedAt.put(m.path("identifier").asString(), epochMillis(m.path("at")));
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read the Zettle simulator's movements", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (appliedAt.keySet().containsAll(identifiers) || Instant.now().isAfter(deadline)) {
                return appliedAt;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static long epochMillis(JsonNode at) {
        return at.isNumber() ? at.asLong() : Instant.parse(at.asString()).toEpochMilli();
    }

    /**
     * Wall time of a fixed piece of work on one thread (sorting the same pseudo-random numbers), the median of
     * five: the platform's figures move with the host's speed, which this tells from run to run.
     */
    static long hostReferenceMillis() {
        long[] numbers = new java.util.SplittableRandom(42).longs(1_000_000).toArray();
        long[] millis = new long[5];
        long checksum = 0;
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            long[] sorted = numbers.clone();
            Arrays.sort(sorted);
            checksum += sorted[sorted.length / 2];
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        // the sorted numbers are used, so the sort cannot be compiled away
        log.debug("host reference checksum {}", checksum);
        return percentile(millis, 50);
    }

    /** CPU time of every thread of this JVM so far. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long percentile(long[] values, int p) {
        if (values.length == 0) {
            return -1;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static long peakRssMiB() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        return options;
    }

    /** Samples heap use twice a second; the peak is what the JVM really needed, unlike its committed size. */
    private static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();

        static HeapSampler start() {
            HeapSampler sampler = new HeapSampler();
            Thread t = new Thread(() -> {
                var memory = ManagementFactory.getMemoryMXBean();
                while (!Thread.currentThread().isInterrupted()) {
                    sampler.peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            t.setDaemon(true);
            t.start();
            return sampler;
        }

        long peakMiB() {
            return peak.get() / (1024 * 1024);
        }
    }
}
