package dev.edgeperf.io;

import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when told, and a sleeper that moves it instead of sleeping. */
final class FakeClock implements LongSupplier, Throttle.Sleeper {
    private long now = 1_000_000_000L;

    @Override
    public long getAsLong() {
        return now;
    }

    @Override
    public void sleep(long nanos) {
        now += nanos;
    }

    void advance(long nanos) {
        now += nanos;
    }
}
