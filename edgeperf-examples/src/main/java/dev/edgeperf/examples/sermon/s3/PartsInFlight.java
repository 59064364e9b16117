package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.monitor.PressureLevel;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * How many parts the outbox may send at once, asked before each part: the cap ({@code S3_PARTS_IN_FLIGHT})
 * while all is well, half of it while the board is warm (the monitor's {@code ThermalAdvice} below all
 * cores), and one part when memory is CRITICAL or the board is hot (the advice is down to one core). Memory
 * at WARNING changes nothing: a part in flight streams from the file and costs a connection and the HTTP
 * client's buffers, a few tens of KiB, and on a 64 MiB heap the raw heap use that the level follows crosses
 * WARNING with every burst of garbage (halving there cut shipping speed by a fifth in the harness).
 * Thread-safe if its sources are.
 */
public final class PartsInFlight implements IntSupplier {
    private final int cap;
    private final Supplier<PressureLevel> memory;
    private final IntSupplier thermalAdvice;
    private final int cores;

    /**
     * @param thermalAdvice the monitor's advice: {@code cores} when cool, fewer when warm, 1 when hot
     * @param cores what the advice gives when cool
     */
    public PartsInFlight(int cap, Supplier<PressureLevel> memory, IntSupplier thermalAdvice, int cores) {
        if (cap < 1) {
            throw new IllegalArgumentException("parts in flight must be at least 1, not " + cap);
        }
        this.cap = cap;
        this.memory = memory;
        this.thermalAdvice = thermalAdvice;
        this.cores = cores;
    }

    @Override
    public int getAsInt() {
        PressureLevel m = memory.get();
        int advice = thermalAdvice.getAsInt();
        if (m == PressureLevel.CRITICAL || (advice <= 1 && cores > 1)) {
            return 1;
        }
        if (advice < cores) {
            return Math.max(1, cap / 2);
        }
        return cap;
    }
}
