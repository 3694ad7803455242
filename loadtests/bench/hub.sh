#!/usr/bin/env bash
# Measures chat messages through the hub: delivered messages per second for fan-out at the highest
# publish rate, publish-to-delivery latency at half that rate, and stored-and-acknowledged publishes
# per second (every publish here is a chat message, stored in PostgreSQL before it is acknowledged)
# for three spreads (20 busy conversations, 2,000 conversations, 50 tenants), each at its highest
# rate and at half of it, next to its ceiling: pgbench running message-insert.pgbench (the same
# writes as one message, one transaction each) on the same conversations in the same run. Prints a
# Markdown table for docs/benchmarks.md (WRITE_DOCS=1 puts it there, between the hub-bench
# markers). Idle connections are measured by capacity.sh, other servers by compare.sh.
#
#   loadtests/bench/hub.sh        # builds first; SKIP_BUILD=1 uses the jars as they are
#
# Needs: a PostgreSQL at $PGHOST:$PGPORT (trust auth, user postgres), pgbench, and Redis at
# 127.0.0.1:6379.
# On a machine with 2+ cores the server is pinned to core 0 and every load client to core 1.
# Every run is bounded; it cleans up what it starts. Before the first run of (a), the first run of (c)
# and each of (c)'s half-rate runs, their load runs until the server's JIT compilers have settled
# (lib.sh's until_compiled; JIT_SETTLE=0 skips it), so that the runs measure compiled code, not the
# compiler sharing the server's core.
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
SPREADS=${SPREADS:-"20 2000 50t"}  # (c)'s spreads: N conversations of one tenant, or Nt tenants
PGBENCH_CLIENTS=${PGBENCH_CLIENTS:-16}  # the server's pool size below
JIT_SETTLE=${JIT_SETTLE:-1}  # 0: measure right after each run's warm-up, the JIT still compiling
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
  autovacuum_restore
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

PGBENCH=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -n 1)
[ -n "$PGBENCH" ] || { echo "pgbench is missing" >&2; exit 1; }
build_jars "$JAR" "$LOAD_JAR"
pin_cores
autovacuum_on
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

