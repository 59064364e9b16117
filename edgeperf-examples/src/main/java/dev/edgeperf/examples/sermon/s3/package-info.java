/** Sermons in an S3-compatible bucket, with the local library as a persisted outbox in front of it. */
package dev.edgeperf.examples.sermon.s3;
