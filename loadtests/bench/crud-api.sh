#!/usr/bin/env bash
# Measures crud-api GET-by-id and create-message throughput and latency with wrk, next to
# `pgbench -S` on the same PostgreSQL in the same run as the ceiling, and prints a Markdown table
# for docs/benchmarks.md.
#
#   ./mvnw -q -DskipTests package && loadtests/bench/crud-api.sh
#
# Needs: the built server jar, a PostgreSQL at $PGHOST:$PGPORT (trust auth, user postgres), Redis at
# 127.0.0.1:6379, wrk and pgbench. On a machine with 2+ cores the server is pinned to core 0 and
# the load generators to core 1. Every run is bounded by DURATION; it cleans up what it starts.
#
# Beside each workload it prints the CPU the server and PostgreSQL used per request over the run,
# and, when PostgreSQL loads pg_stat_statements (shared_preload_libraries), the statements that
# took the most time in it, with their planning time.
#
# Before its warm-up, each load runs until the server's JIT compilers have settled (lib.sh's
# until_compiled; JIT_SETTLE=0 skips it), so that the runs measure compiled code.
set -euo pipefail
cd "$(dirname "$0")/../.."
. loadtests/bench/lib.sh

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
CONVERSATIONS=${CONVERSATIONS:-64}
PORT=${PORT:-18080}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}   # e.g. -XX:StartFlightRecording=filename=/tmp/crud.jfr,settings=profile
DB=switchboard_bench
SECRET=bench-secret-bench-secret-bench-secret-0123
JAR=server/target/switchboard.jar
WORK=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "work folder: $WORK" >&2
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  autovacuum_restore
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

[ -f "$JAR" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
PGBENCH=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -n 1)
[ -n "$PGBENCH" ] || { echo "pgbench is missing" >&2; exit 1; }

server_cpu="" load_cpu=""
if [ "$(nproc)" -ge 2 ]; then server_cpu="taskset -c 0"; load_cpu="taskset -c 1"; fi

autovacuum_on
psql -h "$PGHOST" -p "$PGPORT" -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" postgres
psql -h "$PGHOST" -p "$PGPORT" -U postgres -qc "CREATE DATABASE $DB" postgres

echo "starting Switchboard (crud role) on port $PORT" >&2
SWITCHBOARD_POSTGRES_URL="postgresql://postgres@$PGHOST:$PGPORT/$DB" \
SWITCHBOARD_POSTGRES_POOL_SIZE=16 \
SWITCHBOARD_REDIS_URL=redis://127.0.0.1:6379 \
SWITCHBOARD_AUTH_HMAC_SECRET=$SECRET \
SWITCHBOARD_HTTP_PORT=$PORT \
SWITCHBOARD_NODE_DATA_DIR="$WORK/data" \
SWITCHBOARD_LOGGING_LEVEL=WARN \
  $server_cpu java $SERVER_JAVA_OPTS -jar "$JAR" --roles crud > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null || { cat "$WORK/server.log" >&2; exit 1; }

