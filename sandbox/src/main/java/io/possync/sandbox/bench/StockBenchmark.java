package io.possync.sandbox.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.sandbox.local.DemoTenant;
import io.possync.sandbox.local.Platform;
import io.possync.sandbox.zettle.ZettleSales;
import io.possync.schemas.avro.SetStockLevel;
import io.possync.schemas.avro.SystemKind;
import io.possync.schemas.kafka.Topics;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * Issue 3's figures for flow 1a (POS master, Shopify and WooCommerce webshops): POS sales in the
 * Zettle simulator at a fixed rate across many SKUs (made in-process), each one a real
 * {@code InventoryBalanceChanged} webhook through the gateway. Measures, from the simulators' own records:
 * <ul>
 * <li>POS change → level visible in BOTH webshops (the first write of each webshop at or below the
 * balance the sale left; later sales only lower it, so that write reflects this sale), and the latency of
 * each stage on the way, from the records' broker timestamps;</li>
 * <li>API calls the platform made to the three vendors per POS change;</li>
 * <li>drift at the end: SKUs whose webshop level differs from the POS balance once the platform is idle.</li>
 * </ul>
 * It also prints the JVM's CPU time per change and its share of the cores during the load. Consumers that
 * keep up take smaller batches more often, so these follow the CPU there is rather than the work a change
 * needs (README, "Benchmark").
 */
final class StockBenchmark {

    private static final Logger log = LoggerFactory.getLogger(StockBenchmark.class);
    private static final int START_BALANCE = 100_000;
    private static final int WARM_UP_SECONDS = 10;

    private record Sale(String sku, long sentAt, long balance) {
    }

    private record Calls(long shopify, long woo, long zettle) {
        long total() {
            return shopify + woo + zettle;
        }

        Calls minus(Calls before) {
            return new Calls(shopify - before.shopify, woo - before.woo, zettle - before.zettle);
        }
    }

    private final Platform platform;
    private final String kafkaBootstrapServers;
    private final ControlApi control = new ControlApi();
    private final List<String> skus = new ArrayList<>();
    private final ZettleSales till;

    StockBenchmark(Platform platform, String kafkaBootstrapServers, int skuCount) {
        this.platform = platform;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        for (int i = 0; i < skuCount; i++) {
            skus.add("STOCK-%04d".formatted(i));
        }
        this.till = platform.zettleSimulator().getBean(ZettleSales.class);
    }

    /** Products in all three simulators before the demo's connections exist, so every catalogue read finds them. */
    void seedProducts() {
        new DemoTenant(platform).seedProducts(skus.stream()
                .map(sku -> new DemoTenant.DemoProduct("Stock " + sku, sku, START_BALANCE)).toList());
    }

