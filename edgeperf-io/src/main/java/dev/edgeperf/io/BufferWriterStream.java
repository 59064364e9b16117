package dev.edgeperf.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An output stream over anything that writes whole byte buffers; closing it does nothing, since the
 * target's life is its own. Not thread-safe; wraps each write in a heap buffer view (no copy).
 */
final class BufferWriterStream extends OutputStream {
    /** Writes every remaining byte of a buffer. */
    @FunctionalInterface
    interface Target {
        void writeFully(ByteBuffer src) throws IOException;
    }

    private final Target target;

    BufferWriterStream(Target target) {
        this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        target.writeFully(ByteBuffer.wrap(bytes, offset, length));
    }
}
