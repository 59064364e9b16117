/**
 * Micrometer binders for the pools. Micrometer is an optional dependency of edgeperf-pools: add
 * {@code io.micrometer:micrometer-core} to use this package.
 */
package dev.edgeperf.pools.metrics;
