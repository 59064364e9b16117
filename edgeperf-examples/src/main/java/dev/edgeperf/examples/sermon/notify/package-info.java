/** Announcing stored and refused uploads (Discord), batched, with retries, a budget and a breaker. */
package dev.edgeperf.examples.sermon.notify;
