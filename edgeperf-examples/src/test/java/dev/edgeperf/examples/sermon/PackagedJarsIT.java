package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** What the two shaded jars carry besides code: the licences and notices their contents require. */
class PackagedJarsIT {
    private static final Path SERVICE_JAR = Path.of(System.getProperty("sermon.jar", "target/sermon-uploader.jar"));
    private static final Path SEND_JAR = Path.of(System.getProperty("send.jar", "target/sermon-send.jar"));

    private static String entry(JarFile jar, String name) throws IOException {
        var e = jar.getJarEntry(name);
        assertNotNull(e, jar.getName() + " lacks " + name);
        try (var in = jar.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theServiceJarListsTheLibrariesItBundlesAndNoOther() throws IOException {
        try (JarFile jar = new JarFile(SERVICE_JAR.toFile())) {
            String notices = entry(jar, "META-INF/THIRD-PARTY.txt");
            assertTrue(notices.contains("org.eclipse.jetty:jetty-server"), notices);
            assertTrue(notices.contains("io.github.resilience4j:resilience4j-circuitbreaker"), notices);
            assertFalse(notices.contains("tus-java-client"), "the uploader does not bundle the Java tus client");
            assertTrue(entry(jar, "META-INF/LICENSE").contains("Apache License"));
            assertTrue(entry(jar, "META-INF/licenses/tus-js-client/LICENSE").contains("MIT"));
            assertEquals("true", jar.getManifest().getMainAttributes().getValue("Multi-Release"));
        }
    }

    @Test
    void theSendJarListsItsOwnFewLibraries() throws IOException {
        try (JarFile jar = new JarFile(SEND_JAR.toFile())) {
            String notices = entry(jar, "META-INF/THIRD-PARTY-sermon-send.txt");
            assertTrue(notices.contains("io.tus.java.client:tus-java-client"), notices);
            assertFalse(notices.contains("jetty"), "sermon-send bundles no Jetty");
            assertTrue(entry(jar, "META-INF/LICENSE").contains("Apache License"));
            assertEquals(null, jar.getJarEntry("META-INF/THIRD-PARTY.txt"), "the service's list is not sermon-send's");
        }
    }
}
