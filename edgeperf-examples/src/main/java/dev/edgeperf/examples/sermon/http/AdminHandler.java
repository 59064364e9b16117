package dev.edgeperf.examples.sermon.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.sermon.library.Json;
import dev.edgeperf.examples.sermon.library.LogText;
import dev.edgeperf.examples.sermon.library.SermonDetails;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.library.Sermons;
import dev.edgeperf.io.BoundedInputStream;
import dev.edgeperf.io.SizeLimitExceededException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin's changes to stored sermons (admin role): {@code DELETE /api/files/{name}} deletes one (locally and in
 * the bucket); {@code PATCH /api/files/{name}} with {@code {"name": "new.wav"}} renames it and with
 * {@code {"details": {"title", "speaker", "date", "series", "notes"}}} replaces its details (both at once: the
 * rename first). Each answers the sermon as it now is. Every change is logged with the token's name and counted
 * ({@code sermon_admin_changes_total{action}}). And {@code GET /api/me}: the calling token's name and roles, so the
 * page shows the editor only to an admin. Thread-safe; the storage serialises the changes.
 */
public final class AdminHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    /** A change's body: a name and five short fields. */
    static final int MAX_BODY = 16 << 10;
    private static final Set<String> DETAIL_FIELDS = Set.of("title", "speaker", "date", "series", "notes");

    private final Sermons sermons;
    private final Counter deleted;
    private final Counter renamed;
    private final Counter edited;

    public AdminHandler(Sermons sermons, MeterRegistry registry) {
        this.sermons = sermons;
        this.deleted = counter(registry, "delete");
        this.renamed = counter(registry, "rename");
        this.edited = counter(registry, "edit");
    }

    private static Counter counter(MeterRegistry registry, String action) {
        return Counter.builder("sermon.admin.changes").tag("action", action)
                .description("Sermons an admin deleted, renamed or gave new details").register(registry);
    }

    /** {@code GET /api/me}. */
    public void me(Exchange x) throws IOException {
        Auth.Principal p = Objects.requireNonNull(x.principal());
        x.sendJson(200, Map.of("name", p.name(), "roles", p.roles().stream().map(Role::label).sorted().toList()));
    }

    /** {@code DELETE /api/files/{name}}. */
    public void delete(Exchange x) throws IOException {
        SermonRecord gone = sermons.delete(x.tail());
        deleted.increment();
        LOG.info("admin deleted name={} size={} sha256={} by={}", LogText.quote(gone.name()), gone.size(), gone.sha256(),
                by(x));
        x.sendJson(200, Map.of("deleted", gone));
    }

    /** {@code PATCH /api/files/{name}}. */
    public void change(Exchange x) throws IOException {
        String name = x.tail();
        JsonNode body = body(x);
        String newName = text(body, "name", "the new name");
        SermonDetails details = body.has("details") ? details(body.get("details")) : null;
        if (newName == null && details == null) {
            throw ApiException.badRequest("bad_change", "the body needs \"name\" (a new name), \"details\" (title, speaker,"
                    + " date, series, notes), or both");
        }
        SermonRecord now = null;
        if (newName != null) {
            now = sermons.rename(name, newName);
            renamed.increment();
            LOG.info("admin renamed name={} to={} by={}", LogText.quote(name), LogText.quote(now.name()), by(x));
        }
        if (details != null) {
            String target = now == null ? name : now.name();
            now = sermons.edit(target, details);
            edited.increment();
            LOG.info("admin edited the details of name={} by={}", LogText.quote(target), by(x));
        }
        x.sendJson(200, Objects.requireNonNull(now));
    }

    private static String by(Exchange x) {
        Auth.Principal p = x.principal();
        return LogText.quote(p == null ? "anyone" : p.name());
    }

    private static JsonNode body(Exchange x) throws IOException {
        try (InputStream in = new BoundedInputStream(x.body(), MAX_BODY)) {
            JsonNode body = Json.MAPPER.readTree(in);
            if (body == null || !body.isObject()) {
                throw ApiException.badRequest("bad_change", "the body must be a JSON object");
            }
            for (Iterator<String> fields = body.fieldNames(); fields.hasNext();) {
                String field = fields.next();
                if (!field.equals("name") && !field.equals("details")) {
                    throw ApiException.badRequest("bad_change", "unknown field " + LogText.quote(field)
                            + "; allowed: name, details");
                }
            }
            return body;
        } catch (SizeLimitExceededException e) {
            throw new ApiException(413, "too_large", "a change may have up to " + MAX_BODY + " bytes");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("bad_json", "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static SermonDetails details(JsonNode node) {
        if (!node.isObject()) {
            throw ApiException.badRequest("bad_details", "details must be an object with title, speaker, date, series,"
                    + " notes");
        }
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext();) {
            String field = fields.next();
            if (!DETAIL_FIELDS.contains(field)) {
                throw ApiException.badRequest("bad_details", "unknown detail " + LogText.quote(field)
                        + "; allowed: title, speaker, date, series, notes");
            }
        }
        try {
            return new SermonDetails(text(node, "title", "title"), text(node, "speaker", "speaker"), text(node, "date",
                    "date"), text(node, "series", "series"), text(node, "notes", "notes")).checked();
        } catch (SermonDetails.InvalidDetailsException e) {
            throw ApiException.badRequest("bad_details", e.getMessage());
        }
    }

    private static @Nullable String text(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("bad_change", what + " must be a string, not " + value.getNodeType()
                    .name().toLowerCase(Locale.ROOT));
        }
        return value.textValue();
    }
}
