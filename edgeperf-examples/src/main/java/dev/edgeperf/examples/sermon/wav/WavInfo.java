package dev.edgeperf.examples.sermon.wav;

/**
 * What a WAV file's header says: its audio format and where its samples are. Immutable.
 *
 * @param container {@code RIFF}, or {@code RF64}/{@code BW64} for files over 4 GiB
 * @param format {@code PCM}, {@code IEEE float}, or either inside {@code extensible}
 * @param channels 1–32
 * @param sampleRate samples per second per channel
 * @param bitsPerSample 8, 16, 24, 32 or 64
 * @param dataOffset where the sample bytes start
 * @param dataLength the sample bytes the header declares, or -1 when it leaves the size open (streaming
 *     writers), in which case the samples run to the end of the file
 */
public record WavInfo(String container, String format, int channels, int sampleRate, int bitsPerSample, long dataOffset,
        long dataLength) {

    /** Bytes of one sample for every channel. */
    public int blockAlign() {
        return channels * bitsPerSample / 8;
    }

    /** The sample bytes in a file of {@code fileLength} bytes. */
    public long dataBytesIn(long fileLength) {
        long available = Math.max(0, fileLength - dataOffset);
        return dataLength < 0 ? available : Math.min(dataLength, available);
    }

    /** Seconds of audio in a file of {@code fileLength} bytes. */
    public double durationSeconds(long fileLength) {
        long wholeFrames = dataBytesIn(fileLength) / blockAlign();
        return (double) wholeFrames / sampleRate;
    }
}
