#!/usr/bin/env bash
# Builds the JMH uber-jar and runs the benchmarks with short settings for a small shared machine,
# then writes the markdown table.
#
#   flags-benchmarks/run.sh                    # everything -> flags-benchmarks/RESULTS.md
#   flags-benchmarks/run.sh 'FlagsBench|Plain' # a subset (JMH regex) -> flags-benchmarks/target/results/RESULTS.md
#   JMH_OPTS='-f 1 -wi 1 -i 1' flags-benchmarks/run.sh FlagsBench   # quicker and noisier
#   FLOOR_FORKS=10 flags-benchmarks/run.sh     # everything, FlagsBench and the floor over 10 forks (default 5)
#
# Only a JDK 17+ is needed; the Maven wrapper fetches the rest.
set -euo pipefail
cd "$(dirname "$0")/.."

JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc"}
# FlagsBench and the plain-Java floor carry the ratio targets (W2 and W3 within 1.5x of the floor),
# and one JMH fork of the engine can land 50% away from the next (which flags' profiles warmed the
# shared evaluator first), so the full run measures those two over several forks: their medians
# are then of every iteration of every fork, which no single fork decides, lucky or not.
FLOOR_FORKS=${FLOOR_FORKS:-5}
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

# PropagationBench and FollowerReadsBench need PostgreSQL (and Redis) and have a table of their own: run-propagation.sh.
if [ $# -gt 0 ]; then
  # shellcheck disable=SC2086
  java -jar "$JAR" $JMH_OPTS -e "PropagationBench|FollowerReadsBench" -rf json -rff "$OUT/jmh.json" "$@" | tee "$OUT/jmh.log"
  java -cp "$JAR" dev.flags.benchmarks.ResultsTable "$OUT/jmh.json" "$OUT/checks.md" "$RESULTS" "$JMH_OPTS"
else
  # shellcheck disable=SC2086
  java -jar "$JAR" $JMH_OPTS -e "PropagationBench|FollowerReadsBench|\.FlagsBench\.|\.PlainJavaBench\." \
    -rf json -rff "$OUT/jmh.json" | tee "$OUT/jmh.log"
  # JMH refuses a second -f: the options without theirs, then the forks.
  floor_opts=$(sed -E 's/(^| )-f +[0-9]+//' <<< "$JMH_OPTS")
  # shellcheck disable=SC2086
  java -jar "$JAR" $floor_opts -f "$FLOOR_FORKS" -rf json -rff "$OUT/jmh-floor.json" "\.FlagsBench\.|\.PlainJavaBench\." \
    | tee "$OUT/jmh-floor.log"
  java -cp "$JAR" dev.flags.benchmarks.ResultsTable "$OUT/jmh.json,$OUT/jmh-floor.json" "$OUT/checks.md" "$RESULTS" \
    "$JMH_OPTS; FlagsBench and PlainJavaBench -f $FLOOR_FORKS"
fi
