package dev.edgeperf.examples.sermon;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;

/**
 * {@code GET /api/files} lists the stored sermons' metadata; {@code GET|HEAD /api/files/{name}} streams
 * one, whole or as a single {@code Range}. The file is read straight into Jetty's pooled direct buffers and
 * written to the socket from there — no copy through the Java heap, at most a few 64 KiB buffers per
 * download whatever the file's size. Thread-safe.
 */
final class FilesHandler {
    static final String PATH = "/api/files";
    private static final int CHUNK = 64 << 10;

    private final SermonLibrary library;
    private final ByteBufferPool.Sized buffers;

    FilesHandler(SermonLibrary library, ByteBufferPool pool) {
        this.library = library;
        this.buffers = new ByteBufferPool.Sized(pool, true, CHUNK);
    }

    void list(Exchange x) throws IOException {
        List<SermonRecord> all = library.list();
        long bytes = all.stream().mapToLong(SermonRecord::size).sum();
        x.sendJson(200, Map.of("files", all, "count", all.size(), "total_bytes", bytes));
    }

    void download(Exchange x) throws IOException {
        String name = x.tail().startsWith("/") ? x.tail().substring(1) : x.tail();
        SermonRecord record = library.get(name).orElseThrow(
                () -> new ApiException(404, "not_found", "no stored sermon named '" + name + "'"));
        Path file = library.fileOf(record.name());
        long size = Files.size(file);
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
            x.response().write(true, null, x.callback());
            return;
        }
        Content.copy(Content.Source.from(buffers, file, first, length), x.response(), x.callback());
    }
}
