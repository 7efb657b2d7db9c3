#!/usr/bin/env bash
# Propagation latency across a fleet (PropagationBench): needs PostgreSQL on 127.0.0.1:5432 (database
# test, user postgres, no password) and Redis on 127.0.0.1:6379. Writes flags-benchmarks/PROPAGATION.md.
#
#   flags-benchmarks/run-propagation.sh
#   JMH_OPTS='-wi 1 -w 5s -i 1 -r 10s' flags-benchmarks/run-propagation.sh -p instances=2   # quicker
set -euo pipefail
cd "$(dirname "$0")/.."

JMH_OPTS=${JMH_OPTS:-"-wi 1 -w 5s -i 1 -r 30s"}
OUT=flags-benchmarks/target/results
RESULTS=${RESULTS:-flags-benchmarks/PROPAGATION.md}

./mvnw -B -q -Pbenchmarks -pl flags-benchmarks -am package -DskipTests -Dspotless.check.skip=true
JAR=flags-benchmarks/target/benchmarks.jar
mkdir -p "$OUT"

# shellcheck disable=SC2086
java -jar "$JAR" PropagationBench $JMH_OPTS -rf json -rff "$OUT/propagation.json" "$@" | tee "$OUT/propagation.log"

java -cp "$JAR" dev.flags.benchmarks.PropagationTable "$OUT/propagation.json" "$RESULTS" "$JMH_OPTS"
