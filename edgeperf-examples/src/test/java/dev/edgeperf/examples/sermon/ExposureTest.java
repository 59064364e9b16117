package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up warnings about what a configuration leaves open. */
class ExposureTest {
    private static List<String> warnings(String... settings) throws ConfigException {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            env.put(settings[i], settings[i + 1]);
        }
        return Exposure.warnings(Config.parse(env, new String[0]));
    }

    @Test
    void loopbackWithATokenAndNoStoreWarnsOfNothing() throws ConfigException {
        assertEquals(List.of(), warnings("BIND_ADDRESS", "127.0.0.1"));
    }

    @Test
    void theTokenOverPlainHttpOnTheNetworkIsWarnedOf() throws ConfigException {
        List<String> w = warnings("BIND_ADDRESS", "0.0.0.0");
        assertEquals(1, w.size());
        assertTrue(w.get(0).startsWith("serving plain HTTP on 0.0.0.0"), w.get(0));
    }

    @Test
    void noAuthenticationIsWarnedOf() throws ConfigException {
        List<String> w = warnings("BIND_ADDRESS", "127.0.0.1", "AUTH", "none");
        assertEquals(1, w.size());
        assertTrue(w.get(0).startsWith("AUTH=none"), w.get(0));
    }

    @Test
    void aPlainHttpStoreIsWarnedOfAndAnHttpsOneIsNot() throws ConfigException {
        List<String> plain = warnings("BIND_ADDRESS", "127.0.0.1", "S3_ENDPOINT", "http://store.lan:9000",
                "S3_ACCESS_KEY", "a", "S3_SECRET_KEY", "s");
        assertEquals(1, plain.size());
        assertTrue(plain.get(0).contains("http://store.lan:9000") && plain.get(0).contains("plain HTTP"), plain.get(0));
        assertEquals(List.of(), warnings("BIND_ADDRESS", "127.0.0.1", "S3_ENDPOINT", "store.lan:9000", "S3_ACCESS_KEY",
                "a", "S3_SECRET_KEY", "s"));
    }
}
