package io.possync.common.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.support.TopicPartitionOffset;

import io.micrometer.core.instrument.MeterRegistry;
import io.possync.common.command.KafkaCommandResults.Finished;
import io.possync.common.kafka.Undecodable;
import io.possync.schemas.avro.CommandStatus;
import io.possync.schemas.avro.ConnectorCommand;
import io.possync.schemas.avro.SystemKind;

/**
 * Runs a poll of a connector's command topic: the commands are grouped by target connection (order
 * kept) and each group goes to the connector's {@link ConnectionBatch} at once, so that a burst becomes
 * few vendor calls. Every command ends with exactly one CommandResult. When transient trouble leaves
 * commands unfinished, the batch fails at the first of them: the records before it are committed (their
 * results published) and the rest are delivered again by the listener error handler, which also counts
 * the deliveries of each record (the delivery-attempt header exists for record listeners only, so the
 * handler is asked directly), so a connector can park a command on its last delivery.
 */
public class BatchCommandDispatcher {

    /** What a connector does with one connection's commands of a poll. */
    @FunctionalInterface
    public interface ConnectionBatch {
        /**
         * @param deliveryAttempt deliveries so far of a command, by command id
         * @return an outcome per finished command; commands without one are unfinished, with the failure
         */
        GroupOutcome handle(String connectionId, List<ConnectorCommand> commands, ToIntFunction<String> deliveryAttempt);
    }

    /** Outcomes by command id, and why any command of the group is left unfinished. */
    public record GroupOutcome(Map<String, CommandOutcome> outcomes, RuntimeException failure) {
    }

    private static final Logger log = LoggerFactory.getLogger(BatchCommandDispatcher.class);

    private final String system;
    private final ConnectionBatch connections;
    private final KafkaCommandResults results;
    private final MeterRegistry meters;
    private final CommonErrorHandler deliveries;

    public BatchCommandDispatcher(SystemKind system, ConnectionBatch connections, KafkaCommandResults results,
                                  MeterRegistry meters, CommonErrorHandler deliveries) {
        this.system = system.name().toLowerCase(Locale.ROOT);
        this.connections = connections;
        this.results = results;
        this.meters = meters;
        this.deliveries = deliveries;
    }

    public void dispatch(List<ConsumerRecord<String, ConnectorCommand>> records) {
        long started = System.nanoTime();
        int usable = Undecodable.first(records);
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < usable; i++) {
            groups.computeIfAbsent(records.get(i).value().getTargetConnectionId(), c -> new ArrayList<>()).add(i);
        }
        Map<Integer, CommandOutcome> outcomes = new HashMap<>();
        int failedAt = usable;
        RuntimeException failure = null;
        for (Map.Entry<String, List<Integer>> group : groups.entrySet()) {
            if (group.getValue().get(0) > failedAt) {
                break;    // redelivered anyway: work done now would be answered twice
            }
            Map<String, ConsumerRecord<String, ConnectorCommand>> firstRecord = new LinkedHashMap<>();
            group.getValue().forEach(i -> firstRecord.putIfAbsent(records.get(i).value().getCommandId(),
                    records.get(i)));
            GroupOutcome result = connections.handle(group.getKey(),
                    firstRecord.values().stream().map(ConsumerRecord::value).toList(),
                    id -> deliveryAttempt(firstRecord.get(id)));
            Map<String, CommandOutcome> seen = new HashMap<>();
            for (int i : group.getValue()) {
                String id = records.get(i).value().getCommandId();
                CommandOutcome outcome = seen.containsKey(id) ? repeated(seen.get(id)) : result.outcomes().get(id);
                seen.put(id, result.outcomes().get(id));
                if (outcome == null) {
                    if (i < failedAt) {
                        failedAt = i;
                        failure = result.failure();
                    }
                } else {
                    outcomes.put(i, outcome);
                }
            }
        }
        publish(records, outcomes, failedAt, started);
        if (failedAt < usable) {
            throw new BatchListenerFailedException(system + " command " + records.get(failedAt).value().getCommandId()
                    + " unfinished", failure, failedAt);
        }
        Undecodable.failAt(records, usable, "command");
    }

    private void publish(List<ConsumerRecord<String, ConnectorCommand>> records, Map<Integer, CommandOutcome> outcomes,
                         int end, long started) {
        List<Finished> finished = new ArrayList<>(end);
        for (int i = 0; i < end; i++) {
            finished.add(new Finished(records.get(i), outcomes.get(i)));
        }
        if (finished.isEmpty()) {
            return;
        }
        results.publishAll(finished);
        long elapsed = System.nanoTime() - started;
        for (Finished f : finished) {
            String outcome = f.outcome().status().name().toLowerCase(Locale.ROOT);
            meters.counter("possync.commands", "system", system, "outcome", outcome).increment();
            meters.timer("possync.command.duration", "system", system, "outcome", outcome)
                    .record(elapsed, TimeUnit.NANOSECONDS);
            if (f.outcome().parked()) {
                log.warn("parked {} command {} for connection {}: {}", system, f.record().value().getCommandId(),
                        f.record().value().getTargetConnectionId(), f.outcome().reason());
            }
        }
    }

    /** A command delivered twice within one poll: the second copy changes nothing. */
    private static CommandOutcome repeated(CommandOutcome first) {
        if (first == null) {
            return null;
        }
        return first.status() == CommandStatus.PARKED ? first : CommandOutcome.alreadyApplied();
    }

    private int deliveryAttempt(ConsumerRecord<?, ?> record) {
        return deliveries.deliveryAttempt(new TopicPartitionOffset(record.topic(), record.partition(), record.offset()));
    }
}
