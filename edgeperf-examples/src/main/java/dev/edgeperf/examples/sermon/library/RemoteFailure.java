package dev.edgeperf.examples.sermon.library;

import dev.edgeperf.resilience.PermanentFailure;
import dev.edgeperf.resilience.RetryAfterAware;
import dev.edgeperf.resilience.RetryableFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** How a remote dependency (the Discord webhook, the object store) failed, as edgeperf-resilience classifies it. */
public final class RemoteFailure {
    private RemoteFailure() {
    }

    /** Busy or failing (429, 5xx, cut off): worth another try, after Retry-After if the server said. */
    public static final class Retryable extends IOException implements RetryableFailure, RetryAfterAware {
        private static final long serialVersionUID = 1L;
        private final transient Optional<Duration> retryAfter;

        public Retryable(String message, Optional<Duration> retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return retryAfter;
        }
    }

    /** Refused for what was asked (a 4xx): retrying would not help, and it says nothing of the dependency's health. */
    public static final class Rejected extends IOException implements PermanentFailure {
        private static final long serialVersionUID = 1L;

        public Rejected(String message) {
            super(message);
        }
    }
}
