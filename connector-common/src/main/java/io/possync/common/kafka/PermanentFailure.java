package io.possync.common.kafka;

/**
 * A record that can never be processed as it is (bad data, a vendor's 4xx). The listener error
 * handler sends it to the dead-letter topic at once instead of retrying it; the message is the
 * readable reason stored with it.
 */
public class PermanentFailure extends RuntimeException {

    public PermanentFailure(String reason) {
        super(reason);
    }

    public PermanentFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
