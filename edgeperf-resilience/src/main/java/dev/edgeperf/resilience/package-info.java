/**
 * edgeperf-resilience. Its API arrives with its own issue; the module exists so the reactor, the BOM and
 * the build rules are in place from the start.
 */
package dev.edgeperf.resilience;
