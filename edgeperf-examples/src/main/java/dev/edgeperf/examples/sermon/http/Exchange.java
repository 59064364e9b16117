package dev.edgeperf.examples.sermon.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.edgeperf.examples.sermon.library.Json;
import dev.edgeperf.examples.sermon.upload.BodyChunks;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.jspecify.annotations.Nullable;

/**
 * One request being answered: the Jetty request, response and callback, the part of the path after the
 * route's prefix, and the few ways this service answers. Every answer ends the exchange by completing the
 * callback. Not thread-safe; belongs to the thread handling the request.
 */
public final class Exchange {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final String tail;
    private final String address;
    private Auth.@Nullable Principal principal;

    Exchange(Request request, Response response, Callback callback, String tail, String address) {
        this.address = address;
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.tail = tail;
    }

    public Request request() {
        return request;
    }

    public Response response() {
        return response;
    }

    Callback callback() {
        return callback;
    }

    /**
     * The path after the route's prefix, percent-decoded ({@code ""} for exact routes): once, here, since
     * Jetty's path in context is still encoded. Jetty has already refused ambiguous encodings such as
     * {@code %2F} and {@code %25} with 400, so the result holds no separator and cannot have been encoded twice.
     */
    String tail() {
        return URIUtil.decodePath(tail);
    }

    /** The token the request came with, once the router authenticated it; null on routes that need none. */
    public Auth.@Nullable Principal principal() {
        return principal;
    }

    void setPrincipal(Auth.Principal principal) {
        this.principal = principal;
    }

    public String method() {
        return request.getMethod();
    }

    /** A request header, or null. */
    public @Nullable String header(String name) {
        return request.getHeaders().get(name);
    }

    /** The client's address (the one a trusted proxy forwarded for): what per-client limits count by. */
    public String address() {
        return address;
    }

    /** Who sent the request, for logs and metadata. */
    public String client() {
        String agent = header(HttpHeader.USER_AGENT.asString());
        return agent == null ? address : address + " (" + agent.substring(0, Math.min(agent.length(), 120)) + ")";
    }

    /** The request body as a blocking stream. */
    public InputStream body() {
        return Content.Source.asInputStream(request);
    }

    /** The request body in Jetty's own buffers, read blocking; close it after use. */
    public BodyChunks bodyChunks() {
        return new RequestChunks(request);
    }

    /**
     * Reads and drops what is left of the request body when it is at most {@code limit} bytes and arrives within
     * {@code patienceNanos}, so that a refusal can be answered on a connection with nothing unread. A server that
     * closes a connection with unread bytes makes the kernel reset it, and the reset can discard the answer before
     * the client reads it: the client sees a dead connection instead of the reason (Tomcat's
     * {@code maxSwallowSize} exists for the same problem). A body declared longer than {@code limit} is not read,
     * nor the body of a request that asked {@code Expect: 100-continue}: reading would tell the client to send
     * what is about to be refused, while unread it stays on the client's side. The patience bounds how long a
     * refused, perhaps unauthenticated, client holds a thread: a body that trickles is given up on.
     *
     * @return whether the body was read to its end, so that the connection can take another request
     */
    boolean discardBody(long limit, long patienceNanos) {
        if (request.getLength() > limit || request.getHeaders().contains(HttpHeader.EXPECT,
                HttpHeaderValue.CONTINUE.asString())) {
            return false;
        }
        long deadline = System.nanoTime() + patienceNanos;
        long left = limit;
        for (;;) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                if (!awaitContent(deadline - System.nanoTime())) {
                    return false;
                }
                continue;
            }
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    return false; // the body had already failed (a client gone, a malformed chunk)
                }
                left -= chunk.getByteBuffer().remaining();
                if (left < 0) {
                    return false;
                }
                if (chunk.isLast()) {
                    return true;
                }
            } finally {
                chunk.release();
            }
        }
    }

    /** Waits up to {@code nanos} for more of the body; false if none came (or the thread was interrupted). */
    private boolean awaitContent(long nanos) {
        if (nanos <= 0) {
            return false;
        }
        CountDownLatch arrived = new CountDownLatch(1);
        request.demand(arrived::countDown);
        try {
            return arrived.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The request's declared body length, or -1. */
    public long contentLength() {
        return request.getLength();
    }

    void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    void sendJson(int status, Object body) {
        byte[] bytes;
        try {
            bytes = Json.ANSWERS.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
        send(status, "application/json", bytes);
    }

    public void send(int status, String contentType, byte[] bytes) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** An answer with no body (204, 201 for tus, HEAD answers); headers already set stay. */
    void sendEmpty(int status) {
        response.setStatus(status);
        // An empty buffer, not null: Jetty 12.1's MinimumDataRateHandler fails on a null one.
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
    }

    void sendError(ApiException e) {
        e.headers().forEach(this::setHeader);
        sendJson(e.status(), e.body());
    }
}
