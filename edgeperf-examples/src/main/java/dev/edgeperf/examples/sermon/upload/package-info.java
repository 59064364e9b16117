/**
 * Receiving an upload: admission (places, memory, disk), a stream into a hashed, WAV-checked, fsynced file,
 * and finishing it on the worker pool. Refusals are {@code UploadRefusal}s.
 */
package dev.edgeperf.examples.sermon.upload;
