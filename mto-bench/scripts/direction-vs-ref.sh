#!/usr/bin/env bash
# The direction pass (static's combineInto) against the read-once pass, and other methods against static, for a
# reference build and this one, interleaved shape by shape (docs/benchmarks.md, "The direction pass against
# read-once" and "The Gram methods at K = 32").
#
#   mto-bench/scripts/direction-vs-ref.sh REF_JAR [ROUNDS] [SHAPES] [METHODS]
#
# REF_JAR: a benchmarks.jar built from the reference commit (e.g. main: git worktree, then
# mvn -B -q -pl mto-bench -am -DskipTests package, then copy mto-bench/target/benchmarks.jar away).
# ROUNDS defaults to 3; SHAPES to "2:1000000 8:1000000 32:100000 64:100000" (K:P); METHODS (comma-separated
# registry names) to static, which is always measured. FLOAT and DOUBLE.
# Per round and shape, three JMH runs of CombinerBenchmark.combineInto (static and METHODS) and
# KernelBaselineBenchmark.readOnce, 1 fork, 3 x 0.5 s warm-up, 6 x 0.5 s measured: the reference jar, this
# build's jar without the Vector API module, and this build's jar with --add-modules=jdk.incubator.vector.
# Prints a Markdown table: each method's median ms over rounds, and the median [min-max] over rounds of
# static ÷ readOnce (for static) or method ÷ static (the others) within one JMH run. Raw JMH JSON stays in
# mto-bench/results/direction-<UTC date and time>/.
set -euo pipefail
ref="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
rounds="${2:-3}"
shapes="${3:-2:1000000 8:1000000 32:100000 64:100000}"
methods="static${4:+,$4}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
jar=mto-bench/target/benchmarks.jar
[ -f "$jar" ] || mvn -B -q -ntp -pl mto-bench -am -DskipTests package
keep="mto-bench/results/direction-$(date -u +%Y-%m-%dT%H%M)"
mkdir -p "$keep"
jvm="-Xmx3g -Dorg.bytedeco.javacpp.maxbytes=14G -Dorg.bytedeco.javacpp.maxphysicalbytes=18G"
for round in $(seq 1 "$rounds"); do
  for shape in $shapes; do
    k="${shape%%:*}"
    p="${shape##*:}"
    echo "round $round of $rounds: K = $k, P = $p" >&2
    for config in "ref:$ref:" "plain:$jar:" "vector:$jar:--add-modules=jdk.incubator.vector"; do
      tag="${config%%:*}"
      rest="${config#*:}"
      java -jar "${rest%%:*}" 'CombinerBenchmark.combineInto$|KernelBaselineBenchmark.readOnce' -p method="$methods" \
        -p K="$k" -p P="$p" -p dtype=FLOAT,DOUBLE -f 1 -wi 3 -w 500ms -i 6 -r 500ms \
        -jvmArgsAppend "$jvm ${rest#*:}" -rf json -rff "$keep/r$round-$tag-$k-$p.json" > /dev/null
    done
  done
done
python3 mto-bench/scripts/direction_table.py "$keep"
