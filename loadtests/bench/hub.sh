#!/usr/bin/env bash
# Measures chat messages through the hub: delivered messages per second for fan-out at the highest
# publish rate, publish-to-delivery latency at half that rate, and stored-and-acknowledged publishes
# per second (every publish here is a chat message, stored in PostgreSQL before it is delivered);
# prints a Markdown table for docs/benchmarks.md (WRITE_DOCS=1 puts it there, between the hub-bench
# markers). Idle connections are measured by capacity.sh, other servers by compare.sh.
#
#   loadtests/bench/hub.sh        # builds first; SKIP_BUILD=1 uses the jars as they are
#
# Needs: a PostgreSQL at $PGHOST:$PGPORT (trust auth, user postgres) and Redis at 127.0.0.1:6379.
# On a machine with 2+ cores the server is pinned to core 0 and every load client to core 1.
# Every run is bounded; it cleans up what it starts.
set -euo pipefail
cd "$(dirname "$0")/../.."
. loadtests/bench/lib.sh

DURATION=${DURATION:-30}
WARMUP=${WARMUP:-15}
SUBSCRIBERS=${SUBSCRIBERS:-2000}
CONVERSATIONS=${CONVERSATIONS:-20}
PUBLISHERS=${PUBLISHERS:-20}
WINDOW=${WINDOW:-4}
BODY_BYTES=${BODY_BYTES:-100}
PUBLISH_PUBLISHERS=${PUBLISH_PUBLISHERS:-64}
PORT=${PORT:-18090}
RUNS=${RUNS:-abc}            # which workloads to run: any of a, b (needs a), c
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}   # e.g. -XX:StartFlightRecording=filename=/tmp/hub.jfr,settings=profile
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
REDIS_DB=${REDIS_DB:-9}
DB=switchboard_hubbench
SECRET=bench-secret-bench-secret-bench-secret-0123
JAR=server/target/switchboard.jar
LOAD_JAR=loadtests/hub-load/target/hub-load.jar
COMMAND="loadtests/bench/hub.sh${*:+ $*}"
WORK=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "work folder: $WORK" >&2
SERVER_PID=""

