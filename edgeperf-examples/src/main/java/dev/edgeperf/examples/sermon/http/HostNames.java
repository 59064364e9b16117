package dev.edgeperf.examples.sermon.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The names the service answers to in a request's {@code Host} header, against DNS rebinding: a web page
 * on another site that makes its own name resolve to the Pi's address must not be able to talk to the
 * service as if it were a page of the Pi's. Always allowed: IP literals, {@code localhost}, and this
 * machine's host name with and without {@code .local} (what mDNS gives a Pi); plus the names configured in
 * {@code ALLOWED_HOSTS} (comma-separated; a name behind a reverse proxy, say), or {@code *} for any.
 * Immutable and thread-safe; a check is a set lookup.
 */
public final class HostNames {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> names;
    private final boolean any;

    private HostNames(Set<String> names, boolean any) {
        this.names = names;
        this.any = any;
    }

    /**
     * Parses {@code ALLOWED_HOSTS}.
     *
     * @throws IllegalArgumentException naming a value that is not a host name
     */
    public static HostNames parse(String value) {
        if (value.strip().equals("*")) {
            return new HostNames(Set.of(), true);
        }
        Set<String> names = new TreeSet<>(Set.of("localhost"));
        String self = localName();
        if (!self.isEmpty()) {
            names.add(self);
            names.add(self + ".local");
        }
        for (String part : value.split(",", -1)) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("ALLOWED_HOSTS has '" + part.strip() + "': allowed host names (a-z 0-9 . -)"
                        + " separated by commas, or *");
            }
            names.add(name);
        }
        return new HostNames(Set.copyOf(names), false);
    }

    private static String localName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            return NAME.matcher(name).matches() && !IPV4.matcher(name).matches() ? name : "";
        } catch (UnknownHostException e) {
            return "";
        }
    }

    /** Whether a request with this {@code Host} header (port included or not) may be answered. */
    public boolean allows(String host) {
        if (any) {
            return true;
        }
        if (host == null || host.isEmpty()) {
            return true; // HTTP/1.0 without Host: no browser sends that, so no rebinding either
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            return true; // an IPv6 literal
        }
        int colon = h.lastIndexOf(':');
        String name = colon >= 0 ? h.substring(0, colon) : h;
        return IPV4.matcher(name).matches() || names.contains(name);
    }

    @Override
    public String toString() {
        return any ? "*" : String.join(",", names);
    }
}
