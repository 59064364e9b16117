#!/usr/bin/env bash
# The upload harness in one command (see README.md here). Needs the packaged jars:
#   mvn -B -q -DskipTests package && benchmarks/uploader/run.sh [--size=1G]
set -euo pipefail
cd "$(dirname "$0")"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
node harness.mjs "$@"
