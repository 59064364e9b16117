package dev.edgeperf.examples.sermon.upload;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Why the service will not do what a client asked, said without HTTP: a reason (a value of the subclass's
 * enum), a sentence for a person, the numbers behind it, and, where they apply, how long to wait before
 * trying again and the upload offset to resume from. The HTTP layer alone turns a refusal into a status code
 * and a JSON body. Carries no stack trace: it is an answer, not a bug. Not thread-safe while its details are
 * being added; immutable once thrown.
 */
public abstract class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Map<String, Object> details = new LinkedHashMap<>();
    private int retryAfterSeconds;
    private long uploadOffset = -1;

    private final Enum<?> reason;

    protected Refusal(Enum<?> reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** Never null: made with a message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

    /** The reason, one value of the subclass's enum. */
    public Enum<?> reason() {
        return reason;
    }

    /** Adds a number or name a client can act on. */
    public Refusal detail(String key, Object value) {
        details.put(key, value);
        return this;
    }

    /** Says how long to wait before trying again. */
    public Refusal retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** Says where an upload stands, for the client to resume from. */
    public Refusal uploadOffset(long offset) {
        this.uploadOffset = offset;
        return this;
    }

    public Map<String, Object> details() {
        return Collections.unmodifiableMap(details);
    }

    /** Seconds to wait before trying again; 0 if not said. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public OptionalLong uploadOffset() {
        return uploadOffset < 0 ? OptionalLong.empty() : OptionalLong.of(uploadOffset);
    }
}
