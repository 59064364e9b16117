package dev.edgeperf.examples.sermon.http;

import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.library.Sermons;
import dev.edgeperf.io.Digests;
import dev.edgeperf.io.HashAlgorithm;
import dev.edgeperf.io.StreamingHasher;
import dev.edgeperf.pools.BufferPool;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /api/files} lists the stored sermons' metadata; {@code GET|HEAD /api/files/{name}} streams
 * one, whole or as a single {@code Range}; {@code POST /api/verify/{name}} checks one's SHA-256. On the local
 * disk the file is read straight into Jetty's pooled direct buffers and written to the socket from there —
 * no copy through the Java heap; from a bucket the object's stream is copied through the same buffers. Either
 * way a download holds a few 64 KiB buffers whatever the file's size. Thread-safe.
 */
public final class FilesHandler {
    public static final String PATH = "/api/files";
    private static final int CHUNK = 64 << 10;
    /**
     * Downloads streaming at once: each pins up to a few 64 KiB direct buffers, and a Pi has 32 MiB of
     * direct memory; a ninth waits (503 with Retry-After).
     */
    static final int MAX_DOWNLOADS = 8;

    public static final String VERIFY_PATH = "/api/verify/";
    public static final String TICKET_PATH = "/api/tickets/";

    private final Sermons library;
    private final ByteBufferPool.Sized buffers;
    private final StreamingHasher hasher;
    private final DownloadTickets tickets;
    private final Semaphore downloads = new Semaphore(MAX_DOWNLOADS);

    public FilesHandler(Sermons library, ByteBufferPool pool, BufferPool heapBuffers, DownloadTickets tickets) {
        this.library = library;
        this.tickets = tickets;
        this.buffers = new ByteBufferPool.Sized(pool, true, CHUNK);
        this.hasher = StreamingHasher.of(heapBuffers, HashAlgorithm.SHA_256);
    }

    public void list(Exchange x) throws IOException {
        List<SermonRecord> all = library.list();
        long bytes = all.stream().mapToLong(SermonRecord::size).sum();
        x.sendJson(200, Map.of("files", all, "count", all.size(), "total_bytes", bytes));
    }

    /**
     * {@code POST /api/tickets/{name}}: a short-lived link that downloads one sermon without the token, for
     * the page's download links (see {@link DownloadTickets}).
     */
    public void ticket(Exchange x) throws IOException {
        SermonRecord record = named(x);
        String url = PATH + "/" + URLEncoder.encode(record.name(), StandardCharsets.UTF_8).replace("+", "%20")
                + "?ticket=" + tickets.issue(record.name());
        x.sendJson(200, Map.of("url", url, "expires_in_s", DownloadTickets.LIFETIME.toSeconds()));
    }

    private SermonRecord named(Exchange x) throws IOException {
        String name = x.tail().startsWith("/") ? x.tail().substring(1) : x.tail();
        return library.get(name).orElseThrow(
                () -> new ApiException(404, "not_found", "no stored sermon named '" + name + "'"));
    }

    /**
     * {@code POST /api/verify/{name}}: reads the stored bytes back (from the bucket, on S3) through SHA-256,
     * never holding them whole, and says whether they are still the ones that were uploaded. Takes as long
     * as reading the file.
     */
    public void verify(Exchange x) throws IOException {
        SermonRecord record = named(x);
        Digests d;
        try (InputStream in = library.open(record)) {
            d = hasher.hash(in);
        }
        String actual = d.get(HashAlgorithm.SHA_256).hex();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", record.name());
        body.put("intact", actual.equals(record.sha256()) && d.length() == record.size());
        body.put("sha256_expected", record.sha256());
        body.put("sha256_actual", actual);
        body.put("size_expected", record.size());
        body.put("size_actual", d.length());
        x.sendJson(200, body);
    }

    public void download(Exchange x) throws IOException {
        SermonRecord record = named(x);
        long size = record.size();
        ByteRange range = ByteRange.parse(x.header("Range"), size);
        x.setHeader("Accept-Ranges", "bytes");
        x.setHeader("ETag", '"' + record.sha256() + '"');
        x.setHeader("Content-Type", record.wav() == null ? "application/octet-stream" : "audio/wav");
        x.setHeader("Content-Disposition", "attachment; filename*=UTF-8''"
                + URLEncoder.encode(record.name(), StandardCharsets.UTF_8).replace("+", "%20"));
        long first = range == null ? 0 : range.first();
        long length = range == null ? size : range.length();
        if (range != null) {
            x.setHeader("Content-Range", range.contentRange(size));
        }
        x.setHeader("Content-Length", Long.toString(length));
        x.response().setStatus(range == null ? 200 : 206);
        if (x.method().equals("HEAD")) {
            x.sendEmpty(x.response().getStatus());
            return;
        }
        if (!downloads.tryAcquire()) {
            throw new ApiException(503, "busy", MAX_DOWNLOADS + " downloads are running, the most at once; try again"
                    + " shortly").header("Retry-After", "10");
        }
        try {
            Content.copy(library.read(record, first, length, buffers), x.response(),
                    Callback.from(downloads::release, x.callback()));
        } catch (IOException | RuntimeException e) {
            downloads.release();
            throw e;
        }
    }
}
