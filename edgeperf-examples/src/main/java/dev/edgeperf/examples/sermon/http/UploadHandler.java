package dev.edgeperf.examples.sermon.http;

import dev.edgeperf.examples.sermon.library.Ingested;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.library.Sermons;
import dev.edgeperf.examples.sermon.tus.TusUpload;
import dev.edgeperf.examples.sermon.upload.DiskErrors;
import dev.edgeperf.examples.sermon.upload.FileReceiver;
import dev.edgeperf.examples.sermon.upload.Finisher;
import dev.edgeperf.examples.sermon.upload.Refusal;
import dev.edgeperf.examples.sermon.upload.UploadGate;
import dev.edgeperf.examples.sermon.upload.UploadIds;
import dev.edgeperf.examples.sermon.upload.UploadMetrics;
import dev.edgeperf.examples.sermon.upload.UploadRefusal;
import dev.edgeperf.examples.sermon.wav.NotWavException;
import dev.edgeperf.io.BoundedInputStream;
import dev.edgeperf.io.SizeLimitExceededException;
import dev.edgeperf.io.StreamingCopier;
import dev.edgeperf.pools.BufferLease;
import dev.edgeperf.pools.BufferPool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Blocker;
import org.jspecify.annotations.Nullable;

/**
 * Uploads in a single request, streamed like tus uploads but not resumable: {@code PUT /api/upload/{name}}
 * with the raw file as the body (what {@code curl -T} sends), and {@code POST /api/upload} with a
 * {@code multipart/form-data} body of one or more files. Each file is received by a {@link FileReceiver}
 * and stored by the {@link Finisher}; a multipart answer lists every file's result. Thread-safe.
 */
public final class UploadHandler {
    public static final String PUT_PATH = "/api/upload/";
    public static final String POST_PATH = "/api/upload";

    private final Path incoming;
    private final Finisher finisher;
    private final UploadGate gate;
    private final StreamingCopier copier;
    private final BufferPool buffers;
    private final long maxSize;
    private final boolean wavOnly;
    private final RandomGenerator random;
    private final UploadMetrics metrics;

    public UploadHandler(Path incoming, Finisher finisher, UploadGate gate, StreamingCopier copier, BufferPool buffers,
            long maxSize, boolean wavOnly, RandomGenerator random, UploadMetrics metrics) {
        this.incoming = incoming;
        this.finisher = finisher;
        this.gate = gate;
        this.copier = copier;
        this.buffers = buffers;
        this.maxSize = maxSize;
        this.wavOnly = wavOnly;
        this.random = random;
        this.metrics = metrics;
    }

