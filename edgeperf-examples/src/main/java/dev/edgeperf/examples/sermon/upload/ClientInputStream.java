package dev.edgeperf.examples.sermon.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * A request body that remembers whether reading it failed, so a handler can tell a client that went away
 * mid-upload (keep what arrived, as tus allows) from a failure of its own disk (discard the chunk). Not
 * thread-safe.
 */
public final class ClientInputStream extends FilterInputStream {
    private @Nullable IOException failure;

    public ClientInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /** Whether a read failed: the client stopped sending. */
    public boolean failed() {
        return failure != null;
    }
}
