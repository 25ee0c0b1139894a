package io.possync.common.poll;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.possync.common.connection.Connection;
import io.possync.common.connection.MongoConnectionStore;
import io.possync.common.flow.MongoFlowIntervals;
import io.possync.common.runtime.PeriodicWork;
import io.possync.schemas.avro.SystemKind;

/**
 * Runs one kind of reconciliation poll ({@code stock}, {@code orders}) for every connection of one
 * system, each at its own interval: the shortest {@code reconcileInterval} of the enabled flows the
 * connection belongs to, else the connector's default. A single thread ticks at a short base period
 * and runs the polls that {@link MongoPollSchedule} finds due and lets this instance claim, one after
 * the other (each account's rate limiter is shared with its command path). A failed poll is logged
 * and counted; it is tried again when next due, and the others are not affected.
 */
public class PollScheduler extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(PollScheduler.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param defaultInterval a connection's interval when no enabled flow names one (zero or less: never poll)
     * @param tick            how often due polls are looked for; never longer than {@code defaultInterval}
     * @param lease           the longest one run may take before another instance may start it again
     */
    public record Settings(Duration defaultInterval, Duration tick, Duration lease) {

        public Settings {
            if (positive(defaultInterval) && tick.compareTo(defaultInterval) > 0) {
                tick = defaultInterval;
            }
        }

        boolean enabled() {
            return positive(defaultInterval) && positive(tick);
        }

        private static boolean positive(Duration duration) {
            return !duration.isZero() && !duration.isNegative();
        }
    }

    private final String name;
    private final SystemKind system;
    private final MongoConnectionStore connections;
    private final MongoFlowIntervals flows;
    private final MongoPollSchedule schedule;
    private final Settings settings;
    private final ConnectionPoll poll;
    private final MeterRegistry meters;
    private final String tag;

    /** @param name the kind of poll, part of its schedule id ({@code connectionId|name}) and of its metrics */
    public PollScheduler(String name, SystemKind system, MongoConnectionStore connections, MongoFlowIntervals flows,
                         MongoPollSchedule schedule, Settings settings, ConnectionPoll poll, MeterRegistry meters) {
        super(system.name().toLowerCase(Locale.ROOT) + "-" + name + "-poller");
        this.name = name;
        this.system = system;
        this.connections = connections;
        this.flows = flows;
        this.schedule = schedule;
        this.settings = settings;
        this.poll = poll;
        this.meters = meters;
        this.tag = system.name().toLowerCase(Locale.ROOT);
    }

    /** One tick: runs every due poll this instance can claim; never throws (that would end the schedule). */
    public void pollDue() {
        try {
            Map<String, Connection> byPollId = new LinkedHashMap<>();
            List<Connection> all = connections.findBySystem(system).collectList().blockOptional(TIMEOUT)
                    .orElse(List.of());
            all.forEach(c -> byPollId.put(pollId(c.id()), c));
            Map<String, Duration> configured = flows.reconcileIntervals(all.stream().map(Connection::id).toList());
            Map<String, Duration> intervals = new LinkedHashMap<>();
            all.forEach(c -> intervals.put(pollId(c.id()), configured.getOrDefault(c.id(), settings.defaultInterval())));
            for (String pollId : schedule.due(intervals)) {
                if (schedule.claim(pollId, intervals.get(pollId), settings.lease())) {
                    run(byPollId.get(pollId), pollId);
                }
            }
        } catch (RuntimeException e) {
            log.warn("{} {} poll round failed; trying again in {}", tag, name, settings.tick(), e);
        }
    }

    private void run(Connection connection, String pollId) {
        try {
            int published = poll.poll(connection);
            meters.counter("possync.poll.published", "system", tag, "poll", name).increment(published);
        } catch (RuntimeException e) {
            meters.counter("possync.poll.failures", "system", tag, "poll", name).increment();
            log.warn("{} poll of {} connection {} failed; trying again when next due: {}", name, tag, connection.id(),
                    e.getMessage(), e);
        } finally {
            schedule.release(pollId);
        }
    }

    private String pollId(String connectionId) {
        return connectionId + "|" + name;
    }

    @Override
    protected Duration period() {
        return settings.enabled() ? settings.tick() : Duration.ZERO;
    }

    @Override
    protected void runOnce() {
        pollDue();
    }

    @Override
    protected void started() {
        log.info("polling {} {} of every connection every {} unless a flow sets its interval (checked every {})",
                tag, name, settings.defaultInterval(), settings.tick());
    }
}
