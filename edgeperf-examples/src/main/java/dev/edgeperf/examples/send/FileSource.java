package dev.edgeperf.examples.send;

import dev.edgeperf.io.Throttle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * A recording read for tus-java-client: a file channel that supports {@code mark}/{@code reset} by position,
 * so the client does not wrap it in a {@code BufferedInputStream} that grows to a whole request (8 MiB) for
 * the sake of {@code reset}; and {@code skip} that seeks, for resuming at an offset. Reads wait for the rate
 * cap first, if there is one. Not thread-safe, as streams are not.
 */
final class FileSource extends InputStream {
    private final FileChannel channel;
    private final @Nullable Throttle throttle;
    private long position;
    private long mark;

    FileSource(Path file, @Nullable Throttle throttle) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.throttle = throttle;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = (int) Math.min(len, Math.max(0, channel.size() - position));
        if (n == 0) {
            return -1;
        }
        if (throttle != null) {
            throttle.acquire(n);
        }
        int read = channel.read(ByteBuffer.wrap(b, off, n), position);
        if (read > 0) {
            position += read;
        }
        return read;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = Math.max(0, Math.min(n, channel.size() - position));
        position += skipped;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public synchronized void mark(int readLimit) {
        mark = position;
    }

    @Override
    public synchronized void reset() {
        position = mark;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
