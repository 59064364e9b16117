package dev.edgeperf.examples.sermon.http;

import dev.edgeperf.examples.sermon.library.SermonEditException;
import dev.edgeperf.examples.sermon.library.StoreUnavailableException;
import dev.edgeperf.examples.sermon.tus.TusRefusal;
import dev.edgeperf.examples.sermon.upload.Refusal;
import dev.edgeperf.examples.sermon.upload.UploadRefusal;
import dev.edgeperf.examples.sermon.wav.NotWavException;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP answer to each refusal of the layers below: its status, its stable code, its details as JSON
 * fields, and its {@code Retry-After} and {@code Upload-Offset} headers. The only place that knows which
 * status a reason gets. Stateless and thread-safe.
 */
public final class Answers {
    private Answers() {
    }

    /**
     * The answer to {@code e} if it is a refusal of any layer ({@link Refusal}, {@link NotWavException},
     * {@link StoreUnavailableException}, {@link SermonEditException}, or already an {@link ApiException}); null if it is a failure.
     */
    public static @Nullable ApiException of(Throwable e) {
        if (e instanceof ApiException a) {
            return a;
        }
        if (e instanceof NotWavException n) {
            return new ApiException(415, "not_wav", n.getMessage());
        }
        if (e instanceof StoreUnavailableException s) {
            return new ApiException(503, "store_unavailable", s.getMessage()).header("Retry-After", "30");
        }
        if (e instanceof SermonEditException s) {
            return switch (s.reason()) {
                case NOT_FOUND -> new ApiException(404, "not_found", s.getMessage());
                case UNSAFE_NAME -> new ApiException(400, "unsafe_name", s.getMessage());
                case NAME_TAKEN -> new ApiException(409, "name_taken", s.getMessage());
                case BUSY -> new ApiException(409, "shipping", s.getMessage()).header("Retry-After", "60");
                case TOO_LARGE_TO_COPY -> new ApiException(409, "too_large_to_copy", s.getMessage());
            };
        }
        if (e instanceof UploadRefusal u) {
            return withExtras(u, switch (u.reason()) {
                case TOO_LARGE -> new ApiException(413, "too_large", u.getMessage());
                case NO_PLACE -> new ApiException(429, "too_many_uploads", u.getMessage());
                case BUSY -> new ApiException(503, "busy", u.getMessage());
                case NO_MEMORY -> new ApiException(507, "insufficient_memory", u.getMessage());
                case NO_DISK_ROOM -> new ApiException(507, "insufficient_storage", u.getMessage());
                case DISK_FULL -> new ApiException(507, "disk_full", u.getMessage());
                case DUPLICATE -> new ApiException(409, "duplicate", u.getMessage());
            });
        }
        if (e instanceof TusRefusal t) {
            return withExtras(t, switch (t.reason()) {
                case NOT_FOUND -> new ApiException(404, "not_found", t.getMessage());
                case GONE -> new ApiException(410, "gone", t.getMessage());
                case LOCKED -> new ApiException(423, "locked", t.getMessage());
                case OFFSET_MISMATCH -> new ApiException(409, "offset_mismatch", t.getMessage());
                case CHECKSUM_MISMATCH -> new ApiException(460, "checksum_mismatch", t.getMessage());
                case LENGTH_FIXED -> new ApiException(400, "length_fixed", t.getMessage());
                case BAD_LENGTH -> new ApiException(400, "bad_length", t.getMessage());
                case EMPTY -> new ApiException(400, "empty", t.getMessage());
                case TOO_MANY_UNFINISHED -> new ApiException(429, "too_many_unfinished", t.getMessage());
            });
        }
        return null;
    }

    /**
     * The answer to {@code refusal}, known to be one ({@link Refusal}, {@link NotWavException} or
     * {@link ApiException}).
     *
     * @throws IllegalArgumentException if it is not a refusal: a bug in the caller
     */
    public static ApiException ofRefusal(RuntimeException refusal) {
        ApiException answer = of(refusal);
        if (answer == null) {
            throw new IllegalArgumentException("not a refusal: " + refusal, refusal);
        }
        return answer;
    }

    private static ApiException withExtras(Refusal r, ApiException answer) {
        r.details().forEach(answer::detail);
        if (r.retryAfterSeconds() > 0) {
            answer.header("Retry-After", Integer.toString(r.retryAfterSeconds()));
        }
        r.uploadOffset().ifPresent(offset -> answer.header("Upload-Offset", Long.toString(offset)));
        return answer;
    }
}
