package io.possync.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    private final FakeTime time = new FakeTime();
    private final FailureClassifier classifier = new FailureClassifier(time);

    @ParameterizedTest
    @CsvSource({"429,true", "500,true", "502,true", "503,true", "504,true", "408,true",
            "400,false", "401,false", "403,false", "404,false", "409,false", "422,false"})
    void throttlingAndServerErrorsAreRetriableOtherClientErrorsAreNot(int status, boolean retriable) {
        assertThat(classifier.classify(new HttpStatusException("POST /x", status, "", null, null)).retriable())
                .isEqualTo(retriable);
    }

    @Test
    void ioFailuresAndTimeoutsAreRetriableEvenWhenWrapped() {
        assertThat(classifier.classify(new UncheckedIOException(new ConnectException("refused"))).retriable()).isTrue();
        assertThat(classifier.classify(new IllegalStateException(new TimeoutException())).retriable()).isTrue();
    }

    @Test
    void unknownExceptionsArePermanent() {
        assertThat(classifier.classify(new NullPointerException())).isEqualTo(Failure.PERMANENT);
    }

    @Test
    void retryAfterInSecondsIsHonoured() {
        Failure failure = classifier.classify(new HttpStatusException("GET /x", 429, "", "3", null));
        assertThat(failure).isEqualTo(new Failure(true, Duration.ofSeconds(3)));
    }

    @Test
    void retryAfterAsHttpDateIsRelativeToTheClock() {
        // FakeTime starts at 2026-11-22T12:00:00Z
        assertThat(classifier.parseRetryAfter("Sun, 22 Nov 2026 12:00:07 GMT")).isEqualTo(Duration.ofSeconds(7));
        assertThat(classifier.parseRetryAfter("Sun, 22 Nov 2026 11:00:00 GMT")).isZero();
    }

    @Test
    void unreadableRetryAfterIsIgnored() {
        assertThat(classifier.parseRetryAfter("soon")).isNull();
        assertThat(classifier.parseRetryAfter(null)).isNull();
    }
}
