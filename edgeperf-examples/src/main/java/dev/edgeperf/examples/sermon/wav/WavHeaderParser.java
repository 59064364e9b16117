package dev.edgeperf.examples.sermon.wav;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Recognises a WAV file from its first bytes, as they stream past: fed every byte of an upload in order,
 * it decides as soon as the header is complete (usually within the first 44 bytes) and ignores what
 * follows. Handles RIFF and the 64-bit RF64/BW64 containers that files over 4 GiB need, skips the chunks a
 * recorder adds before the samples ({@code LIST}, {@code bext}, {@code JUNK}, ...) without holding them,
 * and refuses headers that contradict themselves or the upload's declared length.
 *
 * <p>Not thread-safe: one per upload. Holds at most 256 bytes; costs a few ns per byte of header and a
 * branch per later call.
 */
public final class WavHeaderParser {
    /** How far into a file its samples may start; recorders put kilobytes of metadata first, not megabytes. */
    public static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int MAX_CHUNK_KEPT = 256;
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    public enum State { NEED_MORE, ACCEPTED, REFUSED }

    private final long declaredLength;
    private final byte[] kept = new byte[MAX_CHUNK_KEPT];
    private int keptCount;
    private int wanted = 12;
    private long skipping;
    private long position;
    private @Nullable String chunkId;
    private @Nullable String container;
    private long ds64DataLength = -1;
    private int formatCode = -1;
    private int channels;
    private int sampleRate;
    private int bitsPerSample;
    private State state = State.NEED_MORE;
    private @Nullable WavInfo info;
    private @Nullable String problem;

    /** @param declaredLength the whole file's length if known, else -1 */
    public WavHeaderParser(long declaredLength) {
        this.declaredLength = declaredLength;
    }

    public State state() {
        return state;
    }

    /** The header, once {@link State#ACCEPTED}. */
    public @Nullable WavInfo info() {
        return info;
    }

    /** Why the bytes are not an acceptable WAV file, once {@link State#REFUSED}. */
    public @Nullable String problem() {
        return problem;
    }

    /** Looks at the next bytes of the file; returns the state afterwards. */
    public State feed(byte[] bytes, int offset, int count) {
        return feed(ByteBuffer.wrap(bytes, offset, count));
    }

    /**
     * Looks at the next bytes of the file, the buffer's remaining ones (its position stays where it is);
     * returns the state afterwards.
     */
    public State feed(ByteBuffer bytes) {
        int i = bytes.position();
        int end = bytes.limit();
        while (state == State.NEED_MORE && i < end) {
            if (skipping > 0) {
                int n = (int) Math.min(skipping, end - i);
                skipping -= n;
                i += n;
                position += n;
                if (skipping == 0) {
                    expectChunkHeader();
                }
            } else {
                int n = Math.min(wanted - keptCount, end - i);
                bytes.get(i, kept, keptCount, n);
                keptCount += n;
                i += n;
                position += n;
                if (keptCount == wanted) {
                    parseKept();
                }
            }
            if (state == State.NEED_MORE && position > MAX_HEADER_BYTES) {
                refuse("no audio data within the first " + MAX_HEADER_BYTES + " bytes");
            }
        }
        return state;
    }

    /** The file ended (or will get no more bytes): a header still incomplete is refused. */
    public State finish() {
        if (state == State.NEED_MORE) {
            refuse(position == 0 ? "the file is empty" : "the file ends after " + position + " bytes, inside its WAV header");
        }
        return state;
    }

    /**
     * Ends the check for a file of {@code fileLength} bytes: null if it is an acceptable WAV file (see
     * {@link #info()}), else the problem — an incomplete or refused header, no samples, or a data chunk that
     * runs past the end of the file.
     */
    public @Nullable String verdict(long fileLength) {
        WavInfo info = this.info;
        if (finish() == State.REFUSED || info == null) {
            return problem;
        }
        if (info.dataBytesIn(fileLength) < info.blockAlign()) {
            return "the WAV file holds no audio samples";
        }
        // Compared without adding: an RF64 data size near Long.MAX_VALUE must not overflow into "fits".
        if (info.dataLength() >= 0 && info.dataLength() > fileLength - info.dataOffset()) {
            return "the WAV header declares " + info.dataLength() + " bytes of samples but the file ends after "
                    + (fileLength - info.dataOffset());
        }
        return null;
    }

    private void parseKept() {
        if (container == null) {
            parseRiffHeader();
        } else if (chunkId == null) {
            parseChunkHeader();
        } else {
            parseChunkBody();
        }
    }

    private void parseRiffHeader() {
        String riff = ascii(0, 4);
        if ((!riff.equals("RIFF") && !riff.equals("RF64") && !riff.equals("BW64")) || !ascii(8, 4).equals("WAVE")) {
            refuse("not a WAV file: it starts with " + printable(0, 12) + ", not RIFF....WAVE");
            return;
        }
        container = riff;
        expectChunkHeader();
    }

