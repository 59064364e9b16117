package dev.edgeperf.examples.send;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The server answered, and not with success: {@link #status()} says how. 401 and 403 mean the token is wrong
 * (never retried); 409 with {@link #existing()} means a duplicate. Worth trying again: 429, 507 and 5xx
 * (later, after {@link #retryAfter()} if it said), 423 (the upload is still locked by a request the server has
 * not yet seen end), 409 without {@code existing} (an offset mismatch: a retry asks the offset again) and 460
 * (a request's checksum did not match: sent again). Any other 4xx means never for this recording.
 */
final class ServerRefusal extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient @Nullable Duration retryAfter;
    private final @Nullable String existing;

    ServerRefusal(int status, String reason, @Nullable Duration retryAfter, @Nullable String existing) {
        super(reason);
        this.status = status;
        this.retryAfter = retryAfter;
        this.existing = existing;
    }

    /** For a 409 duplicate: the name the server already stores the recording under. */
    @Nullable String existing() {
        return existing;
    }

    int status() {
        return status;
    }

    @Nullable Duration retryAfter() {
        return retryAfter;
    }

    boolean tokenRefused() {
        return status == 401 || status == 403;
    }

    /** Whether asking again later may succeed. */
    boolean transientRefusal() {
        return status == 429 || status == 423 || status == 460 || status == 507 || status >= 500
                || (status == 409 && existing == null);
    }

    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
