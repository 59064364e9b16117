package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgeperf.examples.sermon.upload.UploadGate;
import dev.edgeperf.examples.sermon.upload.UploadRefusal;
import dev.edgeperf.monitor.SystemMonitor;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The upload gate on its own, without HTTP: places, per-client places, idle reclaim and disk promises. */
class UploadGateTest {
    private static final long MIB = 1 << 20;
    private final long[] now = {0};
    private final SystemMonitor monitor = SystemMonitor.builder().build();

    @AfterEach
    void close() {
        monitor.close();
    }

    private UploadGate gate(int places, int perClient, long usableDisk) {
        return new UploadGate(places, perClient, Duration.ofSeconds(60), monitor.memoryGuard(), 64 << 10,
                () -> usableDisk, 0, 8L << 30, () -> now[0]);
    }

    private static UploadRefusal.Reason refusal(Runnable admit) {
        return ((UploadRefusal) assertThrows(UploadRefusal.class, admit::run)).reason();
    }

    @Test
    void oneClientHoldsAtMostItsShareAndAnotherClientStillGetsAPlace() {
        UploadGate gate = gate(3, 1, 100 * MIB);
        gate.admit("a", "10.0.0.1", MIB);
        assertEquals(UploadRefusal.Reason.NO_PLACE, refusal(() -> gate.admit("b", "10.0.0.1", MIB)));
        gate.admit("c", "10.0.0.2", MIB);
        assertEquals(2, gate.active());
    }

    @Test
    void aReleasedPlaceIsFreeAtOnce() {
        UploadGate gate = gate(1, 1, 100 * MIB);
        gate.admit("a", "10.0.0.1", MIB);
        gate.release("a");
        gate.admit("b", "10.0.0.1", MIB);
        assertEquals(1, gate.active());
    }

    @Test
    void aPlaceWithNoRequestForTheIdleWindowIsReclaimed() {
        UploadGate gate = gate(1, 1, 100 * MIB);
        gate.admit("a", "10.0.0.1", MIB);
        gate.requestEnded("a");
        now[0] += Duration.ofSeconds(59).toNanos();
        assertEquals(UploadRefusal.Reason.NO_PLACE, refusal(() -> gate.admit("b", "10.0.0.2", MIB)));
        now[0] += Duration.ofSeconds(1).toNanos();
        gate.admit("b", "10.0.0.2", MIB);
        assertEquals(1, gate.active());
    }

    @Test
    void anUploadOfUnknownLengthIsPromisedTheLargestUploadOfDisk() {
        UploadGate gate = gate(2, 2, 100 * MIB);
        assertEquals(UploadRefusal.Reason.NO_DISK_ROOM, refusal(() -> gate.admit("a", "10.0.0.1", -1)));
        gate.admit("b", "10.0.0.1", 50 * MIB);
        assertEquals(UploadRefusal.Reason.NO_DISK_ROOM, refusal(() -> gate.admit("c", "10.0.0.1", 60 * MIB)),
                "the 50 MiB owed to b are not promised again");
    }
}