sampled() { # name args...: runs the load client; once warm, CPU per process over 5 s, then 10
  # thread dumps of the server
  local name=$1; shift
  load "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" &
  local pid=$!
  for _ in $(seq 1 600); do grep -q 'ready in' "$WORK/$name.err" && break; kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  sleep $((WARMUP + 2))
  local before; before=$(cpu_snapshot "$LOAD_JAR")
  sleep 5
  cpu_share "$before" "$(cpu_snapshot "$LOAD_JAR")" > "$WORK/cpu-$name.txt"
  for _ in $(seq 1 10); do jcmd "$SERVER_PID" Thread.print >> "$WORK/threads-$name.txt" 2>/dev/null; sleep 1; done
  wait "$pid"
  cat "$WORK/$name.err" >&2
  tail -n 1 "$WORK/$name.out"
}
SETTLED=""
settle() { # args...: the load of the next run until the server's JIT has settled (lib.sh's
  # until_compiled), before it is measured
  [ "$JIT_SETTLE" = 1 ] || return 0
  load "$@" --run settle --warmup 0 --duration 100000 > /dev/null 2> "$WORK/settle.err" &
  local pid=$! waited
  waited=$(until_compiled "$SERVER_PID" "$pid")
  pkill -f -- "--run settle" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "    JIT settled after $(cut -d' ' -f1 <<< "$waited") s of this load ($(cut -d' ' -f2 <<< "$waited") s of compiler CPU)" >&2
  SETTLED+="${SETTLED:+, }$(cut -d' ' -f1 <<< "$waited") s"
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

samples() { profile "$1" | awk '{n=$1; $1=""; printf "%s%s %s", sep, n, substr($0, 2); sep="; "}'; }

fanout_args=(--conversations-file "$WORK/conversations" --subscribers "$SUBSCRIBERS"
  --publishers "$PUBLISHERS" --window "$WINDOW" --body-bytes "$BODY_BYTES"
  --warmup "$WARMUP" --duration "$DURATION")

MAX=""; HALF=""; PUB=""
if [[ $RUNS == *a* ]]; then
  echo "(a) fan-out at the highest rate: $SUBSCRIBERS subscribers, $CONVERSATIONS conversations, $PUBLISHERS publishers" >&2
  settle fanout "${fanout_args[@]}" --rate 0
  MAX=$(sampled max fanout --run max "${fanout_args[@]}" --rate 0)
  echo "$MAX" >&2
fi
if [[ $RUNS == *b* && -n $MAX ]]; then
  HALF_RATE=$(awk -v r="$(field "$MAX" acked_per_s)" 'BEGIN { printf "%.0f", r / 2 }')
  echo "(b) fan-out at half that rate: $HALF_RATE publishes/s" >&2
  HALF=$(load fanout --run half "${fanout_args[@]}" --rate "$HALF_RATE" | tail -n 1)
  echo "$HALF" >&2
fi
# spread_file SPREAD: the conversations of a spread, seeded once: "20", "2000" or "50t" (50 tenants
# with 40 conversations each).
spread_file() {
  local file="$WORK/spread-$1"
  if [ ! -f "$file" ]; then
    if [[ $1 == *t ]]; then
      load seed --conversations "$(( ${1%t} * 40 ))" --tenants "${1%t}" > "$file"
    elif [ "$1" = "$CONVERSATIONS" ]; then
      cp "$WORK/conversations" "$file"
    else
      load seed --conversations "$1" > "$file"
    fi
  fi
  echo "$file"
}
describe_spread() { # SPREAD: words for the table
  if [[ $1 == *t ]]; then echo "${1%t} tenants × 40 conversations"; else echo "$1 conversations of one tenant"; fi
}
# ceiling FILE: pgbench's transactions/s writing messages into the conversations of FILE
ceiling() {
  awk -v t=bench '{ if (NF == 1) print NR "," t "," $1; else print NR "," $1 "," $2 }' "$1" > "$WORK/bench.csv"
  psql -h "$PGHOST" -p "$PGPORT" -U postgres -q "$DB" > /dev/null <<SQL
DROP TABLE IF EXISTS bench_conversations;
CREATE TABLE bench_conversations (n int PRIMARY KEY, tenant_id text NOT NULL, id uuid NOT NULL);
\copy bench_conversations FROM '$WORK/bench.csv' WITH (FORMAT csv)
SQL
  $load_cpu "$PGBENCH" -h "$PGHOST" -p "$PGPORT" -U postgres -n -M prepared -c "$PGBENCH_CLIENTS" -j 1 \
    -T "$DURATION" -D conversations="$(wc -l < "$1")" -f loadtests/bench/message-insert.pgbench "$DB" \
    > "$WORK/pgbench.txt" 2>&1 || { cat "$WORK/pgbench.txt" >&2; return 1; }
  awk '/^tps/ {printf "%.0f", $3; exit}' "$WORK/pgbench.txt"
}

stored_count() { # messages the hub stored so far (pgbench's rows not counted)
  psql -h "$PGHOST" -p "$PGPORT" -U postgres -tAc \
    "SELECT count(*) FROM messages WHERE author_id <> 'pgbench'" "$DB"
}

PUB_ROWS=""
if [[ $RUNS == *c* ]]; then
  for spread in $SPREADS; do
    file=$(spread_file "$spread")
    echo "(c) stored and acknowledged publishes, $(describe_spread "$spread"): $PUBLISH_PUBLISHERS publishers, no subscribers" >&2
    publish_args=(--conversations-file "$file" --publishers "$PUBLISH_PUBLISHERS" --window "$WINDOW"
      --body-bytes "$BODY_BYTES" --warmup "$WARMUP" --duration "$DURATION")
    # Each spread starts without the dead row versions of the one before, as a fresh database would.
    psql -h "$PGHOST" -p "$PGPORT" -U postgres -qc "VACUUM (ANALYZE)" "$DB"
    [ -n "$PUB_ROWS" ] || settle publish "${publish_args[@]}" --rate 0
    cpu_before=$(cpu_snapshot "$LOAD_JAR"); stored_before=$(stored_count)
    PUB=$(sampled "publish-$spread" publish --run "publish-$spread" "${publish_args[@]}" --rate 0)
    PER_MESSAGE=$(cpu_per_item "$cpu_before" "$(cpu_snapshot "$LOAD_JAR")" $(( $(stored_count) - stored_before )))
    echo "$PUB" >&2
    echo "    CPU per stored message over the whole run (its warm-up included): $PER_MESSAGE" >&2
    PUB_HALF=$(awk -v r="$(field "$PUB" acked_per_s)" 'BEGIN { printf "%.0f", r / 2 }')
    echo "    at half that rate: $PUB_HALF publishes/s" >&2
    # Batches at half rate are smaller: the JIT compiles some paths again for them.
    settle publish "${publish_args[@]}" --rate "$PUB_HALF" --max-in-flight 100000
    HALF_PUB=$(load publish --run "publish-half-$spread" "${publish_args[@]}" --rate "$PUB_HALF" \
      --max-in-flight 100000 | tail -n 1)
    echo "$HALF_PUB" >&2
    echo "    ceiling: pgbench, $PGBENCH_CLIENTS clients, message-insert.pgbench" >&2
    CEILING=$(ceiling "$file")
    echo "    $CEILING transactions/s" >&2
    PUB_ROWS+="
| (c) stored and acknowledged, $(describe_spread "$spread"): $(field "$PUB" publishers) publishers × $WINDOW in flight, no subscribers | **$(field "$PUB" acked_per_s) acked publishes/s** ($(awk -v a="$(field "$PUB" acked_per_s)" -v c="$CEILING" 'BEGIN { printf "%.2f", a / c }')× the ceiling) | ceiling: pgbench $CEILING messages/s ($PGBENCH_CLIENTS clients, one transaction each); at the highest rate ack p50 $(field "$PUB" ack_p50_ms) ms, p99 $(field "$PUB" ack_p99_ms) ms; **at half ($PUB_HALF/s): ack p50 $(field "$HALF_PUB" ack_p50_ms) ms, p99 $(field "$HALF_PUB" ack_p99_ms) ms**; errors $(field "$PUB" errors), $(field "$HALF_PUB" errors); event-loop samples: $(samples "publish-$spread"); CPU: $(cat "$WORK/cpu-publish-$spread.txt"); CPU per stored message: $PER_MESSAGE |"
  done
fi
STORED=$(stored_count)

if grep -E 'ERROR|Exception' "$WORK/server.log" > "$WORK/server-errors.txt"; then
  echo "server log has errors (first lines):" >&2; head -n 20 "$WORK/server-errors.txt" >&2
fi

f() { field "$1" "$2"; }
TABLE="Run on $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo),
$(java -version 2>&1 | head -n 1); server pinned: ${server_cpu:-no}; load: ${load_cpu:-no}; command: \`$COMMAND\`
(warm-up ${WARMUP} s, ${DURATION} s measured per run, ${BODY_BYTES}-byte bodies$([ -z "$SETTLED" ] || echo "; before (a), the first (c) and each half-rate (c), their load until the JIT settled: $SETTLED")).

| workload | result | details |
|---|---|---|"
[ -z "$MAX" ] || TABLE+="
| (a) fan-out, highest rate: $(f "$MAX" subscribers) subscribers over $(f "$MAX" conversations) conversations, $(f "$MAX" publishers) publishers × $WINDOW in flight | **$(f "$MAX" delivered_per_s) delivered msgs/s** | $(f "$MAX" acked_per_s) publishes/s acked, $(f "$MAX" delivered_mib_per_s) MiB/s of pushes; latency p50 $(f "$MAX" p50_ms) ms, p99 $(f "$MAX" p99_ms) ms; lost $(f "$MAX" lost) of $(f "$MAX" expected); errors $(f "$MAX" errors); event-loop samples: $(samples max); CPU: $(cat "$WORK/cpu-max.txt") |"
[ -z "$HALF" ] || TABLE+="
| (b) fan-out at half that publish rate ($HALF_RATE publishes/s) | **p50 $(f "$HALF" p50_ms) ms, p99 $(f "$HALF" p99_ms) ms, p99.9 $(f "$HALF" p999_ms) ms** publish-to-delivery | $(f "$HALF" delivered_per_s) delivered msgs/s, $(f "$HALF" samples) samples, max $(f "$HALF" max_ms) ms; publish ack p50 $(f "$HALF" ack_p50_ms) ms, p99 $(f "$HALF" ack_p99_ms) ms; lost $(f "$HALF" lost); not sent (over 200 in flight) $(f "$HALF" skipped); errors $(f "$HALF" errors) |"
TABLE+="$PUB_ROWS"
[ -z "$PUB_ROWS" ] || TABLE+="

$STORED messages stored through the hub in all (pgbench's rows not counted)."
echo "$TABLE"

[ -z "${WRITE_DOCS:-}" ] || write_docs hub-bench "$TABLE"
