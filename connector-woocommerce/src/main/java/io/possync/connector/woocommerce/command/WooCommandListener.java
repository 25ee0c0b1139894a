package io.possync.connector.woocommerce.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * Consumes {@code commands.woocommerce} a poll at a time, so that a burst of SetStockLevel commands
 * becomes few batch calls. Every command ends with exactly one CommandResult. When transient trouble
 * leaves commands unfinished, the batch fails at the first of them: the records before it are
 * committed (their results published) and the rest are delivered again by the error handler, which
 * also counts the deliveries of that record.
 */
public class WooCommandListener {

    private static final Logger log = LoggerFactory.getLogger(WooCommandListener.class);
    private static final LogAccessor SPRING_LOG = new LogAccessor(LogFactory.getLog(WooCommandListener.class));

    private final WooStockWriter writer;
    private final KafkaCommandResults results;
    private final MeterRegistry meters;
    private final CommonErrorHandler deliveries;

    public WooCommandListener(WooStockWriter writer, KafkaCommandResults results, MeterRegistry meters,
                              CommonErrorHandler errorHandler) {
        this.writer = writer;
        this.results = results;
        this.meters = meters;
        this.deliveries = errorHandler;
    }

    @KafkaListener(id = "woocommerce-commands",
            topics = "#{T(io.possync.schemas.kafka.Topics).commands(T(io.possync.schemas.avro.SystemKind).WOOCOMMERCE).name()}",
            groupId = "connector-woocommerce", batch = "true",
            properties = {"avro.single-object.value.type=io.possync.schemas.avro.ConnectorCommand",
                    "max.poll.records=${possync.woocommerce.max-poll-records:500}"})
    public void onCommands(List<ConsumerRecord<String, ConnectorCommand>> records) {
        int usable = firstUndecodable(records);
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
            WooStockWriter.GroupOutcome result = writer.handle(group.getKey(),
                    firstRecord.values().stream().map(ConsumerRecord::value).toList(),
                    id -> deliveryAttempt(firstRecord.get(id)));
            Map<String, Integer> seen = new HashMap<>();
            for (int i : group.getValue()) {
                String id = records.get(i).value().getCommandId();
                CommandOutcome outcome = result.outcomes().get(id);
                if (seen.putIfAbsent(id, i) != null && outcome != null && !outcome.parked()) {
                    outcome = CommandOutcome.alreadyApplied();    // the same command twice in one poll
                }
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
        publish(records, outcomes, failedAt);
        if (failedAt < usable) {
            throw new BatchListenerFailedException("WooCommerce command " + records.get(failedAt).value().getCommandId()
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
                         int end) {
        List<Finished> finished = new ArrayList<>(end);
        for (int i = 0; i < end; i++) {
            finished.add(new Finished(records.get(i), outcomes.get(i)));
        }
        if (finished.isEmpty()) {
            return;
        }
        results.publishAll(finished);
        for (Finished f : finished) {
            CommandStatus status = f.outcome().status();
            meters.counter("possync.commands", "system", "woocommerce", "outcome",
                    status.name().toLowerCase(Locale.ROOT)).increment();
            if (f.outcome().parked()) {
                log.warn("parked command {} for connection {}: {}", f.record().value().getCommandId(),
                        f.record().value().getTargetConnectionId(), f.outcome().reason());
            }
        }
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
}