    String run(int perSecond, int seconds, Duration settle) {
        // every SKU's POS level reaches the platform once (its first webhook) before anything is measured, within
        // about two seconds even when the measured rate is low
        sell(skus.size(), Math.max(perSecond, skus.size() / 2));
        Duration warmUpWait = awaitConvergence(Duration.ofMinutes(3));
        log.info("warm-up: {} SKUs in step after {} s", skus.size(), warmUpWait.toSeconds());
        // then the measured rate, left out of the figures, so that its code paths are compiled before the load
        // that counts (the JIT compiler threads took 6% of the cores in the first 10 s at 500/s, 1.4% afterwards)
        sell(perSecond * WARM_UP_SECONDS, perSecond);
        warmUpWait = awaitConvergence(Duration.ofMinutes(3));
        log.info("warm-up: {} s at {}/s, in step {} s after", WARM_UP_SECONDS, perSecond, warmUpWait.toSeconds());

        Calls before = calls();
        long cpuBefore = Benchmark.processCpuNanos();
        long start = System.currentTimeMillis();
        List<Sale> sales = sell(perSecond * seconds, perSecond);
        double loadSeconds = (System.currentTimeMillis() - start) / 1000.0;
        long cpuOfLoad = Benchmark.processCpuNanos() - cpuBefore;
        Duration idleAfter = awaitConvergence(settle);
        long cpuUntilIdle = Benchmark.processCpuNanos() - cpuBefore;
        Calls used = calls().minus(before);
        JsonNode graphqlStats = control.get(platform.shopifySimulatorUrl() + "/sim/graphql/stats");
        log.info("Shopify simulator calls by field over the whole run: {}, throttled {}",
                graphqlStats.path("calls"), graphqlStats.path("throttled"));
        Map<String, Long> drift = drift();
        reportDrift(drift, start);

        List<Map<String, List<long[]>>> webshopWrites = webshopWrites(start);
        long[] visible = visibleLatencies(sales, webshopWrites);
        long notVisible = java.util.Arrays.stream(visible).filter(v -> v < 0).count();
        long[] seen = java.util.Arrays.stream(visible).filter(v -> v >= 0).toArray();
        return ("POS change -> level in both webshops (flow 1a, %d SKUs, %d changes at %.0f/s for %.0f s, after %d s"
                + " of warm-up changes left out): "
                + "latency p50 %d ms p99 %d ms max %d ms (%d changes never visible)%n"
                + "  by 10 s of load, p50/p99 ms: %s%n"
                + "  by stage, p50/p99 ms: %s%n"
                + "  CPU: %.2f ms per POS change until idle, %.0f%% of the %d cores during the load (the benchmark"
                + " JVM: load, broker, Mongo server, simulators and services)%n"
                + "  API calls per POS change: %.4f (%d calls: Shopify %d, WooCommerce %d, Zettle %d)%n"
                + "  drift at the end: %d SKUs differ (in step %.1f s after the last change)")
                .formatted(skus.size(), sales.size(), sales.size() / loadSeconds, loadSeconds, WARM_UP_SECONDS,
                        Benchmark.percentile(seen, 50), Benchmark.percentile(seen, 99),
                        Benchmark.percentile(seen, 100), notVisible, bySlice(sales, visible, start),
                        stages(sales, visible, webshopWrites, start),
                        cpuUntilIdle / 1e6 / Math.max(1, sales.size()),
                        100.0 * cpuOfLoad / 1e9 / loadSeconds / Runtime.getRuntime().availableProcessors(),
                        Runtime.getRuntime().availableProcessors(),
                        (double) used.total() / sales.size(), used.total(), used.shopify(), used.woo(), used.zettle(),
                        drift.size(), idleAfter.toMillis() / 1000.0);
    }

    /**
     * The visible changes' latency by the 10 s of load they were made in: tells a tail spread over the run
     * (a saturated machine) from one made in a few seconds (a stall, a warm-up).
     */
    private static String bySlice(List<Sale> sales, long[] visible, long start) {
        Map<Long, List<Long>> slices = new java.util.TreeMap<>();
        for (int i = 0; i < sales.size(); i++) {
            if (visible[i] >= 0) {
                slices.computeIfAbsent((sales.get(i).sentAt() - start) / 10_000, s -> new ArrayList<>()).add(visible[i]);
            }
        }
        return String.join(", ", slices.values().stream().map(Benchmark::p50p99).toList());
    }

