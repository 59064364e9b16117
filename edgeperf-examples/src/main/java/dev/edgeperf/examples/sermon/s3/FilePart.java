package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.io.Throttle;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A request body read from a region of a file as it is written to the connection, 128 KiB at a time, at
 * most at the pacer's rate (the shipping cap, {@code S3_MAX_RATE}). Each write opens its own channel, so a
 * retried request reads the region again; one 128 KiB array per write, none kept between writes. A file
 * shorter than the region fails the write with an {@link EOFException} rather than send a short body.
 * Thread-safe: writes share nothing.
 */
final class FilePart implements S3Http.Body {
    private static final int CHUNK = 128 << 10;

    /** Paces the bytes about to be read and sent: waits, if a rate cap says so, before they go. */
    @FunctionalInterface
    interface Pacer {
        /** No cap. */
        Pacer NONE = bytes -> { };

        void pace(long bytes) throws IOException;

        /** The pace of {@code throttle}. */
        static Pacer of(Throttle throttle) {
            return throttle::acquire;
        }
    }

    private final Path file;
    private final long offset;
    private final long length;
    private final Pacer pacer;

    FilePart(Path file, long offset, long length, Pacer pacer) {
        this.file = file;
        this.offset = offset;
        this.length = length;
        this.pacer = pacer;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(1, length))];
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long position = offset, end = offset + length; position < end;) {
                buffer.clear().limit((int) Math.min(chunk.length, end - position));
                pacer.pace(buffer.limit());
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, position + buffer.position()) < 0) {
                        throw new EOFException(file + " ended at byte " + (position + buffer.position())
                                + ", inside the part being sent");
                    }
                }
                out.write(chunk, 0, buffer.limit());
                position += buffer.limit();
            }
        }
    }
}
