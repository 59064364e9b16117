package dev.edgeperf.examples.sermon.library;

import java.io.IOException;

/** Where sermons are stored cannot be reached now (an object store that is down); try again later. */
public final class StoreUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
