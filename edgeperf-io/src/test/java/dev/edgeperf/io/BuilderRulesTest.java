package dev.edgeperf.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every builder takes each setting once: a second value is the caller's bug, not a silent override. */
class BuilderRulesTest {
    @Test
    void copierTakesEachSettingOnce() {
        StreamingCopierBuilder b = StreamingCopier.builder().chunkSize(4096);
        assertEquals("chunkSize was already set", assertThrows(IllegalStateException.class, () -> b.chunkSize(8192)).getMessage());
    }

    @Test
    void fileSinkTakesEachSettingOnce() {
        AtomicFileSinkBuilder b = AtomicFileSink.to(Path.of("x.wav")).fsync(false);
        assertEquals("fsync was already set", assertThrows(IllegalStateException.class, () -> b.fsync(true)).getMessage());
    }
}
