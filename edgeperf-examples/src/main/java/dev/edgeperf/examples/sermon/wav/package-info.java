/** WAV (RIFF, RF64/BW64) header parsing and the stream that refuses what is not a recording, as it arrives. */
package dev.edgeperf.examples.sermon.wav;
