#!/usr/bin/env bash
# Per-frame cost of the voice role's media arithmetic: JMH benchmarks of one 20 ms telephony frame
# (base64, mu-law, resampling, key detection), one thread, and a Markdown table of frames per
# second on one core and the calls one core could carry at 50 frames a second; WRITE_DOCS=1 puts
# the table into docs/benchmarks.md between the codecs-bench markers.
#
#   loadtests/bench/codecs.sh      # builds first; SKIP_BUILD=1 uses the jar as it is
#
# Knobs: FORKS (1), WARMUP_ITERATIONS (3), ITERATIONS (5), SECONDS_PER_ITERATION (2), BENCHMARKS
# (a JMH regular expression, all by default). On 2+ cores the benchmark JVM is pinned to core 1.
set -euo pipefail
cd "$(dirname "$0")/../.."
. loadtests/bench/lib.sh

FORKS=${FORKS:-1}
WARMUP_ITERATIONS=${WARMUP_ITERATIONS:-3}
ITERATIONS=${ITERATIONS:-5}
SECONDS_PER_ITERATION=${SECONDS_PER_ITERATION:-2}
BENCHMARKS=${BENCHMARKS:-TelephonyFrameBenchmark}
JAR=loadtests/voice-jmh/target/benchmarks.jar
COMMAND="FORKS=$FORKS WARMUP_ITERATIONS=$WARMUP_ITERATIONS ITERATIONS=$ITERATIONS SECONDS_PER_ITERATION=$SECONDS_PER_ITERATION loadtests/bench/codecs.sh${*:+ $*}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building" >&2
  ./mvnw -B -q -DskipTests package -pl loadtests/voice-jmh -am
fi
[ -f "$JAR" ] || { echo "missing $JAR: build first (./mvnw -q -DskipTests package -pl loadtests/voice-jmh -am)" >&2; exit 1; }

cpu=""
if [ "$(nproc)" -ge 2 ]; then cpu="taskset -c 1"; fi

echo "running JMH (${FORKS} fork, ${WARMUP_ITERATIONS}+${ITERATIONS} x ${SECONDS_PER_ITERATION} s per benchmark)" >&2
$cpu java -jar "$JAR" "$BENCHMARKS" -f "$FORKS" -t 1 \
  -wi "$WARMUP_ITERATIONS" -w "${SECONDS_PER_ITERATION}s" -i "$ITERATIONS" -r "${SECONDS_PER_ITERATION}s" \
  -rf json -rff "$WORK/result.json" > "$WORK/jmh.log" 2>&1 || { tail -n 30 "$WORK/jmh.log" >&2; exit 1; }

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
TABLE=$(python3 - "$WORK/result.json" "$COMMAND" "$cpu" "$LOAD" <<'PY'
import datetime, json, subprocess, sys
results, command, cpu, load = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]
what = {
    "base64Decode": "base64 decode of a media payload (216 chars -> 160 bytes)",
    "muLawDecodeAndUpsample": "mu-law decode + upsample 8 -> 16 kHz (160 -> 320 samples)",
    "replyFrame": "reply: downsample 16 -> 8 kHz + mu-law encode + base64 encode",
    "inboundFrame": "inbound total: base64 + mu-law + upsample + DTMF at 8 kHz",
    "dtmf8k": "DTMF detector, 8 kHz frame (160 samples)",
    "dtmf16k": "DTMF detector, 16 kHz frame (320 samples)",
    "tts24kTo16k": "resample 24 -> 16 kHz text-to-speech audio (480 -> 320 samples)",
}
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
print(f"Run on {datetime.date.today()}, {nproc} cores (`nproc`), {java}; "
      f"{cpu or 'not pinned'}; load average at the end {load}; command: `{command}`.")
print()
print("| per 20 ms frame, one thread | frames/s per core | ± (99.9%) | µs per frame | calls per core (50 frames/s each) |")
print("|---|---|---|---|---|")
for r in results:
    name = r["benchmark"].rsplit(".", 1)[1]
    score, error = r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"]
    error = float(error)  # JMH writes "NaN" when one iteration gives no interval
    err = "" if error != error else f"{error:,.0f}"
    print(f"| {what.get(name, name)} | **{score:,.0f}** | {err} | {1e6 / score:.2f} | {score / 50:,.0f} |")
PY
)
echo "$TABLE"
if [ -n "${WRITE_DOCS:-}" ]; then write_docs codecs-bench "$TABLE"; fi
