package dev.edgeperf.benchmarks;

import dev.edgeperf.resilience.Backoff;
import dev.edgeperf.resilience.RetryBudget;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.IntToLongFunction;

/**
 * Retry storms in virtual time: no thread sleeps, one run takes milliseconds.
 *
 * <p><b>Recovery.</b> 1,000 clients each send one request during the first second to a dependency that
 * fails everything for 10 s, then serves {@value #CAPACITY_PER_SECOND} requests a second (anything beyond
 * its capacity in a 100 ms slot fails, as an overloaded server's 503s do). Clients retry until they
 * succeed (at most {@value #MAX_ATTEMPTS} attempts). For each backoff: total calls, p50/p99 completion,
 * and the peak calls in one 100 ms slot after recovery.
 *
 * <p><b>Outage.</b> Clients send 100 requests a second for 60 s to a dependency that is down throughout;
 * each request makes up to 3 attempts. Calls sent ÷ requests, with and without the default
 * {@link RetryBudget} (20% of recent calls plus 1 retry a second).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.edgeperf.benchmarks.RetryStormSimulation [baseMillis]}
 * (default 500, edgeperf's default backoff and resilience4j's default first interval).
 * Deterministic for edgeperf's strategies (seeded); resilience4j's randomized backoff draws from
 * {@code Math.random()}, so its row moves by a few percent between runs.
 */
public final class RetryStormSimulation {
    static final int CLIENTS = 1000;
    static final int CAPACITY_PER_SECOND = 200;
    static final int MAX_ATTEMPTS = 50;
    static final long OUTAGE_MILLIS = 10_000;
    static final long SLOT_MILLIS = 100;

    private RetryStormSimulation() {
    }

    public static void main(String[] args) {
        Duration base = Duration.ofMillis(args.length > 0 ? Long.parseLong(args[0]) : 500);
        Duration cap = Duration.ofSeconds(10);
        System.out.println("Recovery: " + CLIENTS + " clients, " + OUTAGE_MILLIS / 1000 + " s outage, then "
                + CAPACITY_PER_SECOND + " requests/s; backoff base " + base.toMillis() + " ms, cap " + cap.toSeconds() + " s");
        System.out.println("| backoff | total calls | p50 done (s) | p99 done (s) | peak calls per 100 ms after recovery |");
        System.out.println("|---|---:|---:|---:|---:|");
        recovery("none (exponential)", Backoff.exponential(base, cap)::delayMillis);
        recovery("equal jitter", Backoff.equalJitter(base, cap, new SplittableRandom(1))::delayMillis);
        recovery("full jitter (default)", Backoff.fullJitter(base, cap, new SplittableRandom(1))::delayMillis);
        recovery("decorrelated jitter", Backoff.decorrelatedJitter(base, cap, new SplittableRandom(1))::delayMillis);
        IntervalFunction r4j = IntervalFunction.ofExponentialRandomBackoff();
        recovery("resilience4j ofExponentialRandomBackoff()", attempt -> r4j.apply(attempt));
        System.out.println();
        System.out.println("Outage: 100 requests/s for 60 s, dependency down throughout, 3 attempts per request, full jitter");
        System.out.println("| budget | requests | calls sent | calls ÷ requests |");
        System.out.println("|---|---:|---:|---:|");
        outage("none", false);
        outage("default (20% + 1/s over 10 s)", true);
    }

    /** An attempt due at a time. */
    private record Event(long atMillis, int client, int attempt) {
    }

    private static void recovery(String name, IntToLongFunction backoff) {
        SplittableRandom arrivals = new SplittableRandom(7);
        PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> Long.compare(a.atMillis, b.atMillis));
        for (int c = 0; c < CLIENTS; c++) {
            events.add(new Event(arrivals.nextLong(1000), c, 1));
        }
        long[] done = new long[CLIENTS];
        Arrays.fill(done, -1);
        int[] servedInSlot = new int[100_000];
        int[] callsInSlot = new int[100_000];
        long calls = 0;
        int perSlot = (int) (CAPACITY_PER_SECOND * SLOT_MILLIS / 1000);
        while (!events.isEmpty()) {
            Event e = events.poll();
            int slot = (int) (e.atMillis / SLOT_MILLIS);
            calls++;
            callsInSlot[slot]++;
            boolean ok = e.atMillis >= OUTAGE_MILLIS && servedInSlot[slot] < perSlot;
            if (ok) {
                servedInSlot[slot]++;
                done[e.client] = e.atMillis;
            } else if (e.attempt < MAX_ATTEMPTS) {
                events.add(new Event(e.atMillis + backoff.applyAsLong(e.attempt), e.client, e.attempt + 1));
            }
        }
        int peak = 0;
        for (int s = (int) (OUTAGE_MILLIS / SLOT_MILLIS); s < callsInSlot.length; s++) {
            peak = Math.max(peak, callsInSlot[s]);
        }
        long[] finished = Arrays.stream(done).filter(t -> t >= 0).sorted().toArray();
        String p50 = finished.length > CLIENTS / 2 ? String.format("%.1f", finished[CLIENTS / 2] / 1000.0) : "never";
        String p99 = finished.length > CLIENTS * 99 / 100 ? String.format("%.1f", finished[CLIENTS * 99 / 100] / 1000.0) : "never";
        System.out.printf("| %s | %,d | %s | %s | %d |%n", name, calls, p50, p99, peak);
    }

    private static void outage(String name, boolean withBudget) {
        long[] now = {0};
        RetryBudget budget = withBudget ? RetryBudget.builder().ticker(() -> now[0] * 1_000_000).build() : null;
        Backoff backoff = Backoff.fullJitter(Duration.ofMillis(500), Duration.ofSeconds(10), new SplittableRandom(3));
        PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> Long.compare(a.atMillis, b.atMillis));
        int requests = 0;
        for (long t = 0; t < 60_000; t += 10) {
            events.add(new Event(t, requests++, 1));
        }
        long calls = 0;
        while (!events.isEmpty()) {
            Event e = events.poll();
            now[0] = e.atMillis;
            if (e.attempt == 1 && budget != null) {
                budget.recordCall();
            }
            if (e.attempt > 1 && budget != null && !budget.tryRetry()) {
                continue;
            }
            calls++;
            if (e.attempt < 3) {
                events.add(new Event(e.atMillis + backoff.delayMillis(e.attempt), e.client, e.attempt + 1));
            }
        }
        System.out.printf("| %s | %,d | %,d | %.2f |%n", name, requests, calls, (double) calls / requests);
    }
}
