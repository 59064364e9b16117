package dev.edgeperf.examples.sermon.wav;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Shows every byte written through it to a {@link WavHeaderParser} before passing it on, and — when only
 * WAV is allowed — refuses the write that proves the upload is not an acceptable WAV file, so none of that
 * write reaches the file. Costs nothing once the header is decided. Not thread-safe.
 */
public final class WavCheckingOutputStream extends FilterOutputStream {
    private final WavHeaderParser parser;
    private final boolean enforce;

    public WavCheckingOutputStream(OutputStream out, WavHeaderParser parser, boolean enforce) {
        super(out);
        this.parser = parser;
        this.enforce = enforce;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        if (parser.state() == WavHeaderParser.State.NEED_MORE) {
            check(parser, ByteBuffer.wrap(bytes, offset, count), enforce);
        }
        out.write(bytes, offset, count);
    }

    /**
     * Shows {@code bytes} (their remaining ones; the position stays) to {@code parser} while it still needs them.
     *
     * @throws NotWavException if they prove the upload is not an acceptable WAV file and {@code enforce} is set
     */
    public static void check(WavHeaderParser parser, ByteBuffer bytes, boolean enforce) throws NotWavException {
        if (parser.state() == WavHeaderParser.State.NEED_MORE && parser.feed(bytes) == WavHeaderParser.State.REFUSED
                && enforce) {
            throw notWav(Objects.requireNonNull(parser.problem(), "a refused header has a problem"));
        }
    }

    /** Flushes only: the caller owns the target. */
    @Override
    public void close() throws IOException {
        flush();
    }

    public static NotWavException notWav(String problem) {
        return new NotWavException(problem);
    }
}
