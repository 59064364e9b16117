package dev.edgeperf.examples.send;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.PrintStream;
import java.util.Locale;

/**
 * What sermon-send tells its user: one line per event on standard output, as text
 * ({@code sent NAME (SIZE) sha256=HEX}, {@code duplicate NAME}, {@code resuming NAME at OFFSET},
 * {@code skipped NAME: reason}, {@code refused NAME: reason}, {@code waiting: reason}) or, with {@code --json},
 * as one JSON object per line with an {@code event} field. On a terminal, and not with {@code --json}, a
 * progress line (bytes acknowledged, speed, time left) is redrawn on standard error. The token is never in
 * any line. Thread-safe (synchronized).
 */
final class Report {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;
    private final boolean progress;
    private long progressStarted;
    private long progressFrom;

    Report(PrintStream out, PrintStream err, boolean json, boolean terminal) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.progress = terminal && !json;
    }

    synchronized void sent(String name, long size, String sha256) {
        line("sent", name, "sent " + name + " (" + size(size) + ") sha256=" + sha256, "size", size, "sha256", sha256);
    }

    synchronized void duplicate(String name, String storedAs) {
        line("duplicate", name, "duplicate " + name + (storedAs.equals(name) ? "" : " (stored as " + storedAs + ")"),
                "stored_as", storedAs);
    }

    synchronized void resuming(String name, long offset) {
        line("resuming", name, "resuming " + name + " at " + offset, "offset", offset);
    }

    synchronized void skipped(String name, String reason) {
        line("skipped", name, "skipped " + name + ": " + reason, "reason", reason);
    }

    synchronized void refused(String name, String reason) {
        line("refused", name, "refused " + name + ": " + reason, "reason", reason);
    }

    synchronized void waiting(String reason) {
        line("waiting", "", "waiting: " + reason, "reason", reason);
    }

    /** The server has {@code acknowledged} of {@code size} bytes of {@code name}. */
    synchronized void progress(String name, long acknowledged, long size, long nowNanos) {
        if (!progress) {
            return;
        }
        if (acknowledged == 0 || progressStarted == 0) {
            progressStarted = nowNanos;
            progressFrom = acknowledged;
        }
        double seconds = (nowNanos - progressStarted) / 1e9;
        double rate = seconds > 0.5 ? (acknowledged - progressFrom) / seconds : 0;
        String eta = rate > 0 ? String.format(Locale.ROOT, "%.0f s left", (size - acknowledged) / rate) : "";
        int width = 30;
        int filled = size == 0 ? width : (int) (width * acknowledged / size);
        err.print(String.format(Locale.ROOT, "\r%s [%s%s] %s/%s %s/s %s   ", name, "#".repeat(filled), ".".repeat(width - filled),
                size(acknowledged), size(size), size((long) rate), eta));
        if (acknowledged >= size) {
            err.println();
            progressStarted = 0;
        }
        err.flush();
    }

    private void line(String event, String name, String text, Object... fields) {
        if (!json) {
            out.println(text);
        } else {
            StringWriter line = new StringWriter();
            try (JsonGenerator g = ServerApi.JSON.createGenerator(line)) {
                g.writeStartObject();
                g.writeStringField("event", event);
                if (!name.isEmpty()) {
                    g.writeStringField("name", name);
                }
                for (int i = 0; i < fields.length; i += 2) {
                    if (fields[i + 1] instanceof Long n) {
                        g.writeNumberField((String) fields[i], n);
                    } else {
                        g.writeStringField((String) fields[i], String.valueOf(fields[i + 1]));
                    }
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new IllegalStateException("writing to a string cannot fail", e);
            }
            out.println(line);
        }
        out.flush();
    }

    /** Bytes in the largest binary unit that keeps at least 1: {@code 1.5 GiB}. */
    static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
