package dev.edgeperf.examples.send;

import dev.edgeperf.io.HashAlgorithm;
import dev.edgeperf.io.StreamingHasher;
import dev.edgeperf.io.Throttle;
import io.tus.java.client.ProtocolException;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Map;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Sends one recording with tus-java-client: resumed from the server's offset when the {@link StateFile}
 * knows its upload, else created; in requests of {@value #REQUEST_BYTES} bytes, each carrying
 * {@code Upload-Checksum: sha256 ...} of exactly its bytes (tus's checksum extension: the server refuses a
 * request whose bytes arrived changed, and that request alone is sent again); at most at the rate cap. The
 * server's own SHA-256 of the stored recording, from the last answer, is returned for the caller to compare.
 * Each request's bytes are read twice, once to hash and once to send, the second time from the page cache;
 * no request is held in memory: the bytes go out {@value #WRITE_BYTES} at a time from a {@link FileSource}.
 * One send at a time per instance.
 */
final class TusSend {
    static final int REQUEST_BYTES = 8 << 20;
    /**
     * Bytes per write into a request: small, because the client keeps one array of it, and the JDK copies each
     * write through a temporary direct buffer of the same size that it keeps per thread.
     */
    static final int WRITE_BYTES = 128 << 10;
    private static final StreamingHasher HASHER = StreamingHasher.of(HashAlgorithm.SHA_256);

    /** What the server stored. */
    record Stored(String name, String sha256) {
    }

    /** tus-java-client with a hook that adds each PATCH's checksum and keeps its connection for the answer. */
    private static final class Client extends TusClient {
        private volatile @Nullable String checksum;
        private volatile @Nullable HttpURLConnection last;

        @Override
        public void prepareConnection(HttpURLConnection connection) {
            super.prepareConnection(connection);
            // tus-java-client sets no read timeout: a server that stops answering would hold the send for ever.
            connection.setReadTimeout((int) ServerApi.TIMEOUT.toMillis());
            String next = checksum;
            if (next != null) {
                connection.setRequestProperty("Upload-Checksum", "sha256 " + next);
            }
            last = connection;
        }
    }

    private final URI server;
    private final String token;
    private final StateFile state;
    private final @Nullable Throttle throttle;
    private final ServerApi api;

    TusSend(URI server, String token, StateFile state, long maxBytesPerSecond, ServerApi api) {
        this.server = server;
        this.token = token;
        this.state = state;
        this.throttle = maxBytesPerSecond > 0 ? Throttle.perSecond(maxBytesPerSecond) : null;
        this.api = api;
    }

    /**
     * Sends {@code file}, whose SHA-256 is {@code sha256}, reporting the offset the server has acknowledged.
     *
     * @throws ServerRefusal if the server refused (its status, reason and any {@code Retry-After})
     * @throws IOException if the server could not be reached or the connection broke
     */
    Stored send(Path file, String sha256, LongConsumer acknowledged) throws IOException {
        long size = Files.size(file);
        Client client = new Client();
        client.setUploadCreationURL(server.resolve("api/tus/").toURL());
        client.setHeaders(Map.of("Authorization", "Bearer " + token));
        client.enableResuming(state);
        client.enableRemoveFingerprintOnSuccess();
        TusUpload upload = new TusUpload();
        upload.setSize(size);
        upload.setFingerprint("sha256:" + sha256);
        upload.setMetadata(Map.of("filename", file.getFileName().toString(), "filetype", "audio/wav"));
        try (InputStream source = new FileSource(file, throttle); FileChannel region = FileChannel.open(file, StandardOpenOption.READ)) {
            upload.setInputStream(source);
            TusUploader uploader = client.resumeOrCreateUpload(upload);
            uploader.setChunkSize(WRITE_BYTES);
            uploader.setRequestPayloadSize(REQUEST_BYTES);
            acknowledged.accept(uploader.getOffset());
            // Requests start at the resumed offset and every REQUEST_BYTES after it; each gets its checksum
            // before its first write opens it.
            long nextRequest = uploader.getOffset();
            while (uploader.getOffset() < size) {
                long offset = uploader.getOffset();
                if (offset == nextRequest) {
                    client.checksum = checksum(region, offset, Math.min(REQUEST_BYTES, size - offset));
                    nextRequest = offset + REQUEST_BYTES;
                }
                uploader.uploadChunk();
                if (uploader.getOffset() == nextRequest || uploader.getOffset() == size) {
                    acknowledged.accept(uploader.getOffset());
                }
            }
            client.checksum = null;
            uploader.finish();
        } catch (ProtocolException e) {
            HttpURLConnection c = e.getCausingConnection();
            if (c == null) {
                throw new IOException(e.getMessage(), e);
            }
            throw api.refusal(c);
        }
        HttpURLConnection last = client.last;
        String name = last == null ? null : last.getHeaderField("X-Sermon-Name");
        String stored = last == null ? null : last.getHeaderField("X-Sermon-Sha256");
        if (name == null || stored == null) {
            throw new IOException("the server acknowledged every byte of " + file.getFileName()
                    + " but did not say what it stored (no X-Sermon-Sha256)");
        }
        return new Stored(name, stored);
    }

    /** The base64 SHA-256 of {@code length} bytes of {@code file} from {@code offset}, read with positional reads. */
    private static String checksum(FileChannel file, long offset, long length) throws IOException {
        ReadableByteChannel region = new ReadableByteChannel() {
            private long position = offset;

            @Override
            public int read(ByteBuffer dst) throws IOException {
                long left = offset + length - position;
                if (left <= 0) {
                    return -1;
                }
                ByteBuffer window = dst.slice().limit((int) Math.min(dst.remaining(), left));
                int n = file.read(window, position);
                if (n < 0) {
                    throw new java.io.EOFException("the recording got shorter while it was being sent");
                }
                dst.position(dst.position() + n);
                position += n;
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        return Base64.getEncoder().encodeToString(HASHER.hash(region).get(HashAlgorithm.SHA_256).bytes());
    }
}
