package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The object store's rules the bucket must keep, checked without a store. */
class BucketTest {
    private static final long MIB = 1L << 20;

    @Test
    void partsAre5MiBUntilTenThousandOfThemNoLongerFit() {
        assertEquals(5 * MIB, Bucket.partSize(1));
        assertEquals(5 * MIB, Bucket.partSize(5L << 30));
        assertEquals(5 * MIB, Bucket.partSize(10_000 * 5 * MIB));
        assertEquals(6 * MIB, Bucket.partSize(10_000 * 5 * MIB + 1));
    }

    @Test
    void everySizeUpToTheLargestUploadFitsInTenThousandParts() {
        for (long size : List.of(5L << 30, 8L << 30, 100L << 30, 1L << 42)) {
            long part = Bucket.partSize(size);
            assertTrue((size + part - 1) / part <= 10_000, size + " bytes in parts of " + part);
            assertEquals(0, part % MIB, "whole MiB parts");
        }
    }

    @Test
    void theOriginalNameTravelsAsAsciiMetadataAndComesBackWhole() {
        SermonRecord r = new SermonRecord("Predigt.wav", "Prédigt «Ostern» 日曜.wav", 10, "ab", null, 0, "t", "c", "u");
        String sent = Bucket.metadata(r).get(Bucket.META_ORIGINAL_NAME);
        assertTrue(sent.chars().allMatch(c -> c >= 0x20 && c < 0x7f), sent);
        assertEquals(r.originalName(), Bucket.originalName(sent));
    }
}