    /**
     * Where the time of each visible change went, from the records' broker timestamps: the sale until the
     * POS level is on the stock topic (simulator webhook, gateway, Zettle connector), until the engine has
     * commanded it to both webshops, and until both webshops were written (webshop connectors and APIs).
     * Each stage ends at the first record for the SKU at or below the balance the sale left. The last stage
     * is also given per webshop, from its own command to its own write.
     */
    private String stages(List<Sale> sales, long[] visible, List<Map<String, List<long[]>>> webshopWrites,
                          long measuredFrom) {
        Map<String, List<long[]>> posEvents = new HashMap<>();
        TopicReader.readAll(kafkaBootstrapServers, Topics.STOCK_EVENTS, r -> {
            if (r.timestamp() >= measuredFrom && r.value().getHeader().getSourceSystem() == SystemKind.ZETTLE) {
                posEvents.computeIfAbsent(r.value().getSku(), s -> new ArrayList<>())
                        .add(new long[] {r.timestamp(), r.value().getLevel()});
            }
        });
        List<Map<String, List<long[]>>> commands = new ArrayList<>();
        for (SystemKind webshop : List.of(SystemKind.SHOPIFY, SystemKind.WOOCOMMERCE)) {
            Map<String, List<long[]>> levels = new HashMap<>();
            TopicReader.readAll(kafkaBootstrapServers, Topics.commands(webshop), r -> {
                if (r.timestamp() >= measuredFrom && r.value().getAction() instanceof SetStockLevel set) {
                    levels.computeIfAbsent(set.getSku(), s -> new ArrayList<>())
                            .add(new long[] {r.timestamp(), set.getLevel()});
                }
            });
            commands.add(levels);
        }
        List<Long> toEvent = new ArrayList<>();
        List<Long> toCommands = new ArrayList<>();
        List<Long> toWrites = new ArrayList<>();
        List<List<Long>> ownWrite = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < sales.size(); i++) {
            Sale sale = sales.get(i);
            long event = firstAtOrBelow(posEvents.get(sale.sku()), sale.balance(), sale.sentAt());
            long commanded = 0;
            long[] commandedAt = new long[commands.size()];
            for (int w = 0; w < commands.size(); w++) {
                commandedAt[w] = firstAtOrBelow(commands.get(w).get(sale.sku()), sale.balance(), sale.sentAt());
                commanded = commandedAt[w] < 0 || commanded < 0 ? -1 : Math.max(commanded, commandedAt[w]);
            }
            if (visible[i] >= 0 && event >= 0 && commanded >= 0) {
                toEvent.add(event - sale.sentAt());
                toCommands.add(commanded - event);
                toWrites.add(sale.sentAt() + visible[i] - commanded);
                for (int w = 0; w < commands.size(); w++) {
                    ownWrite.get(w).add(firstAtOrBelow(webshopWrites.get(w).get(sale.sku()), sale.balance(),
                            sale.sentAt()) - commandedAt[w]);
                }
            }
        }
        return ("sale -> POS StockChanged %s, -> commands to both webshops %s, -> both written %s (%d changes); "
                + "own command -> written: Shopify %s, WooCommerce %s")
                .formatted(Benchmark.p50p99(toEvent), Benchmark.p50p99(toCommands), Benchmark.p50p99(toWrites),
                        toEvent.size(), Benchmark.p50p99(ownWrite.get(0)), Benchmark.p50p99(ownWrite.get(1)));
    }

    /**
     * Open loop: one sale of one unit every 1/perSecond s on a random SKU, whatever the platform's speed. The
     * sales are made in the simulator in-process, as a till makes them: an HTTP request per sale would cost
     * the machine as much as the sale's webhook does.
     */
    private List<Sale> sell(int total, int perSecond) {
        Queue<Sale> sales = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        Flux.interval(Duration.ofNanos(1_000_000_000L / perSecond)).take(total)
                .onBackpressureBuffer()
                .doOnNext(i -> {
                    String sku = skus.get(i < skus.size() ? i.intValue()
                            : ThreadLocalRandom.current().nextInt(skus.size()));
                    long sentAt = System.currentTimeMillis();
                    ZettleSales.Sold sold = till.sell(sku, 1);
                    if (sold.refused()) {
                        failed.incrementAndGet();
                        log.warn("sale of {} refused: {}", sku, sold.refusal());
                    } else {
                        sales.add(new Sale(sku, sentAt, sold.balances().get(sku)));
                    }
                })
                .blockLast(Duration.ofSeconds(total / perSecond + 120L));
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " sales were refused by the Zettle simulator");
        }
        return new ArrayList<>(sales);
    }

    /** Waits until both webshops show every SKU's POS balance; returns how long that took (or the timeout). */
    private Duration awaitConvergence(Duration timeout) {
        Instant start = Instant.now();
        while (!drift().isEmpty() && Instant.now().isBefore(start.plus(timeout))) {
            ControlApi.pause(Duration.ofMillis(200));
        }
        return Duration.between(start, Instant.now());
    }

    /** SKU → POS balance, for every bench SKU either webshop shows differently. */
    private Map<String, Long> drift() {
        JsonNode pos = control.get(platform.zettleSimulatorUrl() + "/sim/balances");
        JsonNode shopify = control.get(platform.shopifySimulatorUrl() + "/sim/inventory");
        JsonNode woo = control.get(platform.wooCommerceSimulatorUrl() + "/sim/stock");
        Map<String, Long> drift = new HashMap<>();
        for (String sku : skus) {
            long balance = pos.path(sku).asLong();
            if (shopify.path(sku).asLong(-1) != balance || woo.path(sku).asLong(-1) != balance) {
                drift.put(sku, balance);
            }
        }
        return drift;
    }

    /** Each drifting SKU's levels and the last writes the webshops recorded for it, to tell why. */
    private void reportDrift(Map<String, Long> drift, long measuredFrom) {
        if (drift.isEmpty()) {
            return;
        }
        JsonNode shopify = control.get(platform.shopifySimulatorUrl() + "/sim/inventory");
        JsonNode woo = control.get(platform.wooCommerceSimulatorUrl() + "/sim/stock");
        Map<String, List<long[]>> shopifyWrites = writes(platform.shopifySimulatorUrl() + "/sim/inventory-writes",
                "after", measuredFrom);
        Map<String, List<long[]>> wooWrites = writes(platform.wooCommerceSimulatorUrl() + "/sim/stock-writes",
                "value", measuredFrom);
        drift.entrySet().stream().limit(10).forEach(d -> log.warn(
                "drift: {} is {} in Zettle, {} in Shopify (last writes {}), {} in WooCommerce (last writes {})",
                d.getKey(), d.getValue(), shopify.path(d.getKey()), last(shopifyWrites.get(d.getKey())),
                woo.path(d.getKey()), last(wooWrites.get(d.getKey()))));
        String sku = drift.keySet().iterator().next();
        JsonNode entries = control.get(platform.managementUrl() + "/api/tenants/" + DemoTenant.TENANT
                + "/sync-log?limit=12&subject=" + sku, platform.managementToken());
        for (JsonNode entry : entries) {
            log.warn("drift: {} sync log: {}", sku, entry);
        }
    }

    private static List<String> last(List<long[]> writes) {
        if (writes == null) {
            return List.of();
        }
        return writes.subList(Math.max(0, writes.size() - 3), writes.size()).stream()
                .map(w -> Instant.ofEpochMilli(w[0]) + "=" + w[1]).toList();
    }

    private Calls calls() {
        long shopify = 0;
        for (JsonNode count : control.get(platform.shopifySimulatorUrl() + "/sim/graphql/stats").path("calls")) {
            shopify += count.asLong();
        }
        return new Calls(shopify,
                control.get(platform.wooCommerceSimulatorUrl() + "/sim/stats").path("apiRequests").asLong(),
                control.get(platform.zettleSimulatorUrl() + "/sim/stats").path("apiRequests").asLong());
    }

    /**
     * Per sale, ms until both webshops had been written a level at or below the balance it left, or -1
     * when one never was. Only writes of the measured phase count.
     */
    private long[] visibleLatencies(List<Sale> sales, List<Map<String, List<long[]>>> webshopWrites) {
        long[] latencies = new long[sales.size()];
        for (int i = 0; i < sales.size(); i++) {
            Sale sale = sales.get(i);
            long latest = 0;
            for (Map<String, List<long[]>> writes : webshopWrites) {
                long at = firstAtOrBelow(writes.get(sale.sku()), sale.balance(), sale.sentAt());
                latest = at < 0 || latest < 0 ? -1 : Math.max(latest, at);
            }
            latencies[i] = latest < 0 ? -1 : latest - sale.sentAt();
        }
        return latencies;
    }

    /** Per webshop (Shopify, WooCommerce), SKU → [time ms, level] of every write after {@code from}. */
    private List<Map<String, List<long[]>>> webshopWrites(long from) {
        return List.of(writes(platform.shopifySimulatorUrl() + "/sim/inventory-writes", "after", from),
                writes(platform.wooCommerceSimulatorUrl() + "/sim/stock-writes", "value", from));
    }

    /** SKU → [time ms, level] of every write after {@code from}, in the simulator's order. */
    private Map<String, List<long[]>> writes(String url, String levelField, long from) {
        Map<String, List<long[]>> bySku = new HashMap<>();
        for (JsonNode write : control.get(url)) {
            long at = Benchmark.epochMillis(write.path("at"));
            if (at >= from && !write.path(levelField).isNull()) {
                bySku.computeIfAbsent(write.path("sku").asString(), s -> new ArrayList<>())
                        .add(new long[] {at, write.path(levelField).asLong()});
            }
        }
        return bySku;
    }

    private static long firstAtOrBelow(List<long[]> writes, long level, long notBefore) {
        if (writes == null) {
            return -1;
        }
        for (long[] write : writes) {
            if (write[1] <= level && write[0] >= notBefore) {
                return write[0];
            }
        }
        return -1;
    }
}
