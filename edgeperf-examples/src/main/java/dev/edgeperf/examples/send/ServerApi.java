package dev.edgeperf.examples.send;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The service's JSON API, as far as sermon-send needs it: asking whether a recording is already stored, by
 * its SHA-256. Over {@link HttpURLConnection}, as tus-java-client is, so one HTTP stack is loaded; JSON with
 * jackson-core's streaming parser and generator alone (databind would load some 500 classes more into a
 * 32 MiB JVM for three fields). Thread-safe.
 */
final class ServerApi {
    static final JsonFactory JSON = new JsonFactory();
    /** How long a connection may take to open, and an answer to start: the service answers in milliseconds. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI server;
    private final String token;
    private final Clock clock;
    private final int timeoutMillis;

    ServerApi(URI server, String token, Clock clock, Duration timeout) {
        this.server = server;
        this.token = token;
        this.clock = clock;
        this.timeoutMillis = (int) timeout.toMillis();
    }

    /** The name the server stores the recording with this SHA-256 under, if it has it. */
    Optional<String> storedAs(String sha256) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(request)) {
            g.writeStartObject();
            g.writeArrayFieldStart("files");
            g.writeStartObject();
            g.writeStringField("sha256", sha256);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        byte[] body = request.toByteArray();
        HttpURLConnection c = (HttpURLConnection) server.resolve("api/uploads/check").toURL().openConnection();
        c.setConnectTimeout(timeoutMillis);
        c.setReadTimeout(timeoutMillis);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(body.length);
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty("Authorization", "Bearer " + token);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        if (c.getResponseCode() / 100 != 2) {
            throw refusal(c);
        }
        Map<String, String> first;
        try (InputStream in = c.getInputStream()) {
            first = firstResult(in.readNBytes(1 << 20));
        }
        return "true".equals(first.get("exists")) ? Optional.ofNullable(first.get("stored_as")) : Optional.empty();
    }

    /** The text of each scalar field of {@code {"results": [{...}, ...]}}'s first entry. */
    private static Map<String, String> firstResult(byte[] json) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            int depth = 0;
            boolean inResults = false;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                    if (inResults && depth == 2) {
                        return fields; // the end of the first result
                    }
                } else if (t == JsonToken.FIELD_NAME && depth == 1 && p.currentName().equals("results")) {
                    inResults = true;
                } else if (t.isScalarValue() && inResults && depth == 3) {
                    fields.put(p.currentName(), p.getText());
                }
            }
        }
        return fields;
    }

    /** The scalar top-level fields of a JSON object, or none if it is not one. */
    private static Map<String, String> topLevel(byte[] json) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return fields;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value != null && value.isScalarValue()) {
                    fields.put(name, p.getText());
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // not the service's JSON error: the status alone says enough
        }
        return fields;
    }

    /** The refusal a non-2xx answer on {@code c} is, with the server's reason and any {@code Retry-After}. */
    ServerRefusal refusal(HttpURLConnection c) throws IOException {
        int status = c.getResponseCode();
        Map<String, String> error;
        try (InputStream in = c.getErrorStream()) {
            error = in == null ? Map.of() : topLevel(in.readNBytes(64 << 10));
        }
        String reason = error.containsKey("error") ? error.get("error") + " (" + status + ")" : "HTTP " + status;
        if (status == 401 || status == 403) {
            reason = "the server refused the token (" + status + "): check --token";
        }
        String existing = status == 409 ? error.get("existing") : null;
        return new ServerRefusal(status, reason, retryAfter(c.getHeaderField("Retry-After")), existing);
    }

    private @Nullable Duration retryAfter(@Nullable String header) {
        return header == null ? null : dev.edgeperf.resilience.RetryAfter.parse(header, clock).orElse(null);
    }
}
