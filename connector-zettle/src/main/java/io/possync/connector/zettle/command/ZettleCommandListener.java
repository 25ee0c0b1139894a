package io.possync.connector.zettle.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import io.micrometer.core.instrument.MeterRegistry;
import io.possync.common.command.CommandOutcome;
import io.possync.common.command.KafkaCommandResults;
import io.possync.common.command.KafkaCommandResults.Finished;
import io.possync.schemas.avro.CommandStatus;
import io.possync.schemas.avro.ConnectorCommand;

/**
 * Consumes {@code commands.zettle} in batches (a poll at a time) and applies each connection's
 * commands with as few movement requests as Zettle's rate limit allows. Every command ends with
 * exactly one CommandResult: APPLIED, ALREADY_APPLIED or PARKED; parked ones also go to the
 * dead-letter topic with their reason. When transient trouble leaves commands unfinished, the
 * batch fails at the first of them: the records before it are committed and the rest redelivered
 * by the listener error handler, which also counts the deliveries of that first record (the
 * delivery-attempt header exists for record listeners only, so the handler is asked directly).
 */
public class ZettleCommandListener {

    private static final Logger log = LoggerFactory.getLogger(ZettleCommandListener.class);
    private static final LogAccessor SPRING_LOG = new LogAccessor(LogFactory.getLog(ZettleCommandListener.class));

    private final ZettleBatchHandler handler;
    private final KafkaCommandResults results;
    private final MeterRegistry meters;
    private final CommonErrorHandler deliveries;

    public ZettleCommandListener(ZettleBatchHandler handler, KafkaCommandResults results, MeterRegistry meters,
                                 CommonErrorHandler errorHandler) {
        this.handler = handler;
        this.results = results;
        this.meters = meters;
        this.deliveries = errorHandler;
    }

    @KafkaListener(id = "zettle-commands",
            topics = "#{T(io.possync.schemas.kafka.Topics).commands(T(io.possync.schemas.avro.SystemKind).ZETTLE).name()}",
            groupId = "connector-zettle", batch = "true",
            properties = {"avro.single-object.value.type=io.possync.schemas.avro.ConnectorCommand",
                    "max.poll.records=${possync.zettle.max-poll-records:200}"})
    public void onCommands(List<ConsumerRecord<String, ConnectorCommand>> records) {
        long started = System.nanoTime();
        int usable = firstUndecodable(records);
        Map<Integer, CommandOutcome> outcomes = new HashMap<>();
        int failedAt = usable;
        RuntimeException failure = null;
        Map<String, List<Integer>> groups = ZettleCommandBatcher.byConnection(indices(usable),
                i -> records.get(i).value().getTargetConnectionId());
        for (Map.Entry<String, List<Integer>> group : groups.entrySet()) {
            if (group.getValue().get(0) > failedAt) {
                break;    // redelivered anyway: work done now would be answered twice
            }
            Map<String, ConsumerRecord<String, ConnectorCommand>> firstRecord = new LinkedHashMap<>();
            group.getValue().forEach(i -> firstRecord.putIfAbsent(records.get(i).value().getCommandId(),
                    records.get(i)));
            ZettleBatchHandler.GroupOutcome result = handler.handle(group.getKey(),
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
            throw new BatchListenerFailedException("Zettle command " + records.get(failedAt).value().getCommandId()
                    + " unfinished", failure, failedAt);
        }
        if (usable < records.size()) {
            ConsumerRecord<String, ConnectorCommand> bad = records.get(usable);
            DeserializationException cause = SerializationUtils.getExceptionFromHeader(bad,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, SPRING_LOG);
            throw new BatchListenerFailedException("undecodable command at offset " + bad.offset(), cause, usable);
        }
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
            meters.counter("possync.commands", "system", "zettle", "outcome", outcome).increment();
            meters.timer("possync.command.duration", "system", "zettle", "outcome", outcome)
                    .record(elapsed, TimeUnit.NANOSECONDS);
            if (f.outcome().parked()) {
                log.warn("parked command {} for connection {}: {}", f.record().value().getCommandId(),
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

    /** Records from the first one that could not be decoded are left to the error handler (dead-letter topic). */
    private static int firstUndecodable(List<ConsumerRecord<String, ConnectorCommand>> records) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).value() == null) {
                return i;
            }
        }
        return records.size();
    }

    private static List<Integer> indices(int count) {
        List<Integer> indices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            indices.add(i);
        }
        return indices;
    }
}
