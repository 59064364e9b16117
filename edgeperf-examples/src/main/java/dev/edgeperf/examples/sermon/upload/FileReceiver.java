package dev.edgeperf.examples.sermon.upload;

import dev.edgeperf.io.AtomicFileSinkBuilder;
import dev.edgeperf.examples.sermon.library.Ingested;
import dev.edgeperf.examples.sermon.wav.WavCheckingOutputStream;
import dev.edgeperf.examples.sermon.wav.WavHeaderParser;
import dev.edgeperf.io.AtomicFileSink;
import dev.edgeperf.io.HashAlgorithm;
import dev.edgeperf.io.HashingOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Receives one file sent in a single request ({@code PUT /api/upload/{name}}, or one part of a multipart
 * form): bytes pass the WAV check, then SHA-256, then an {@link AtomicFileSink} in {@code incoming/}, in one
 * pass. {@link #complete} checks the header against the length and publishes the file; closing without
 * completing deletes everything, so a refused, failed or abandoned upload leaves no bytes behind.
 * Not thread-safe.
 */
public final class FileReceiver extends OutputStream {
    private final String id;
    private final String originalName;
    private final long limit;
    private final boolean wavOnly;
    private final AtomicFileSink sink;
    private final HashingOutputStream hashing;
    private final WavHeaderParser parser;
    private final OutputStream out;
    private long received;

    /**
     * @param declaredLength the length the client declared, or -1
     * @param maxSize the most bytes accepted when no length is declared
     */
    public FileReceiver(Path incoming, String id, String originalName, long declaredLength, long maxSize, boolean wavOnly)
            throws IOException {
        this.id = id;
        this.originalName = originalName;
        this.limit = declaredLength >= 0 ? declaredLength : maxSize;
        this.wavOnly = wavOnly;
        AtomicFileSinkBuilder b = AtomicFileSink.to(incoming.resolve(id + ".bin")).fsync(true);
        this.sink = declaredLength >= 0 ? b.expectedLength(declaredLength).open() : b.open();
        this.hashing = new HashingOutputStream(sink.outputStream(), HashAlgorithm.SHA_256);
        this.parser = new WavHeaderParser(declaredLength);
        this.out = new WavCheckingOutputStream(hashing, parser, wavOnly);
    }

    /**
     * Takes the next bytes.
     *
     * @throws NotWavException if they prove the file is not an acceptable WAV file
     * @throws UploadRefusal {@link UploadRefusal.Reason#TOO_LARGE} past the declared
     *     length or the maximum
     */
    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        if (count > limit - received) {
            throw UploadRefusal.tooLarge("'" + originalName + "' is larger than allowed: up to " + limit
                    + " bytes (MAX_UPLOAD_SIZE, or the length the request declared)");
        }
        out.write(bytes, offset, count);
        received += count;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    public long received() {
        return received;
    }

    /**
     * Checks the file and publishes it in {@code incoming/}.
     *
     * @throws NotWavException if it is not an acceptable WAV file (when only WAV is allowed)
     * @throws java.io.EOFException if fewer bytes arrived than declared
     */
    public Ingested complete(String client) throws IOException {
        String problem = parser.verdict(received);
        if (problem != null && wavOnly) {
            throw WavCheckingOutputStream.notWav(problem);
        }
        String sha256 = hashing.digests().get(HashAlgorithm.SHA_256).hex();
        Path file = sink.commit();
        return new Ingested(file, id, originalName, received, sha256, problem == null ? parser.info() : null, client);
    }

    /** Deletes the bytes unless {@link #complete} published them. Never throws. */
    @Override
    public void close() {
        sink.abort();
    }
}
