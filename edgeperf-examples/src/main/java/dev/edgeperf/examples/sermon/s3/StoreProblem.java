package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.resilience.PermanentFailure;
import java.io.IOException;
import java.util.Locale;

/**
 * A problem of the whole store that retrying cannot fix: the operator must change a setting, the bucket or
 * the clock. Never retried by the resilience rules and never counted by the breaker: the outbox stops
 * shipping, shows the problem by name (health, metrics, log) with what to do, and checks again now and then,
 * while the sermons stay safe on local disk.
 */
public final class StoreProblem extends IOException implements PermanentFailure {
    private static final long serialVersionUID = 1L;

    /** The named states an operator sees. */
    public enum Kind {
        /** 403 {@code InvalidAccessKeyId} or {@code SignatureDoesNotMatch}. */
        WRONG_KEYS,
        /** The bucket lives in another region than {@code S3_REGION} says. */
        WRONG_REGION,
        /** 404 {@code NoSuchBucket}, and creating it is off or refused. */
        NO_BUCKET,
        /** 403 {@code RequestTimeTooSkewed}: this machine's clock is off (a Pi has no real-time clock). */
        CLOCK_SKEW,
        /** 403 {@code AccessDenied}: the keys may not do what shipping needs. */
        ACCESS_DENIED,
        /** The store does not implement a call that shipping requires. */
        INCOMPATIBLE;

        /** The name shown in health and metrics: {@code wrong_keys}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;

    StoreProblem(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Never null: made with a message. */
    @Override
    public String getMessage() {
        return java.util.Objects.requireNonNull(super.getMessage());
    }
}
