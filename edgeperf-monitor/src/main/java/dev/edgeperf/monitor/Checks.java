package dev.edgeperf.monitor;

import org.jspecify.annotations.Nullable;

/** Argument checks shared by the builders. Stateless. */
final class Checks {
    private Checks() {
    }

    /** Builders take each setting once, as Caffeine's do: a second value is a bug in the caller. */
    static void requireUnset(@Nullable Object value, String setting) {
        if (value != null) {
            throw new IllegalStateException(setting + " was already set");
        }
    }
}
