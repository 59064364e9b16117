package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeperf.examples.sermon.http.UploadHandler;
import dev.edgeperf.examples.sermon.library.Json;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the Prometheus alert rules in deploy/monitoring name only metrics the service
 * exports: each metric their expressions use is in {@code /api/metrics} of a service storing to S3 (the mode
 * with the most meters) after one upload.
 */
class MonitoringFilesTest {
    private static final Path DASHBOARD = Path.of("deploy/monitoring/sermon-uploader-dashboard.json");
    private static final Path ALERTS = Path.of("deploy/monitoring/sermon-uploader-alerts.yml");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "offset", "bool", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*+(?!\\s*\\()");

    @TempDir
    Path dir;

    /** The metric names a PromQL expression reads: identifiers that are not functions, keywords or labels. */
    static Set<String> metricsIn(String expr) {
        String bare = expr.replaceAll("\"[^\"]*\"", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group()) && (m.start() == 0 || !Character.isDigit(bare.charAt(m.start() - 1)))) {
                names.add(m.group());
            }
        }
        return names;
    }

    private static void exprs(JsonNode node, List<String> into) {
        if (node.isObject()) {
            node.properties().forEach(f -> {
                if (f.getKey().equals("expr")) {
                    into.add(f.getValue().asText());
                } else {
                    exprs(f.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> exprs(n, into));
        }
    }

    private static Set<String> referenced() throws Exception {
        JsonNode dashboard = Json.MAPPER.readTree(Files.readString(DASHBOARD));
        List<String> expressions = new ArrayList<>();
        exprs(dashboard.get("panels"), expressions);
        for (String line : Files.readAllLines(ALERTS)) {
            if (line.strip().startsWith("expr:")) {
                expressions.add(line.strip().substring("expr:".length()));
            }
        }
        Set<String> names = new TreeSet<>();
        expressions.forEach(e -> names.addAll(metricsIn(e)));
        String variable = dashboard.at("/templating/list/0/query/query").asText();
        names.add(variable.substring("label_values(".length(), variable.indexOf(',')));
        return names;
    }

    @Test
    void theParserFindsMetricsAndNothingElse() {
        assertEquals(Set.of("a_total", "b_bytes"), metricsIn("sum by (x) (rate(a_total{s=~\"5..\"}[5m])) / b_bytes > 0.1"));
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsUseIsExported() throws Exception {
        Set<String> used = referenced();
        assertTrue(used.size() >= 12, "the files name the metrics they chart: " + used);
        try (S3Proxy s3 = S3Proxy.start(Files.createDirectories(dir.resolve("s3")));
                TestService s = TestService.start(dir.resolve("data"), Clock.systemUTC(), S3StorageTest.QUICK, s3.settings())) {
            assertEquals(201, s.send(s.request(UploadHandler.PUT_PATH + "a.wav")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Wavs.bytes(10_000, 1))).build()).statusCode());
            Set<String> exported = new TreeSet<>();
            for (String line : s.get("/api/metrics").body().split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    exported.add(line.split("[{ ]", 2)[0]);
                }
            }
            Set<String> missing = new TreeSet<>(used);
            missing.removeAll(exported);
            assertEquals(Set.of(), missing, "exported: " + exported);
        }
    }
}
