package dev.edgeperf.examples.sermon.http;

import dev.edgeperf.examples.sermon.upload.BodyChunks;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.IO;
import org.jspecify.annotations.Nullable;

/**
 * A Jetty request body as {@link BodyChunks}: each chunk is Jetty's own network buffer, released when the next
 * one is taken. Where {@code Content.Source.asInputStream} copies every byte into the caller's array (and the
 * JDK copies it again into a direct buffer to write it to a file), this lends the buffer Jetty read into,
 * which a file channel writes and a digest reads as it is. Not thread-safe.
 */
final class RequestChunks implements BodyChunks {
    private final Content.Source source;
    /** One blocker for every wait, as Jetty's own input stream has: a wait each time the socket runs dry. */
    private final Blocker.Shared blocking = new Blocker.Shared();
    private Content.@Nullable Chunk lent;
    private boolean ended;

    RequestChunks(Content.Source source) {
        this.source = source;
    }

    @Override
    public @Nullable ByteBuffer next() throws IOException {
        close();
        while (!ended) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                try (Blocker.Runnable arrived = blocking.runnable()) {
                    source.demand(arrived);
                    arrived.block();
                }
                continue;
            }
            if (Content.Chunk.isFailure(chunk)) {
                throw IO.rethrow(chunk.getFailure());
            }
            ended = chunk.isLast();
            if (chunk.hasRemaining()) {
                lent = chunk;
                return chunk.getByteBuffer();
            }
            chunk.release();
        }
        return null;
    }

    @Override
    public void close() {
        Content.Chunk chunk = lent;
        if (chunk != null) {
            lent = null;
            chunk.release();
        }
    }
}
