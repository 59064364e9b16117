package dev.edgeperf.examples.sermon.archfixture;

import dev.edgeperf.examples.sermon.http.ApiException;

/**
 * A class that breaks the layering on purpose: a "lower" class that speaks HTTP. {@link LayeringTest} checks
 * that its rules catch it; nothing else uses it.
 */
final class LowerImportsHttp {
    private LowerImportsHttp() {
    }

    static RuntimeException refuse() {
        return new ApiException(400, "bad", "refused the HTTP way");
    }
}
