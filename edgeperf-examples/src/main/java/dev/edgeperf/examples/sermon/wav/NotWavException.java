package dev.edgeperf.examples.sermon.wav;

import java.util.Objects;

/**
 * The bytes prove the file is not an acceptable WAV recording (when only WAV is allowed). Thrown from the
 * write that proved it; carries no stack trace: it is an answer, not a bug.
 */
public final class NotWavException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotWavException(String problem) {
        super("only WAV recordings are accepted: " + problem, null, false, false);
    }

    /** Never null: made with a message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
