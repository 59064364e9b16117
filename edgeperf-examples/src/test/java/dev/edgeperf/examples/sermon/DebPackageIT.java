package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The Debian package as dpkg would handle it: its fields, lintian's verdict, and its maintainer scripts run for
 * real against a throwaway root (DPKG_ROOT, as {@code dpkg --root} runs them), then the service started from the
 * installed layout, as its own user. The install tests run in order on one root: configure, start, remove,
 * purge. They need dpkg-deb (and lintian for its test), and root, to make the service's user and run as it;
 * without them they are skipped, naming what is missing. {@code .ci/run} installs lintian and runs as root.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebPackageIT {
    private static final Path DEB = debFile();
    private static Path root;
    private static Path control;

    private static Path debFile() {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("deb.dir", "target")))) {
            return files.filter(p -> p.getFileName().toString().matches("sermon-uploader_.*_all\\.deb")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no sermon-uploader_*_all.deb in target: run mvn package"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    /** Runs {@code command}; returns its output (stdout and stderr together), failing on a non-zero exit. */
    private static String run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().putAll(env);
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), command);
    }

    /** A root with the files useradd --prefix edits, as a fresh system has them, and the package unpacked. */
    @BeforeAll
    static void unpack() throws Exception {
        assumeTrue(onPath("dpkg-deb"), "skipped: dpkg-deb is not installed (Debian's dpkg)");
        root = Files.createTempDirectory("deb-root");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(root.resolve("etc/shadow"), "root:*:20000:0:99999:7:::\n");
        Files.writeString(root.resolve("etc/gshadow"), "root:*::\n");
        Files.createDirectories(root.resolve("var/lib"));
        Files.createDirectories(root.resolve("var/cache"));
        run("dpkg-deb", "--extract", DEB.toString(), root.toString());
        control = Files.createTempDirectory("deb-control");
        run("dpkg-deb", "--control", DEB.toString(), control.toString());
    }

    @AfterAll
    static void removeRoot() throws IOException {
        for (Path dir : new Path[] {root, control}) {
            if (dir != null && Files.exists(dir)) {
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private static String field(String name) throws Exception {
        return run("dpkg-deb", "--field", DEB.toString(), name).strip();
    }

    private static void maintainerScript(String script, String argument) throws Exception {
        run(Map.of("DPKG_ROOT", root.toString()), "sh", control.resolve(script).toString(), argument);
    }

    private static void assumeRoot() throws Exception {
        assumeTrue(run("id", "-u").strip().equals("0"), "skipped: installing makes a system user and runs the service as"
                + " it, which needs root");
    }

    @Test
    @Order(1)
    void anyJava17OrLaterRuntimeSatisfiesIt() throws Exception {
        assertEquals("openjdk-17-jre-headless | openjdk-21-jre-headless | openjdk-25-jre-headless"
                + " | java17-runtime-headless, curl, adduser", field("Depends"));
        assertEquals("all", field("Architecture"));
        assertEquals("/etc/sermon-uploader/jvm.options", Files.readString(control.resolve("conffiles")).strip());
    }

    @Test
    @Order(2)
    void lintianFindsNoError() throws Exception {
        assumeTrue(onPath("lintian"), "skipped: lintian is not installed (apt-get install lintian; .ci/run does)");
        ProcessBuilder b = new ProcessBuilder("lintian", "--tag-display-limit", "0", DEB.toString()).redirectErrorStream(true);
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        List<String> errors = out.lines().filter(l -> l.startsWith("E:")).toList();
        assertEquals(List.of(), errors, out);
    }

    @Test
    @Order(3)
    @Timeout(180)
    void configureTakesOverWhatTheOldInstallScriptLeft() throws Exception {
        assumeRoot();
        Files.createDirectories(root.resolve("etc/systemd/system"));
        Files.writeString(root.resolve("etc/systemd/system/sermon-uploader.service"),
                "ExecStart=/usr/bin/java -jar /opt/sermon-uploader/sermon-uploader.jar\n");
        Files.writeString(root.resolve("etc/sermon-uploader.env"), "MAX_CONCURRENT_UPLOADS=1\n");
        maintainerScript("postinst", "configure");
        assertFalse(Files.exists(root.resolve("etc/systemd/system/sermon-uploader.service")), "it would hide the package's");
        assertFalse(Files.exists(root.resolve("etc/sermon-uploader.env")));
        assertEquals("MAX_CONCURRENT_UPLOADS=1\n", Files.readString(root.resolve("etc/sermon-uploader/sermon-uploader.env")),
                "the settings moved");
    }

    /** Configure runs again, as an upgrade does: the same result. */
    @Test
    @Order(4)
    @Timeout(180)
    void configureMakesTheUserTheDataDirectoryTheSettingsFileAndTheArchive() throws Exception {
        assumeRoot();
        maintainerScript("postinst", "configure");
        String passwd = Files.readString(root.resolve("etc/passwd"));
        assertTrue(passwd.contains("\nsermon:x:"), passwd);
        Path data = root.resolve("var/lib/sermon-uploader");
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals(uidOf("sermon"), (int) Files.getAttribute(data, "unix:uid"));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("etc/sermon-uploader/sermon-uploader.env"))));
        assertTrue(Files.size(root.resolve("var/cache/sermon-uploader/sermon-uploader.jsa")) > 1 << 20,
                "the class-data-sharing archive, built with this JVM");
    }

    @Test
    @Order(5)
    @Timeout(120)
    void theInstalledCommandStartsTheServiceAsItsUser() throws Exception {
        assumeRoot();
        int uid = uidOf("sermon");
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                root.resolve("usr/bin/sermon-uploader").toString()));
        ProcessBuilder b = new ProcessBuilder(command);
        b.environment().put("DATA_DIR", root.resolve("var/lib/sermon-uploader").toString());
        b.environment().put("PORT", "0");
        b.environment().put("BIND_ADDRESS", "127.0.0.1");
        b.environment().put("DISK_RESERVE", "0");
        b.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        b.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = b.start();
        try {
            String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(line != null && line.startsWith("sermon-uploader ready on http://"), "ready line: " + line);
            URI base = URI.create(line.substring("sermon-uploader ready on ".length()).split(" ")[0]);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals(uid, (int) Files.getAttribute(root.resolve("var/lib/sermon-uploader/upload-token"), "unix:uid"),
                    "the service ran as its own user");
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(6)
    void removeKeepsTheDataAndPurgeDeletesIt() throws Exception {
        assumeRoot();
        Path data = root.resolve("var/lib/sermon-uploader");
        Files.writeString(data.resolve("sermon.wav"), "a recording");
        maintainerScript("prerm", "remove");
        maintainerScript("postrm", "remove");
        assertTrue(Files.exists(data.resolve("sermon.wav")), "remove keeps the recordings");
        assertTrue(Files.exists(root.resolve("etc/sermon-uploader/sermon-uploader.env")), "and the settings");
        assertFalse(Files.exists(root.resolve("var/cache/sermon-uploader/sermon-uploader.jsa")));
        maintainerScript("postrm", "purge");
        assertFalse(Files.exists(data), "purge deletes them");
        assertFalse(Files.exists(root.resolve("etc/sermon-uploader/sermon-uploader.env")));
    }

    private static int uidOf(String user) throws IOException {
        return Files.readAllLines(root.resolve("etc/passwd")).stream().map(l -> l.split(":"))
                .filter(f -> f[0].equals(user)).mapToInt(f -> Integer.parseInt(f[2])).findFirst()
                .orElseThrow(() -> new AssertionError(user + " is not in " + root.resolve("etc/passwd")));
    }
}
