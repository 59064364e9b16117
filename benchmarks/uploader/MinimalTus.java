// The upload floor (floor.mjs): the least a Jetty 12 server on this JVM must do to take a tus upload from
// tus-js-client, with none of the sermon uploader's checks, state or limits. POST makes an upload, PATCH appends
// its body, GET /health answers 200; nothing else. It writes each request chunk straight from Jetty's buffer to
// the file, reading the body the non-blocking way (Content.Source read and demand), so no thread waits on the
// socket and no byte is copied in Java.
//   java -cp sermon-uploader.jar:classes MinimalTus <port> <directory> <mode> <request buffer bytes>
// Modes: "bare": nothing more, as @tus/server does. "promise": also what the sermon uploader promises, done the
// way it does it: a SHA-256 of every byte, a background fdatasync every MiB received (one thread for all
// uploads), and a last fdatasync before each PATCH is answered. Two variants of "promise" price the ways a
// handler thread can read the body: "blocking" takes Jetty's chunks as they come but blocks its thread while
// none has arrived (as the service does since #23's fifth pass); "stream" reads through
// Content.Source.asInputStream into a 256 KiB array, which copies every byte twice in Java (into the array,
// then into the JDK's temporary direct buffer for the write), as the service did before.
// A measuring instrument, not a server: it trusts its client and keeps nothing across restarts.
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

public final class MinimalTus extends Handler.Abstract {
    private static final long FLUSH_EVERY = 1 << 20;

    private final Path directory;
    private final String mode;
    private final boolean promise;
    private final ExecutorService flusher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "flusher");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    private static final class Upload {
        final FileChannel file;
        final MessageDigest sha256;
        long offset;
        long flushedFrom;
        Future<?> flushing;

        Upload(FileChannel file) throws NoSuchAlgorithmException {
            this.file = file;
            this.sha256 = MessageDigest.getInstance("SHA-256");
        }
    }

    private MinimalTus(Path directory, String mode) {
        this.directory = directory;
        this.mode = mode;
        this.promise = !mode.equals("bare");
    }

    /** Mode "stream": the PATCH body through an InputStream and a heap array. */
    private void stream(Upload upload, Request request, Response response, Callback callback) throws IOException {
        byte[] array = new byte[256 * 1024];
        InputStream in = Content.Source.asInputStream(request);
        int n;
        while ((n = in.read(array)) >= 0) {
            upload.sha256.update(array, 0, n);
            ByteBuffer bytes = ByteBuffer.wrap(array, 0, n);
            while (bytes.hasRemaining()) {
                upload.offset += upload.file.write(bytes, upload.offset);
            }
            flushBehind(upload);
        }
        awaitFlush(upload);
        upload.file.force(false);
        response.setStatus(204);
        response.getHeaders().put("Upload-Offset", upload.offset);
        callback.succeeded();
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        HttpConnectionFactory http = new HttpConnectionFactory(new HttpConfiguration());
        http.setInputBufferSize(Integer.parseInt(args[3]));
        ServerConnector connector = new ServerConnector(server, http);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        server.setHandler(new MinimalTus(Path.of(args[1]), args[2]));
        server.start();
        System.out.println("ready");
        server.join();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        response.getHeaders().put("Tus-Resumable", "1.0.0");
        switch (request.getMethod()) {
            case "GET" -> {
                response.setStatus(path.equals("/health") ? 200 : 404);
                callback.succeeded();
            }
            case "POST" -> {
                String id = Long.toString(ids.incrementAndGet());
                uploads.put(id, new Upload(FileChannel.open(directory.resolve(id), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)));
                response.setStatus(201);
                response.getHeaders().put(HttpHeader.LOCATION, "/files/" + id);
                callback.succeeded();
            }
            case "PATCH" -> {
                Upload u = uploads.get(path.substring(path.lastIndexOf('/') + 1));
                if (mode.equals("stream")) {
                    stream(u, request, response, callback);
                } else {
                    new Patch(u, request, response, callback).run();
                }
            }
            default -> {
                response.setStatus(405);
                callback.succeeded();
            }
        }
        return true;
    }

    /** One PATCH body, read chunk by chunk as Jetty has it; demand resumes it when more arrives. */
    private final class Patch implements Runnable {
        private final Upload upload;
        private final Request request;
        private final Response response;
        private final Callback callback;

        Patch(Upload upload, Request request, Response response, Callback callback) {
            this.upload = upload;
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        @Override
        public void run() {
            try {
                for (;;) {
                    Content.Chunk chunk = request.read();
                    if (chunk == null) {
                        if (mode.equals("blocking")) {
                            try (Blocker.Runnable arrived = Blocker.runnable()) {
                                request.demand(arrived);
                                arrived.block();
                            }
                            continue;
                        }
                        request.demand(this);
                        return;
                    }
                    if (Content.Chunk.isFailure(chunk)) {
                        callback.failed(chunk.getFailure());
                        return;
                    }
                    ByteBuffer bytes = chunk.getByteBuffer();
                    if (promise) {
                        upload.sha256.update(bytes.duplicate());
                    }
                    while (bytes.hasRemaining()) {
                        upload.offset += upload.file.write(bytes, upload.offset);
                    }
                    chunk.release();
                    if (promise) {
                        flushBehind(upload);
                    }
                    if (chunk.isLast()) {
                        if (promise) {
                            awaitFlush(upload);
                            upload.file.force(false);
                        }
                        response.setStatus(204);
                        response.getHeaders().put("Upload-Offset", upload.offset);
                        callback.succeeded();
                        return;
                    }
                }
            } catch (IOException e) {
                callback.failed(e);
            }
        }
    }

    private void flushBehind(Upload upload) {
        if (upload.offset - upload.flushedFrom >= FLUSH_EVERY && (upload.flushing == null || upload.flushing.isDone())) {
            upload.flushedFrom = upload.offset;
            upload.flushing = flusher.submit(() -> {
                upload.file.force(false);
                return null;
            });
        }
    }

    private static void awaitFlush(Upload upload) throws IOException {
        try {
            if (upload.flushing != null) {
                upload.flushing.get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IOException("a background flush failed", e);
        }
    }
}
