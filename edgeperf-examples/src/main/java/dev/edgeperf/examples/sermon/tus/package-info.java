/**
 * tus uploads without HTTP: sessions, their persisted state and bytes, creation, appending with checksums,
 * expiry and recovery. Refusals are {@code TusRefusal}s; the http package parses headers into values for it.
 */
package dev.edgeperf.examples.sermon.tus;
