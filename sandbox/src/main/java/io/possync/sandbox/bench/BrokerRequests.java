package io.possync.sandbox.bench;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The requests the in-process broker has handled, by type, from its {@code RequestsPerSec} meters: what a
 * scenario cost the broker, per webhook, beside the CPU figure (which also moves with the host).
 */
final class BrokerRequests {

    private static final String METERS = "kafka.network:type=RequestMetrics,name=RequestsPerSec,*";
    /** Request types shown, with their labels. */
    private static final String[][] SHOWN = {{"Produce", "produce"}, {"FetchConsumer", "fetch"},
            {"OffsetCommit", "offset commit"}};

    private final Map<String, Long> at;

    private BrokerRequests(Map<String, Long> at) {
        this.at = at;
    }

    static BrokerRequests now() {
        Map<String, Long> counts = new TreeMap<>();
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            for (ObjectName meter : server.queryNames(new ObjectName(METERS), null)) {
                counts.merge(meter.getKeyProperty("request"),
                        ((Number) server.getAttribute(meter, "Count")).longValue(), Long::sum);
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the broker's request meters", e);
        }
        return new BrokerRequests(counts);
    }

    /** E.g. {@code produce 0.19, fetch 0.33, offset commit 0.29}: requests since {@code this} per {@code unit}. */
    String since(BrokerRequests before, long units) {
        StringBuilder text = new StringBuilder();
        for (String[] type : SHOWN) {
            long requests = at.getOrDefault(type[0], 0L) - before.at.getOrDefault(type[0], 0L);
            text.append(text.isEmpty() ? "" : ", ").append(type[1])
                    .append(" %.2f".formatted((double) requests / Math.max(1, units)));
        }
        return text.toString();
    }
}
