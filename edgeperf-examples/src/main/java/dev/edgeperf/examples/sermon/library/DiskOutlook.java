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
import org.jspecify.annotations.Nullable;

/**
 * The data disk's outlook, so that the card never fills unannounced: DEGRADED once less than {@code warningFree}
 * of it is free, DOWN below {@code criticalFree} (the settings {@code DISK_WARNING_FREE} and
 * {@code DISK_CRITICAL_FREE}), and, in the reason, the days of recording left at the rate of the last
 * {@link #WINDOW}'s uploads. The rate is read from the stored sermons at most every {@link #RATE_EVERY}, so a
 * health check costs one division. Thread-safe.
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
    private volatile @Nullable Rate rate;

    /**
     * @param warningFree below this share of the disk free, DEGRADED
     * @param criticalFree below this share free, DOWN; at most {@code warningFree}
     * @param sermons the stored sermons, whose sizes and upload times give the rate
     */
    public DiskOutlook(double warningFree, double criticalFree, Callable<List<SermonRecord>> sermons, Clock clock) {
        if (!(criticalFree >= 0 && criticalFree <= warningFree && warningFree <= 1)) {
            throw new IllegalArgumentException("need 0 <= DISK_CRITICAL_FREE <= DISK_WARNING_FREE <= 100%, was "
                    + criticalFree + " and " + warningFree);
        }
        this.warningFree = warningFree;
        this.criticalFree = criticalFree;
        this.sermons = sermons;
        this.clock = clock;
    }

    /** The disk's health, named {@code name}. */
    public ComponentHealth judge(String name, DiskSpace disk) {
        double free = disk.totalBytes() <= 0 ? 0 : (double) disk.usableBytes() / disk.totalBytes();
        HealthStatus status = free < criticalFree ? HealthStatus.DOWN : free < warningFree ? HealthStatus.DEGRADED
                : HealthStatus.UP;
        String space = String.format("%.1f GiB free of %.1f GiB (%.0f%%; warning below %.0f%%, critical below %.0f%%)",
                disk.usableBytes() / GIB, disk.totalBytes() / GIB, free * 100, warningFree * 100, criticalFree * 100);
        double perDay = bytesPerDay();
        String outlook = Double.isNaN(perDay) ? "the stored sermons cannot be read for a rate"
                : perDay == 0 ? "no uploads in the last " + WINDOW.toDays() + " days to estimate the days left from"
                : String.format("about %d days of recordings left at the last %d days' rate (%.2f GiB a day)",
                        (long) (disk.usableBytes() / perDay), WINDOW.toDays(), perDay / GIB);
        return new ComponentHealth(name, status, space + "; " + outlook);
    }

    /** Bytes uploaded per day over the window, read again when older than {@link #RATE_EVERY}; NaN if unreadable. */
    private double bytesPerDay() {
        Instant now = clock.instant();
        Rate r = rate;
        if (r != null && Duration.between(r.at(), now).compareTo(RATE_EVERY) < 0) {
            return r.bytesPerDay();
        }
        double perDay;
        try {
            Instant since = now.minus(WINDOW);
            long bytes = 0;
            for (SermonRecord s : sermons.call()) {
                if (uploadedSince(s, since)) {
                    bytes += s.size();
                }
            }
            perDay = (double) bytes / WINDOW.toDays();
        } catch (Exception e) {
            perDay = Double.NaN;
        }
        rate = new Rate(perDay, now);
        return perDay;
    }

    private static boolean uploadedSince(SermonRecord s, Instant since) {
        try {
            return Instant.parse(s.uploadedAt()).isAfter(since);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
