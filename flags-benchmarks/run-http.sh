#!/usr/bin/env bash
# The whole HTTP path under load: the same Spring MVC endpoint with the starter's request filter,
# memo, Micrometer metrics and @FeatureToggle, and without the filter and the annotation, measured
# with wrk over loopback. Both applications (HttpApp) run side by side; wrk loads one at a time,
# alternating, for several rounds, so slow drifts of the machine hit both alike. Writes a table
# with the inputs beside the figures.
#
#   flags-benchmarks/run-http.sh                              # -> flags-benchmarks/target/http/HTTP.md
#   ROUNDS=3 DURATION=5s flags-benchmarks/run-http.sh         # quicker and noisier
#   HTTP_MD=flags-benchmarks/HTTP.md flags-benchmarks/run-http.sh   # the committed table (quiet machine)
#
# Needs wrk (Debian: apt-get install -y wrk), curl and a JDK 17+.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-40s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
HEAP=${HEAP:-512m}
WITH_PORT=${WITH_PORT:-18081}
WITHOUT_PORT=${WITHOUT_PORT:-18082}
# A returning visitor carries the anonymous-id cookie the filter set on the first visit; without it,
# every request is a first visit (a new random id and a Set-Cookie). FIRST_VISIT=1 measures that.
COOKIE="flags-anonymous-id=5f0c2a1e-8d3b-4c7a-9e21-3b6d8f4a7c10"
OUT=flags-benchmarks/target/http
HTTP_MD=${HTTP_MD:-$OUT/HTTP.md}
mkdir -p "$OUT"

command -v wrk > /dev/null || { echo "wrk is missing (Debian: apt-get install -y wrk)" >&2; exit 1; }

if [ -z "${SKIP_BUILD:-}" ]; then # SKIP_BUILD=1 reuses the last build and its classpath
# package, not compile: some modules' tests need another's test jar, which resolving the classpath asks for.
./mvnw -B -q ${MAVEN_OFFLINE:+-o} -pl flags-benchmarks -am package dependency:build-classpath \
  -DskipTests -Dmaven.javadoc.skip=true -Dspotless.check.skip=true -Dmdep.outputFile="$PWD/$OUT/classpath.txt"
fi
CP="flags-benchmarks/target/classes:$(cat "$OUT/classpath.txt")"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done; }
trap cleanup EXIT

start() { # port, extra arguments...
  local port=$1
  shift
  java -Xms$HEAP -Xmx$HEAP -cp "$CP" dev.flags.benchmarks.HttpApp --server.port="$port" "$@" \
    > "$OUT/app-$port.log" 2>&1 &
  pids+=($!)
}
start "$WITH_PORT"
start "$WITHOUT_PORT" --flags.request-context.enabled=false
for port in "$WITH_PORT" "$WITHOUT_PORT"; do
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/plain" > /dev/null 2>&1 && break
    sleep 1
  done
  curl -fs "http://127.0.0.1:$port/plain" > /dev/null || { cat "$OUT/app-$port.log"; exit 1; }
done

with_url="http://127.0.0.1:$WITH_PORT/toggled"
without_url="http://127.0.0.1:$WITHOUT_PORT/plain"
headers=()
[ -n "${FIRST_VISIT:-}" ] || headers=(-H "Cookie: $COOKIE")
# The toggled endpoint must answer 200 with the filter's work done, or the comparison means nothing.
[ "$(curl -s -o /dev/null -w '%{http_code}' "$with_url")" = 200 ] || { echo "$with_url did not answer 200" >&2; exit 1; }
curl -s -D - -o /dev/null "$with_url" | grep -qi '^set-cookie: flags-anonymous-id=' \
  || { echo "the request filter did not run on $with_url" >&2; exit 1; }

