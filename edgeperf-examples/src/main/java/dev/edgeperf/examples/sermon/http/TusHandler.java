package dev.edgeperf.examples.sermon.http;

import dev.edgeperf.examples.sermon.library.Sermons;
import dev.edgeperf.examples.sermon.tus.TusService;
import dev.edgeperf.examples.sermon.tus.TusUpload;
import dev.edgeperf.examples.sermon.upload.BodyChunks;
import dev.edgeperf.examples.sermon.upload.Finisher;
import dev.edgeperf.io.Digest;
import dev.edgeperf.resilience.KeyedRateLimiter;
import dev.edgeperf.resilience.RateLimitedException;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.HttpURI;
import org.jspecify.annotations.Nullable;

/**
 * tus 1.0 over HTTP at {@code /api/tus/}: the core protocol with the creation, creation-with-upload,
 * creation-defer-length, expiration, checksum ({@code sha1}, {@code sha256}) and termination extensions.
 * Honours {@code X-HTTP-Method-Override} (tus-java-client sends PATCH as POST). A completed upload's final
 * PATCH answers 204 with {@code X-Sermon-Result}, {@code X-Sermon-Name} and {@code X-Sermon-Sha256}, or 409
 * with the existing name if the recording was already stored. Thread-safe; the work is in
 * {@link TusService}.
 */
public final class TusHandler implements Router.Endpoint {
    public static final String PATH = "/api/tus/";
    private static final String EXTENSIONS =
            "creation,creation-with-upload,creation-defer-length,expiration,checksum,termination";
    private static final String OFFSET_CONTENT_TYPE = "application/offset+octet-stream";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final TusService tus;
    private final long maxSize;
    /** The key of requests that came without a token (AUTH=none): they share one budget of creates. */
    static final String TOKEN_KEY = "token";
    /** The token's budget in multiples of one address's: room for a church's few recording PCs at full speed. */
    public static final int TOKEN_SHARE = 4;

    private final KeyedRateLimiter<String> creates;
    private final @Nullable KeyedRateLimiter<String> tokenCreates;

    /**
     * @param creates new uploads per client address: a create/DELETE loop cannot churn state without bound
     * @param tokenCreates new uploads per token, by its name, all its holders together (so one holder cannot escape
     *     the address limit by using many addresses); null when authentication is off
     */
    public TusHandler(TusService tus, long maxSize, KeyedRateLimiter<String> creates,
            @Nullable KeyedRateLimiter<String> tokenCreates) {
        this.tus = tus;
        this.maxSize = maxSize;
        this.creates = creates;
        this.tokenCreates = tokenCreates;
    }

    @Override
    public void handle(Exchange x) throws IOException {
        x.setHeader("Tus-Resumable", TusHeaders.VERSION);
        String method = x.method();
        String override = x.header("X-HTTP-Method-Override");
        if (method.equals("POST") && override != null) {
            method = override.strip().toUpperCase(Locale.ROOT);
        }
        if (method.equals("OPTIONS")) {
            options(x);
            return;
        }
        TusHeaders.checkResumable(x.header("Tus-Resumable"));
        String id = x.tail();
        switch (method) {
            case "POST" -> {
                if (!id.isEmpty()) {
                    throw notAllowed(method, "POST " + PATH + " creates an upload; an upload's URL takes HEAD, PATCH or DELETE");
                }
                create(x);
            }
            case "HEAD" -> head(x, tus.get(id));
            case "PATCH" -> patch(x, id);
            case "DELETE" -> {
                tus.terminate(id);
                x.sendEmpty(204);
            }
            default -> throw notAllowed(method, "allowed OPTIONS, POST, HEAD, PATCH, DELETE");
        }
    }

    private static ApiException notAllowed(String method, String allowed) {
        return new ApiException(405, "method_not_allowed", method + " is not allowed here: " + allowed)
                .header("Allow", "OPTIONS, POST, HEAD, PATCH, DELETE");
    }

    private void options(Exchange x) {
        x.setHeader("Tus-Version", TusHeaders.VERSION);
        x.setHeader("Tus-Extension", EXTENSIONS);
        x.setHeader("Tus-Max-Size", Long.toString(maxSize));
        x.setHeader("Tus-Checksum-Algorithm", "sha1,sha256");
        x.sendEmpty(204);
    }

