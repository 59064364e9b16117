package dev.edgeperf.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws the ratios {@link RatioGate} measured as an SVG bar chart: one bar per comparison, edgeperf's time ÷ the
 * fastest peer's, a line at 1 (as fast as the peer) and a tick at each baseline. Plain SVG, no script or font
 * beyond the reader's sans-serif, so GitHub shows it inline in the README.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.edgeperf.benchmarks.RatioChart ratios.json chart.svg}.
 */
public final class RatioChart {
    private static final int LABEL = 480;
    private static final int PLOT = 360;
    private static final int ROW = 26;
    private static final int TOP = 44;

    /** One bar. */
    record Bar(String title, String peer, double ratio, double baseline) {
    }

    private RatioChart() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: RatioChart ratios.json chart.svg");
            System.exit(2);
        }
        List<Bar> bars = new ArrayList<>();
        for (JsonNode r : new ObjectMapper().readTree(Path.of(args[0]).toFile()).path("ratios")) {
            bars.add(new Bar(r.path("title").asText(), r.path("peer").asText(), r.path("ratio").asDouble(),
                    r.path("baseline").asDouble()));
        }
        Files.writeString(Path.of(args[1]), svg(bars), StandardCharsets.UTF_8);
    }

    /** The chart for {@code bars}; the scale runs from 0 to the largest ratio or baseline, at least 1.5. */
    static String svg(List<Bar> bars) {
        double max = Math.max(1.5, bars.stream().mapToDouble(b -> Math.max(b.ratio(), b.baseline())).max().orElse(1));
        max = Math.ceil(max * 4) / 4;
        int width = LABEL + PLOT + 70;
        int height = TOP + bars.size() * ROW + 52;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
        s.append("<text x=\"8\" y=\"18\" font-size=\"14\" font-weight=\"bold\">edgeperf's time ÷ the fastest peer's"
                + " (same run; below 1 = edgeperf faster)</text>\n");
        for (double tick = 0; tick <= max + 1e-9; tick += 0.25) {
            double x = LABEL + tick / max * PLOT;
            boolean one = Math.abs(tick - 1) < 1e-9;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"%s\"/>%n", x, TOP - 6, x, height - 28, one ? "#333333" : "#e3e3e3", one ? "1.5" : "1"));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555555\">"
                    + "%.2f</text>%n", x, height - 12, tick));
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int y = TOP + i * ROW;
            double w = Math.min(b.ratio(), max) / max * PLOT;
            String colour = b.ratio() <= 1 ? "#2e7d32" : "#c62828";
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s <tspan fill=\"#777777\">"
                    + "vs %s</tspan></text>%n", LABEL - 8, y + 14, escape(b.title()), escape(b.peer())));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    LABEL, y + 3, w, ROW - 8, colour));
            double base = LABEL + Math.min(b.baseline(), max) / max * PLOT;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000000\" "
                    + "stroke-dasharray=\"2,2\"/>%n", base, y + 1, base, y + ROW - 3));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2f×</text>%n", LABEL + w + 6, y + 14,
                    b.ratio()));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555555\">dotted: each comparison's baseline in"
                + " benchmarks/baseline.json; green: faster than the peer</text>%n", 8, height - 2));
        return s.append("</svg>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
