package dev.edgeperf.benchmarks;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file read with {@code O_DIRECT}: every byte comes from the disk, never from the page cache, as it would for a
 * recording larger than a Pi's memory. Reads 1 MiB at a time into an aligned direct buffer and serves reads from
 * it (one memory copy, the same for whoever reads it). Not thread-safe. Needs a file system with {@code O_DIRECT}
 * (ext4, xfs; not tmpfs).
 */
final class DirectFileInputStream extends InputStream {
    private static final int CHUNK = 1 << 20;

    private final FileChannel channel;
    private final ByteBuffer buffer;

    DirectFileInputStream(Path file) throws IOException {
        int block = (int) Files.getFileStore(file).getBlockSize();
        this.channel = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
        this.buffer = ByteBuffer.allocateDirect(CHUNK + block).alignedSlice(block).limit(0);
    }

    @Override
    public int read() throws IOException {
        return fill() ? buffer.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    private boolean fill() throws IOException {
        if (buffer.hasRemaining()) {
            return true;
        }
        buffer.clear().limit(CHUNK);
        int n = channel.read(buffer);
        buffer.flip();
        return n > 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
