package dev.edgeperf.examples.sermon.library;

import dev.edgeperf.examples.sermon.wav.WavInfo;
import org.jspecify.annotations.Nullable;

/**
 * A completely received upload, ready to be stored: its file, what was learned while it streamed, and
 * who sent it. Immutable.
 *
 * @param file the received bytes, complete; {@link Sermons#store} takes it over
 * @param uploadId the tus upload id, or a request id for single-request uploads
 * @param originalName the name the client gave
 * @param size bytes
 * @param sha256 hex digest of the bytes
 * @param wav the parsed header
 * @param client address and user agent
 */
public record Ingested(java.nio.file.Path file, String uploadId, String originalName, long size, String sha256, @Nullable WavInfo wav,
        String client) {
}
