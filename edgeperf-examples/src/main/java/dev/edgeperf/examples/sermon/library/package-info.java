/**
 * Stored sermons on local disk (records, names, sidecars, the duplicate index), the {@code Sermons} interface
 * every store implements, and the small shared helpers (JSON, log text, remote failures).
 */
package dev.edgeperf.examples.sermon.library;
