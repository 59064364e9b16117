package dev.edgeperf.io;

import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Set;

/**
 * The chunk a copy reads with when its caller set none, by the kind of source. A stream whose every read is a
 * system call (a {@link FileInputStream}, the stream of {@code Files.newInputStream}, a socket's own stream) gets
 * {@value #SYSTEM_CALL_CHUNK} bytes, since each call costs a microsecond or more whatever its size. Any other
 * stream is taken to copy from memory (an in-memory, buffered or decoding stream, a server's request body over its
 * network buffers) and gets {@value #MEMORY_CHUNK} bytes, which stay in the CPU's first-level cache between the
 * read and the write. Measured in {@code benchmarks/RESULTS.md} ({@code CopyBenchmark}). Stateless and
 * thread-safe.
 */
final class ChunkSizes {
    /** The chunk for a source that makes a system call per read. */
    static final int SYSTEM_CALL_CHUNK = StreamingCopier.DEFAULT_CHUNK_SIZE;
    /** The chunk for a source that copies from memory. */
    static final int MEMORY_CHUNK = 8 << 10;
    /** The JDK's stream classes whose reads are system calls, by name: they are not public types. */
    private static final Set<String> SYSTEM_CALL_STREAMS = Set.of("sun.nio.ch.ChannelInputStream",
            "java.net.Socket$SocketInputStream");

    private ChunkSizes() {
    }

    /** The chunk for reading {@code in}. */
    static int forSource(InputStream in) {
        return in instanceof FileInputStream || SYSTEM_CALL_STREAMS.contains(in.getClass().getName()) ? SYSTEM_CALL_CHUNK
                : MEMORY_CHUNK;
    }
}
