package io.possync.connector.zettle.command;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

import io.possync.common.command.BatchCommandDispatcher;
import io.possync.common.http.RateLimiterRegistry;
import io.possync.common.http.Sleeper;
import io.possync.schemas.avro.ConnectorCommand;

/**
 * Consumes {@code commands.zettle} a poll at a time, so that each connection's commands go out in as
 * few movement requests as Zettle's rate limit allows ({@link ZettleBatchHandler}); the batch mechanics
 * (one result per command, dead letters, failing at the first unfinished command) are the dispatcher's.
 *
 * <p>After a poll it waits, before the next one, until the accounts it just wrote to may send again.
 * A poll's batch is fixed when it is taken: waiting for the rate limit inside it would leave every
 * command that arrives meanwhile for a whole further request, while waiting here lets the next poll
 * take them all into the request that goes out as soon as it may.
 *
 * <p>For the same reason the broker holds each fetch for about one request interval
 * ({@code possync.zettle.commands.fetch-max-wait-ms}, 250 ms at Zettle's 4 requests/s) instead of
 * answering with the first command that arrives. The consumer sends its next fetch as a poll returns,
 * before the batch is worked on: answered at once, that fetch would hold only the few commands of the
 * first milliseconds, the next poll would take just those, and everything arriving during the wait
 * would be left for the request after, a whole interval later.
 */
public class ZettleCommandListener {

    /** A wait longer than this is left to the sender (a bucket deep in debt after retries). */
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);

    private final BatchCommandDispatcher dispatcher;
    private final RateLimiterRegistry limiters;
    private final Sleeper sleeper;

    public ZettleCommandListener(BatchCommandDispatcher dispatcher, RateLimiterRegistry limiters, Sleeper sleeper) {
        this.dispatcher = dispatcher;
        this.limiters = limiters;
        this.sleeper = sleeper;
    }

    @KafkaListener(id = "zettle-commands",
            topics = "#{T(io.possync.schemas.kafka.Topics).commands(T(io.possync.schemas.avro.SystemKind).ZETTLE).name()}",
            groupId = "connector-zettle", batch = "true",
            properties = {"avro.single-object.value.type=io.possync.schemas.avro.ConnectorCommand",
                    "max.poll.records=${possync.zettle.max-poll-records:200}",
                    "fetch.min.bytes=${possync.zettle.commands.fetch-min-bytes:1048576}",
                    "fetch.max.wait.ms=${possync.zettle.commands.fetch-max-wait-ms:250}"})
    public void onCommands(List<ConsumerRecord<String, ConnectorCommand>> records) throws InterruptedException {
        dispatcher.dispatch(records);
        Duration wait = untilNextRequest(records);
        if (!wait.isZero()) {
            sleeper.sleep(wait);
        }
    }

    /** The longest wait until an account of {@code records} may send again, capped at {@link #MAX_WAIT}. */
    Duration untilNextRequest(List<ConsumerRecord<String, ConnectorCommand>> records) {
        return records.stream().map(r -> r.value() == null ? r.key() : r.value().getTargetConnectionId())
                .filter(java.util.Objects::nonNull).distinct()
                .map(connection -> limiters.forAccount(connection).untilAvailable())
                .max(Duration::compareTo).map(wait -> wait.compareTo(MAX_WAIT) > 0 ? Duration.ZERO : wait)
                .orElse(Duration.ZERO);
    }
}
