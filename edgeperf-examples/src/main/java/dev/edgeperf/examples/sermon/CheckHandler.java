package dev.edgeperf.examples.sermon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.io.BoundedInputStream;
import dev.edgeperf.io.SizeLimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code POST /api/uploads/check}: "already have it?" before a client uploads. The body is
 * {@code {"files": [{"name": "a.wav", "size": 123}, {"sha256": "..."}]}} (at most 1,000 entries, 256 KiB);
 * each answer says whether a sermon with that original name and size, or that hash, is stored and under
 * which name. Thread-safe.
 */
final class CheckHandler {
    static final String PATH = "/api/uploads/check";
    private static final int MAX_BODY = 256 << 10;
    private static final int MAX_FILES = 1_000;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private final Sermons library;

    CheckHandler(Sermons library) {
        this.library = library;
    }

    void check(Exchange x) throws IOException {
        JsonNode files = parse(x.body()).path("files");
        if (!files.isArray() || files.size() > MAX_FILES) {
            throw ApiException.badRequest("bad_check", "the body needs \"files\": an array of up to " + MAX_FILES
                    + " objects with \"name\" and \"size\", or \"sha256\"");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (JsonNode f : files) {
            results.add(answer(f));
        }
        x.sendJson(200, Map.of("results", results));
    }

    private static JsonNode parse(InputStream body) throws IOException {
        try (InputStream in = new BoundedInputStream(body, MAX_BODY)) {
            return Json.MAPPER.readTree(in);
        } catch (SizeLimitExceededException e) {
            throw new ApiException(413, "too_large", "a check request may have up to " + MAX_BODY + " bytes");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("bad_json", "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private Map<String, Object> answer(JsonNode f) throws IOException {
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
