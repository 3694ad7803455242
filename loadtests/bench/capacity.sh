#!/usr/bin/env bash
# Connection capacity of one Switchboard process: as many authenticated, subscribed, idle chat
# connections as it can hold here (a process may open at most 20,000 files on our machines, so
# 19,000 by default), the clients spread over several processes. Reports heap (after a full GC)
# and RSS per connection, the server's CPU while they sit idle, the classes whose instances grew
# the most per connection, and what that means for 1,000,000 connections; WRITE_DOCS=1 puts the
# table into docs/benchmarks.md between the capacity-bench markers.
#
#   loadtests/bench/capacity.sh      # builds first; SKIP_BUILD=1 uses the jars as they are
#
# Needs: PostgreSQL at $PGHOST:$PGPORT (trust auth, user postgres) and Redis at 127.0.0.1:6379.
set -euo pipefail
cd "$(dirname "$0")/../.."
. loadtests/bench/lib.sh

IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-19000}
IDLE_PROCESSES=${IDLE_PROCESSES:-4}
IDLE_CONVERSATIONS=${IDLE_CONVERSATIONS:-500}
IDLE_CPU_SECONDS=${IDLE_CPU_SECONDS:-60}
TARGET_BYTES=${TARGET_BYTES:-8192}
PORT=${PORT:-18096}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
REDIS_DB=${REDIS_DB:-8}
DB=switchboard_capacity
SECRET=bench-secret-bench-secret-bench-secret-0123
JAR=server/target/switchboard.jar
LOAD_JAR=loadtests/hub-load/target/hub-load.jar
COMMAND="loadtests/bench/capacity.sh${*:+ $*}"
WORK=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "work folder: $WORK" >&2
SERVER_PID=""
CLIENT_PIDS=()

