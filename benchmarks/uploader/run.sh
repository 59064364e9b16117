#!/usr/bin/env bash
# The upload harness in one command (see README.md here). Needs the packaged jars:
#   mvn -B -q -DskipTests package && benchmarks/uploader/run.sh [--size=1G]
# S3 shipping compared (clients, and the service against the AWS SDK for JavaScript):
#   benchmarks/uploader/run.sh --s3 [--sizes=512M,1G]
# Upload speed and footprint against @tus/server, medians of alternating runs (#23's figures):
#   benchmarks/uploader/run.sh --ratio [--size=1G] [--runs=5]
# The upload floor: a minimal Jetty tus server, bare and with the service's promise, beside both:
#   benchmarks/uploader/run.sh --floor [--size=1G] [--runs=5] [--buffer=65536] [--modes=bare,promise]
set -euo pipefail
cd "$(dirname "$0")"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
if [ "${1:-}" = "--s3" ]; then
  shift
  node s3-compare.mjs "$@"
elif [ "${1:-}" = "--floor" ]; then
  shift
  node floor.mjs "$@"
elif [ "${1:-}" = "--ratio" ]; then
  shift
  node ratio.mjs "$@"
else
  node harness.mjs "$@"
fi
