package dev.edgeperf.resilience;

import java.time.Duration;

/** Thrown when the call's total time budget ran out, across attempts and the waits between them. */
public final class DeadlineExceededException extends ResilienceException {
    private static final long serialVersionUID = 1L;

    DeadlineExceededException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause, retryAfter);
    }
}
