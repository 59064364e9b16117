package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping the service as a whole. */
class LifecycleTest {
    @TempDir
    Path dir;

    /** Regression: a late step that failed left the monitor, worker and sweeper threads running. */
    @Test
    @Timeout(60)
    void aStartWhosePortIsTakenLeavesNoThreadOfTheServiceRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            Config config = Config.parse(Map.of("PORT", Integer.toString(taken.getLocalPort()), "BIND_ADDRESS",
                    "127.0.0.1", "DATA_DIR", dir.toString(), "UPLOAD_TOKEN", TestService.TOKEN), new String[0]);

            assertThrows(Exception.class, () -> SermonService.start(config));

            // A closed executor's thread takes a moment to exit after it is told to: wait for that, boundedly.
            long deadline = System.nanoTime() + 10_000_000_000L;
            List<String> left = survivors(before);
            while (!left.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
                left = survivors(before);
            }
            assertEquals(List.of(), left, "threads the failed start left behind");
        }
    }

    /** Threads started since {@code before} and still alive, except the JDK's shared common pool. */
    private static List<String> survivors(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName).filter(n -> !n.startsWith("ForkJoinPool.commonPool")).sorted().toList();
    }
}
