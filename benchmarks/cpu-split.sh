#!/usr/bin/env bash
# Where the machine's CPU goes during `licex bench`: starts a server (H2, a fresh store) and the
# bench as two processes on this machine, reads each one's CPU time from /proc at the edges of the
# bench's two measured phases, and prints CPU per no-op request and per acquisition for each side.
# Linux only. Usage: benchmarks/cpu-split.sh [PORT] [CLIENTS] [DEVICES: wire|engine]
# (after ./mvnw -q -DskipTests package)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
port="${1:-18480}"
clients="${2:-8}"
devices="${3:-wire}"
warm=10
measure=20
store="$(mktemp -d)"
out="$(mktemp)"
cd "$here"

# ./licex execs java, so each launcher's PID is its JVM's
./licex server --port "$port" --db "$store" --seed-demo --demo-stock 10000000 --rate-limit 0 >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$store" "$out"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done

./licex bench --server "http://127.0.0.1:$port" --clients "$clients" --devices "$devices" --duration "$measure" >"$out" 2>&1 &
bench=$!
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
snap() { echo "$(cpu "$server") $(cpu "$bench")"; }
sleep "$warm"; a=$(snap); sleep "$measure"; b=$(snap); sleep "$warm"; c=$(snap); sleep "$measure"; d=$(snap)
wait "$bench"
grep -v '^\[' "$out"
noop=$(awk '/^no-op GET/ {print $4}' "$out")
acq=$(awk '/^acquisitions/ {print $2}' "$out")
ticks=$(getconf CLK_TCK)
python3 - "$a" "$b" "$c" "$d" "$noop" "$acq" "$ticks" "$measure" <<'PY'
import sys
a, b, c, d = [list(map(int, x.split())) for x in sys.argv[1:5]]
noop, acq, ticks, seconds = float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8])
def per(cpu_ticks, rate):
    return cpu_ticks / ticks / (rate * seconds) * 1e6
print()
print("CPU per operation (µs)       server   load generator   both")
for label, start, end, rate in (("no-op GET /healthz", a, b, noop), ("acquisition", c, d, acq)):
    s, g = per(end[0] - start[0], rate), per(end[1] - start[1], rate)
    print(f"{label:<26} {s:9.0f} {g:16.0f} {s + g:7.0f}")
PY
