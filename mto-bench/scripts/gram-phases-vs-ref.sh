#!/usr/bin/env bash
# Where a Gram method's step goes (GramPhases: single-threaded CPU time of the Gram pass, the weights, the direction
# pass and whole combineInto steps), for a reference build and this one, interleaved round by round, with the
# Vector API module. CPU time on one core is disturbed much less by other users of the machine than JMH's wall time.
#
#   mto-bench/scripts/gram-phases-vs-ref.sh REF_JAR [ROUNDS] [SHAPES] [DTYPES]
#
# REF_JAR as for direction-vs-ref.sh (it need not contain GramPhases: this build's class is put in front of it).
# ROUNDS defaults to 3, SHAPES to "32:100000" (K:P), DTYPES to "FLOAT DOUBLE". Prints GramPhases' lines, each
# prefixed with the build (ref or this).
set -euo pipefail
ref="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
rounds="${2:-3}"
shapes="${3:-32:100000}"
dtypes="${4:-FLOAT DOUBLE}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
jar=mto-bench/target/benchmarks.jar
[ -f "$jar" ] || mvn -B -q -ntp -pl mto-bench -am -DskipTests package
harness="$(mktemp -d)"
trap 'rm -rf "$harness"' EXIT
(cd "$harness" && unzip -q "$root/$jar" 'org/mto4j/bench/GramPhases*.class')
for round in $(seq 1 "$rounds"); do
  for shape in $shapes; do
    for dtype in $dtypes; do
      for build in ref this; do
        cp="$jar"
        [ "$build" = ref ] && cp="$harness:$ref"
        java -XX:ActiveProcessorCount=1 --add-modules jdk.incubator.vector -cp "$cp" org.mto4j.bench.GramPhases \
          "${shape%%:*}" "${shape##*:}" "$dtype" 150 2>/dev/null | grep '^round' | tail -1 \
          | sed "s/^round [0-9]*/$build, round $round/"
      done
    done
  done
done