    private void expectChunkHeader() {
        chunkId = null;
        keptCount = 0;
        wanted = 8;
    }

    private void parseChunkHeader() {
        String id = ascii(0, 4);
        long size = le32(4);
        if (id.equals("data")) {
            accept(size);
            return;
        }
        boolean keep = id.equals("fmt ") || id.equals("ds64");
        if (keep && (size < 16 || size > MAX_CHUNK_KEPT)) {
            refuse("the '" + id.trim() + "' chunk has " + size + " bytes: allowed 16 to " + MAX_CHUNK_KEPT);
            return;
        }
        if (keep) {
            chunkId = id;
            keptCount = 0;
            wanted = (int) size + (int) (size & 1);
        } else {
            skipping = size + (size & 1);
            if (skipping == 0) {
                expectChunkHeader();
            }
        }
    }

    private void parseChunkBody() {
        if ("ds64".equals(chunkId)) {
            ds64DataLength = le64(8);
        } else {
            formatCode = le16(0);
            channels = le16(2);
            sampleRate = (int) le32(4);
            long byteRate = le32(8);
            int blockAlign = le16(12);
            bitsPerSample = le16(14);
            if (formatCode == FORMAT_EXTENSIBLE && wanted >= 26) {
                formatCode = le16(24);
                formatCode = formatCode == FORMAT_PCM || formatCode == FORMAT_FLOAT ? formatCode | 0x10000 : formatCode;
            }
            String bad = checkFormat(byteRate, blockAlign);
            if (bad != null) {
                refuse(bad);
                return;
            }
        }
        expectChunkHeader();
    }

    private @Nullable String checkFormat(long byteRate, int blockAlign) {
        int base = formatCode & 0xFFFF;
        if (base != FORMAT_PCM && base != FORMAT_FLOAT) {
            return "WAV format code " + base + " is not allowed: allowed PCM (1) and IEEE float (3), plain or extensible";
        }
        if (channels < 1 || channels > 32) {
            return "the WAV header says " + channels + " channels: allowed 1 to 32";
        }
        if (sampleRate < 1_000 || sampleRate > 768_000) {
            return "the WAV header says " + sampleRate + " samples per second: allowed 1000 to 768000";
        }
        if (bitsPerSample != 8 && bitsPerSample != 16 && bitsPerSample != 24 && bitsPerSample != 32 && bitsPerSample != 64) {
            return "the WAV header says " + bitsPerSample + " bits per sample: allowed 8, 16, 24, 32, 64";
        }
        int expectedAlign = channels * bitsPerSample / 8;
        if (blockAlign != expectedAlign || byteRate != (long) sampleRate * expectedAlign) {
            return "the WAV header contradicts itself: block align " + blockAlign + " and byte rate " + byteRate
                    + " do not match " + channels + " channels of " + bitsPerSample + "-bit samples at " + sampleRate + " Hz";
        }
        return null;
    }

    private void accept(long riffDataSize) {
        if (formatCode < 0) {
            refuse("the WAV file's samples start before its 'fmt ' chunk");
            return;
        }
        long dataLength = riffDataSize == 0xFFFF_FFFFL && ds64DataLength >= 0 ? ds64DataLength
                : riffDataSize == 0xFFFF_FFFFL || riffDataSize == 0 ? -1 : riffDataSize;
        if (declaredLength >= 0 && dataLength >= 0 && dataLength > declaredLength - position) {
            refuse("the WAV header declares " + dataLength + " bytes of samples from byte " + position
                    + ", but the upload is " + declaredLength + " bytes");
            return;
        }
        String format = (formatCode & 0xFFFF) == FORMAT_PCM ? "PCM" : "IEEE float";
        info = new WavInfo(Objects.requireNonNull(container, "container"), formatCode > 0xFFFF ? format + " (extensible)" : format, channels, sampleRate,
                bitsPerSample, position, dataLength);
        state = State.ACCEPTED;
    }

    private void refuse(String why) {
        problem = why;
        state = State.REFUSED;
    }

    private String ascii(int from, int length) {
        return new String(kept, from, length, StandardCharsets.ISO_8859_1);
    }

    private String printable(int from, int length) {
        StringBuilder b = new StringBuilder("'");
        for (int i = from; i < from + Math.min(length, keptCount); i++) {
            char c = (char) (kept[i] & 0xFF);
            b.append(c >= 0x20 && c < 0x7F ? c : '.');
        }
        return b.append('\'').toString();
    }

    private int le16(int at) {
        return (kept[at] & 0xFF) | (kept[at + 1] & 0xFF) << 8;
    }

    private long le32(int at) {
        return le16(at) | (long) le16(at + 2) << 16;
    }

    private long le64(int at) {
        return le32(at) | le32(at + 4) << 32;
    }
}
