package dev.edgeperf.examples.sermon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fault-injecting proxy in front of a real S3 server, on loopback, for tests: every request passes through
 * unchanged (one request per connection, so each answer ends with its connection) unless a rule matches it,
 * which then answers an S3 error of its choice or cuts the connection half way through the request's body.
 * Requests are forwarded byte for byte, so their signatures stay valid. It also counts what passed: the
 * {@code PUT}s of each part number that the store answered 200.
 */
public final class FaultProxy implements AutoCloseable {
    /** What the proxy saw of a request. */
    public record Request(String method, String path, String query, long contentLength) {
        /** Whether this is an UploadPart. */
        public boolean isPart() {
            return method.equals("PUT") && query.contains("partNumber=");
        }

        /** The part number, or 0. */
        public int partNumber() {
            for (String p : query.split("&", -1)) {
                if (p.startsWith("partNumber=")) {
                    return Integer.parseInt(p.substring("partNumber=".length()));
                }
            }
            return 0;
        }
    }

    private record Rule(Predicate<Request> matches, AtomicInteger times, int status, String code, Map<String, String> headers,
            boolean cut) {
    }

    private final ServerSocket server;
    private final int target;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> storedParts = new ConcurrentHashMap<>();
    private final List<Request> seen = new CopyOnWriteArrayList<>();
    private volatile Predicate<Request> opaqueETags = r -> false;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });

    /** Starts one on a free loopback port, in front of the S3 server on {@code targetPort}. */
    public FaultProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Answers the next {@code times} matching requests (all, if negative) with {@code status} and S3 {@code code}. */
    public void answer(Predicate<Request> matches, int times, int status, String code, Map<String, String> headers) {
        rules.add(new Rule(matches, new AtomicInteger(times), status, code, headers, false));
    }

    /** Cuts the next {@code times} matching requests' connections half way through their bodies. */
    public void cut(Predicate<Request> matches, int times) {
        rules.add(new Rule(matches, new AtomicInteger(times), 0, "", Map.of(), true));
    }

    /** Replaces the store's ETag in the answers to matching requests, as a store whose ETags are not MD5s would. */
    public void opaqueETags(Predicate<Request> matches) {
        opaqueETags = matches;
    }

    /** Lets every request through again. */
    public void clearRules() {
        rules.clear();
    }

    /** How many times the store answered 200 to an UploadPart of each part number. */
    public Map<Integer, AtomicInteger> storedParts() {
        return storedParts;
    }

    /** Every request seen, in order. */
    public List<Request> seen() {
        return seen;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            String head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String[] line = head.substring(0, head.indexOf("\r\n")).split(" ", 3);
            String uri = line[1];
            int q = uri.indexOf('?');
            long length = contentLength(head);
            Request request = new Request(line[0], q < 0 ? uri : uri.substring(0, q), q < 0 ? "" : uri.substring(q + 1), length);
            seen.add(request);
            Rule rule = rules.stream().filter(r -> r.matches().test(request) && takeOne(r.times())).findFirst().orElse(null);
            if (rule != null && rule.cut()) {
                in.readNBytes((int) Math.min(length / 2, Integer.MAX_VALUE));
                client.setSoLinger(true, 0);
                return;
            }
            if (rule != null) {
                in.readNBytes((int) Math.min(length, Integer.MAX_VALUE));
                byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + rule.code() + "</Code><Message>"
                        + "injected by the test</Message></Error>").getBytes(StandardCharsets.UTF_8);
                StringBuilder h = new StringBuilder("HTTP/1.1 " + rule.status() + " Injected\r\nContent-Type: application/xml\r\n"
                        + "Connection: close\r\nContent-Length: " + (request.method().equals("HEAD") ? 0 : body.length) + "\r\n");
                rule.headers().forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
                out.write(h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
                if (!request.method().equals("HEAD")) {
                    out.write(body);
                }
                return;
            }
            forward(head, in, length, out, request);
        } catch (IOException e) {
            // The client or the store went away: nothing to do for a test proxy.
        }
    }

    private void forward(String head, InputStream in, long length, OutputStream out, Request request) throws IOException {
        String closing = head.replaceAll("(?im)^connection:.*\r\n", "").replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n");
        try (Socket store = new Socket(InetAddress.getLoopbackAddress(), target)) {
            OutputStream toStore = store.getOutputStream();
            toStore.write(closing.getBytes(StandardCharsets.ISO_8859_1));
            byte[] buffer = new byte[64 << 10];
            for (long left = length; left > 0;) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    return;
                }
                toStore.write(buffer, 0, n);
                left -= n;
            }
            toStore.flush();
            InputStream fromStore = store.getInputStream();
            String answer = readHead(fromStore);
            if (opaqueETags.test(request)) {
                answer = answer.replaceAll("(?im)^etag:.*\r\n", "ETag: \"opaque-etag\"\r\n");
            }
            out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
            fromStore.transferTo(out);
            String status = answer.length() >= 12 ? answer.substring(0, 12) : answer;
            if (request.isPart() && status.startsWith("HTTP/1.1 200")) {
                storedParts.computeIfAbsent(request.partNumber(), n -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    /** Whether a rule with {@code times} left (negative: without end) applies once more. */
    private static boolean takeOne(AtomicInteger times) {
        return times.get() < 0 || times.getAndUpdate(t -> t > 0 ? t - 1 : t) > 0;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; matched < 4 && (b = in.read()) >= 0;) {
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n", -1)) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
