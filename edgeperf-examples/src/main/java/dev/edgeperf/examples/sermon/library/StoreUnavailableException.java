package dev.edgeperf.examples.sermon.library;

import java.io.IOException;
import java.util.Objects;

/** Where sermons are stored cannot be reached now (an object store that is down); try again later. */
public final class StoreUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Never null: made with a message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
