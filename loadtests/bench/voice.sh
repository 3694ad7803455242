#!/usr/bin/env bash
# How many telephony media streams one node carries, and how fast it answers a caller with the
# embedded speech engines. (1) Capacity: a node with the roles hub,crud,voice, speech-to-text and
# text-to-speech off, recording on, takes N streams from the load client (loadtests/voice-load: one
# mu-law media event every 20 ms per stream, FreeTTS speech alternating with silence, so the VAD
# opens and closes turns) for each N of STEPS, a fresh node per step; the largest N whose server p99
# frame delay stays under 20 ms with nothing refused is the result. The same client against a bare
# Vert.x echo of the same frames (EchoPeer) gives the ceiling: what the client and the loopback cost.
# (2) Reply latency: a node with PocketSphinx and FreeTTS; K speakers (SPEAKERS) each call, say a
# sentence, and time the first reply frame (the hold prompt: no AI agent in the cluster), ROUNDS
# times. Prints a Markdown table; WRITE_DOCS=1 puts it into docs/benchmarks.md (voice-bench markers).
#
#   loadtests/bench/voice.sh      # builds first; SKIP_BUILD=1 uses the jars as they are
#
# Knobs: STEPS ("250 500 1000 2000 3000"), STEP_SECONDS (30, steady phase per step), START_RATE
# (20 calls/s: the ramp of a step lasts N / START_RATE s, at least RAMP; a node starts a call with two
# call-record writes and a Redis place, and streams whose call has not started in 10 s are closed
# with 4408), RAMP (10, also the echo peer's ramp), SPEAKERS ("1 5 10"; empty: none), ROUNDS (5), TARGET_MS (20). Needs PostgreSQL at $PGHOST:$PGPORT
# (trust auth, user postgres) and Redis at 127.0.0.1:6379, as the other scripts. On 2+ cores the
# node runs on core 0 and the client on core 1. The capacity nodes record JFR; when the target is
# missed the table lists what the node's samples were busy with at the first step that failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
. loadtests/bench/lib.sh

STEPS=${STEPS:-"250 500 1000 2000 3000"}
STEP_SECONDS=${STEP_SECONDS:-30}
START_RATE=${START_RATE:-20}
RAMP=${RAMP:-10}
SPEAKERS=${SPEAKERS-"1 5 10"}
ROUNDS=${ROUNDS:-5}
TARGET_MS=${TARGET_MS:-20}
PORT=${PORT:-18100}
PEER_PORT=${PEER_PORT:-18101}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
REDIS_DB=${REDIS_DB:-10}
DB=switchboard_voicebench
SECRET=bench-secret-bench-secret-bench-secret-0123
JAR=server/target/switchboard.jar
LOAD_JAR=loadtests/voice-load/target/voice-load.jar
COMMAND="loadtests/bench/voice.sh${*:+ $*}"
WORK=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "work folder: $WORK" >&2
NODE_PID=""

