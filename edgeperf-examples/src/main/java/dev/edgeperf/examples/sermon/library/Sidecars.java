package dev.edgeperf.examples.sermon.library;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a sermon's JSON sidecar as untrusted input: one from the bucket may have been written by another
 * uploader sharing it, by a leaked key, or by a man in the middle on a plain-HTTP link, and one on local disk
 * may have been edited by hand. A sidecar is accepted only if it is at most {@value #MAX_BYTES} bytes, parses,
 * names exactly the sermon it is the sidecar of (a name {@link FileNames#isSafe safe} to use as a path
 * segment), and has a 64-character hex SHA-256, a size of at least 0, an original name, an upload time and an
 * upload id, and details (if any) within {@link SermonDetails}' limits. Stateless and thread-safe; a check costs a few microseconds.
 */
public final class Sidecars {
    public static final int MAX_BYTES = 64 << 10;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Sidecars() {
    }

    /** A sidecar that cannot be trusted; it is dropped with a warning, never served. */
    public static final class InvalidSidecarException extends IOException {
        private static final long serialVersionUID = 1L;

        InvalidSidecarException(String message) {
            super(message);
        }
    }

    /**
     * Reads the sidecar of {@code name} from a stream (closed by the caller), at most {@value #MAX_BYTES} bytes.
     *
     * @throws InvalidSidecarException if it is larger, does not parse, or fails a check
     */
    public static SermonRecord read(InputStream in, String name) throws IOException {
        return parse(in.readNBytes(MAX_BYTES + 1), name);
    }

    /**
     * Reads a local sidecar without following a symbolic link.
     *
     * @throws InvalidSidecarException if it is a link, larger than {@value #MAX_BYTES} bytes, or fails a check
     */
    public static SermonRecord read(Path file, String name) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new InvalidSidecarException(file + " is a symbolic link; sidecars are plain files");
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file, Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)); InputStream in = Channels.newInputStream(channel)) {
            return read(in, name);
        }
    }

    /**
     * Parses the sidecar of {@code name}, read as at most {@value #MAX_BYTES} + 1 bytes.
     *
     * @throws InvalidSidecarException if it is larger than {@value #MAX_BYTES}, does not parse, or fails a check
     */
    public static SermonRecord parse(byte[] json, String name) throws InvalidSidecarException {
        if (json.length > MAX_BYTES) {
            throw new InvalidSidecarException("the sidecar of " + LogText.quote(name) + " is larger than " + MAX_BYTES
                    + " bytes");
        }
        SermonRecord r;
        try {
            r = Json.MAPPER.readValue(json, SermonRecord.class);
        } catch (IOException e) {
            throw new InvalidSidecarException("the sidecar of " + LogText.quote(name) + " is not a sermon's JSON record");
        }
        String problem = problem(r, name);
        if (problem != null) {
            throw new InvalidSidecarException("the sidecar of " + LogText.quote(name) + " " + problem);
        }
        return r;
    }

    /** What is wrong with {@code r} as the sidecar of {@code name}, or null if nothing. */
    public static @Nullable String problem(@Nullable SermonRecord r, String name) {
        if (r == null) {
            return "is empty";
        }
        if (!FileNames.isSafe(name) || !name.equals(r.name())) {
            return "names another file: " + LogText.quote(r.name());
        }
        if (r.sha256() == null || !SHA256.matcher(r.sha256()).matches()) {
            return "has no SHA-256 of 64 lower-case hex characters";
        }
        if (r.size() < 0) {
            return "has a negative size: " + r.size();
        }
        if (r.originalName() == null || r.uploadedAt() == null || r.uploadId() == null) {
            return "lacks a required field (originalName, uploadedAt, uploadId)";
        }
        if (r.details() != null) {
            try {
                var unused = r.details().checked();
            } catch (SermonDetails.InvalidDetailsException e) {
                return "has details beyond the limits: " + e.getMessage();
            }
        }
        return null;
    }
}