    private void create(Exchange x) throws IOException {
        try {
            creates.acquire(x.address());
            if (tokenCreates != null) {
                Auth.Principal principal = x.principal();
                tokenCreates.acquire(principal == null ? TOKEN_KEY : principal.name());
            }
        } catch (RateLimitedException e) {
            long seconds = Math.max(1, e.retryAfter().map(d -> (d.toMillis() + 999) / 1000).orElse(1L));
            throw new ApiException(429, "too_many_creates", "uploads are created too fast from this address or with this"
                    + " token; try again in " + seconds + " s").header("Retry-After", Long.toString(seconds));
        }
        long length = TusHeaders.parseLength("Upload-Length", x.header("Upload-Length"));
        String defer = x.header("Upload-Defer-Length");
        if ((length < 0 && !"1".equals(defer)) || (length >= 0 && defer != null)) {
            throw ApiException.badRequest("bad_length", length < 0 && defer == null
                    ? "a new upload needs Upload-Length, or Upload-Defer-Length: 1"
                    : "Upload-Defer-Length: '" + defer + "' is not allowed with" + (length < 0 ? "out" : "")
                            + " Upload-Length: allowed 1, and only without Upload-Length");
        }
        String raw = x.header("Upload-Metadata");
        Map<String, String> metadata = TusHeaders.parseMetadata(raw);
        boolean withBody = isOffsetStream(x) && x.contentLength() != 0;
        Digest checksum = withBody ? TusHeaders.parseChecksum(x.header("Upload-Checksum")) : null;
        TusUpload u = tus.create(length, metadata, raw, x.client(), x.address());
        HttpURI uri = x.request().getHttpURI();
        x.setHeader("Location", HttpURI.build(uri).path(PATH + u.id()).query(null).asString());
        if (withBody) {
            TusService.PatchResult r;
            try (BodyChunks body = x.bodyChunks()) {
                r = tus.patch(u.id(), 0, -1, checksum, body, x.contentLength(), x.address());
            }
            u = r.upload();
            describeOutcome(x, r);
        }
        x.setHeader("Upload-Offset", Long.toString(u.offset()));
        x.setHeader("Upload-Expires", HTTP_DATE.format(Instant.ofEpochMilli(tus.expiresAt(u))));
        x.sendEmpty(201);
    }

    private void head(Exchange x, TusUpload u) {
        x.setHeader("Upload-Offset", Long.toString(u.offset()));
        if (u.length() >= 0) {
            x.setHeader("Upload-Length", Long.toString(u.length()));
        } else {
            x.setHeader("Upload-Defer-Length", "1");
        }
        if (u.rawMetadata() != null) {
            x.setHeader("Upload-Metadata", u.rawMetadata());
        }
        if (u.result() != null) {
            x.setHeader("X-Sermon-Result", u.result());
            x.setHeader("X-Sermon-Name", Objects.requireNonNullElse(u.sermon(), ""));
        } else {
            x.setHeader("Upload-Expires", HTTP_DATE.format(Instant.ofEpochMilli(tus.expiresAt(u))));
        }
        x.sendEmpty(200);
    }

    private void patch(Exchange x, String id) throws IOException {
        if (!isOffsetStream(x)) {
            throw new ApiException(415, "bad_content_type", "PATCH needs Content-Type: " + OFFSET_CONTENT_TYPE + ", not '"
                    + x.header("Content-Type") + "'");
        }
        String offsetHeader = x.header("Upload-Offset");
        if (offsetHeader == null) {
            throw ApiException.badRequest("bad_header", "PATCH needs Upload-Offset");
        }
        long offset = TusHeaders.parseLength("Upload-Offset", offsetHeader);
        long length = TusHeaders.parseLength("Upload-Length", x.header("Upload-Length"));
        Digest checksum = TusHeaders.parseChecksum(x.header("Upload-Checksum"));
        TusService.PatchResult r;
        try (BodyChunks body = x.bodyChunks()) {
            r = tus.patch(id, offset, length, checksum, body, x.contentLength(), x.address());
        }
        x.setHeader("Upload-Offset", Long.toString(r.upload().offset()));
        if (r.upload().result() == null) {
            x.setHeader("Upload-Expires", HTTP_DATE.format(Instant.ofEpochMilli(tus.expiresAt(r.upload()))));
        }
        describeOutcome(x, r);
        x.sendEmpty(204);
    }

    private static void describeOutcome(Exchange x, TusService.PatchResult r) {
        if (r.outcome() instanceof Sermons.Duplicate d) {
            throw Finisher.duplicate(d.record()).uploadOffset(r.upload().offset());
        }
        if (r.outcome() != null) {
            x.setHeader("X-Sermon-Result", TusUpload.STORED);
            x.setHeader("X-Sermon-Name", r.outcome().record().name());
            x.setHeader("X-Sermon-Sha256", r.outcome().record().sha256());
        }
    }

    private static boolean isOffsetStream(Exchange x) {
        String type = x.header("Content-Type");
        return type != null && type.split(";", 2)[0].strip().equalsIgnoreCase(OFFSET_CONTENT_TYPE);
    }
}
