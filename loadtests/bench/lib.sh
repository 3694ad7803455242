# What the benchmark scripts share; sourced, never run.

# write_docs MARKER TABLE: replaces what stands between <!-- MARKER:start --> and
# <!-- MARKER:end --> in docs/benchmarks.md with TABLE (WRITE_DOCS=1 asks for it).
write_docs() {
  local marker=$1 table=$2 out
  out=$(mktemp)
  awk -v table="$table" -v start="<!-- $marker:start -->" -v end="<!-- $marker:end -->" '
    $0 == start {print; print table; skip=1; next}
    $0 == end {skip=0}
    !skip {print}' docs/benchmarks.md > "$out"
  cp "$out" docs/benchmarks.md
  rm -f "$out"
  echo "written to docs/benchmarks.md" >&2
}

# build_jars JAR...: builds unless SKIP_BUILD is set, then stops if a jar is missing.
build_jars() {
  if [ -z "${SKIP_BUILD:-}" ]; then
    echo "building" >&2
    ./mvnw -B -q -DskipTests package
  fi
  local jar
  for jar in "$@"; do
    [ -f "$jar" ] || { echo "missing $jar: build first (./mvnw -q -DskipTests package)" >&2; exit 1; }
  done
}

# pin_cores: on 2+ cores, server_cpu pins the server to core 0 and load_cpu the clients to core 1;
# raises the open-file limit to the hard limit.
pin_cores() {
  server_cpu="" load_cpu=""
  if [ "$(nproc)" -ge 2 ]; then server_cpu="taskset -c 0"; load_cpu="taskset -c 1"; fi
  ulimit -n "$(ulimit -Hn)"
}

# fresh_database NAME: drops and creates the database on $PGHOST:$PGPORT.
fresh_database() {
  psql -h "$PGHOST" -p "$PGPORT" -U postgres -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" postgres
  psql -h "$PGHOST" -p "$PGPORT" -U postgres -qc "CREATE DATABASE $1" postgres
}

# wait_ready PORT PID LOG: until the node on PORT is ready (60 s at most, while PID lives); else
# shows the end of LOG and fails.
wait_ready() {
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$1/health/ready" > /dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:$1/health/ready" > /dev/null 2>&1 || { tail -n 20 "$3" >&2; return 1; }
}

# field LINE KEY: the value of KEY in a `RESULT key=value ...` line.
field() { tr ' ' '\n' <<< "$1" | awk -F= -v k="$2" '$1==k {print $2}'; }

# cpu_ticks PID...: clock ticks of CPU the processes have used so far (all their threads).
cpu_ticks() {
  local total=0 pid t
  for pid in "$@"; do
    t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + ${t:-0}))
  done
  echo "$total"
}

# cpu_snapshot LOAD_PID: one line of ticks: server, load client, PostgreSQL, Redis, the machine's
# idle and total (from /proc/stat), for cpu_share to compare with a later one.
cpu_snapshot() {
  echo "$(cpu_ticks "$SERVER_PID") $(cpu_ticks "$1") $(cpu_ticks $(pgrep -x postgres))" \
    "$(cpu_ticks $(pgrep -x redis-server))" \
    "$(awk '/^cpu / {print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat)"
}

# cpu_share BEFORE AFTER: what each used between two snapshots, in % of one core, and the machine's
# idle share of all its cores.
cpu_share() {
  awk -v cores="$(nproc)" -v b="$1" -v a="$2" 'BEGIN {
    split(b, x, " "); split(a, y, " ");
    total = y[6] - x[6]; if (total <= 0) exit;
    per_core = total / cores;
    printf "server %.0f %%, PostgreSQL %.0f %%, Redis %.0f %%, load client %.0f %% of one core; idle %.0f %% of %d cores",
      100 * (y[1] - x[1]) / per_core, 100 * (y[3] - x[3]) / per_core, 100 * (y[4] - x[4]) / per_core,
      100 * (y[2] - x[2]) / per_core, 100 * (y[5] - x[5]) / total, cores }'
}
