package dev.edgeperf.examples.sermon.library;

import dev.edgeperf.monitor.ComponentHealth;
import dev.edgeperf.monitor.DiskSpace;
import dev.edgeperf.monitor.HealthStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The data disk's outlook, so that the card never fills unannounced: DEGRADED once less than {@code warningFree}
 * of it is free, DOWN below {@code criticalFree} (the settings {@code DISK_WARNING_FREE} and
 * {@code DISK_CRITICAL_FREE}), and, in the reason, the days of recording left at the rate of the last
 * {@link #WINDOW}'s uploads. The rate is read from the stored sermons at most every {@link #RATE_EVERY}, on the
 * given executor, never on the thread asking for health (a listing may reach the object store): a health check
 * costs one division, and says so while the first rate is not known yet. Thread-safe.
 */
public final class DiskOutlook {
    /** The uploads the rate is taken from. */
    public static final Duration WINDOW = Duration.ofDays(28);
    static final Duration RATE_EVERY = Duration.ofMinutes(10);
    private static final double GIB = 1L << 30;

    private record Rate(double bytesPerDay, Instant at) {
    }

    private final double warningFree;
    private final double criticalFree;
    private final Callable<List<SermonRecord>> sermons;
    private final Clock clock;
    private final Executor refresher;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile @Nullable Rate rate;

    /**
     * @param warningFree below this share of the disk free, DEGRADED
     * @param criticalFree below this share free, DOWN; at most {@code warningFree}
     * @param sermons the stored sermons, whose sizes and upload times give the rate
     * @param refresher where the rate is read again
     */
    public DiskOutlook(double warningFree, double criticalFree, Callable<List<SermonRecord>> sermons, Clock clock,
            Executor refresher) {
        if (!(criticalFree >= 0 && criticalFree <= warningFree && warningFree <= 1)) {
            throw new IllegalArgumentException("need 0 <= DISK_CRITICAL_FREE <= DISK_WARNING_FREE <= 100%, was "
                    + criticalFree + " and " + warningFree);
        }
        this.warningFree = warningFree;
        this.criticalFree = criticalFree;
        this.sermons = sermons;
        this.clock = clock;
        this.refresher = refresher;
    }

    /** The disk's health, named {@code name}. */
    public ComponentHealth judge(String name, DiskSpace disk) {
        double free = disk.totalBytes() <= 0 ? 0 : (double) disk.usableBytes() / disk.totalBytes();
        HealthStatus status = free < criticalFree ? HealthStatus.DOWN : free < warningFree ? HealthStatus.DEGRADED
                : HealthStatus.UP;
        String space = String.format("%.1f GiB free of %.1f GiB (%.0f%%; warning below %.0f%%, critical below %.0f%%)",
                disk.usableBytes() / GIB, disk.totalBytes() / GIB, free * 100, warningFree * 100, criticalFree * 100);
        Rate r = rateNow();
        double perDay = r == null ? Double.NaN : r.bytesPerDay();
        String outlook = r == null ? "the upload rate is being read" : Double.isNaN(perDay)
                ? "the stored sermons cannot be read for a rate"
                : perDay == 0 ? "no uploads in the last " + WINDOW.toDays() + " days to estimate the days left from"
                : String.format("about %d days of recordings left at the last %d days' rate (%.2f GiB a day)",
                        (long) (disk.usableBytes() / perDay), WINDOW.toDays(), perDay / GIB);
        return new ComponentHealth(name, status, space + "; " + outlook);
    }

    /** The last rate read; a new one is asked for when it is missing or older than {@link #RATE_EVERY}. */
    private @Nullable Rate rateNow() {
        Rate r = rate;
        Instant now = clock.instant();
        if ((r == null || Duration.between(r.at(), now).compareTo(RATE_EVERY) >= 0) && refreshing.compareAndSet(false, true)) {
            try {
                refresher.execute(() -> {
                    try {
                        rate = new Rate(readRate(now), now);
                    } finally {
                        refreshing.set(false);
                    }
                });
            } catch (RejectedExecutionException e) {
                refreshing.set(false);
            }
        }
        return rate;
    }

    /** Bytes uploaded per day over the window before {@code now}; NaN if the sermons cannot be read. */
    private double readRate(Instant now) {
        try {
            Instant since = now.minus(WINDOW);
            long bytes = 0;
            for (SermonRecord s : sermons.call()) {
                if (uploadedSince(s, since)) {
                    bytes += s.size();
                }
            }
            return (double) bytes / WINDOW.toDays();
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static boolean uploadedSince(SermonRecord s, Instant since) {
        try {
            return Instant.parse(s.uploadedAt()).isAfter(since);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