load() { # name, url, duration -> "requests/s p50 p99"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3" --latency "${headers[@]}" "$2" > "$OUT/wrk-$1.txt"
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/wrk-$1.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk-$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk-$1.txt")
  if grep -q "Non-2xx" "$OUT/wrk-$1.txt"; then
    echo "$2 answered errors:" >&2
    cat "$OUT/wrk-$1.txt" >&2
    exit 1
  fi
  echo "$rps $p50 $p99"
}

load warmup-with "$with_url" "$WARMUP" > /dev/null
load warmup-without "$without_url" "$WARMUP" > /dev/null

rows=""
with_all=()
without_all=()
ratios=()
for round in $(seq 1 "$ROUNDS"); do
  read -r w50 w50p w99 <<< "$(load "with-$round" "$with_url" "$DURATION")"
  read -r o50 o50p o99 <<< "$(load "without-$round" "$without_url" "$DURATION")"
  with_all+=("$w50")
  without_all+=("$o50")
  ratio=$(awk -v a="$w50" -v b="$o50" 'BEGIN {printf "%.3f", a / b}')
  ratios+=("$ratio")
  rows+="| $round | $w50 | $w50p | $w99 | $o50 | $o50p | $o99 | ${ratio}x |"$'\n'
  echo "round $round: with $w50 req/s, without $o50 req/s (${ratio}x)"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
with_median=$(median "${with_all[@]}")
without_median=$(median "${without_all[@]}")
# The target is judged on the median of the rounds' ratios (each round pairs two neighbouring
# measurements); when the rounds fall on both sides of the line, the machine decided, not the code.
overall=$(median "${ratios[@]}")
low=$(printf '%s\n' "${ratios[@]}" | sort -g | head -1)
high=$(printf '%s\n' "${ratios[@]}" | sort -g | tail -1)
met=$(awk -v r="$overall" -v lo="$low" -v hi="$high" \
  'BEGIN {print (lo < 0.95 && hi >= 0.95) ? "unsettled: rounds on both sides of 0.95x" : (r >= 0.95) ? "yes" : "**no**"}')
load_avg=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "# HTTP endpoint with and without flags"
  echo
  echo "Produced by \`flags-benchmarks/run-http.sh\` on $(nproc) CPUs, $(java -version 2>&1 | head -1), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)."
  echo "Load average $load_avg when the table was written: wrk and both applications share the machine."
  echo
  echo "Inputs:"
  echo
  echo "- **with**: \`GET /toggled\` on \`HttpApp\` as it is: the starter's request filter (targeting key from the"
  echo "  anonymous-id cookie, ip, user agent and locale attributes, the request's memo), Micrometer metrics"
  echo "  (\`flags.evaluations\` and the latency timer on a \`SimpleMeterRegistry\`) and \`@FeatureToggle\` on W1"
  echo "  (definitions read from \`workloads.yml\`)."
  echo "- **without**: \`GET /plain\`, the same method without \`@FeatureToggle\`, on a second \`HttpApp\` started with"
  echo "  \`--flags.request-context.enabled=false\` (no filter)."
  if [ -n "${FIRST_VISIT:-}" ]; then
    echo "- Requests carry no cookie: every one is a first visit (a random id and a \`Set-Cookie\` answer)."
  else
    echo "- Requests carry the anonymous-id cookie, as a returning browser's do."
  fi
  echo "- wrk \`-t$THREADS -c$CONNECTIONS -d$DURATION --latency\` over loopback, $ROUNDS rounds alternating with and"
  echo "  without after a $WARMUP warm-up of each; JVMs \`-Xms$HEAP -Xmx$HEAP\`, Tomcat's defaults."
  echo
  echo "| round | with: req/s | p50 | p99 | without: req/s | p50 | p99 | with / without |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '%s' "$rows"
  echo
  echo "| target | figure | met |"
  echo "| --- | --- | --- |"
  echo "| the endpoint with the filter and the annotation keeps at least 0.95x the throughput without them | median ratio of the rounds ${overall}x (rounds ${low}x to ${high}x; median req/s $with_median with, $without_median without) | $met |"
} > "$HTTP_MD"
echo "Wrote $HTTP_MD"
