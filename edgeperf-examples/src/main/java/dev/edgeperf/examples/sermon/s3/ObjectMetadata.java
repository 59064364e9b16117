package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.examples.sermon.library.SermonRecord;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A sermon's object metadata ({@code x-amz-meta-*}): its SHA-256, original name, upload id, WAV properties and the
 * admin's details. Header values must be ASCII, so free text (the original name, the details) is percent-encoded
 * UTF-8; {@link #decoded} decodes it. Stateless and thread-safe.
 */
public final class ObjectMetadata {
    /** The key the duplicate check and the outbox's confirmation read. */
    static final String SHA256 = "sha256";
    public static final String ORIGINAL_NAME = "original-name";

    private ObjectMetadata() {
    }

    /** The metadata of {@code r}, keys without the {@code x-amz-meta-} prefix. */
    public static Map<String, String> of(SermonRecord r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SHA256, r.sha256());
        m.put(ORIGINAL_NAME, URLEncoder.encode(r.originalName(), StandardCharsets.UTF_8));
        m.put("upload-id", r.uploadId());
        if (r.wav() != null) {
            m.put("wav-format", r.wav().format());
            m.put("wav-channels", Integer.toString(r.wav().channels()));
            m.put("wav-sample-rate", Integer.toString(r.wav().sampleRate()));
            m.put("wav-bits-per-sample", Integer.toString(r.wav().bitsPerSample()));
            m.put("duration-seconds", String.format(Locale.ROOT, "%.3f", r.durationSeconds()));
        }
        if (r.details() != null) {
            m.putAll(r.details().metadata());
        }
        return m;
    }

    /** The headers that describe a sermon's object: its type and {@code x-amz-meta-*}. */
    static Map<String, String> headers(SermonRecord r) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", r.wav() == null ? "application/octet-stream" : "audio/wav");
        of(r).forEach((k, v) -> h.put("x-amz-meta-" + k, v));
        return h;
    }

    /** A percent-encoded metadata value as the text it encodes. */
    public static String decoded(String metadataValue) {
        return URLDecoder.decode(metadataValue, StandardCharsets.UTF_8);
    }
}
