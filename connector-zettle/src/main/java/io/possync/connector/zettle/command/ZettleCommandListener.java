package io.possync.connector.zettle.command;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.possync.common.http.RetriesExhaustedException;
import io.possync.common.kafka.PermanentFailure;
import io.possync.schemas.avro.ConnectorCommand;

/**
 * Consumes {@code commands.zettle}. Every command ends with exactly one CommandResult: APPLIED,
 * ALREADY_APPLIED or PARKED. A parked command is then thrown as a {@link PermanentFailure}, so the
 * listener error handler puts it on the dead-letter topic with its reason and moves on. A transient
 * failure is thrown as is, to be redelivered; on the last delivery it is parked instead.
 */
public class ZettleCommandListener {

    private static final Logger log = LoggerFactory.getLogger(ZettleCommandListener.class);

    private final ZettleCommandHandler handler;
    private final KafkaCommandResultPublisher results;
    private final MeterRegistry meters;
    private final int listenerRetries;

    public ZettleCommandListener(ZettleCommandHandler handler, KafkaCommandResultPublisher results,
                                 MeterRegistry meters, int listenerRetries) {
        this.handler = handler;
        this.results = results;
        this.meters = meters;
        this.listenerRetries = listenerRetries;
    }

    @KafkaListener(id = "zettle-commands",
            topics = "#{T(io.possync.schemas.kafka.Topics).commands(T(io.possync.schemas.avro.SystemKind).ZETTLE).name()}",
            groupId = "connector-zettle",
            properties = "avro.single-object.value.type=io.possync.schemas.avro.ConnectorCommand")
    public void onCommand(ConnectorCommand command,
                          @Header(name = KafkaHeaders.DELIVERY_ATTEMPT, required = false) Integer deliveryAttempt) {
        Timer.Sample sample = Timer.start(meters);
        CommandOutcome outcome;
        try {
            outcome = handler.handle(command);
        } catch (RetriesExhaustedException e) {
            if (deliveryAttempt == null || deliveryAttempt <= listenerRetries) {
                count(sample, "retry");
                throw e;
            }
            outcome = CommandOutcome.parked("Zettle kept failing after " + deliveryAttempt + " deliveries: "
                    + e.getMessage(), e.attempts());
        }
        results.publish(command, outcome);
        count(sample, outcome.status().name().toLowerCase(Locale.ROOT));
        if (outcome.parked()) {
            log.warn("parked command {} for connection {}: {}", command.getCommandId(),
                    command.getTargetConnectionId(), outcome.reason());
            throw new PermanentFailure(outcome.reason());
        }
    }

    private void count(Timer.Sample sample, String outcome) {
        meters.counter("possync.commands", "system", "zettle", "outcome", outcome).increment();
        sample.stop(meters.timer("possync.command.duration", "system", "zettle", "outcome", outcome));
    }
}
