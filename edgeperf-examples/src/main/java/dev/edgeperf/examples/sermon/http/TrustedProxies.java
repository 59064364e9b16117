package dev.edgeperf.examples.sermon.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code TRUSTED_PROXIES}: the reverse proxies whose {@code X-Forwarded-For} is believed, as addresses or CIDR
 * ranges ({@code 127.0.0.1, ::1, 192.168.1.0/24}). A request from one of them is counted, logged and limited by
 * the client its header names: the rightmost address that is not itself a trusted proxy (an address further left
 * was written by the client and could be anything). From anyone else the header is ignored, so a client cannot
 * choose its own address. Immutable and thread-safe; no DNS lookups, ever.
 */
public final class TrustedProxies {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** One range: its network bytes and prefix length. */
    private static final class Range {
        private final byte[] network;
        private final int bits;

        Range(byte[] network, int bits) {
            this.network = network.clone();
            this.bits = bits;
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Range> ranges;
    private final String text;

    private TrustedProxies(List<Range> ranges, String text) {
        this.ranges = List.copyOf(ranges);
        this.text = text;
    }

    /**
     * Parses {@code TRUSTED_PROXIES}: comma-separated addresses or CIDR ranges; empty for none.
     *
     * @throws IllegalArgumentException naming an entry that is neither
     */
    public static TrustedProxies parse(String value) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : value.split(",", -1)) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            byte[] address = literal(slash < 0 ? e : e.substring(0, slash));
            int bits = address == null ? -1 : address.length * 8;
            if (address != null && slash >= 0) {
                bits = prefix(e.substring(slash + 1), address.length * 8);
            }
            if (address == null || bits < 0) {
                throw new IllegalArgumentException("TRUSTED_PROXIES entry '" + e + "' is not allowed: allowed IP addresses"
                        + " and CIDR ranges such as 127.0.0.1, ::1 or 192.168.1.0/24");
            }
            ranges.add(new Range(address, bits));
        }
        return new TrustedProxies(ranges, value.strip());
    }

    private static int prefix(String text, int max) {
        try {
            int bits = Integer.parseInt(text);
            return bits >= 0 && bits <= max ? bits : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The bytes of an IP literal, or null for anything else (a host name is never looked up). */
    private static byte @Nullable [] literal(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "(none)" : text;
    }

    /** Whether no proxy is trusted. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    private boolean trusted(String address) {
        byte[] bytes = literal(address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address);
        if (bytes == null) {
            return false;
        }
        for (Range r : ranges) {
            if (r.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address: {@code peer} itself, unless it is a trusted proxy and {@code forwardedFor} names
     * someone; then the rightmost address there that is not a trusted proxy (or the leftmost, when all are).
     */
    public String client(String peer, @Nullable String forwardedFor) {
        if (forwardedFor == null || ranges.isEmpty() || !trusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",", -1);
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (literal(hop) == null) {
                return client;
            }
            client = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }
}
