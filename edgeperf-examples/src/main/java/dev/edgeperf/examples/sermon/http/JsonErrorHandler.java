package dev.edgeperf.examples.sermon.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.edgeperf.examples.sermon.library.Json;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals — an ambiguous or illegal URI, oversized headers, a request it cannot parse —
 * answered in the service's JSON shape ({@code {"error": ..., "code": ...}}) instead of an HTML page, so
 * every error a client sees reads the same. Thread-safe (stateless).
 */
public final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        byte[] body = body(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Every method gets a body (Jetty's default is GET, POST and HEAD only; uploads are PUT and PATCH). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    private static byte[] body(int code, String message) {
        String reason = HttpStatus.getMessage(code);
        String text = message == null || message.isBlank() ? reason : message;
        try {
            return Json.MAPPER.writeValueAsBytes(Map.of("error", text, "code",
                    reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error as JSON", e);
        }
    }
}