cleanup() {
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
SWITCHBOARD_POSTGRES_POOL_SIZE=16 \
SWITCHBOARD_REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB" \
SWITCHBOARD_AUTH_HMAC_SECRET=$SECRET \
SWITCHBOARD_HTTP_PORT=$PORT \
SWITCHBOARD_NODE_DATA_DIR="$WORK/data" \
SWITCHBOARD_LOGGING_LEVEL=WARN \
SWITCHBOARD_HUB_MAX_CONNECTIONS_PER_USER=100000 \
SWITCHBOARD_HUB_MAX_CONNECTIONS_PER_TENANT=100000 \
SWITCHBOARD_HUB_COMMANDS_PER_SECOND=100000 \
SWITCHBOARD_HUB_COMMANDS_BURST=100000 \
SWITCHBOARD_HUB_PUBLISH_PER_SECOND=100000 \
SWITCHBOARD_HUB_PUBLISH_BURST=100000 \
SWITCHBOARD_HUB_TENANT_PUBLISH_PER_SECOND=100000 \
SWITCHBOARD_HUB_TENANT_PUBLISH_BURST=100000 \
  $server_cpu java $SERVER_JAVA_OPTS -jar "$JAR" --roles hub,crud > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_ready "$PORT" "$SERVER_PID" "$WORK/server.log"

load() { # mode args...: runs the load client pinned to the load core, returns its RESULT line
  local mode=$1; shift
  $load_cpu java -Xmx1g -jar "$LOAD_JAR" "$mode" --port "$PORT" --secret "$SECRET" --tenant bench "$@"
}

echo "creating tenant data" >&2
load seed --conversations "$CONVERSATIONS" > "$WORK/conversations"

sampled() { # name args...: runs the load client; 10 thread dumps of the server once warm
  local name=$1; shift
  load "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" &
  local pid=$!
  for _ in $(seq 1 600); do grep -q 'ready in' "$WORK/$name.err" && break; kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  sleep $((WARMUP + 5))
  for _ in $(seq 1 10); do jcmd "$SERVER_PID" Thread.print >> "$WORK/threads-$name.txt" 2>/dev/null; sleep 1; done
  wait "$pid"
  cat "$WORK/$name.err" >&2
  tail -n 1 "$WORK/$name.out"
}
profile() { # name: what each sampled event-loop thread was doing, leaving out loops that only waited
  awk '/^"vert.x-eventloop/ {t=1; s=""; name=$1; gsub(/"/, "", name); sub(/vert.x-/, "", name); next}
       t && /^$/ {t=0; w="other";
         if (s ~ /EPoll.wait/) w="idle";
         else if (s ~ /pgclient|sqlclient/) w="PostgreSQL client";
         else if (s ~ /redis/) w="Redis client";
         else if (s ~ /core.http|WebSocket/) w="HTTP or WebSocket";
         else if (s ~ /jackson|Json/) w="JSON";
         n[name " " w]++; if (w != "idle") busy[name]++; next}
       t {s = s " " $0}
       END {for (k in n) {split(k, p, " "); if (busy[p[1]]) print n[k], k}}' "$WORK/threads-$1.txt" | sort -rn
}

fanout_args=(--conversations-file "$WORK/conversations" --subscribers "$SUBSCRIBERS"
  --publishers "$PUBLISHERS" --window "$WINDOW" --body-bytes "$BODY_BYTES"
  --warmup "$WARMUP" --duration "$DURATION")

MAX=""; HALF=""; PUB=""
if [[ $RUNS == *a* ]]; then
  echo "(a) fan-out at the highest rate: $SUBSCRIBERS subscribers, $CONVERSATIONS conversations, $PUBLISHERS publishers" >&2
  MAX=$(sampled max fanout --run max "${fanout_args[@]}" --rate 0)
  echo "$MAX" >&2
fi
if [[ $RUNS == *b* && -n $MAX ]]; then
  HALF_RATE=$(awk -v r="$(field "$MAX" acked_per_s)" 'BEGIN { printf "%.0f", r / 2 }')
  echo "(b) fan-out at half that rate: $HALF_RATE publishes/s" >&2
  HALF=$(load fanout --run half "${fanout_args[@]}" --rate "$HALF_RATE" | tail -n 1)
  echo "$HALF" >&2
fi
if [[ $RUNS == *c* ]]; then
  echo "(c) stored and acknowledged publishes: $PUBLISH_PUBLISHERS publishers, no subscribers" >&2
  PUB=$(sampled publish publish --run publish --conversations-file "$WORK/conversations" \
    --publishers "$PUBLISH_PUBLISHERS" --window "$WINDOW" --body-bytes "$BODY_BYTES" \
    --warmup "$WARMUP" --duration "$DURATION" --rate 0)
  echo "$PUB" >&2
fi
STORED=$(psql -h "$PGHOST" -p "$PGPORT" -U postgres -tAc "SELECT count(*) FROM messages" "$DB")

if grep -E 'ERROR|Exception' "$WORK/server.log" > "$WORK/server-errors.txt"; then
  echo "server log has errors (first lines):" >&2; head -n 20 "$WORK/server-errors.txt" >&2
fi
samples() { profile "$1" | awk '{n=$1; $1=""; printf "%s%s %s", sep, n, substr($0, 2); sep="; "}'; }

f() { field "$1" "$2"; }
TABLE="Run on $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo),
$(java -version 2>&1 | head -n 1); server pinned: ${server_cpu:-no}; load: ${load_cpu:-no}; command: \`$COMMAND\`
(warm-up ${WARMUP} s, ${DURATION} s measured per run, ${BODY_BYTES}-byte bodies).

| workload | result | details |
|---|---|---|"
[ -z "$MAX" ] || TABLE+="
| (a) fan-out, highest rate: $(f "$MAX" subscribers) subscribers over $(f "$MAX" conversations) conversations, $(f "$MAX" publishers) publishers × $WINDOW in flight | **$(f "$MAX" delivered_per_s) delivered msgs/s** | $(f "$MAX" acked_per_s) publishes/s acked, $(f "$MAX" delivered_mib_per_s) MiB/s of pushes; latency p50 $(f "$MAX" p50_ms) ms, p99 $(f "$MAX" p99_ms) ms; lost $(f "$MAX" lost) of $(f "$MAX" expected); errors $(f "$MAX" errors); event-loop samples: $(samples max) |"
[ -z "$HALF" ] || TABLE+="
| (b) fan-out at half that publish rate ($HALF_RATE publishes/s) | **p50 $(f "$HALF" p50_ms) ms, p99 $(f "$HALF" p99_ms) ms, p99.9 $(f "$HALF" p999_ms) ms** publish-to-delivery | $(f "$HALF" delivered_per_s) delivered msgs/s, $(f "$HALF" samples) samples, max $(f "$HALF" max_ms) ms; publish ack p50 $(f "$HALF" ack_p50_ms) ms, p99 $(f "$HALF" ack_p99_ms) ms; lost $(f "$HALF" lost); not sent (over 200 in flight) $(f "$HALF" skipped); errors $(f "$HALF" errors) |"
[ -z "$PUB" ] || TABLE+="
| (c) publish, stored and acknowledged: $(f "$PUB" publishers) publishers × $WINDOW in flight, no subscribers | **$(f "$PUB" acked_per_s) acked publishes/s** | ack p50 $(f "$PUB" ack_p50_ms) ms, p99 $(f "$PUB" ack_p99_ms) ms; $STORED messages stored in all; errors $(f "$PUB" errors); event-loop samples: $(samples publish) |"
echo "$TABLE"

[ -z "${WRITE_DOCS:-}" ] || write_docs hub-bench "$TABLE"
