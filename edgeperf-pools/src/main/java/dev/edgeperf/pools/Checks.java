package dev.edgeperf.pools;

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

    /**
     * Fails with a message naming {@code dependency} if {@code className}, which {@code feature} needs, is not
     * on the class path: edgeperf declares such libraries optional, so that only their users carry them.
     */
    static void requireOptional(String className, String feature, String dependency) {
        try {
            Class.forName(className, false, Checks.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(feature + " needs " + dependency + " on the class path; edgeperf declares it"
                    + " optional, so that only users of " + feature + " carry it: add it to your build", e);
        }
    }
}
