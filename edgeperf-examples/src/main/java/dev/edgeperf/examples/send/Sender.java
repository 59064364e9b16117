package dev.edgeperf.examples.send;

import dev.edgeperf.io.HashAlgorithm;
import dev.edgeperf.io.StreamingHasher;
import dev.edgeperf.resilience.Backoff;
import dev.edgeperf.resilience.RetryBudget;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Takes one finished recording to the server: its SHA-256 in one pass (edgeperf-io), the server asked
 * whether it already has it, then a resumable tus upload ({@link TusSend}), then the server's SHA-256 of
 * what it stored compared with ours, then (if asked) the move into {@code sent/}. A busy or full server
 * (429, 503, 507) is asked again after its {@code Retry-After}, or after a full-jitter backoff (1 s doubling to
 * 60 s) when it gives none; a server that cannot be reached likewise. Retries are held to a budget (a fifth of
 * the calls, at least one a second), so a flapping server is not hammered; over budget, the wait is the
 * backoff's cap. A refused token ends everything at once ({@link TokenRefusedException}), as it will not fix
 * itself. Not thread-safe: one recording at a time.
 */
final class Sender {
    /** The server refused the token: nothing will succeed until the operator changes it. */
    static final class TokenRefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        TokenRefusedException(String message) {
            super(message);
        }
    }

    /** How one recording ended. */
    enum Outcome { SENT, DUPLICATE, REFUSED, UNREACHABLE }

    private final ServerApi api;
    private final TusSend tus;
    private final Report report;
    private final Backoff backoff;
    private final RetryBudget budget;
    private final SermonSend.Sleeper sleeper;
    private final LongSupplier nanoTime;
    private final int maxAttempts;
    private final boolean moveSent;

    Sender(ServerApi api, TusSend tus, Report report, Backoff backoff, SermonSend.Sleeper sleeper, LongSupplier nanoTime, int maxAttempts,
            boolean moveSent) {
        this.api = api;
        this.tus = tus;
        this.report = report;
        this.backoff = backoff;
        this.budget = RetryBudget.builder().ticker(nanoTime).build();
        this.sleeper = sleeper;
        this.nanoTime = nanoTime;
        this.maxAttempts = maxAttempts;
        this.moveSent = moveSent;
    }

    /** Sends {@code file}; if {@code giveUp}, gives up after {@code maxAttempts} failed attempts, else tries for ever. */
    Outcome send(Path file, boolean giveUp) throws TokenRefusedException, InterruptedException {
        String name = file.getFileName().toString();
        String sha256;
        long size;
        try {
            size = Files.size(file);
            sha256 = StreamingHasher.sha256().hash(file).get(HashAlgorithm.SHA_256).hex();
        } catch (IOException e) {
            report.skipped(name, "cannot be read: " + e.getMessage());
            return Outcome.REFUSED;
        }
        for (int attempt = 1;; attempt++) {
            budget.recordCall();
            try {
                return attempt(file, name, size, sha256);
            } catch (ServerRefusal r) {
                if (r.tokenRefused()) {
                    throw new TokenRefusedException(r.getMessage());
                }
                if (r.status() == 409 && r.existing() != null) {
                    report.duplicate(name, r.existing());
                    return moved(file, Outcome.DUPLICATE);
                }
                if (!r.transientRefusal()) {
                    report.refused(name, r.getMessage());
                    return Outcome.REFUSED;
                }
                if (giveUp && attempt >= maxAttempts) {
                    report.refused(name, r.getMessage() + "; gave up after " + attempt + " attempts");
                    return Outcome.UNREACHABLE;
                }
                pause(attempt, Optional.ofNullable(r.retryAfter()), r.getMessage());
            } catch (IOException e) {
                if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
                    throw new InterruptedException(e.getMessage()); // this thread was interrupted: stop
                }
                if (giveUp && attempt >= maxAttempts) {
                    report.refused(name, "cannot reach the server: " + e.getMessage() + "; gave up after " + attempt + " attempts");
                    return Outcome.UNREACHABLE;
                }
                pause(attempt, Optional.empty(), "cannot reach the server: " + e.getMessage());
            }
        }
    }

    private Outcome attempt(Path file, String name, long size, String sha256) throws IOException {
        Optional<String> stored = api.storedAs(sha256);
        if (stored.isPresent()) {
            report.duplicate(name, stored.get());
            return moved(file, Outcome.DUPLICATE);
        }
        boolean[] first = {true};
        TusSend.Stored result = tus.send(file, sha256, offset -> {
            if (first[0] && offset > 0) {
                report.resuming(name, offset);
            }
            first[0] = false;
            report.progress(name, offset, size, nanoTime.getAsLong());
        });
        if (!result.sha256().equalsIgnoreCase(sha256)) {
            report.refused(name, "the server stored SHA-256 " + result.sha256() + " but the file's is " + sha256
                    + "; the file is kept to be looked at");
            return Outcome.REFUSED;
        }
        report.sent(name, size, sha256);
        return moved(file, Outcome.SENT);
    }

    private void pause(int attempt, Optional<Duration> retryAfter, String why) throws InterruptedException {
        Duration wait = budget.tryRetry() ? retryAfter.orElse(Duration.ofMillis(backoff.delayMillis(attempt))) : backoff.cap();
        if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
            wait = retryAfter.get();
        }
        report.waiting(why + "; trying again in " + Math.max(1, wait.toSeconds()) + " s");
        sleeper.sleep(wait);
    }

    private Outcome moved(Path file, Outcome outcome) {
        if (!moveSent) {
            return outcome;
        }
        try {
            Path sent = Files.createDirectories(file.resolveSibling("sent"));
            Files.move(file, sent.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            report.waiting("cannot move " + file.getFileName() + " into sent/: " + e.getMessage());
        }
        return outcome;
    }
}
