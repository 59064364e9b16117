package dev.edgeperf.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration CAP = Duration.ofSeconds(10);

    private static long ceiling(int attempt) {
        return Math.min(10_000, 100L << (attempt - 1));
    }

    @Test
    void fullJitterIsUniformBelowTheCappedCeiling() {
        Backoff b = Backoff.fullJitter(BASE, CAP, new SplittableRandom(1));
        for (int attempt = 1; attempt <= 12; attempt++) {
            double sum = 0;
            for (int i = 0; i < 20_000; i++) {
                long d = b.delayMillis(attempt);
                assertTrue(d >= 0 && d <= ceiling(attempt), "attempt " + attempt + ": " + d);
                sum += d;
            }
            assertEquals(ceiling(attempt) / 2.0, sum / 20_000, ceiling(attempt) * 0.02, "mean at attempt " + attempt);
        }
    }

    @Test
    void theCapAppliesBeforeTheJitterSoCappedRetriesStaySpreadOut() {
        Backoff ours = Backoff.fullJitter(BASE, CAP, new SplittableRandom(2));
        Set<Long> distinct = new HashSet<>();
        long atCap = 0;
        for (int i = 0; i < 1000; i++) {
            long d = ours.delayMillis(30);
            distinct.add(d);
            atCap += d == 10_000 ? 1 : 0;
        }
        assertTrue(distinct.size() > 900, "capped delays keep their spread: " + distinct.size());
        assertTrue(atCap < 5);
        // resilience4j's own randomized backoff jitters first and caps afterwards: every capped delay is the cap.
        IntervalFunction theirs = IntervalFunction.ofExponentialRandomBackoff(100, 2.0, 0.5, 10_000);
        for (int i = 0; i < 100; i++) {
            assertEquals(10_000L, theirs.apply(30));
        }
    }

    @Test
    void equalJitterWaitsAtLeastHalfTheCeiling() {
        Backoff b = Backoff.equalJitter(BASE, CAP, new SplittableRandom(3));
        for (int attempt = 1; attempt <= 12; attempt++) {
            for (int i = 0; i < 2000; i++) {
                long d = b.delayMillis(attempt);
                assertTrue(d >= ceiling(attempt) / 2 && d <= ceiling(attempt), "attempt " + attempt + ": " + d);
            }
        }
    }

    @Test
    void decorrelatedJitterStaysBetweenTheBaseAndThreeTimesThePreviousMaximum() {
        Backoff b = Backoff.decorrelatedJitter(BASE, CAP, new SplittableRandom(4));
        long previousMax = 100;
        for (int attempt = 1; attempt <= 8; attempt++) {
            long upper = Math.min(10_000, 3 * previousMax);
            for (int i = 0; i < 2000; i++) {
                long d = b.delayMillis(attempt);
                assertTrue(d >= 100 && d <= upper, "attempt " + attempt + ": " + d + " not in [100, " + upper + "]");
            }
            previousMax = Math.min(10_000, attempt == 1 ? 100 : previousMax * 3);
        }
    }

    @Test
    void exponentialWithoutJitterIsTheCeiling() {
        Backoff b = Backoff.exponential(BASE, CAP);
        assertEquals(100, b.delayMillis(1));
        assertEquals(800, b.delayMillis(4));
        assertEquals(10_000, b.delayMillis(40));
        assertEquals(800L, b.apply(4), "usable as a resilience4j IntervalFunction");
    }

    @Test
    void badSettingsAreRejectedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backoff.fullJitter(Duration.ZERO, CAP));
        assertTrue(e.getMessage().contains("PT0S"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Backoff.fullJitter(BASE, Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("PT0.05S"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Backoff.exponential(BASE, CAP).delayMillis(0));
    }
}
