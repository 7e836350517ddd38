#!/usr/bin/env bash
# Builds benchmarks.jar, runs a subset of the JMH benchmarks, and prints the Markdown table for
# docs/benchmarks.md (medians and ratios from one run).
#
#   mto-bench/scripts/run-benchmarks.sh [JMH include regex] [JMH options...]
#
# Defaults reproduce the published headline table: every method and the baselines at K = 8, P = 10^6.
# Example for your own shape:  run-benchmarks.sh 'CombinerBenchmark.combineInto|KernelBaselineBenchmark' \
#                                  -p method=static,upgrad -p K=6 -p P=2500000 -p dtype=FLOAT
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
include="${1:-CombinerBenchmark.combineInto|KernelBaselineBenchmark}"
shift || true
if [ "$#" -eq 0 ]; then
  set -- -p K=8 -p P=1000000 -p dtype=FLOAT,DOUBLE
fi
mvn -B -q -ntp -pl mto-bench -am -DskipTests package
out="mto-bench/results/$(date -u +%Y-%m-%dT%H%M%SZ).json"
mkdir -p mto-bench/results
java -jar mto-bench/target/benchmarks.jar "$include" "$@" -prof gc -rf json -rff "$out" >&2
python3 mto-bench/scripts/benchmarks_table.py "$out" \
  --command "java -jar mto-bench/target/benchmarks.jar '$include' $* -prof gc -rf json -rff $out"
