package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.examples.sermon.http.TrustedProxies;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** X-Forwarded-For names the client only when a trusted proxy sent it. */
class TrustedProxiesTest {
    private final TrustedProxies proxies = TrustedProxies.parse("127.0.0.1, 10.0.0.0/8, ::1");

    @TempDir
    Path dir;

    @Test
    void aTrustedProxysHeaderNamesTheRightmostUntrustedAddress() {
        assertEquals("203.0.113.7", proxies.client("127.0.0.1", "198.51.100.1, 203.0.113.7"),
                "the leftmost was written by the client itself and could be anything");
        assertEquals("203.0.113.7", proxies.client("127.0.0.1", "203.0.113.7, 10.1.2.3"), "a chain of trusted proxies");
        assertEquals("203.0.113.7", proxies.client("0:0:0:0:0:0:0:1", "203.0.113.7"), "IPv6 loopback, however written");
    }

    @Test
    void anyoneElsesHeaderIsIgnored() {
        assertEquals("192.0.2.9", proxies.client("192.0.2.9", "127.0.0.1"));
        assertEquals("192.0.2.9", TrustedProxies.parse("").client("192.0.2.9", "203.0.113.7"), "no proxy trusted");
    }

    @Test
    void aMalformedHopEndsTheWalk() {
        assertEquals("127.0.0.1", proxies.client("127.0.0.1", "evil.example.org"));
        assertEquals("10.9.9.9", proxies.client("127.0.0.1", "not-an-ip, 10.9.9.9"), "all trusted: the leftmost valid");
    }

    @Test
    void anEntryThatIsNotAnAddressOrRangeIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("proxy.lan"));
        assertTrue(e.getMessage().contains("'proxy.lan'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/33"));
    }

    private static HttpResponse<String> guess(TestService s, String forwardedFor, String token) throws Exception {
        return s.send(HttpRequest.newBuilder(s.uri("/api/files")).header("Authorization", "Bearer " + token)
                .header("X-Forwarded-For", forwardedFor).GET().build());
    }

    @Test
    void behindATrustedProxyFailedLoginsAreCountedPerForwardedClient() throws Exception {
        try (TestService s = TestService.start(dir, "TRUSTED_PROXIES", "127.0.0.1")) {
            HttpResponse<String> r = null;
            for (int i = 0; i < 30 && (r == null || r.statusCode() == 401); i++) {
                r = guess(s, "203.0.113.7", "wrong-guess-" + i);
            }
            assertEquals(429, r.statusCode(), "the guesser is stopped");
            assertEquals(200, guess(s, "203.0.113.8", TestService.TOKEN).statusCode(), "another client behind the proxy is not");
        }
    }

    @Test
    void withoutTrustedProxiesTheHeaderCannotBuyAGuesserNewAttempts() throws Exception {
        try (TestService s = TestService.start(dir)) {
            HttpResponse<String> r = null;
            for (int i = 0; i < 30 && (r == null || r.statusCode() == 401); i++) {
                r = guess(s, "203.0.113." + i, "wrong-guess-" + i);
            }
            assertEquals(429, r.statusCode(), "a new forwarded address per guess changes nothing");
        }
    }
}
