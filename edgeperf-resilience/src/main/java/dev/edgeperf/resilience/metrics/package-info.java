/**
 * Micrometer binder for the resilience rules. Micrometer and resilience4j-micrometer are optional
 * dependencies of edgeperf-resilience: add both to use this package.
 */
package dev.edgeperf.resilience.metrics;