token() { SWITCHBOARD_AUTH_HMAC_SECRET=$SECRET java -jar "$JAR" token --tenant bench --user "$1" --role "$2" --ttl 2h; }
ADMIN=$(token admin-1 admin)
api() { curl -fsS -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' "$@"; }
json_id() { sed -E 's/.*"id":"([0-9a-f-]{36})".*/\1/'; echo; }

INBOX=$(api -X POST "http://127.0.0.1:$PORT/api/v1/inboxes" -d '{"name":"Bench","channel":"chat"}' | json_id)
CONTACT=$(api -X POST "http://127.0.0.1:$PORT/api/v1/contacts" -d '{"name":"Load Customer"}' | json_id)
: > "$WORK/conversations"
for _ in $(seq 1 "$CONVERSATIONS"); do
  api -X POST "http://127.0.0.1:$PORT/api/v1/conversations" \
    -d "{\"inbox_id\":\"$INBOX\",\"contact_id\":\"$CONTACT\",\"channel\":\"chat\"}" | json_id >> "$WORK/conversations"
done

cat > "$WORK/get.lua" <<LUA
local ids = {}
for line in io.lines("$WORK/conversations") do ids[#ids + 1] = line end
local i = 0
wrk.headers["Authorization"] = "Bearer $ADMIN"
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/conversations/" .. ids[(i % #ids) + 1])
end
LUA
cat > "$WORK/post.lua" <<LUA
local ids = {}
for line in io.lines("$WORK/conversations") do ids[#ids + 1] = line end
local i = 0
wrk.headers["Authorization"] = "Bearer $ADMIN"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i + 1
  return wrk.format("POST", "/api/v1/conversations/" .. ids[(i % #ids) + 1] .. "/messages", nil,
    '{"body":"hello from the load generator, message ' .. i .. '"}')
end
done = function(summary, latency, requests)
  io.write(string.format("non2xx=%d\n", summary.errors.status))
end
LUA

STATEMENTS=""
if psql -h "$PGHOST" -p "$PGPORT" -U postgres -tAc "SHOW shared_preload_libraries" postgres | grep -q pg_stat_statements; then
  psql -h "$PGHOST" -p "$PGPORT" -U postgres -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" "$DB"
  STATEMENTS=1
fi

# statements NAME: the statements that took PostgreSQL the most time since the last call, into
# $WORK/statements-NAME.txt; then starts counting again.
statements() {
  [ -n "$STATEMENTS" ] || return 0
  psql -h "$PGHOST" -p "$PGPORT" -U postgres -tA -F ' | ' -c "SELECT calls,
      round((total_exec_time / calls * 1000)::numeric, 1) || ' µs',
      round((total_plan_time / calls * 1000)::numeric, 1) || ' µs planning',
      left(regexp_replace(query, '\s+', ' ', 'g'), 90)
    FROM pg_stat_statements WHERE calls > 100 AND dbid = (SELECT oid FROM pg_database WHERE datname = '$DB')
    ORDER BY total_exec_time + total_plan_time DESC LIMIT 6" "$DB" > "$WORK/statements-$1.txt" || true
  psql -h "$PGHOST" -p "$PGPORT" -U postgres -qAtc "SELECT pg_stat_statements_reset()" "$DB" > /dev/null
}

run_wrk() { # name script
  local before requests
  statements "before-$1"
  before=$(cpu_snapshot "wrk -t1")
  $load_cpu wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$2" "http://127.0.0.1:$PORT" > "$WORK/$1.txt"
  requests=$(awk '/requests in/ {print $1}' "$WORK/$1.txt")
  cpu_per_item "$before" "$(cpu_snapshot "wrk -t1")" "${requests:-0}" > "$WORK/cpu-$1.txt"
  statements "$1"
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$1.txt")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/$1.txt")
  non2xx=$(awk -F'Non-2xx or 3xx responses: ' 'NF>1 {print $2}' "$WORK/$1.txt")
  echo "$rps|$p50|$p99|${non2xx:-0}"
}

echo "warming up" >&2
SETTLED=""
settle() { # script: its load until the server's JIT has settled (lib.sh's until_compiled)
  [ "${JIT_SETTLE:-1}" = 1 ] || return 0
  $load_cpu wrk -t1 -c"$CONNECTIONS" -d"${JIT_SETTLE_MAX:-240}s" -s "$1" "http://127.0.0.1:$PORT" > /dev/null &
  local pid=$! waited
  waited=$(until_compiled "$SERVER_PID" "$pid")
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  echo "JIT settled after $(cut -d' ' -f1 <<< "$waited") s of $(basename "$1") ($(cut -d' ' -f2 <<< "$waited") s of compiler CPU)" >&2
  SETTLED+="${SETTLED:+, }$(cut -d' ' -f1 <<< "$waited") s of $(basename "$1" .lua)"
}
settle "$WORK/get.lua"
settle "$WORK/post.lua"
DURATION=${WARMUP:-20s} run_wrk warm "$WORK/get.lua" > /dev/null
DURATION=5s run_wrk warm "$WORK/post.lua" > /dev/null
echo "GET by id for $DURATION" >&2
GET=$(run_wrk get "$WORK/get.lua")
echo "create message for $DURATION" >&2
POST=$(run_wrk post "$WORK/post.lua")
STORED=$(psql -h "$PGHOST" -p "$PGPORT" -U postgres -tAc "SELECT count(*) FROM messages" "$DB")

echo "pgbench -S for $DURATION" >&2
"$PGBENCH" -h "$PGHOST" -p "$PGPORT" -U postgres -i -q -s 10 "$DB" > /dev/null 2>&1
SECONDS_ARG=${DURATION%s}
$load_cpu "$PGBENCH" -h "$PGHOST" -p "$PGPORT" -U postgres -S -M prepared -c "$CONNECTIONS" -j 1 \
  -T "$SECONDS_ARG" "$DB" > "$WORK/pgbench.txt" 2>&1
TPS=$(awk '/^tps/ {print $3; exit}' "$WORK/pgbench.txt")
PG_LAT=$(awk '/latency average/ {print $4 " " $5}' "$WORK/pgbench.txt")

IFS='|' read -r get_rps get_p50 get_p99 get_err <<< "$GET"
IFS='|' read -r post_rps post_p50 post_p99 post_err <<< "$POST"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

cat <<MD
Run on $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo),
$(java -version 2>&1 | head -n 1); server pinned: ${server_cpu:-no}; load: ${load_cpu:-no};
$CONNECTIONS connections, $DURATION per run, $CONVERSATIONS conversations$([ -z "$SETTLED" ] || echo "; before the warm-up, the load until the JIT settled: $SETTLED").

| workload | requests/s | p50 | p99 | non-2xx | vs pgbench -S | CPU per request |
|---|---|---|---|---|---|---|
| crud GET /api/v1/conversations/{id} | $get_rps | $get_p50 | $get_p99 | $get_err | $(ratio "$get_rps" "$TPS") | $(cat "$WORK/cpu-get.txt") |
| crud POST .../messages (stored: $STORED rows) | $post_rps | $post_p50 | $post_p99 | $post_err | $(ratio "$post_rps" "$TPS") | $(cat "$WORK/cpu-post.txt") |
| pgbench -S (select by primary key, prepared) | $TPS | | | | 1.00 (avg latency $PG_LAT) | |
MD
if [ -n "$STATEMENTS" ]; then
  for phase in get post; do
    echo
    echo "Statements of the $phase run (pg_stat_statements: calls | run time | planning time, per call | statement):"
    sed 's/^/    /' "$WORK/statements-$phase.txt"
  done
fi
