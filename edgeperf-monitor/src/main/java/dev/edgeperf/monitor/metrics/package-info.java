/**
 * Micrometer binder for the system monitor. Micrometer is an optional dependency of edgeperf-monitor:
 * add {@code io.micrometer:micrometer-core} to use this package.
 */
package dev.edgeperf.monitor.metrics;