cleanup() {
  for pid in "${CLIENT_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

build_jars "$JAR" "$LOAD_JAR"
pin_cores
fresh_database "$DB"
redis-cli -n "$REDIS_DB" flushdb > /dev/null

echo "starting Switchboard (hub and crud roles) on port $PORT" >&2
SWITCHBOARD_POSTGRES_URL="postgresql://postgres@$PGHOST:$PGPORT/$DB" \
SWITCHBOARD_REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB" \
SWITCHBOARD_AUTH_HMAC_SECRET=$SECRET \
SWITCHBOARD_HTTP_PORT=$PORT \
SWITCHBOARD_NODE_DATA_DIR="$WORK/data" \
SWITCHBOARD_LOGGING_LEVEL=WARN \
SWITCHBOARD_HUB_MAX_CONNECTIONS_PER_USER=100000 \
SWITCHBOARD_HUB_MAX_CONNECTIONS_PER_TENANT=100000 \
  $server_cpu java -jar "$JAR" --roles hub,crud > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_ready "$PORT" "$SERVER_PID" "$WORK/server.log"

echo "creating $IDLE_CONVERSATIONS conversations" >&2
$load_cpu java -jar "$LOAD_JAR" seed --port "$PORT" --secret "$SECRET" --tenant bench \
  --conversations "$IDLE_CONVERSATIONS" > "$WORK/conversations"

heap_used_kib() { # after a full GC: the used bytes of every generation (Serial, Parallel) or of the G1 heap
  jcmd "$SERVER_PID" GC.run > /dev/null; sleep 1
  jcmd "$SERVER_PID" GC.heap_info | awk '/(generation|heap) +total/ {for (i = 1; i < NF; i++) if ($i == "used") {v = $(i + 1); sub(/K.*/, "", v); s += v}} END {print s}'
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
histogram() { jcmd "$SERVER_PID" GC.class_histogram | awk '$1 ~ /^[0-9]+:$/ {print $4, $3}' > "$1"; }

sleep 5
HEAP_BEFORE=$(heap_used_kib)
RSS_BEFORE=$(rss_kib)
histogram "$WORK/histogram-before"
PER_PROCESS=$(( (IDLE_CONNECTIONS + IDLE_PROCESSES - 1) / IDLE_PROCESSES ))
echo "opening $IDLE_CONNECTIONS connections from $IDLE_PROCESSES processes" >&2
for i in $(seq 1 "$IDLE_PROCESSES"); do
  ( exec $load_cpu java -Xmx1g -jar "$LOAD_JAR" idle --port "$PORT" --secret "$SECRET" --tenant bench \
      --run "idle$i" --conversations-file "$WORK/conversations" \
      --connections "$PER_PROCESS" --hold 100000 --connect-concurrency 32 > "$WORK/idle$i.txt" 2>&1 ) &
  CLIENT_PIDS+=($!)
done
for _ in $(seq 1 900); do
  [ "$(cat "$WORK"/idle*.txt | grep -c '^READY')" -ge "$IDLE_PROCESSES" ] && break
  sleep 1
done
grep -h '^READY' "$WORK"/idle*.txt >&2 || true
CONNECTED=$(grep -h '^READY' "$WORK"/idle*.txt | sed -E 's/.*connected=([0-9]+).*/\1/' | awk '{s+=$1} END {print s+0}')
FAILED=$(grep -h '^READY' "$WORK"/idle*.txt | sed -E 's/.*failed=([0-9]+).*/\1/' | awk '{s+=$1} END {print s+0}')
FILES=$(ls "/proc/$SERVER_PID/fd" | wc -l)
sleep 10
HEAP_AFTER=$(heap_used_kib)
RSS_AFTER=$(rss_kib)
histogram "$WORK/histogram-after"
TICKS_BEFORE=$(cpu_ticks)
sleep "$IDLE_CPU_SECONDS"
TICKS_AFTER=$(cpu_ticks)
CLOSED=$(cat "$WORK"/idle*.txt | grep -c 'closed by the server' || true)
IDLE_CPU=$(awk -v a="$TICKS_BEFORE" -v b="$TICKS_AFTER" -v s="$IDLE_CPU_SECONDS" -v hz="$(getconf CLK_TCK)" \
  'BEGIN { printf "%.1f", 100 * (b - a) / hz / s }')
for pid in "${CLIENT_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
CLIENT_PIDS=()

per_conn() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { if (n > 0) printf "%.0f", (b - a) * 1024 / n; else print "" }'; }
HEAP_PER=$(per_conn "$HEAP_BEFORE" "$HEAP_AFTER" "$CONNECTED")
RSS_PER=$(per_conn "$RSS_BEFORE" "$RSS_AFTER" "$CONNECTED")
# The classes that grew the most, in bytes per connection.
GROWTH=$(awk -v n="$CONNECTED" 'NR == FNR {before[$1] = $2; next}
  {d = $2 - before[$1]; if (d > 0 && n > 0) printf "%d %s\n", d / n, $1}' \
  "$WORK/histogram-before" "$WORK/histogram-after" | sort -rn | awk "NR <= 8" |
  awk '{printf "%s`%s` %d", sep, $2, $1; sep = ", "}')
VERDICT=$(awk -v r="$RSS_PER" -v t="$TARGET_BYTES" -v c="$CONNECTED" -v w="$IDLE_CONNECTIONS" \
  'BEGIN { if (r == "" || c < w) print "**missed** (not all connected)"; else if (r <= t) print "**met**"; else print "**missed**" }')
NODES=$(awk -v c="$CONNECTED" 'BEGIN { if (c > 0) printf "%d", (1000000 + c - 1) / c; else print "" }')
MILLION_GIB=$(awk -v r="$RSS_PER" 'BEGIN { if (r != "") printf "%.1f", r * 1000000 / 1073741824 }')
MILLION_CPU=$(awk -v p="$IDLE_CPU" -v n="$NODES" 'BEGIN { if (n != "") printf "%.1f", p * n / 100 }')

if grep -E 'ERROR|Exception' "$WORK/server.log" > "$WORK/server-errors.txt"; then
  echo "server log has errors (first lines):" >&2; head -n 20 "$WORK/server-errors.txt" >&2
fi

TABLE=$(cat <<MD
Run on $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo),
$(java -version 2>&1 | head -n 1); server pinned: ${server_cpu:-no}; clients: ${load_cpu:-no},
$IDLE_PROCESSES processes; command: \`$COMMAND\`.

| measure | value |
|---|---|
| connections held (authenticated, each subscribed to one of $IDLE_CONVERSATIONS conversations) | **$CONNECTED** of $IDLE_CONNECTIONS asked ($FAILED failed; server's open files $FILES) |
| heap per connection, after a full GC | **$HEAP_PER bytes** ($HEAP_BEFORE → $HEAP_AFTER KiB) |
| RSS per connection | **$RSS_PER bytes** ($RSS_BEFORE → $RSS_AFTER KiB) |
| server CPU while they sit idle (pings every 25 s) | $IDLE_CPU % of one core over ${IDLE_CPU_SECONDS} s |
| closed by the server while held | $CLOSED |
| classes that grew the most, bytes per connection | $GROWTH |
| target: $IDLE_CONNECTIONS connections at ≤ $TARGET_BYTES bytes RSS each | $VERDICT |
| 1,000,000 connections at this density | $NODES processes of $CONNECTED connections; $MILLION_GIB GiB of connection RSS in all; $MILLION_CPU cores busy with idle upkeep |
MD
)
echo "$TABLE"

[ -z "${WRITE_DOCS:-}" ] || write_docs capacity-bench "$TABLE"
