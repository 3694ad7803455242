#!/usr/bin/env bash
# The fan-out comparison: the same workload, with the same load client, in one run, against
# Switchboard and three reference servers: a broadcast server on the Node `ws` library, nginx with
# the Nchan module (as shipped, and again with TCP_NODELAY on its connections like the others), and
# a bare Vert.x broadcast server (no auth, storage or checks: the ceiling for our own stack). Each
# server in turn gets core 0 (with whatever it needs: Switchboard's Redis runs there too), the load
# client gets core 1. The client sweeps the publish rate up to each server's saturation, keeps the
# highest delivered rate, then measures publish-to-delivery latency at half of it. Prints one
# Markdown table with Switchboard's ratio to each server and whether each target is met;
# WRITE_DOCS=1 puts it into docs/benchmarks.md between the compare-bench markers.
#
#   loadtests/bench/compare.sh               # builds first; SKIP_BUILD=1 uses the jars as they are
#   SERVERS="switchboard vertx" loadtests/bench/compare.sh
#   CLIENT_JAVA_OPTS="-XX:+UseZGC" loadtests/bench/compare.sh   # JVM options of the load client
#   SERVER_JAVA_OPTS="-agentpath:..." loadtests/bench/compare.sh  # and of the JVM servers (a profiler)
#
# Needs: JDK 17, Maven (through ./mvnw), Node.js with npm, PostgreSQL at $PGHOST:$PGPORT (trust
# auth; only for Switchboard's readiness check) and redis-server on the PATH. nginx with Nchan is
# installed from Debian's packages (libnginx-mod-nchan) when missing and the script runs as root;
# a server that cannot run here is reported as such, not left out silently. Every run is bounded
# and cleans up what it starts.
set -euo pipefail
cd "$(dirname "$0")/../.."
. loadtests/bench/lib.sh

SERVERS=${SERVERS:-"switchboard vertx node nchan nchan-nodelay"}
SUBSCRIBERS=${SUBSCRIBERS:-2000}
CHANNELS=${CHANNELS:-20}
BODY_BYTES=${BODY_BYTES:-100}
WARMUP=${WARMUP:-5}
FIRST_WARMUP=${FIRST_WARMUP:-20}
DURATION=${DURATION:-10}
LATENCY_DURATION=${LATENCY_DURATION:-20}
START_RATE=${START_RATE:-250}
READ_PAUSE_MS=${READ_PAUSE_MS:-100}
TIMED_EVERY=${TIMED_EVERY:-20}
MAX_RATE=${MAX_RATE:-256000}
PORT=${PORT:-18095}
REDIS_PORT=${REDIS_PORT:-16379}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
DB=switchboard_compare
SECRET=bench-secret-bench-secret-bench-secret-0123
NCHAN_MODULE=${NCHAN_MODULE:-/usr/lib/nginx/modules/ngx_nchan_module.so}
JAR=server/target/switchboard.jar
LOAD_JAR=loadtests/hub-load/target/hub-load.jar
VERTX_JAR=loadtests/bench/peers/vertx-broadcast/target/vertx-broadcast.jar
PEERS=loadtests/bench/peers
COMMAND="loadtests/bench/compare.sh${*:+ $*}"
WORK=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "work folder: $WORK" >&2
STARTED=()

