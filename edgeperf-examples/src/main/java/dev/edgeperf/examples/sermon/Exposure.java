package dev.edgeperf.examples.sermon;

import java.util.ArrayList;
import java.util.List;

/**
 * What a configuration leaves open, said at start-up: plain HTTP is fine on loopback, or behind a reverse
 * proxy on the same machine that adds TLS (what the README recommends); anywhere else the token crosses
 * the network readable by anyone on it. Stateless.
 */
final class Exposure {
    private Exposure() {
    }

    /** One warning per exposure of {@code config}; none for a loopback, authenticated, https-store setup. */
    static List<String> warnings(Config config) {
        List<String> warnings = new ArrayList<>();
        boolean loopback = config.bindAddress().equals("127.0.0.1") || config.bindAddress().equals("::1")
                || config.bindAddress().equals("localhost");
        if (config.authEnabled() && !loopback) {
            warnings.add("serving plain HTTP on " + config.bindAddress() + ": the upload token crosses the network"
                    + " unencrypted; put a TLS reverse proxy in front (see the README's security section) or bind to"
                    + " 127.0.0.1");
        }
        if (!config.readPublic() && !config.authEnabled()) {
            warnings.add("AUTH=none: anyone who can reach this service can upload, list and download recordings");
        }
        config.s3().filter(s3 -> !s3.secure()).ifPresent(s3 -> warnings.add("the object store at " + s3.endpoint()
                + " is reached over plain HTTP: its keys' signatures, and every recording and sidecar, can be read"
                + " and changed on the way"));
        return warnings;
    }
}
