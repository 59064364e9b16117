package dev.edgeperf.examples.sermon.s3;

import dev.edgeperf.examples.sermon.library.RemoteFailure;
import dev.edgeperf.resilience.RetryAfter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a store's failure means for the service, in three kinds: worth retrying
 * ({@link RemoteFailure.Retryable}: cut off, 408, 429, 5xx, after {@code Retry-After} when given), a refusal
 * of this one request ({@link RemoteFailure.Rejected}: another 4xx), or a problem of the whole store that
 * only the operator can fix ({@link StoreProblem}, each naming the setting to change). Stateless.
 */
final class StoreAnswers {
    private final S3Settings settings;
    private final Clock clock;

    StoreAnswers(S3Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** The kind of {@code failure}, a failure of {@code what}. */
    IOException classify(String what, IOException failure) {
        if (!(failure instanceof S3Http.S3Failure f)) {
            return failure instanceof RemoteFailure.Retryable || failure instanceof RemoteFailure.Rejected
                    || failure instanceof StoreProblem ? failure : retryable(what + ": " + failure, failure, null);
        }
        S3Error e = f.error();
        String where = " (bucket " + settings.bucket() + " at " + settings.endpoint() + ")";
        StoreProblem problem = switch (e.code()) {
            case "InvalidAccessKeyId", "SignatureDoesNotMatch" -> new StoreProblem(StoreProblem.Kind.WRONG_KEYS, what + where
                    + ": the store does not accept the keys, " + e.describe() + ": check S3_ACCESS_KEY and S3_SECRET_KEY");
            case "RequestTimeTooSkewed" -> new StoreProblem(StoreProblem.Kind.CLOCK_SKEW, what + where + ": this machine's"
                    + " clock says " + clock.instant() + skew(f.header("Date")) + ", too far from the store's for signed"
                    + " requests: set the clock (timedatectl set-ntp true); a Pi has no battery clock and can be days off"
                    + " after a power cut");
            case "AuthorizationHeaderMalformed", "PermanentRedirect", "IllegalLocationConstraintException", "InvalidRegion" ->
                    wrongRegion(what + where, e);
            case "NoSuchBucket" -> new StoreProblem(StoreProblem.Kind.NO_BUCKET, what + where + ": the bucket does not"
                    + " exist: create it, set S3_CREATE_BUCKET=true, or check S3_BUCKET");
            case "AccessDenied" -> new StoreProblem(StoreProblem.Kind.ACCESS_DENIED, what + where + ": " + e.describe()
                    + ": the keys need permission to read, write and list the bucket and to run multipart uploads");
            default -> null;
        };
        if (problem != null) {
            return problem;
        }
        if (e.status() == 301) {
            return wrongRegion(what + where, e);
        }
        if (e.notImplemented()) {
            StoreProblem missing = new StoreProblem(StoreProblem.Kind.INCOMPATIBLE, what + where + ": the store does not"
                    + " implement this call (" + e.describe() + "); shipping needs PUT, GET and HEAD of objects and the"
                    + " multipart upload calls: use a store that has them, or leave S3_ENDPOINT unset to keep sermons"
                    + " on local disk");
            missing.initCause(f);
            return missing;
        }
        if (e.status() == 408 || e.status() == 429 || e.status() >= 500) {
            return retryable(f.getMessage(), f, f.header("Retry-After"));
        }
        RemoteFailure.Rejected rejected = new RemoteFailure.Rejected(f.getMessage());
        rejected.initCause(f);
        return rejected;
    }

    /** The S3 error behind {@code failure} (itself or a cause), if it came from an answer. */
    static Optional<S3Error> errorOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof S3Http.S3Failure f) {
                return Optional.of(f.error());
            }
        }
        return Optional.empty();
    }

    private StoreProblem wrongRegion(String what, S3Error e) {
        return new StoreProblem(StoreProblem.Kind.WRONG_REGION, what + ": the store expects another region than S3_REGION="
                + settings.region() + " (" + e.describe() + "): set S3_REGION="
                + e.regionHint().orElse("<the bucket's region>"));
    }

    private RemoteFailure.Retryable retryable(String message, IOException cause, @Nullable String retryAfter) {
        Optional<Duration> after = retryAfter == null ? Optional.empty() : RetryAfter.parse(retryAfter, clock);
        RemoteFailure.Retryable r = new RemoteFailure.Retryable(message, after);
        r.initCause(cause);
        return r;
    }

    /** ", the store's {@code date}" when the answer said what time it is. */
    private static String skew(@Nullable String date) {
        if (date == null) {
            return "";
        }
        try {
            Instant theirs = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return " and the store's " + theirs;
        } catch (DateTimeParseException e) {
            return "";
        }
    }
}
