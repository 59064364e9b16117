package dev.edgeperf.examples.sermon.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.edgeperf.examples.sermon.library.Json;
import dev.edgeperf.examples.sermon.library.RemoteFailure;
import dev.edgeperf.examples.sermon.library.SermonRecord;
import dev.edgeperf.examples.sermon.upload.UploadListener;
import dev.edgeperf.pools.WorkerPool;
import dev.edgeperf.resilience.Resilient;
import dev.edgeperf.resilience.RetryAfter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces uploads on Discord through a webhook ({@code DISCORD_WEBHOOK_URL}): an embed per stored or
 * failed upload, or one summary when several arrive within the batch window (10 s). Events are collected
 * on the request path in a few nanoseconds; sending happens on the {@link WorkerPool} through a
 * {@link Resilient} (full-jitter retries, a retry budget, a webhook circuit breaker, Discord's
 * {@code Retry-After} honoured), so a slow or failing webhook never delays or fails an upload: a message
 * that cannot be delivered is logged and dropped. The webhook URL is a secret and never logged.
 * Thread-safe.
 */
public final class DiscordNotifier implements UploadListener {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordNotifier.class);
    public static final Duration BATCH_WINDOW = Duration.ofSeconds(10);
    private static final int GREEN = 0x2E7D32;
    private static final int RED = 0xC62828;
    private static final int MAX_FIELDS = 25;
    private static final Pattern MARKDOWN = Pattern.compile("[\\\\*_~`|>\\[\\]]");

    private record Event(boolean stored, String name, String detail, String client) {
    }

    private final URI webhook;
    private final WorkerPool workers;
    private final ScheduledExecutorService scheduler;
    private final Resilient resilient;
    private final HttpClient http;
    private final Duration window;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private List<Event> pending = new ArrayList<>();

    public DiscordNotifier(URI webhook, WorkerPool workers, ScheduledExecutorService scheduler, Resilient resilient,
            HttpClient http, Duration window, Clock clock) {
        this.webhook = webhook;
        this.workers = workers;
        this.scheduler = scheduler;
        this.resilient = resilient;
        this.http = http;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public void stored(SermonRecord r) {
        String duration = r.wav() == null ? "" : " · " + formatDuration(r.durationSeconds());
        add(new Event(true, r.name(), formatSize(r.size()) + duration + " · SHA-256 " + r.sha256().substring(0, 12) + "…",
                r.client()));
    }

    @Override
    public void failed(String name, String reason, String client) {
        add(new Event(false, name, reason, client));
    }

    private void add(Event e) {
        lock.lock();
        try {
            pending.add(e);
            if (pending.size() == 1) {
                var unused = scheduler.schedule(this::flush, window.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends what has been collected: one embed, or a summary of several. */
    public void flush() {
        List<Event> events;
        lock.lock();
        try {
            events = pending;
            pending = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        if (events.isEmpty()) {
            return;
        }
        byte[] payload = payload(events);
        try {
            workers.execute(() -> deliver(payload, events.size()));
        } catch (RuntimeException e) {
            LOG.warn("discord notification of {} uploads dropped: the worker pool refused it ({})", events.size(), e.toString());
        }
    }

    private void deliver(byte[] payload, int count) {
        try {
            resilient.call(() -> post(payload));
            LOG.info("discord notified uploads={}", count);
        } catch (Exception e) {
            LOG.warn("discord notification of {} uploads not delivered: {}", count, e.toString());
        }
    }

    private Void post(byte[] payload) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(),
                HttpResponse.BodyHandlers.ofString());
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
            return null;
        }
        if (status == 429 || status >= 500) {
            throw new RemoteFailure.Retryable("the webhook answered " + status, r.headers().firstValue("Retry-After").flatMap(v -> RetryAfter.parse(v, clock)));
        }
        throw new RemoteFailure.Rejected("the webhook refused the message with " + status);
    }

    /**
     * The message, within Discord's limits (title and field names 256 characters, field values 1,024,
     * description 4,096): a batch with one field over a limit is dropped whole. Names and reasons come from
     * clients, so Markdown in them is escaped and no mention ({@code @everyone}) is ever parsed.
     */
    private byte[] payload(List<Event> events) {
        Map<String, Object> embed = new LinkedHashMap<>();
        if (events.size() == 1) {
            Event e = events.get(0);
            embed.put("title", text((e.stored ? "Sermon uploaded: " : "Upload failed: ") + escape(e.name), 256));
            embed.put("description", text(escape(e.detail), 4096));
            embed.put("color", e.stored ? GREEN : RED);
            embed.put("fields", List.of(Map.of("name", "Uploader", "value", text(e.client == null ? "unknown"
                    : escape(e.client), 1024))));
        } else {
            long stored = events.stream().filter(Event::stored).count();
            embed.put("title", stored + " sermon" + (stored == 1 ? "" : "s") + " uploaded"
                    + (stored < events.size() ? ", " + (events.size() - stored) + " failed" : ""));
            embed.put("color", stored == events.size() ? GREEN : RED);
            List<Map<String, Object>> fields = new ArrayList<>();
            for (Event e : events.subList(0, Math.min(events.size(), MAX_FIELDS))) {
                fields.add(Map.of("name", text((e.stored ? "✅ " : "❌ ") + escape(e.name), 256), "value",
                        text(escape(e.detail), 1024)));
            }
            embed.put("fields", fields);
        }
        embed.put("timestamp", clock.instant().toString());
        try {
            return Json.MAPPER.writeValueAsBytes(Map.of("username", "Sermon uploader", "embeds", List.of(embed),
                    "allowed_mentions", Map.of("parse", List.of())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the Discord message", e);
        }
    }

    /** Markdown characters with a backslash, so a name shows as sent and cannot format the message. */
    static String escape(String s) {
        return MARKDOWN.matcher(s).replaceAll("\\\\$0");
    }

    /** At most {@code max} characters (code points kept whole), ending in an ellipsis if cut. */
    public static String text(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isLowSurrogate(s.charAt(end)) && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    static String formatSize(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
