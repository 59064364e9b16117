package dev.edgeperf.examples.sermon.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.sermon.library.Json;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.library.Sermons;
import dev.edgeperf.io.BoundedInputStream;
import dev.edgeperf.io.SizeLimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * {@code POST /api/uploads/check}: "already have it?" before a client uploads. The body is
 * {@code {"files": [{"name": "a.wav", "size": 123}, {"sha256": "..."}]}} (at most {@value #MAX_FILES} entries,
 * {@value #MAX_BODY} bytes); each answer says whether a sermon with that original name and size, or that hash,
 * is stored and under which name.
 *
 * <p>The body is parsed as a stream, one entry at a time, never as one tree, and at most
 * {@value #MAX_AT_ONCE} checks run at once (503 with {@code Retry-After} beyond): sixty bodies held open
 * once filled a 64 MiB heap. Thread-safe.
 */
public final class CheckHandler {
    public static final String PATH = "/api/uploads/check";
    static final int MAX_BODY = 64 << 10;
    public static final int MAX_FILES = 200;
    public static final int MAX_AT_ONCE = 4;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private final Sermons library;
    private final Semaphore running = new Semaphore(MAX_AT_ONCE);

    public CheckHandler(Sermons library) {
        this.library = library;
    }

    public void check(Exchange x) throws IOException {
        if (!running.tryAcquire()) {
            throw new ApiException(503, "busy", MAX_AT_ONCE + " checks are running, the most at once; try again shortly")
                    .header("Retry-After", "2");
        }
        try {
            List<Map<String, Object>> results = new ArrayList<>();
            try (InputStream in = new BoundedInputStream(x.body(), MAX_BODY); JsonParser p = Json.MAPPER.createParser(in)) {
                readFiles(p, results);
            } catch (SizeLimitExceededException e) {
                throw new ApiException(413, "too_large", "a check request may have up to " + MAX_BODY + " bytes");
            } catch (JsonProcessingException e) {
                throw ApiException.badRequest("bad_json", "the body is not JSON: " + e.getOriginalMessage());
            }
            x.sendJson(200, Map.of("results", results));
        } finally {
            running.release();
        }
    }

    /** Reads {@code {"files": [...]}}, answering each entry as it is parsed. */
    private void readFiles(JsonParser p, List<Map<String, Object>> results) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw badShape();
        }
        boolean sawFiles = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (!field.equals("files")) {
                p.skipChildren();
                continue;
            }
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw badShape();
            }
            sawFiles = true;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (results.size() == MAX_FILES) {
                    throw badShape();
                }
                results.add(answer(p.readValueAsTree()));
            }
        }
        if (!sawFiles) {
            throw badShape();
        }
    }

    private static ApiException badShape() {
        return ApiException.badRequest("bad_check", "the body needs \"files\": an array of up to " + MAX_FILES
                + " objects with \"name\" and \"size\", or \"sha256\"");
    }

    private Map<String, Object> answer(JsonNode f) throws IOException {
        if (f == null || !f.isObject()) {
            throw badShape();
        }
        Map<String, Object> r = new LinkedHashMap<>();
        Optional<SermonRecord> found;
        if (f.hasNonNull("sha256")) {
            String sha = f.get("sha256").asText();
            if (!HEX64.matcher(sha).matches()) {
                throw ApiException.badRequest("bad_check", "sha256 '" + sha + "' is not 64 hex digits");
            }
            r.put("sha256", sha);
            found = library.byHash(sha.toLowerCase(java.util.Locale.ROOT));
        } else if (f.path("name").isTextual() && f.path("size").canConvertToLong() && f.path("size").asLong() >= 0) {
            r.put("name", f.get("name").asText());
            r.put("size", f.get("size").asLong());
            found = library.byOriginalNameAndSize(f.get("name").asText(), f.get("size").asLong());
        } else {
            throw ApiException.badRequest("bad_check", "each file needs \"name\" (text) and \"size\" (bytes), or \"sha256\"");
        }
        r.put("exists", found.isPresent());
        found.ifPresent(s -> r.put("stored_as", s.name()));
        return r;
    }
}
