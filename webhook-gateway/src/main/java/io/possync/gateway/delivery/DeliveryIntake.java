package io.possync.gateway.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.possync.gateway.delivery.MongoDeliveryClaims.Claim;

import reactor.core.publisher.Mono;

/**
 * Dedupe, publish, record: the hot path after a delivery is verified. A new delivery costs one
 * Mongo insert, one Kafka acknowledgement and one Mongo update; a hot duplicate costs nothing but
 * a memory lookup.
 */
public class DeliveryIntake {

    private static final Logger log = LoggerFactory.getLogger(DeliveryIntake.class);

    public enum Result { PUBLISHED, DUPLICATE, IN_PROGRESS }

    /** Mongo steps never wait less than this, however little of the vendor's window is left. */
    static final Duration MIN_STORE_WAIT = Duration.ofMillis(100);

    private final MongoDeliveryClaims claims;
    private final KafkaEnvelopePublisher publisher;
    private final RecentlyPublished recentlyPublished;
    private final Duration storeTimeout;
    private final Duration publishTimeout;
    private final Clock clock;

    public DeliveryIntake(MongoDeliveryClaims claims, KafkaEnvelopePublisher publisher,
                          RecentlyPublished recentlyPublished, Duration storeTimeout, Duration publishTimeout,
                          Clock clock) {
        this.claims = claims;
        this.publisher = publisher;
        this.recentlyPublished = recentlyPublished;
        this.storeTimeout = storeTimeout;
        this.publishTimeout = publishTimeout;
        this.clock = clock;
    }

    /**
     * How long a Mongo step may wait now: at most the store timeout, and, while the Kafka publish is still
     * ahead, only as long as leaves it its {@code publishTimeout} before {@code answerBy}. A vendor with a
     * long answer window is then not sent away (to retry much later: Zettle after a minute) because Mongo
     * was slow for a moment, and Shopify's 5 s are still kept.
     */
    public Duration storeWait(Instant answerBy, boolean publishAhead) {
        Duration left = Duration.between(clock.instant(), answerBy);
        if (publishAhead) {
            left = left.minus(publishTimeout);
        }
        return left.compareTo(MIN_STORE_WAIT) < 0 ? MIN_STORE_WAIT
                : left.compareTo(storeTimeout) > 0 ? storeTimeout : left;
    }

    /**
     * Publishes the delivery unless it already was, answering by {@code answerBy} (see {@link #storeWait}).
     * Fails with {@link IntakeUnavailable} when Mongo or Kafka cannot be reached in time; nothing is then
     * recorded as published.
     *
     * <p>Once begun, the intake runs to its end even if the vendor hangs up (a cancelled request): a claim
     * left PENDING would turn every retry away as "in progress" until the claim timeout, and a delivery
     * published but not marked would be published again by the retry after it. For the same reason a claim
     * that is acquired only after its wait ran out is released at once.
     */
    public Mono<Result> accept(Delivery delivery, Instant answerBy) {
        String id = delivery.claimId();
        if (recentlyPublished.contains(id)) {
            return Mono.just(Result.DUPLICATE);
        }
        return Mono.fromFuture(Mono.defer(() -> claimAndPublish(delivery, answerBy)).toFuture(), true);
    }

    private Mono<Result> claimAndPublish(Delivery delivery, Instant answerBy) {
        String id = delivery.claimId();
        CompletableFuture<Claim> claimed = claims.claim(id, delivery.connection().id(), clock.instant()).toFuture();
        return Timeouts.within(Mono.fromFuture(claimed, true), storeWait(answerBy, true))
                .onErrorMap(e -> !(e instanceof IntakeUnavailable), e -> {
                    releaseWhenAcquired(claimed, id);
                    return new IntakeUnavailable("dedupe store", e);
                })
                .flatMap(claim -> switch (claim.state()) {
                    case ACQUIRED -> publish(delivery, claim.claimedAt(), answerBy);
                    case PUBLISHED -> {
                        recentlyPublished.add(id);
                        yield Mono.just(Result.DUPLICATE);
                    }
                    case IN_PROGRESS, STALE -> Mono.just(Result.IN_PROGRESS);
                });
    }

    /** A claim acquired after its wait ran out has no publisher: gives it up so the vendor's retry is served. */
    private void releaseWhenAcquired(CompletableFuture<Claim> claimed, String id) {
        claimed.thenAccept(claim -> {
            if (claim.state() == Claim.State.ACQUIRED) {
                // no answer waits for it any more: the whole store timeout is its own
                release(id, claim.claimedAt(), storeTimeout).subscribe();
            }
        });
    }

    private Mono<Result> publish(Delivery delivery, Instant claimedAt, Instant answerBy) {
        String id = delivery.claimId();
        return publisher.publish(delivery)
                .onErrorResume(e -> release(id, claimedAt, storeWait(answerBy, false))
                        .then(Mono.error(new IntakeUnavailable("Kafka", e))))
                .then(Mono.fromRunnable(() -> recentlyPublished.add(id)))
                .then(Mono.defer(() -> markPublished(id, answerBy)))
                .thenReturn(Result.PUBLISHED);
    }

    /**
     * The record is on Kafka already, so a failed mark must not fail the answer: the claim stays
     * PENDING and a redelivery after the claim timeout publishes once more under the same event id.
     */
    private Mono<Void> markPublished(String id, Instant answerBy) {
        return Timeouts.within(claims.markPublished(id, clock.instant()), storeWait(answerBy, false))
                .onErrorResume(e -> {
                    log.warn("delivery {} published but not marked; a late redelivery may publish it again", id, e);
                    return Mono.empty();
                });
    }

    /** Gives the claim up, waiting at most {@code wait}; a failure is logged, not passed on. */
    private Mono<Void> release(String id, Instant claimedAt, Duration wait) {
        return Timeouts.within(claims.release(id, claimedAt), wait)
                .onErrorResume(e -> {
                    log.warn("could not release claim {}; retries are held off until the claim times out", id, e);
                    return Mono.empty();
                });
    }

    /** Mongo or Kafka did not answer in time; the vendor should retry later. */
    public static class IntakeUnavailable extends RuntimeException {
        public IntakeUnavailable(String what, Throwable cause) {
            super(what + " unavailable", cause);
        }
    }
}
