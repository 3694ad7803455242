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

# autovacuum_on: PostgreSQL as deployed vacuums by itself. A server whose configuration turns
# autovacuum off (CI machines' conf.d may) lets the dead versions of every updated conversation row
# pile up through a run, and the runs then measure that bloat. Turns it on for the run with ALTER
# SYSTEM when it is off; autovacuum_restore (from the script's cleanup) puts the setting back.
autovacuum_on() {
  AUTOVACUUM_WAS=$(psql -h "$PGHOST" -p "$PGPORT" -U postgres -tAc "SHOW autovacuum" postgres)
  if [ "$AUTOVACUUM_WAS" = off ]; then
    psql -h "$PGHOST" -p "$PGPORT" -U postgres -qc "ALTER SYSTEM SET autovacuum = on" \
      -c "SELECT pg_reload_conf()" postgres > /dev/null
    echo "autovacuum turned on for this run (the server's configuration has it off)" >&2
  fi
}

autovacuum_restore() {
  if [ "${AUTOVACUUM_WAS:-}" = off ]; then
    psql -h "$PGHOST" -p "$PGPORT" -U postgres -qc "ALTER SYSTEM RESET autovacuum" \
      -c "SELECT pg_reload_conf()" postgres > /dev/null
  fi
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

# cpu_snapshot LOAD_PATTERN: one line of clock ticks: the machine's idle and total (from /proc/stat),
# then the CPU used so far by the server ($SERVER_PID), the load client (processes whose command
# line holds LOAD_PATTERN), PostgreSQL and Redis (all threads of each); all read by one awk, so the
# readings are a few milliseconds apart. cpu_share compares two of them.
cpu_snapshot() {
  local groups="" pid
  for pid in $SERVER_PID; do groups+=" /proc/$pid/stat:1"; done
  for pid in $(pgrep -f -- "$1"); do groups+=" /proc/$pid/stat:2"; done
  for pid in $(pgrep -x postgres); do groups+=" /proc/$pid/stat:3"; done
  for pid in $(pgrep -x redis-server); do groups+=" /proc/$pid/stat:4"; done
  # shellcheck disable=SC2086
  awk -v groups="$groups" 'BEGIN {
    n = split(groups, g, " ");
    getline line < "/proc/stat"; split(line, c, " ");
    idle = c[5] + c[6]; total = 0; for (i = 2; i <= 9; i++) total += c[i];
    for (i = 1; i <= n; i++) {
      split(g[i], f, ":");
      if ((getline line < f[1]) > 0) { sub(/^.*\) /, "", line); split(line, s, " "); t[f[2]] += s[12] + s[13] }
      close(f[1]);
    }
    printf "%d %d %d %d %d %d\n", idle, total, t[1], t[2], t[3], t[4] }'
}

# cpu_per_item BEFORE AFTER N: CPU time the server, PostgreSQL and Redis used between two snapshots
# per item (N items done in between), in microseconds: steadier than a share of a few seconds,
# since it spans a whole run.
cpu_per_item() {
  awk -v hz="$(getconf CLK_TCK)" -v b="$1" -v a="$2" -v n="$3" 'BEGIN {
    if (n <= 0) exit;
    split(b, x, " "); split(a, y, " "); us = 1e6 / hz / n;
    printf "server %.0f µs, PostgreSQL %.0f µs, Redis %.0f µs",
      (y[3] - x[3]) * us, (y[5] - x[5]) * us, (y[6] - x[6]) * us }'
}

# cpu_share BEFORE AFTER: what each used between two snapshots, in % of one core, and the machine's
# idle share of all its cores.
cpu_share() {
  awk -v cores="$(nproc)" -v b="$1" -v a="$2" 'BEGIN {
    split(b, x, " "); split(a, y, " ");
    total = y[2] - x[2]; if (total <= 0) exit;
    per_core = total / cores;
    printf "server %.0f %%, PostgreSQL %.0f %%, Redis %.0f %%, load client %.0f %% of one core; idle %.0f %% of %d cores",
      100 * (y[3] - x[3]) / per_core, 100 * (y[5] - x[5]) / per_core, 100 * (y[6] - x[6]) / per_core,
      100 * (y[4] - x[4]) / per_core, 100 * (y[1] - x[1]) / total, cores }'
}

# compiler_ticks PID: clock ticks the JIT compiler threads (C1 and C2) of PID have used so far.
compiler_ticks() {
  awk 'FNR == 1 && /\((C1|C2) CompilerThre/ { sub(/^.*\) /, ""); split($0, s, " "); t += s[12] + s[13] }
       END { printf "%d\n", t }' /proc/"$1"/task/*/stat 2>/dev/null
}

# until_compiled PID LOAD_PID: waits, while LOAD_PID runs, until the JIT compilers of PID used less
# than 3 % of one core in each of two 5 s windows in a row, or JIT_SETTLE_MAX seconds (default
# 240) have passed; prints the seconds waited, then the compilers' CPU seconds in that time. On a
# server pinned to one core, C2 compiling the hot paths takes a third of that core for a minute or
# more under full load; measuring before it is done measures the compiler.
until_compiled() {
  local pid=$1 load=$2 quiet=0 waited=0 start before after
  local limit=$(( $(getconf CLK_TCK) * 5 * 3 / 100 ))
  start=$(compiler_ticks "$pid"); before=$start
  while [ "$waited" -lt "${JIT_SETTLE_MAX:-240}" ] && kill -0 "$load" 2>/dev/null; do
    sleep 5; waited=$((waited + 5))
    after=$(compiler_ticks "$pid")
    if [ $((after - before)) -le "$limit" ]; then quiet=$((quiet + 1)); else quiet=0; fi
    before=$after
    [ "$quiet" -lt 2 ] || break
  done
  awk -v w="$waited" -v t="$((before - start))" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%d %.1f\n", w, t / hz }'
}
