package dev.edgeperf.benchmarks;

import java.io.OutputStream;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A sink that hands every written array to a JMH {@link Blackhole}. {@code OutputStream.nullOutputStream()}
 * is not enough: once inlined, C2 sees that nobody reads a copier's private buffer and deletes the
 * {@code arraycopy} into it, so peers with a local buffer appeared to copy at 145 GB/s.
 */
final class ConsumingOutputStream extends OutputStream {
    private final Blackhole blackhole;

    ConsumingOutputStream(Blackhole blackhole) {
        this.blackhole = blackhole;
    }

    @Override
    public void write(int b) {
        blackhole.consume(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        blackhole.consume(b);
        blackhole.consume(b[off + len - 1]);
    }
}
