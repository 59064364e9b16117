package dev.edgeperf.examples.sermon.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgeperf.monitor.PressureLevel;
import org.junit.jupiter.api.Test;

/** Parts in flight against heat and memory pressure, with a 4-core board's advice. */
class PartsInFlightTest {
    private static int parts(PressureLevel memory, int thermalAdvice) {
        return new PartsInFlight(6, () -> memory, () -> thermalAdvice, 4).getAsInt();
    }

    @Test
    void theCapWhileCoolWithMemoryToSpare() {
        assertEquals(6, parts(PressureLevel.NORMAL, 4));
    }

    @Test
    void memoryAtWarningKeepsTheCap() {
        assertEquals(6, parts(PressureLevel.WARNING, 4));
    }

    @Test
    void halfWhileTheBoardIsWarm() {
        assertEquals(3, parts(PressureLevel.NORMAL, 2));
    }

    @Test
    void onePartWhenTheBoardIsHot() {
        assertEquals(1, parts(PressureLevel.NORMAL, 1));
    }

    @Test
    void onePartWhenMemoryIsCritical() {
        assertEquals(1, parts(PressureLevel.CRITICAL, 4));
    }

    @Test
    void aCapBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PartsInFlight(0, () -> PressureLevel.NORMAL, () -> 4, 4));
    }
}
