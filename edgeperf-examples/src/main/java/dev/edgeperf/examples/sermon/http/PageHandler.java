package dev.edgeperf.examples.sermon.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The upload page: {@code GET /} and its files under {@code /static/}, read once from the jar at start
 * (about 110 KB, tus-js-client included) and served from memory with a strict Content-Security-Policy —
 * nothing is loaded from elsewhere, so the page works on a Pi with no internet. Thread-safe (immutable).
 */
public final class PageHandler {
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");
    private static final String[] FILES = {"index.html", "app.js", "style.css", "tus.min.js"};

    private final Map<String, byte[]> files = new HashMap<>();

    /**
     * Loads the page's files from the class path.
     *
     * @throws IOException naming the file if one is missing (a jar built from a tree without src/main/resources)
     */
    public PageHandler() throws IOException {
        for (String name : FILES) {
            try (InputStream in = PageHandler.class.getResourceAsStream("/static/" + name)) {
                if (in == null) {
                    throw new IOException("the upload page's static/" + name + " is missing from the class path;"
                            + " build the jar from the whole tree (edgeperf-examples/src/main/resources/static)");
                }
                files.put(name, in.readAllBytes());
            }
        }
    }

    public void index(Exchange x) {
        serve(x, "index.html", "no-cache");
    }

    public void file(Exchange x) {
        String name = x.tail();
        if (name.equals("index.html")) {
            throw new ApiException(404, "not_found", "no page file '" + name + "'");
        }
        serve(x, name, "max-age=300");
    }

    private void serve(Exchange x, String name, String cacheControl) {
        byte[] body = files.get(name);
        if (body == null) {
            throw new ApiException(404, "not_found", "no page file '" + name + "'");
        }
        x.setHeader("Cache-Control", cacheControl);
        x.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        x.setHeader("X-Content-Type-Options", "nosniff");
        x.send(200, TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream"), body);
    }
}
