package dev.edgeperf.monitor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * CPU temperature from {@code /sys/class/thermal/thermal_zone*}/temp (millidegrees), preferring zones of
 * type {@code cpu-thermal} (Raspberry Pi) or {@code x86_pkg_temp}, then {@code /sys/class/hwmon/hwmon*}
 * /temp*_input. The file found is remembered and looked for again only if it stops giving a number. Not
 * thread-safe: used by the sampler only.
 */
final class ThermalSensor {
    private static final List<String> PREFERRED_TYPES = List.of("cpu-thermal", "cpu_thermal", "x86_pkg_temp");

    private final SysFs fs;
    private final Rediscovery<Double> rediscovery = new Rediscovery<>();
    private @Nullable Path source;

    ThermalSensor(SysFs fs) {
        this.fs = fs;
    }

    Reading<Double> read() {
        if (source == null) {
            Reading<Double> skipped = rediscovery.skipped();
            if (skipped != null) {
                return skipped;
            }
            source = locate();
            if (source == null) {
                return rediscovery.missed(Reading.unavailable("no thermal zone or hwmon temperature under /sys/class"));
            }
        }
        try {
            CharSequence text = fs.text(source, 32);
            return Reading.of(Long.parseLong(text, 0, text.length(), 10) / 1000.0);
        } catch (IOException | NumberFormatException e) {
            Path failed = source;
            source = null;
            return Reading.unavailable(SysFs.unreadable(failed.toString(), e));
        }
    }

    private @Nullable Path locate() {
        List<Path> zones = list(fs.path("/sys/class/thermal"), "thermal_zone*");
        for (String type : PREFERRED_TYPES) {
            for (Path zone : zones) {
                if (type.equals(typeOf(zone)) && Files.isReadable(zone.resolve("temp"))) {
                    return zone.resolve("temp");
                }
            }
        }
        for (Path zone : zones) {
            if (Files.isReadable(zone.resolve("temp"))) {
                return zone.resolve("temp");
            }
        }
        for (Path hwmon : list(fs.path("/sys/class/hwmon"), "hwmon*")) {
            List<Path> inputs = list(hwmon, "temp*_input");
            if (!inputs.isEmpty()) {
                return inputs.get(0);
            }
        }
        return null;
    }

    private String typeOf(Path zone) {
        try {
            return fs.read(zone.resolve("type"), 64);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<Path> list(Path dir, String glob) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
            entries.forEach(found::add);
        } catch (IOException e) {
            return found;
        }
        found.sort(null);
        return found;
    }
}
