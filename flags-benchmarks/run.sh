#!/usr/bin/env bash
# Builds the JMH uber-jar and runs the benchmarks with short settings for a small shared machine,
# then writes the markdown table.
#
#   flags-benchmarks/run.sh                    # everything -> flags-benchmarks/RESULTS.md
#   flags-benchmarks/run.sh 'FlagsBench|Plain' # a subset (JMH regex) -> flags-benchmarks/target/results/RESULTS.md
#   JMH_OPTS='-f 1 -wi 1 -i 1' flags-benchmarks/run.sh FlagsBench   # quicker and noisier
#
# Only a JDK 17+ is needed; the Maven wrapper fetches the rest.
set -euo pipefail
cd "$(dirname "$0")/.."

JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc"}
OUT=flags-benchmarks/target/results
if [ $# -gt 0 ]; then
  RESULTS=${RESULTS:-$OUT/RESULTS.md}
else
  RESULTS=${RESULTS:-flags-benchmarks/RESULTS.md}
fi

./mvnw -B -q -Pbenchmarks -pl flags-benchmarks -am package -DskipTests -Dspotless.check.skip=true
JAR=flags-benchmarks/target/benchmarks.jar
mkdir -p "$OUT"

# Distribution, no-network and retained-heap checks, in their own JVM.
java -Xms1g -Xmx1g -cp "$JAR" dev.flags.benchmarks.Checks "$OUT/checks.md" > "$OUT/checks.log" 2>&1 \
  || { cat "$OUT/checks.log"; exit 1; }

# shellcheck disable=SC2086
# PropagationBench and FollowerReadsBench need PostgreSQL (and Redis) and have a table of their own: run-propagation.sh.
java -jar "$JAR" $JMH_OPTS -e "PropagationBench|FollowerReadsBench" -rf json -rff "$OUT/jmh.json" "$@" | tee "$OUT/jmh.log"

java -cp "$JAR" dev.flags.benchmarks.ResultsTable "$OUT/jmh.json" "$OUT/checks.md" "$RESULTS" "$JMH_OPTS"
