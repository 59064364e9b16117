package dev.edgeperf.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmark regression gate that {@code .ci/run} runs: a short, fixed set of headline comparisons, each
 * edgeperf against its best peer <em>measured in the same run</em>, checked against the ratios in
 * {@code benchmarks/baseline.json}. A ratio is always edgeperf's time ÷ the fastest peer's time (below 1:
 * edgeperf is faster). A check fails when its ratio is worse than the baseline's by more than the check's
 * tolerance ({@code ratio > baseline × (1 + tolerance)}); ratios, not times, so a slower or busier machine
 * does not fail it, a slower edgeperf does. A check that fails is measured once more and fails the gate only if
 * it fails again: a neighbour's burst on a shared machine spoils one run, a regression spoils both.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.edgeperf.benchmarks.RatioGate baseline.json outDir}. Writes
 * each comparison's JMH JSON to {@code outDir/<id>.json} and every ratio to {@code outDir/ratios.json} (which
 * {@link RatioChart} draws); exits 1 if a check failed, 2 on bad input. Runs in the caller's thread; takes
 * the JMH runs' time (about 7 minutes for the committed baseline on 2 cores).
 */
public final class RatioGate {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One comparison: a benchmark class, its parameters, edgeperf's method and its peers'. */
    record Check(String id, String title, String benchmark, Map<String, String> params, String method, List<String> peers,
            double baseline, double tolerance) {
        /** The ratio above which this check fails. */
        double limit() {
            return baseline * (1 + tolerance);
        }

        static Check of(JsonNode n, double defaultTolerance) {
            Map<String, String> params = new LinkedHashMap<>();
            n.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            List<String> peers = new ArrayList<>();
            n.path("peers").forEach(p -> peers.add(p.asText()));
            if (!n.hasNonNull("id") || !n.hasNonNull("benchmark") || !n.hasNonNull("method") || peers.isEmpty()
                    || !n.path("baseline").isNumber()) {
                throw new IllegalArgumentException("a check needs id, benchmark, method, peers and a numeric baseline: " + n);
            }
            return new Check(n.get("id").asText(), n.path("title").asText(n.get("id").asText()), n.get("benchmark").asText(),
                    params, n.get("method").asText(), peers, n.get("baseline").asDouble(),
                    n.path("tolerance").asDouble(defaultTolerance));
        }
    }

    /** What one check measured. */
    record Outcome(Check check, double ratio, String fastestPeer, Map<String, Double> scores, String unit) {
        boolean passed() {
            return ratio <= check.limit();
        }
    }

    private RatioGate() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        if (args.length != 2) {
            System.err.println("usage: RatioGate baseline.json outDir");
            System.exit(2);
        }
        JsonNode baseline = JSON.readTree(Path.of(args[0]).toFile());
        Path out = Files.createDirectories(Path.of(args[1]));
        List<Outcome> outcomes = new ArrayList<>();
        for (JsonNode n : baseline.path("checks")) {
            Check check = Check.of(n, baseline.path("tolerance").asDouble(0.25));
            Outcome first = run(check, baseline, out.resolve(check.id() + ".json"));
            if (first.passed()) {
                outcomes.add(first);
            } else {
                System.out.printf("%s: %.2f× is over its limit of %.2f×; measuring it once more%n", check.id(), first.ratio(),
                        check.limit());
                outcomes.add(run(check, baseline, out.resolve(check.id() + ".again.json")));
            }
        }
        write(outcomes, out.resolve("ratios.json"));
        System.out.println();
        System.out.println(table(outcomes));
        long failed = outcomes.stream().filter(o -> !o.passed()).count();
        System.out.println(failed == 0 ? "all " + outcomes.size() + " ratios within their baselines"
                : failed + " of " + outcomes.size() + " ratios worse than their baselines allow");
        System.exit(failed == 0 ? 0 : 1);
    }

    private static Outcome run(Check check, JsonNode settings, Path result) throws RunnerException {
        List<String> methods = new ArrayList<>(check.peers());
        methods.add(0, check.method());
        String include = "^" + Pattern.quote(RatioGate.class.getPackageName() + "." + check.benchmark()) + "\\.("
                + String.join("|", methods) + ")$";
        ChainedOptionsBuilder options = new OptionsBuilder().include(include)
                .forks(settings.path("forks").asInt(2))
                .warmupIterations(settings.path("warmupIterations").asInt(2))
                .warmupTime(TimeValue.milliseconds(settings.path("iterationMillis").asInt(1000)))
                .measurementIterations(settings.path("iterations").asInt(3))
                .measurementTime(TimeValue.milliseconds(settings.path("iterationMillis").asInt(1000)))
                .resultFormat(ResultFormatType.JSON).result(result.toString()).shouldFailOnError(true);
        check.params().forEach(options::param);
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Double> scores = new LinkedHashMap<>();
        String unit = "";
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            scores.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
            unit = r.getPrimaryResult().getScoreUnit();
        }
        if (!scores.keySet().containsAll(methods)) {
            throw new IllegalStateException(check.id() + ": JMH ran " + scores.keySet() + ", not " + methods);
        }
        String fastest = check.peers().stream().min(Comparator.comparingDouble(p -> scores.getOrDefault(p, 0.0)))
                .orElseThrow();
        return new Outcome(check, scores.getOrDefault(check.method(), 0.0) / scores.getOrDefault(fastest, 1.0), fastest,
                scores, unit);
    }

    private static void write(List<Outcome> outcomes, Path file) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Outcome o : outcomes) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", o.check().id());
            row.put("title", o.check().title());
            row.put("ratio", o.ratio());
            row.put("baseline", o.check().baseline());
            row.put("limit", o.check().limit());
            row.put("peer", o.fastestPeer());
            row.put("scores", o.scores());
            row.put("unit", o.unit());
            row.put("passed", o.passed());
            rows.add(row);
        }
        JSON.writeValue(file.toFile(), Map.of("direction", "edgeperf's time ÷ the fastest peer's time; below 1 is faster",
                "ratios", rows));
    }

    static String table(List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-30s %-30s %7s %9s %7s  %s%n", "check",
                "fastest peer", "ratio", "baseline", "limit", "result"));
        for (Outcome o : outcomes) {
            b.append(String.format(Locale.ROOT, "%-30s %-30s %6.2f× %8.2f× %6.2f×  %s%n", o.check().id(), o.fastestPeer(),
                    o.ratio(), o.check().baseline(), o.check().limit(), o.passed() ? "ok" : "WORSE"));
        }
        return b.toString();
    }
}
