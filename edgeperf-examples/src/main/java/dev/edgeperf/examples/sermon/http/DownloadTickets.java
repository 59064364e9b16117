package dev.edgeperf.examples.sermon.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Short-lived download links for the upload page. A browser follows a plain link without the page's
 * {@code Authorization} header, and reading a multi-GB recording into the page to save it would hold it all
 * in memory; so a token holder asks for a ticket ({@code POST /api/tickets/{name}}) and the page links to
 * {@code /api/files/{name}?ticket=...}. A ticket is 128 random bits, opens that one sermon only, and expires
 * after {@link #LIFETIME} (long enough for the browser's ranged requests of one download). It is not the
 * token: a ticket in the browser's history or a proxy's log opens one recording for minutes, nothing else.
 *
 * <p>Thread-safe. At most {@value #MAX_TICKETS} live at once (a few hundred bytes each); past that the
 * oldest go first.
 */
public final class DownloadTickets {
    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final int MAX_TICKETS = 1_000;

    private final SecureRandom random = new SecureRandom();
    private final Cache<String, String> names;

    public DownloadTickets(LongSupplier nanoTime) {
        Ticker ticker = nanoTime::getAsLong;
        this.names = Caffeine.newBuilder().maximumSize(MAX_TICKETS).expireAfterWrite(LIFETIME).ticker(ticker)
                .executor(Runnable::run).build();
    }

    /** A new ticket for the sermon {@code name}. */
    public String issue(String name) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String ticket = HexFormat.of().formatHex(bytes);
        names.put(ticket, name);
        return ticket;
    }

    /** Whether {@code ticket} is live and was issued for {@code name}. */
    public boolean opens(@Nullable String ticket, String name) {
        return ticket != null && name.equals(names.getIfPresent(ticket));
    }
}
