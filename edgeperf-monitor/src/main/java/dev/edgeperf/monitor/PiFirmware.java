package dev.edgeperf.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Raspberry Pi's board model ({@code /proc/device-tree/model}, read once) and throttle flags: from the
 * firmware's sysfs attribute when the kernel has it, else from {@code vcgencmd get_throttled}, run at most
 * once per {@link #COMMAND_INTERVAL} because it spawns a process. Off a Pi, both are unavailable and no
 * process is ever started. Not thread-safe: used by the sampler only.
 */
final class PiFirmware {
    static final Duration COMMAND_INTERVAL = Duration.ofSeconds(10);
    static final String THROTTLED_ATTRIBUTE = "/sys/devices/platform/soc/soc:firmware/get_throttled";

    private final SysFs fs;
    private final CommandRunner commands;
    private @Nullable Reading<String> model;
    private Reading<ThrottleFlags> lastCommandResult = Reading.unavailable("vcgencmd not run yet");
    /** Ticker reading of the last vcgencmd run; meaningful once {@code commandRan}. */
    private long lastCommandRun;
    private boolean commandRan;

    PiFirmware(SysFs fs, CommandRunner commands) {
        this.fs = fs;
        this.commands = commands;
    }

    Reading<String> model() {
        if (model == null) {
            try {
                model = Reading.of(fs.read("/proc/device-tree/model", 256));
            } catch (IOException e) {
                model = Reading.unavailable("no /proc/device-tree/model: not a device-tree board");
            }
        }
        return model;
    }

    boolean isRaspberryPi() {
        return model().orElse("").startsWith("Raspberry Pi");
    }

    /**
     * The throttle flags now. {@code mayRunCommands} is false for samples taken on a caller's thread, which
     * must not wait for a process: they reuse the last command result.
     */
    Reading<ThrottleFlags> throttle(long nowNanos, boolean mayRunCommands) {
        if (!isRaspberryPi()) {
            return Reading.unavailable("not a Raspberry Pi");
        }
        Path attribute = fs.path(THROTTLED_ATTRIBUTE);
        if (Files.exists(attribute)) {
            try {
                return Reading.of(new ThrottleFlags(parseHex(fs.read(attribute, 32))));
            } catch (IOException | NumberFormatException e) {
                return Reading.unavailable(SysFs.unreadable(THROTTLED_ATTRIBUTE, e));
            }
        }
        boolean due = !commandRan || nowNanos - lastCommandRun >= COMMAND_INTERVAL.toNanos();
        if (mayRunCommands && due) {
            commandRan = true;
            lastCommandRun = nowNanos;
            lastCommandResult = runVcgencmd();
        }
        return lastCommandResult;
    }

    private Reading<ThrottleFlags> runVcgencmd() {
        try {
            String out = commands.run(List.of("vcgencmd", "get_throttled"), Duration.ofSeconds(2));
            int eq = out.indexOf('=');
            if (!out.startsWith("throttled=") || eq < 0) {
                return Reading.unavailable("vcgencmd get_throttled printed '" + out + "'");
            }
            return Reading.of(new ThrottleFlags(parseHex(out.substring(eq + 1))));
        } catch (IOException | NumberFormatException e) {
            return Reading.unavailable(SysFs.unreadable("vcgencmd get_throttled", e));
        }
    }

    private static int parseHex(String text) {
        String digits = text.strip();
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        return (int) Long.parseLong(digits, 16);
    }
}
