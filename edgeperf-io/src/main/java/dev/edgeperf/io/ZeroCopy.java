package dev.edgeperf.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The kernel's copies for {@link StreamingCopier}, when one end is a file and no digest is wanted: in chunks, so
 * that limits, progress and cancellation stay prompt. Stateless.
 */
final class ZeroCopy {
    private ZeroCopy() {
    }

    /** From the file's position to its end; the position ends after the bytes copied. */
    static CopyResult transferTo(FileChannel in, WritableByteChannel out, Transfer t) throws IOException {
        long start = in.position();
        long available = in.size() - start;
        if (available > t.room()) {
            throw t.exceeded();
        }
        while (t.done() < available) {
            t.checkCancelled();
            long count = Math.min(t.chunk(StreamingCopier.ZERO_COPY_CHUNK), available - t.done());
            t.admit(count);
            long n = in.transferTo(start + t.done(), count, out);
            if (n <= 0) {
                break;
            }
            t.moved(n);
        }
        in.position(start + t.done());
        return t.finish(true);
    }

    /** Into the file at its position, until the source ends; the position ends after the bytes copied. */
    static CopyResult transferFrom(ReadableByteChannel in, FileChannel out, Transfer t) throws IOException {
        long start = out.position();
        for (;;) {
            t.checkCancelled();
            long room = t.room();
            if (room == 0) {
                // At the limit: one more byte from the source, read into a scratch buffer, means too long.
                if (in.read(ByteBuffer.allocate(1)) > 0) {
                    throw t.exceeded();
                }
                break;
            }
            long count = Math.min(t.chunk(StreamingCopier.ZERO_COPY_CHUNK), room);
            t.admit(count);
            long n = out.transferFrom(in, start + t.done(), count);
            if (n <= 0) {
                break;
            }
            t.moved(n);
        }
        out.position(start + t.done());
        return t.finish(true);
    }
}
