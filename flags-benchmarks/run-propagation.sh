#!/usr/bin/env bash
# Propagation latency across a fleet (PropagationBench) and readers' throughput on an instance that is
# applying changes (FollowerReadsBench): needs PostgreSQL on 127.0.0.1:5432 (database
# test, user postgres, no password) and Redis on 127.0.0.1:6379. Writes flags-benchmarks/PROPAGATION.md.
#
#   flags-benchmarks/run-propagation.sh
#   JMH_OPTS='-wi 1 -w 5s -i 1 -r 10s' flags-benchmarks/run-propagation.sh -p instances=2   # quicker
#   ONLY=reads READS_OPTS='-wi 1 -w 5s -i 2 -r 10s' flags-benchmarks/run-propagation.sh   # the readers only
set -euo pipefail
cd "$(dirname "$0")/.."

JMH_OPTS=${JMH_OPTS:-"-wi 1 -w 5s -i 1 -r 30s"}
OUT=flags-benchmarks/target/results
RESULTS=${RESULTS:-flags-benchmarks/PROPAGATION.md}

./mvnw -B -q -Pbenchmarks -pl flags-benchmarks -am package -DskipTests -Dspotless.check.skip=true
JAR=flags-benchmarks/target/benchmarks.jar
mkdir -p "$OUT"

LATENCY="$OUT/propagation.json"
if [ "${ONLY:-}" = reads ]; then
    LATENCY=-   # the readers' run alone: PROPAGATION.md keeps its latency figures and notes
else
    # shellcheck disable=SC2086
    java -jar "$JAR" PropagationBench $JMH_OPTS -rf json -rff "$LATENCY" "$@" | tee "$OUT/propagation.log"
fi

# The readers' run, in the same JVM set-up; arguments after the script's are PropagationBench's only.
READS_OPTS=${READS_OPTS:-"-wi 2 -w 5s -i 3 -r 10s"}
# shellcheck disable=SC2086
java -jar "$JAR" FollowerReadsBench $READS_OPTS -rf json -rff "$OUT/follower-reads.json" | tee "$OUT/follower-reads.log"

java -cp "$JAR" dev.flags.benchmarks.PropagationTable "$LATENCY" "$RESULTS" "$JMH_OPTS" \
    "$OUT/follower-reads.json" "$READS_OPTS" "$OUT/follower-reads.log"