    /** Removes what requests interrupted by a crash left in {@code incoming/}: nothing there was acknowledged. */
    public void open() throws IOException {
        Files.createDirectories(incoming);
        try (var files = Files.newDirectoryStream(incoming)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
    }

    public void put(Exchange x) throws IOException {
        String name = x.tail();
        if (name.isBlank()) {
            throw ApiException.badRequest("no_name", "PUT needs a file name: " + PUT_PATH + "{filename}");
        }
        long length = x.contentLength();
        UploadRefusal.checkDeclared(length, maxSize);
        String id = newId();
        gate.admit(id, x.address(), length);
        try (FileReceiver receiver = new FileReceiver(incoming, id, name, length, maxSize, wavOnly)) {
            try {
                copier.copy(new BoundedInputStream(x.body(), length >= 0 ? length : maxSize), receiver);
            } catch (SizeLimitExceededException e) {
                throw tooLarge(name);
            } finally {
                metrics.received(receiver.received());
            }
            Sermons.Outcome outcome = store(receiver.complete(x.client()));
            if (outcome instanceof Sermons.Duplicate d) {
                throw Finisher.duplicate(d.record());
            }
            x.sendJson(201, Map.of("status", TusUpload.STORED, "file", outcome.record()));
        } catch (Refusal | NotWavException | ApiException e) {
            ApiException answer = Answers.ofRefusal(e);
            countRefusal(answer, name, x.client());
            throw answer;
        } finally {
            gate.release(id);
        }
    }

    private void countRefusal(ApiException e, String name, String client) {
        if (e.status() == 415 || e.status() == 413) {
            finisher.refused(name, e.getMessage(), client);
        }
    }

    private Refusal tooLarge(String name) {
        return UploadRefusal.tooLarge("'" + name + "' is larger than allowed: up to " + maxSize
                + " bytes (MAX_UPLOAD_SIZE), or the length the request declared");
    }

    private String newId() {
        return UploadIds.next(random, "req-", 12);
    }

    /** Stores a received file; the incoming copy is gone afterwards whatever happened. */
    private Sermons.Outcome store(Ingested in) throws IOException {
        try {
            return finisher.finish(in);
        } finally {
            Files.deleteIfExists(in.file());
        }
    }

    public void multipart(Exchange x) throws Exception {
        String boundary = MultiPart.extractBoundary(x.header("Content-Type"));
        if (boundary == null) {
            throw new ApiException(415, "bad_content_type", "POST " + POST_PATH + " needs Content-Type: multipart/form-data"
                    + " with a boundary, not '" + x.header("Content-Type") + "'");
        }
        long length = x.contentLength();
        String id = newId();
        gate.admit(id, x.address(), length);
        try (Parts parts = new Parts(x.client())) {
            MultiPart.Parser parser = new MultiPart.Parser(boundary, parts);
            parser.setMaxParts(100);
            readAll(x, parser, parts);
            if (parts.results.isEmpty()) {
                throw ApiException.badRequest("no_files", "the form holds no file parts (parts with a filename)");
            }
            long stored = parts.results.stream().filter(r -> TusUpload.STORED.equals(r.get("status"))).count();
            int status = stored > 0 ? 200 : (int) parts.results.get(0).getOrDefault("http_status", 400);
            x.sendJson(status, Map.of("results", parts.results, "stored", stored));
        } finally {
            gate.release(id);
        }
    }

    private static void readAll(Exchange x, MultiPart.Parser parser, Parts parts) throws Exception {
        for (;;) {
            Content.Chunk chunk = x.request().read();
            if (chunk == null) {
                try (Blocker.Runnable wake = Blocker.runnable()) {
                    x.request().demand(wake);
                    wake.block();
                }
                continue;
            }
            if (Content.Chunk.isFailure(chunk)) {
                throw new IOException("the client stopped sending the form", chunk.getFailure());
            }
            boolean last = chunk.isLast();
            parser.parse(chunk);
            chunk.release();
            parts.rethrow();
            if (parts.complete) {
                return;
            }
            if (last) {
                throw ApiException.badRequest("bad_multipart", "the multipart body ended before its closing boundary");
            }
        }
    }

    /**
     * Receives the form's file parts one after the other as the parser finds them. Jetty's
     * {@link MultiPart.AbstractPartsListener} parses each part's {@code Content-Disposition} (quoted strings,
     * {@code filename*}); the part's content is streamed here, never collected.
     */
    private final class Parts extends MultiPart.AbstractPartsListener implements AutoCloseable {
        final List<Map<String, Object>> results = new ArrayList<>();
        private final String client;
        private final BufferLease lease = buffers.acquire(64 << 10);
        private @Nullable String fileName;
        private @Nullable FileReceiver current;
        private @Nullable ApiException refusal;
        private @Nullable Exception failure;
        boolean complete;

        Parts(String client) {
            this.client = client;
        }

        @Override
        public void onPartHeaders() {
            fileName = getFileName();
            if (fileName == null || failure != null) {
                return;
            }
            refusal = null;
            try {
                current = new FileReceiver(incoming, newId(), fileName, -1, maxSize, wavOnly);
            } catch (IOException e) {
                failed(e);
            }
        }

        @Override
        public void onPartContent(Content.Chunk chunk) {
            if (current == null || refusal != null || failure != null) {
                return;
            }
            ByteBuffer content = chunk.getByteBuffer().slice();
            byte[] array = lease.array();
            try {
                while (content.hasRemaining()) {
                    int n = Math.min(array.length, content.remaining());
                    content.get(array, 0, n);
                    current.write(array, 0, n);
                    metrics.received(n);
                }
            } catch (Refusal | NotWavException | ApiException e) {
                refusal = Answers.ofRefusal(e);
            } catch (IOException | RuntimeException e) {
                failed(e);
            }
        }

        /**
         * A full disk refuses this file only: the form's files stored before it stay stored and are reported
         * as such, so the answer never claims that nothing was kept. Any other failure ends the request.
         */
        private void failed(Exception e) {
            if (DiskErrors.isDiskFull(e)) {
                refusal = Answers.ofRefusal(DiskErrors.diskFull("this file was not kept"));
            } else {
                failure = e;
            }
        }

        @Override
        public void onPartEnd() {
            try {
                receivedPart();
            } finally {
                super.onPartEnd();
            }
        }

        @Override
        public void onPart(String name, String partFileName, HttpFields headers) {
            // Nothing: each part was handled as it streamed in and ended (receivedPart).
        }

        private void receivedPart() {
            if (current == null || failure != null) {
                return;
            }
            try (FileReceiver receiver = current) {
                current = null;
                if (refusal == null) {
                    Sermons.Outcome outcome = store(receiver.complete(client));
                    results.add(result(outcome instanceof Sermons.Duplicate ? Answers.ofRefusal(Finisher.duplicate(outcome.record()))
                            : null, outcome.record()));
                    return;
                }
            } catch (Refusal | NotWavException | ApiException e) {
                refusal = Answers.ofRefusal(e);
            } catch (IOException | RuntimeException e) {
                failed(e);
                if (failure != null) {
                    return;
                }
            }
            // Set by the catch above or before this part ended; the part's headers named its file.
            ApiException answer = Objects.requireNonNull(refusal, "refusal");
            countRefusal(answer, Objects.requireNonNull(fileName, "fileName"), client);
            results.add(result(answer, null));
        }

        private Map<String, Object> result(@Nullable ApiException e, @Nullable SermonRecord record) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", fileName);
            if (e == null) {
                r.put("status", TusUpload.STORED);
                r.put("file", record);
            } else {
                r.put("status", e.code().equals("duplicate") ? TusUpload.DUPLICATE : TusUpload.REFUSED);
                r.put("http_status", e.status());
                r.putAll(e.body());
            }
            return r;
        }

        @Override
        public void onComplete() {
            complete = true;
        }

        @Override
        public void onFailure(Throwable cause) {
            failure = ApiException.badRequest("bad_multipart", "the multipart body cannot be parsed: " + cause.getMessage());
        }

        void rethrow() throws Exception {
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
            }
            lease.close();
        }
    }
}
