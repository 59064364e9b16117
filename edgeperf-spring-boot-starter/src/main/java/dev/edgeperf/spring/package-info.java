/**
 * Spring Boot auto-configuration of edgeperf ({@link dev.edgeperf.spring.EdgeperfAutoConfiguration}) and its
 * {@code edgeperf.*} properties ({@link dev.edgeperf.spring.EdgeperfProperties}). Spring Boot is a dependency
 * of this module only; the API conventions are those of the other edgeperf packages.
 */
package dev.edgeperf.spring;
