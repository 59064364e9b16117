package dev.edgeperf.examples.sermon.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request the service refuses, as the HTTP status, a stable machine-readable code and a sentence for a
 * person; thrown anywhere below a handler and written by {@link Router} as
 * {@code {"error": message, "code": code, ...details}}. Carries no stack trace: it is an answer, not a bug.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, Object> details = new LinkedHashMap<>();
    private final transient Map<String, String> headers = new LinkedHashMap<>();

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** Never null: made with a message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public ApiException detail(String key, Object value) {
        details.put(key, value);
        return this;
    }

    public ApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The JSON body. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", getMessage());
        body.put("code", code);
        body.putAll(details);
        return body;
    }
}