stop_node() {
  if [ -n "$NODE_PID" ]; then kill "$NODE_PID" 2>/dev/null || true; wait "$NODE_PID" 2>/dev/null || true; fi
  NODE_PID=""
}
cleanup() { stop_node; [ -n "${KEEP:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building" >&2
  ./mvnw -B -q -DskipTests package -pl server,loadtests/voice-load -am
fi
for jar in "$JAR" "$LOAD_JAR"; do
  [ -f "$jar" ] || { echo "missing $jar: build first (./mvnw -q -DskipTests package -pl server,loadtests/voice-load -am)" >&2; exit 1; }
done
pin_cores
fresh_database "$DB"
redis-cli -n "$REDIS_DB" flushdb > /dev/null
OTHER_JAVA=$(pgrep -c java || true); LOAD_START=$(cut -d" " -f1-3 /proc/loadavg)

# start_node NAME STT TTS [JVM options...]: a node with hub,crud,voice on $PORT, recording into $WORK
start_node() {
  local name=$1 stt=$2 tts=$3; shift 3
  rm -rf "$WORK/recordings"
  SWITCHBOARD_POSTGRES_URL="postgresql://postgres@$PGHOST:$PGPORT/$DB" \
  SWITCHBOARD_REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB" \
  SWITCHBOARD_AUTH_HMAC_SECRET=$SECRET \
  SWITCHBOARD_HTTP_PORT=$PORT \
  SWITCHBOARD_NODE_DATA_DIR="$WORK/data" \
  SWITCHBOARD_LOGGING_LEVEL=WARN \
  SWITCHBOARD_VOICE_STT_ENGINE=$stt \
  SWITCHBOARD_VOICE_TTS_ENGINE=$tts \
  SWITCHBOARD_VOICE_MAX_CALLS_PER_TENANT=100000 \
  SWITCHBOARD_VOICE_MAX_CALLS_PER_NODE=100000 \
  SWITCHBOARD_VOICE_RECORDING_DIR="$WORK/recordings" \
    $server_cpu java "$@" -jar "$JAR" --roles hub,crud,voice > "$WORK/$name.log" 2>&1 &
  NODE_PID=$!
  wait_ready "$PORT" "$NODE_PID" "$WORK/$name.log"
}

load() { # port args...: the load client on the load core; its RESULT line
  local port=$1; shift
  $load_cpu java -Xmx2g -jar "$LOAD_JAR" --url "http://127.0.0.1:$port" --secret "$SECRET" --tenant voicebench "$@" \
    2>> "$WORK/client.err" | tail -n 1
}

# hot JFR: the top frames of the node's execution samples, as "count method; ..."
hot() {
  set +o pipefail
  jfr print --events jdk.ExecutionSample "$1" 2>/dev/null \
    | awk '/stackTrace = \[/ {getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print}' \
    | sort | uniq -c | sort -rn | head -n 8 | awk '{n=$1; $1=""; printf "%s%s%s", sep, n, $0; sep="; "}'
  set -o pipefail
}

f() { field "$1" "$2"; }
ROWS="" BEST=0 FAILED_AT="" PROFILE=""
for n in $STEPS; do
  echo "capacity: $n streams" >&2
  start_node "node-$n" off off -XX:StartFlightRecording=filename="$WORK/node-$n.jfr",settings=profile
  ramp=$(( n / START_RATE > RAMP ? n / START_RATE : RAMP ))
  R=$(load "$PORT" --streams "$n" --ramp-seconds "$ramp" --seconds "$STEP_SECONDS" --label "capacity-$n" --json "$WORK/capacity-$n.json")
  jcmd "$NODE_PID" JFR.dump filename="$WORK/node-$n.jfr" > /dev/null 2>&1 || true
  REC=$(du -sh "$WORK/recordings" 2>/dev/null | cut -f1)
  stop_node
  echo "$R" >&2
  p99=$(f "$R" server_delay_p99_ms)
  ok=$(awk -v p="$p99" -v t="$TARGET_MS" -v r="$(f "$R" refused)" -v c="$(f "$R" connected)" -v n="$n" \
    'BEGIN { print (p != "NaN" && p + 0 < t && r == 0 && c == n) ? "yes" : "no" }')
  ROWS+="| $n | $(f "$R" connected) / $(f "$R" refused) / $(f "$R" close_codes) | $(f "$R" frames_per_s) | $(f "$R" client_late_p50_ms) / $(f "$R" client_late_p99_ms) | **$(f "$R" server_delay_p50_ms) / $(f "$R" server_delay_p99_ms)** / $(f "$R" server_delay_p999_ms) (mean $(f "$R" server_delay_mean_ms)) | $(f "$R" server_processing_p50_ms) / $(f "$R" server_processing_p99_ms) / $(f "$R" server_processing_p999_ms) | $(f "$R" server_calls_active) | ${REC:-0} | $ok |"$'\n'
  if [ "$ok" = yes ]; then
    BEST=$n
  else
    FAILED_AT=$n
    PROFILE=$(hot "$WORK/node-$n.jfr")
    break
  fi
done

echo "ceiling: the same client against a bare Vert.x echo" >&2
$server_cpu java -cp "$LOAD_JAR" io.switchboard.loadtests.voice.EchoPeer "$PEER_PORT" > "$WORK/peer.log" 2>&1 &
PEER_PID=$!
for _ in $(seq 1 40); do curl -fs "http://127.0.0.1:$PEER_PORT/metrics" > /dev/null 2>&1 && break; sleep 0.5; done
CEILING=""
for n in $BEST $FAILED_AT; do
  [ "$n" -gt 0 ] || continue
  C=$(load "$PEER_PORT" --streams "$n" --ramp-seconds "$RAMP" --seconds "$STEP_SECONDS" --label "echo-$n" --json "$WORK/echo-$n.json")
  echo "$C" >&2
  CEILING+="| echo peer, $n streams | $(f "$C" connected) / $(f "$C" refused) | $(f "$C" frames_per_s) | $(f "$C" client_late_p50_ms) / $(f "$C" client_late_p99_ms) | $(f "$C" server_delay_p50_ms) / $(f "$C" server_delay_p99_ms) / $(f "$C" server_delay_p999_ms) (mean $(f "$C" server_delay_mean_ms)) |"$'\n'
done
kill "$PEER_PID" 2>/dev/null || true; wait "$PEER_PID" 2>/dev/null || true

echo "reply latency: PocketSphinx and FreeTTS" >&2
start_node reply pocketsphinx freetts
REPLIES=""
for k in $SPEAKERS; do
  R=$(load "$PORT" --speakers "$k" --rounds "$ROUNDS" --label "reply-$k" --json "$WORK/reply-$k.json")
  echo "$R" >&2
  REPLIES+="| $k | $(f "$R" replies) / $(f "$R" unanswered) | **$(f "$R" reply_p50_ms) / $(f "$R" reply_p99_ms)** (max $(f "$R" reply_max_ms)) | $(f "$R" server_replies): $(f "$R" server_reply_p50_ms) / $(f "$R" server_reply_p99_ms) | $(f "$R" first_failure) |"$'\n'
done
stop_node

if grep -hE 'ERROR|Exception' "$WORK"/*.log > "$WORK/errors.txt" 2>/dev/null; then
  echo "node logs have errors (first lines):" >&2; head -n 10 "$WORK/errors.txt" >&2
fi

VERDICT="**$BEST streams** carried with server p99 frame delay under ${TARGET_MS} ms (target 2,000)"
[ -n "$FAILED_AT" ] && VERDICT+="; $FAILED_AT failed"
[ -z "$FAILED_AT" ] && VERDICT+="; every step passed (the largest step is a lower bound)"
PROFILE_LINE=""
[ -z "$PROFILE" ] || PROFILE_LINE="Where the node's CPU went at $FAILED_AT streams (JFR execution samples, top frames): $PROFILE."
TABLE=$(cat <<MD
Run on $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo),
$(java -version 2>&1 | head -n 1); node pinned: ${server_cpu:-no}; client: ${load_cpu:-no}; other Java
processes on the machine at the start: $OTHER_JAVA, load average $LOAD_START at the start and $(cut -d" " -f1-3 /proc/loadavg) at the end; command: \`$COMMAND\` (${STEP_SECONDS} s
measured per step after a ramp of N / ${START_RATE} s (at least ${RAMP} s), a fresh node per step).

Capacity (speech-to-text and text-to-speech off; decode, DTMF, VAD and recording on): $VERDICT.

| streams | connected / refused / node's close codes | frames/s sent | client send lateness p50 / p99 ms | **server frame delay p50 / p99** / p99.9 ms | server processing p50 / p99 / p99.9 ms | calls active | recorded | p99 < ${TARGET_MS} ms |
|---|---|---|---|---|---|---|---|---|
${ROWS}
${PROFILE_LINE}
Ceiling, the same client and frames against a bare Vert.x WebSocket echo (\`EchoPeer\`: parse, echo, time):

| run | connected / refused | frames/s sent | client lateness p50 / p99 ms | frame delay p50 / p99 / p99.9 ms |
|---|---|---|---|---|
${CEILING}
Reply latency (PocketSphinx and FreeTTS on the node, no AI agent, so the reply is the hold prompt:
end of speech, VAD hangover, transcription, routing, synthesis), ${ROUNDS} calls per speaker:

| speakers at once | replies / unanswered | **last speech frame sent → first reply frame, p50 / p99 ms** | node's reply latency (turn end → first frame): count: p50 / p99 ms | first failure |
|---|---|---|---|---|
${REPLIES}
MD
)
echo "$TABLE"
[ -z "${WRITE_DOCS:-}" ] || write_docs voice-bench "$TABLE"
