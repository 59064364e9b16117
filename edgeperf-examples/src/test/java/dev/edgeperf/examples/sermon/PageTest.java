package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's files are served from the jar with a policy that loads nothing from elsewhere. */
class PageTest {
    @TempDir
    Path dir;

    @Test
    void theIndexAndItsScriptsAreServedWithAStrictPolicy() throws Exception {
        try (TestService s = TestService.start(dir)) {
            HttpResponse<String> index = s.get("/");
            assertEquals(200, index.statusCode());
            assertTrue(index.body().contains("<script src=\"/static/tus.min.js\"></script>"));
            assertEquals("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
                    index.headers().firstValue("Content-Security-Policy").orElseThrow());
            HttpResponse<String> tus = s.get("/static/tus.min.js");
            assertEquals(200, tus.statusCode());
            assertEquals("text/javascript; charset=utf-8", tus.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(404, s.get("/static/nope.js").statusCode());
        }
    }

    @Test
    void everyAnswerForbidsSniffingAndReferrersAndApiAnswersAreNotCached() throws Exception {
        try (TestService s = TestService.start(dir)) {
            for (String path : new String[] {"/", "/health", "/api/files", "/api/nothing-here"}) {
                HttpResponse<String> r = s.send(s.request(path).GET().build());
                assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
                assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""), path);
            }
            assertEquals("no-store", s.send(s.request("/api/files").GET().build()).headers().firstValue("Cache-Control")
                    .orElse(""));
        }
    }
}
