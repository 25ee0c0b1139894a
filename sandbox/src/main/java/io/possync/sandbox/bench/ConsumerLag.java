package io.possync.sandbox.bench;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every consumer group's lag (records not yet committed) per topic it reads. The benchmark logs it at a
 * fixed period while a scenario runs: the stage whose lag grows is the one that cannot keep up.
 */
public final class ConsumerLag implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    private final Admin admin;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "consumer-lag");
        thread.setDaemon(true);
        return thread;
    });

    private ConsumerLag(Admin admin) {
        this.admin = admin;
    }

    /** Reads the lag on demand ({@link #byGroupAndTopic()}). */
    public static ConsumerLag of(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new ConsumerLag(Admin.create(props));
    }

    static ConsumerLag every(Duration period, String bootstrapServers) {
        ConsumerLag lag = of(bootstrapServers);
        lag.timer.scheduleAtFixedRate(lag::report, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return lag;
    }

    /** Records not yet committed, by {@code group/topic}, for every group that committed an offset. */
    public Map<String, Long> byGroupAndTopic() throws ExecutionException, TimeoutException, InterruptedException {
        Map<String, Long> byGroup = new TreeMap<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(5, TimeUnit.SECONDS)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            for (var end : admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                byGroup.merge(group.groupId() + "/" + end.getKey().topic(),
                        end.getValue().offset() - (at == null ? 0 : at.offset()), Long::sum);
            }
        }
        return byGroup;
    }

    private void report() {
        try {
            log.info("consumer lag: {}", byGroupAndTopic());
        } catch (ExecutionException | TimeoutException e) {
            log.warn("cannot read consumer lag: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
