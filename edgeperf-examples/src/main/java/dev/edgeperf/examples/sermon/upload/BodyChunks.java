package dev.edgeperf.examples.sermon.upload;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * A request body taken in the chunks the server read it in, each lent from the server's own buffer, so no
 * byte is copied on its way from the socket to a file. Reading blocks the calling thread until a chunk
 * arrives; a failure to read is the client's (its connection broke, or it stopped sending). Not thread-safe:
 * one thread reads a body. Close it to give back the chunk last lent.
 */
public interface BodyChunks extends Closeable {
    /**
     * The next bytes of the body, waiting until some arrive. The buffer is lent until the next call or
     * {@link #close}; the caller may consume it (move its position) but must not keep it.
     *
     * @return at least one byte; null once the body has ended
     * @throws IOException if the body cannot be read to its end: the client's failure
     */
    @Nullable ByteBuffer next() throws IOException;

    /** Gives back the chunk last lent, if any; the rest of the body stays unread. */
    @Override
    void close();
}
