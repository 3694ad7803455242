#!/usr/bin/env bash
# The fault suite: three Switchboard nodes (roles hub and crud, --cluster) on loopback with their own
# PostgreSQL 15, Redis and Kafka, under chat load with known client_message_ids; kills a node with
# -9, stops PostgreSQL and Redis for 10 s and Kafka for 30 s, one after another, and after each
# counts what was acknowledged, stored, delivered to every subscriber, lost and duplicated, the Kafka
# events per stored message, how long until clients were served again and what they were told.
# Then a hostile-input run against one node's /ws while the chat goes on. Prints Markdown tables
# (the figures in docs/reliability.md) and ends with "RESULT clean" (exit 0) or "RESULT findings".
#
#   loadtests/bench/faults.sh                       # everything, about 7 minutes
#   loadtests/bench/faults.sh --faults=kill-node --hostile-seconds=0
#
# Options: --nodes=3 --conversations=6 --interval-ms=250 --before-seconds=5 --after-seconds=10
# --faults=kill-node,stop-postgres,stop-redis,stop-kafka --hostile-seconds=60 --jar=PATH.
# Builds first; SKIP_BUILD=1 uses the jars as they are. Needs the PostgreSQL 15 server binaries in
# /usr/lib/postgresql/15/bin and redis-server; it never touches the PostgreSQL and Redis already
# running on the machine. Everything it starts (processes, temporary folders) is removed at the end,
# on failure and on Ctrl-C too; the logs are copied to /tmp/switchboard-faults-logs-* first.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building" >&2
  ./mvnw -B -q -DskipTests package -pl loadtests/faults -am
fi
for f in server/target/switchboard.jar loadtests/faults/target/classpath.txt; do
  [ -f "$f" ] || { echo "missing $f: build first (./mvnw -B -q -DskipTests package -pl loadtests/faults -am)" >&2; exit 1; }
done
ulimit -n "$(ulimit -Hn)"
exec java -Xmx1g -cp "loadtests/faults/target/classes:$(cat loadtests/faults/target/classpath.txt)" \
  io.switchboard.loadtests.faults.FaultSuite "$@"
