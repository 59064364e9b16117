package dev.edgeperf.monitor;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads small Linux pseudo-files (/proc, /sys) under a configurable root, so tests read fixture trees
 * instead.
 *
 * <p>Files stay open between samples and are read from offset 0 each time: procfs and sysfs generate
 * their content anew on such a read, and opening a file costs more, in time and garbage, than reading it
 * (an open and {@code readNBytes} allocated 8 KiB per 10-byte file). Each read fills one reused scratch
 * buffer, up to a limit per call, so a large file ({@code /proc/stat} on a many-core machine) costs only
 * the bytes asked for. A file that fails to read is closed and opened afresh next time. Not thread-safe:
 * the sampler holds its lock while reading.
 */
final class SysFs implements Closeable {
    private static final int SCRATCH = 8192;

    private final Path root;
    private final ByteBuffer scratch = ByteBuffer.allocate(SCRATCH);
    private final Map<Path, FileChannel> open = new HashMap<>();
    /** Resolved paths by absolute name: resolving allocates, and the same dozen names come every sample. */
    private final Map<String, Path> paths = new HashMap<>();
    private final Text view = new Text(scratch.array());

    SysFs(Path root) {
        this.root = root;
    }

    /** {@code absolute} ("/proc/meminfo") under the root. */
    Path path(String absolute) {
        Path p = paths.get(absolute);
        if (p == null) {
            p = root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
            paths.put(absolute, p);
        }
        return p;
    }

    /**
     * Up to {@code limit} bytes (at most 8 KiB) from the start of the file, as text stripped of surrounding
     * white space and NULs (device-tree strings end in one).
     */
    String read(Path file, int limit) throws IOException {
        return text(file, limit).toString();
    }

    /**
     * As {@link #read(Path, int)}, but without making a string: a view of this reader's buffer, valid until its next
     * read. For the readings taken every sample, whose text is parsed and dropped.
     */
    Text text(Path file, int limit) throws IOException {
        FileChannel channel = open.get(file);
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            open.put(file, channel);
        }
        try {
            scratch.clear().limit(Math.min(limit, SCRATCH));
            while (scratch.hasRemaining() && channel.read(scratch, scratch.position()) > 0) {
                // Pseudo-files may come in pieces: read on until the limit or the end.
            }
        } catch (IOException e) {
            open.remove(file);
            channel.close();
            throw e;
        }
        int end = scratch.position();
        byte[] bytes = scratch.array();
        int start = 0;
        while (start < end && (bytes[start] <= ' ')) {
            start++;
        }
        while (end > start && (bytes[end - 1] <= ' ')) {
            end--;
        }
        return view.of(start, end);
    }

    Text text(String absolute, int limit) throws IOException {
        return text(path(absolute), limit);
    }

    String read(String absolute, int limit) throws IOException {
        return read(path(absolute), limit);
    }

    /** Closes the files kept open. */
    @Override
    public void close() {
        for (FileChannel channel : open.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing to do about a pseudo-file that fails to close.
            }
        }
        open.clear();
    }

    /** A reading's reason for a file that could not be read or parsed. */
    static String unreadable(String what, Exception e) {
        return what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /**
     * The whole number that follows {@code key} in {@code text} (after spaces), as in {@code
     * "MemAvailable:   22881164 kB"}.
     *
     * @throws NumberFormatException if {@code key} is missing or no digits follow it
     */
    static long numberAfter(CharSequence text, String key) {
        int at = indexOf(text, key, 0);
        if (at < 0) {
            throw new NumberFormatException("no '" + key + "' in the file");
        }
        int i = at + key.length();
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        return digits(text, i, key);
    }

    /** The whole number starting at {@code from} in {@code text}. */
    static long digits(CharSequence text, int from, String what) {
        long value = 0;
        int i = from;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            value = value * 10 + (text.charAt(i++) - '0');
        }
        if (i == from) {
            throw new NumberFormatException("no number after '" + what + "'");
        }
        return value;
    }

    /** Where {@code key} first occurs in {@code text} at or after {@code from}, or -1. */
    static int indexOf(CharSequence text, String key, int from) {
        int last = text.length() - key.length();
        for (int i = Math.max(0, from); i <= last; i++) {
            int k = 0;
            while (k < key.length() && text.charAt(i + k) == key.charAt(k)) {
                k++;
            }
            if (k == key.length()) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Text read from a pseudo-file (ISO-8859-1, one char per byte), viewed in the reader's buffer instead of copied
     * into a string: valid until the reader's next read. Not thread-safe.
     */
    static final class Text implements CharSequence {
        private final byte[] bytes;
        private int start;
        private int end;

        Text(byte[] bytes) {
            this.bytes = bytes;
        }

        Text of(int from, int to) {
            this.start = from;
            this.end = to;
            return this;
        }

        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int index) {
            if (index < 0 || index >= end - start) {
                throw new IndexOutOfBoundsException("index " + index + " of " + (end - start));
            }
            return (char) (bytes[start + index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return toString().substring(from, to);
        }

        @Override
        public String toString() {
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }
    }
}
