/**
 * The only package that knows HTTP: routing, authentication, the tus and single-request upload handlers,
 * downloads, status endpoints, the page, and the mapping of every lower layer's refusal to a status and a
 * JSON error ({@code Answers}). Built on Jetty 12's core API ({@code WebServer}).
 */
package dev.edgeperf.examples.sermon.http;
