package dev.edgeperf.benchmarks;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * An in-memory source of {@code size} bytes that serves a 64 KiB random block over and over, so a
 * benchmark streams hundreds of MiB without holding them, and every read costs one {@code arraycopy}
 * like a read from the page cache. Unlike {@code ByteArrayInputStream}, it has no shortcut
 * {@code transferTo} that would let one peer skip the copy.
 */
final class GeneratedInputStream extends InputStream {
    private static final byte[] BLOCK = block();

    private final long size;
    private long position;

    GeneratedInputStream(long size) {
        this.size = size;
    }

    private static byte[] block() {
        byte[] block = new byte[64 << 10];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) random.nextInt();
        }
        return block;
    }

    @Override
    public int read() {
        return position < size ? BLOCK[(int) (position++ % BLOCK.length)] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= size) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int at = (int) (position % BLOCK.length);
        int n = (int) Math.min(Math.min(len, BLOCK.length - at), size - position);
        System.arraycopy(BLOCK, at, b, off, n);
        position += n;
        return n;
    }
}
