#!/usr/bin/env bash
# sermon-send's memory while it sends one recording: the peak RSS (VmHWM) of its JVM with the flags the docs
# give (-Xmx32m -Xmn4m -XX:+UseSerialGC; more in SEND_JAVA_OPTS), against
# the packaged service on loopback. Prints one line for RESULTS.md.
#   mvn -B -q -DskipTests package && benchmarks/uploader/send-rss.sh [SIZE_MIB, default 2048]
set -euo pipefail
cd "$(dirname "$0")/../.."
mib=${1:-2048}
scratch=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$scratch"' EXIT
mkdir -p "$scratch/recordings"
wav="$scratch/recordings/sermon.wav"
python3 - "$wav" "$mib" <<'PY'
import os, struct, sys
path, mib = sys.argv[1], int(sys.argv[2])
n = mib * 1024 * 1024 - 44
with open(path, 'wb') as f:
    f.write(b'RIFF' + struct.pack('<I', 36 + n) + b'WAVEfmt ' + struct.pack('<IHHIIHH', 16, 1, 2, 48000, 192000, 4, 16)
            + b'data' + struct.pack('<I', n))
    block = os.urandom(1 << 20)
    for _ in range(n // len(block)):
        f.write(block)
    f.write(block[: n % len(block)])
PY
token=send-rss-token-0123456789abcdef
DATA_DIR="$scratch/server" PORT=0 BIND_ADDRESS=127.0.0.1 UPLOAD_TOKEN=$token DISK_RESERVE=0 MAX_UPLOAD_SIZE=16G \
  java -Xmx64m -XX:+UseSerialGC -jar edgeperf-examples/target/sermon-uploader.jar > "$scratch/server.out" 2>&1 &
server=$!
for _ in $(seq 200); do grep -q "ready on" "$scratch/server.out" && break; sleep 0.05; done
url=$(sed -n 's/^sermon-uploader ready on \([^ ]*\).*/\1/p' "$scratch/server.out")
start=$(date +%s.%N)
java -Xmx32m -Xmn4m -XX:+UseSerialGC ${SEND_JAVA_OPTS:-} -jar edgeperf-examples/target/sermon-send.jar --server "$url" --token $token --once \
  --stable-for 0s --state-dir "$scratch/state" "$scratch/recordings" > "$scratch/send.out" &
send=$!
hwm=0
while kill -0 $send 2>/dev/null; do
  h=$(awk '/VmHWM/ {print $2}' /proc/$send/status 2>/dev/null || echo 0)
  [ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
  sleep 0.2
done
wait $send
end=$(date +%s.%N)
grep -q "^sent sermon.wav" "$scratch/send.out" || { cat "$scratch/send.out"; exit 1; }
awk -v h="$hwm" -v m="$mib" -v s="$start" -v e="$end" -v j="$(java -version 2>&1 | head -1)" 'BEGIN {
  printf "sermon-send, %d MiB recording, -Xmx32m -Xmn4m, %s: peak RSS %.1f MiB (target <= 64), %.1f s (%.0f MiB/s, hash pass included)\n",
    m, j, h / 1024, e - s, m / (e - s) }'