stop_all() {
  for pid in "${STARTED[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${STARTED[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  STARTED=()
}
cleanup() {
  stop_all
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

pin_cores
build_jars "$JAR" "$LOAD_JAR" "$VERTX_JAR"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { # port pid: until something listens on the port, while pid lives (60 s at most)
  for _ in $(seq 1 300); do
    port_free "$1" || return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}
children() { pgrep -P "$1" | paste -sd, -; }

# Each start_<server> starts it on $PORT pinned to the server core, appends what it started to
# STARTED and sets PIDS to the processes whose CPU and memory count as the server's.
start_switchboard() {
  command -v redis-server > /dev/null || { echo "redis-server not installed"; return 1; }
  fresh_database "$DB"
  $server_cpu redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    --dir "$WORK" > "$WORK/redis.log" 2>&1 &
  local redis=$!
  STARTED+=("$redis")
  wait_port "$REDIS_PORT" "$redis" || { cat "$WORK/redis.log"; return 1; }
  SWITCHBOARD_POSTGRES_URL="postgresql://postgres@$PGHOST:$PGPORT/$DB" \
  SWITCHBOARD_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" \
  SWITCHBOARD_AUTH_HMAC_SECRET=$SECRET \
  SWITCHBOARD_HTTP_PORT=$PORT \
  SWITCHBOARD_NODE_DATA_DIR="$WORK/data" \
  SWITCHBOARD_LOGGING_LEVEL=WARN \
  SWITCHBOARD_HUB_MAX_CONNECTIONS_PER_USER=100000 \
  SWITCHBOARD_HUB_MAX_CONNECTIONS_PER_TENANT=100000 \
  SWITCHBOARD_HUB_COMMANDS_PER_SECOND=1000000 \
  SWITCHBOARD_HUB_COMMANDS_BURST=1000000 \
  SWITCHBOARD_HUB_PUBLISH_PER_SECOND=1000000 \
  SWITCHBOARD_HUB_PUBLISH_BURST=1000000 \
  SWITCHBOARD_HUB_TENANT_PUBLISH_PER_SECOND=1000000 \
  SWITCHBOARD_HUB_TENANT_PUBLISH_BURST=1000000 \
  SWITCHBOARD_HUB_API_PUBLISH_PER_SECOND=1000000 \
  SWITCHBOARD_HUB_API_PUBLISH_BURST=1000000 \
    $server_cpu java -XX:StartFlightRecording=name=sweep,settings=profile ${SERVER_JAVA_OPTS:-} \
      -jar "$JAR" --roles hub > "$WORK/switchboard.log" 2>&1 &
  local java=$!
  STARTED+=("$java")
  wait_ready "$PORT" "$java" "$WORK/switchboard.log" 2>&1 || return 1
  PIDS="$java,$redis"
  TARGET=(--target switchboard --secret "$SECRET" --tenant bench --run compare)
}
start_vertx() {
  $server_cpu java ${SERVER_JAVA_OPTS:-} -jar "$VERTX_JAR" "$PORT" > "$WORK/vertx.log" 2>&1 &
  local pid=$!
  STARTED+=("$pid")
  wait_port "$PORT" "$pid" || { cat "$WORK/vertx.log"; return 1; }
  PIDS=$pid
  TARGET=(--target plain)
}
start_node() {
  command -v node > /dev/null && command -v npm > /dev/null || { echo "node and npm not installed"; return 1; }
  (cd "$PEERS/node-ws" && npm ci --no-audit --no-fund --silent) > "$WORK/npm.log" 2>&1 || { cat "$WORK/npm.log"; return 1; }
  PORT=$PORT $server_cpu node "$PEERS/node-ws/server.mjs" > "$WORK/node.log" 2>&1 &
  local pid=$!
  STARTED+=("$pid")
  wait_port "$PORT" "$pid" || { cat "$WORK/node.log"; return 1; }
  PIDS=$pid
  TARGET=(--target plain)
}
start_nchan() {
  if [ ! -f "$NCHAN_MODULE" ] && [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "installing nginx with Nchan (Debian libnginx-mod-nchan)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libnginx-mod-nchan \
      > "$WORK/apt.log" 2>&1 || { tail -n 5 "$WORK/apt.log"; return 1; }
  fi
  [ -f "$NCHAN_MODULE" ] || { echo "nginx with Nchan not installed (Debian: libnginx-mod-nchan)"; return 1; }
  mkdir -p "$WORK/nginx"
  sed -e "s#@PORT@#$PORT#g; s#@WORK@#$WORK/nginx#g; s#@MODULE@#$NCHAN_MODULE#g" \
    "$PEERS/nchan/nginx.conf.template" > "$WORK/nginx/nginx.conf"
  $server_cpu env ${NGINX_PRELOAD:+LD_PRELOAD="$NGINX_PRELOAD"} \
    nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" > "$WORK/nginx.log" 2>&1 &
  local master=$!
  STARTED+=("$master")
  wait_port "$PORT" "$master" || { cat "$WORK/nginx.log" "$WORK/nginx/error.log"; return 1; }
  PIDS=$(children "$master") # the worker does the work; the master only watches it
  [ -n "$PIDS" ] || { echo "nginx started no worker"; return 1; }
  TARGET=(--target plain)
}
# Nchan again with TCP_NODELAY on its connections, as every other server here sends
# (peers/nchan/nodelay.c says why).
start_nchan-nodelay() {
  if ! command -v gcc > /dev/null && [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gcc libc6-dev \
      > "$WORK/apt-gcc.log" 2>&1 || { tail -n 5 "$WORK/apt-gcc.log"; return 1; }
  fi
  command -v gcc > /dev/null || { echo "gcc not installed (needed for the TCP_NODELAY shim)"; return 1; }
  gcc -shared -fPIC -O2 -o "$WORK/nodelay.so" "$PEERS/nchan/nodelay.c" -ldl || return 1
  NGINX_PRELOAD="$WORK/nodelay.so" start_nchan
}

# Where Switchboard's CPU went during its sweep, from the flight recording: the share of busy
# samples (Java and native, leaving out threads that only waited) per innermost method, and per
# innermost Switchboard method on the stack.
profile() {
  local recording="$WORK/$1.jfr"
  jcmd "$2" JFR.dump name=sweep filename="$recording" > /dev/null 2>&1 || return 0
  jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample "$recording" | awk '
    /stackTrace = \[/ {inside = 1; leaf = ""; own = ""; next}
    inside && /^[[:space:]]*\]/ {
      inside = 0
      if (leaf == "" || leaf ~ /epollWait|EPoll\.wait|poll0|select|Unsafe\.park|Object\.wait|accept0|Thread\.sleep|waitForReferencePendingList/) next
      busy++; leaves[leaf]++; if (own != "") owns[own]++; next}
    inside {
      frame = $1; sub(/\(.*/, "", frame)
      if (leaf == "") leaf = frame
      if (own == "" && frame ~ /^io\.switchboard\./) own = frame
    }
    END {
      for (m in leaves) printf "leaf %.1f %s\n", 100 * leaves[m] / busy, m
      for (m in owns) printf "own %.1f %s\n", 100 * owns[m] / busy, m
    }' > "$WORK/$1-profile.txt"
  {
    printf "innermost methods: "
    grep '^leaf' "$WORK/$1-profile.txt" | sort -k2 -rn | awk 'NR <= 8' | awk '{printf "%s`%s` %s %%", sep, $3, $2; sep = ", "}'
    printf "; innermost Switchboard methods: "
    grep '^own' "$WORK/$1-profile.txt" | sort -k2 -rn | awk 'NR <= 6' | awk '{printf "%s`%s` %s %%", sep, $3, $2; sep = ", "}'
  }
}
# What in the flight recording could hold deliveries up during the latency window (RESULT's
# half_window_start_ms to half_window_end_ms): JIT compilations taking 100 ms or more (they share
# the server's one core with the event loop) and GC pauses.
window_events() { # recording result
  local from to
  from=$(field "$2" half_window_start_ms)
  to=$(field "$2" half_window_end_ms)
  [ -f "$1" ] && [ -n "$from" ] || return 0
  TZ=UTC jfr print --events jdk.Compilation,jdk.GarbageCollection "$1" | awk -v from="$from" -v to="$to" '
    function ms(value, unit) {
      return unit == "s" ? value * 1000 : unit == "us" ? value / 1000 : unit == "ns" ? value / 1e6 : value
    }
    /^jdk\.Compilation/ {kind = "jit"}
    /^jdk\.GarbageCollection/ {kind = "gc"}
    /startTime = / {split($3, t, ":"); at = (t[1] * 3600 + t[2] * 60 + t[3]) * 1000}
    kind == "jit" && /^[[:space:]]*duration = / {took = ms($3, $4)}
    kind == "jit" && /^[[:space:]]*method = / {method = $3; sub(/\(.*/, "", method)}
    kind == "gc" && /sumOfPauses = / {took = ms($3, $4)}
    /^}/ {
      day = 86400000; start = from % day; end = to % day
      if (at >= start && at <= end && (kind == "gc" || took >= 100)) {
        n[kind]++; sum[kind] += took
        if (took > max[kind]) {max[kind] = took; if (kind == "jit") longest = method}
      }
      kind = ""; method = ""
    }
    END {
      printf "%d JIT compilations of 100 ms or more (%.0f ms of CPU in all, the longest %.0f ms%s), ", n["jit"], sum["jit"], max["jit"], longest == "" ? "" : ": `" longest "`"
      printf "%d GC pauses (%.0f ms in all, the longest %.1f ms)", n["gc"], sum["gc"], max["gc"]
    }'
}
declare -A RESULT NOTE
PROFILE="not recorded"
WINDOW="not recorded"
for server in $SERVERS; do
  echo "== $server" >&2
  port_free "$PORT" || { echo "port $PORT is taken" >&2; exit 1; }
  PIDS="" TARGET=()
  if ! start_"$server" > "$WORK/start-$server.txt" 2>&1; then
    NOTE[$server]="did not start: $(tr '\n' ' ' < "$WORK/start-$server.txt" | cut -c 1-200)"
    echo "${NOTE[$server]}" >&2
    stop_all
    continue
  fi
  if $load_cpu java -Xmx2g ${CLIENT_JAVA_OPTS:-} -jar "$LOAD_JAR" sweep "${TARGET[@]}" --server "$server" --port "$PORT" \
      --channels "$CHANNELS" --subscribers "$SUBSCRIBERS" --body-bytes "$BODY_BYTES" \
      --warmup "$WARMUP" --first-warmup "$FIRST_WARMUP" --duration "$DURATION" --latency-duration "$LATENCY_DURATION" \
      --start-rate "$START_RATE" --max-rate "$MAX_RATE" --server-pids "$PIDS" \
      --read-pause-ms "$READ_PAUSE_MS" --timed-every "$TIMED_EVERY" \
      > "$WORK/$server.out" 2> >(tee "$WORK/$server.err" >&2); then
    RESULT[$server]=$(tail -n 1 "$WORK/$server.out")
    echo "${RESULT[$server]}" >&2
  else
    NOTE[$server]="load client failed: $(tail -n 3 "$WORK/$server.err" | tr '\n' ' ' | cut -c 1-200)"
    echo "${NOTE[$server]}" >&2
  fi
  if [ "$server" = switchboard ]; then
    PROFILE=$(profile switchboard "${PIDS%%,*}")
    echo "profile: $PROFILE" >&2
    WINDOW=$(window_events "$WORK/switchboard.jfr" "${RESULT[switchboard]:-}")
    echo "in the latency window: $WINDOW" >&2
    if grep -E 'ERROR|Exception' "$WORK/switchboard.log" > "$WORK/switchboard-errors.txt"; then
      echo "Switchboard's log has errors (first lines):" >&2; head -n 10 "$WORK/switchboard-errors.txt" >&2
    fi
  fi
  stop_all
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "" && b > 0) printf "%.2f", a / b; else print "" }'; }
verdict() { # numerator denominator wanted-ratio: met or missed, judged before rounding
  awk -v a="$1" -v b="$2" -v w="$3" 'BEGIN { if (a == "" || b == "" || b <= 0) print "not measured"; else if (a / b >= w) print "**met**"; else print "**missed**" }'
}
SB_MAX=$(field "${RESULT[switchboard]:-}" max_delivered_per_s)
rows=""
for server in $SERVERS; do
  r=${RESULT[$server]:-}
  if [ -z "$r" ]; then
    rows+="| $server | ${NOTE[$server]:-not run} | | | | | |"$'\n'
    continue
  fi
  max=$(field "$r" max_delivered_per_s)
  # A client near its core's limit may have set the maximum, not the server.
  bound=$(awk -v c="$(field "$r" max_client_cpu_pct)" 'BEGIN { if (c >= 90) print " (client near 100 %: a lower bound)" }')
  vs=""
  [ "$server" = switchboard ] || vs=$(ratio "$SB_MAX" "$max")
  rows+="| $server | **$(printf "%.0f" "$max")**$bound (at $(field "$r" max_at_rate) publishes/s; kept up to $(field "$r" max_kept_up_rate)) | $(field "$r" max_server_cpu_pct) % / $(awk -v k="$(field "$r" max_server_rss_kib)" 'BEGIN {printf "%.0f", k / 1024}') MiB | $(field "$r" max_client_cpu_pct) % | $(field "$r" half_rate)/s: p50 $(field "$r" p50_ms), **p99 $(field "$r" p99_ms)**, p99.9 $(field "$r" p999_ms) ms | ${vs:+${vs}×} | lost $(field "$r" lost), errors $(field "$r" errors) |"$'\n'
done
SB_P99=$(field "${RESULT[switchboard]:-}" p99_ms)
NODE_MAX=$(field "${RESULT[node]:-}" max_delivered_per_s)
NCHAN_MAX=$(field "${RESULT[nchan]:-}" max_delivered_per_s)
VERTX_MAX=$(field "${RESULT[vertx]:-}" max_delivered_per_s)
NCHAN_NODELAY_MAX=$(field "${RESULT[nchan-nodelay]:-}" max_delivered_per_s)
VS_NODE=$(ratio "$SB_MAX" "$NODE_MAX")
VS_NCHAN=$(ratio "$SB_MAX" "$NCHAN_MAX")
VS_VERTX=$(ratio "$SB_MAX" "$VERTX_MAX")
VS_NCHAN_NODELAY=$(ratio "$SB_MAX" "$NCHAN_NODELAY_MAX")
P99_MET=$(awk -v p="$SB_P99" 'BEGIN { if (p == "") print "not measured"; else if (p < 5) print "**met**"; else print "**missed**" }')

TABLE=$(cat <<MD
Run on $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo),
$(java -version 2>&1 | head -n 1), $(node --version 2>/dev/null || echo "no node"), $(nginx -v 2>&1 | sed 's/.*: //');
servers pinned: ${server_cpu:-no}; load client: ${load_cpu:-no}; command: \`$COMMAND\`.
Workload: $SUBSCRIBERS WebSocket subscribers over $CHANNELS channels, ${BODY_BYTES}-byte publications
posted over HTTP round-robin over the channels; publish rate doubled from $START_RATE/s until a
server delivered under 95 % of what it acknowledged (warm-up ${WARMUP} s, ${FIRST_WARMUP} s before the
first step, ${DURATION} s measured per step), then ${LATENCY_DURATION} s at half the highest delivered rate for latency. One subscriber
in $TIMED_EVERY is read at once and times every publication; the others are read in rounds
${READ_PAUSE_MS} ms apart and only count.

| server | delivered msgs/s, highest | server CPU / RSS at it | client CPU | latency at half that rate (ms) | Switchboard ÷ server | loss |
|---|---|---|---|---|---|---|
${rows}
| target | wanted | measured | verdict |
|---|---|---|---|
| delivered rate vs Node \`ws\` | ≥ 3× | ${VS_NODE:-n/a}× | $(verdict "$SB_MAX" "$NODE_MAX" 3) |
| delivered rate vs Nchan | ≥ 1× | ${VS_NCHAN:-n/a}× | $(verdict "$SB_MAX" "$NCHAN_MAX" 1) |
| delivered rate vs Nchan with TCP_NODELAY | ≥ 1× | ${VS_NCHAN_NODELAY:-n/a}× | $(verdict "$SB_MAX" "$NCHAN_NODELAY_MAX" 1) |
| delivered rate vs bare Vert.x | ≥ 0.7× | ${VS_VERTX:-n/a}× | $(verdict "$SB_MAX" "$VERTX_MAX" 0.7) |
| p99 at half the highest rate | < 5 ms | ${SB_P99:-n/a} ms | $P99_MET |

Switchboard's CPU during its sweep (flight recording, share of busy samples): $PROFILE.
In Switchboard's latency window the recording has $WINDOW.
MD
)
echo "$TABLE"

[ -z "${WRITE_DOCS:-}" ] || write_docs compare-bench "$TABLE"
