#!/usr/bin/env bash
# Creates an AppCDS archive for the sermon uploader: starts it once with the given JVM flags in a scratch
# data directory, asks it for /health, stops it, and the JVM writes every class it loaded to the archive.
#   cds-archive.sh sermon-uploader.jar jvm.options out.jsa
# Used by the package at install (as /usr/share/sermon-uploader/cds-archive.sh) and by the benchmark harness. Needs Java 17+ (dynamic archives, JEP 350) and curl.
set -euo pipefail
jar=$(realpath "$1") options=$2 archive=$3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# A throwaway token rather than AUTH=none: even for these seconds on loopback, nothing runs unauthenticated.
token=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)
printf 'Authorization: Bearer %s\n' "$token" > "$scratch/auth"
DATA_DIR="$scratch/data" PORT=0 BIND_ADDRESS=127.0.0.1 UPLOAD_TOKEN="$token" \
  java @"$options" -XX:ArchiveClassesAtExit="$archive" -jar "$jar" > "$scratch/out" 2> "$scratch/err" &
pid=$!
url=""
for _ in $(seq 200); do
  url=$(sed -n 's/^sermon-uploader ready on \([^ ]*\).*/\1/p' "$scratch/out")
  [ -n "$url" ] && break
  sleep 0.05
done
if [ -z "$url" ]; then
  cat "$scratch/err" >&2
  kill "$pid" 2>/dev/null || true
  echo "cds-archive.sh: the service did not start" >&2
  exit 1
fi
curl -s -o /dev/null "${url}health"
curl -s -o /dev/null "${url}"
curl -s -o /dev/null -H @"$scratch/auth" "${url}api/files"
kill -TERM "$pid"
wait "$pid" || true
[ -s "$archive" ] || { echo "cds-archive.sh: no archive was written" >&2; exit 1; }
