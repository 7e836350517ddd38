#!/usr/bin/env bash
# mto4j (JMH) and torch's primitives on the same K x P shapes, interleaved round by round, and one side-by-side
# Markdown table (docs/benchmarks.md, "Side by side with torch"): per row the median over rounds of each side's
# median, and the median [min-max] over rounds of each ratio (both sides of a ratio come from the same round).
#
#   mto-bench/scripts/side-by-side.sh [ROUNDS] [SHAPES]
#
# ROUNDS defaults to 3; SHAPES to "2:1000000 8:1000000 32:100000 64:100000" (K:P). Both FLOAT and DOUBLE.
# Ours: JMH combineInto of static, mgda, upgrad, and KernelBaselineBenchmark's readOnce (the memory limit: every
# element of J read once, in place, by both cores), nd4jSum (ND4J's sumNumber, the old yardstick) and gramian, in
# JVMs started with --add-modules jdk.incubator.vector (mto-core's Vector API Gram kernel); gramian is also run
# without the module ("gramian, no Vector API": the auto-vectorised kernel for K <= 15, OpenBLAS's GEMM above).
# One JMH run per shape and round: 1 fork, 4 x 0.5 s warm-up, 5 x 0.5 s measured, about 2 minutes each.
# Torch: mto-bench/scripts/torch_primitives.py with Debian's python3-torch (1.13): J.sum(), w @ J, J @ J.T,
# median of 1 s of calls each with 1 thread and with 2, the faster taken; run right after the JMH runs of the
# same shape. When torch is missing
# the script installs python3-torch and libopenblas0-pthread with apt-get (Debian's torch uses the system BLAS,
# the reference BLAS unless OpenBLAS is installed); without apt-get (CI) it says so and leaves the torch
# columns empty. LibMTL is not run.
set -euo pipefail
rounds="${1:-3}"
shapes="${2:-2:1000000 8:1000000 32:100000 64:100000}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
py=/usr/bin/python3
torch=yes
if ! "$py" -c 'import torch' 2>/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "installing Debian's python3-torch and libopenblas0-pthread" >&2
    apt-get install -y -qq python3-torch libopenblas0-pthread >/dev/null
  else
    echo "torch is not installed and cannot be installed here: the torch columns stay empty" >&2
    torch=no
  fi
fi
jar=mto-bench/target/benchmarks.jar
[ -f "$jar" ] || mvn -B -q -ntp -pl mto-bench -am -DskipTests package
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
jvm="-Xmx3g -Dorg.bytedeco.javacpp.maxbytes=14G -Dorg.bytedeco.javacpp.maxphysicalbytes=18G"
jmh=(-f 1 -wi 4 -w 500ms -i 5 -r 500ms)
# JMH refuses to start while another JMH run holds /tmp/jmh.lock (on a shared machine, someone else's): wait for
# it, up to a minute, then run alongside it (the ratios of one interleaved run are what the table reports).
run_jmh() {
  local log="$work/jmh.log"
  for _ in $(seq 1 12); do
    if java -jar "$jar" "$@" > "$log" 2>&1; then return 0; fi
    grep -q 'Unable to acquire the JMH lock' "$log" || { cat "$log" >&2; return 1; }
    sleep 5
  done
  echo "another JMH run held /tmp/jmh.lock for a minute: running alongside it" >&2
  java -Djmh.ignoreLock=true -jar "$jar" "$@" > "$log" 2>&1 || { cat "$log" >&2; return 1; }
}
for round in $(seq 1 "$rounds"); do
  for shape in $shapes; do
    k="${shape%%:*}"
    p="${shape##*:}"
    echo "round $round of $rounds: K = $k, P = $p" >&2
    run_jmh 'CombinerBenchmark.combineInto|KernelBaselineBenchmark.(readOnce|nd4jSum|gramian)' \
      -p method=static,mgda,upgrad -p K="$k" -p P="$p" -p dtype=FLOAT,DOUBLE "${jmh[@]}" \
      -jvmArgsAppend "$jvm --add-modules=jdk.incubator.vector" -rf json -rff "$work/jmh-$round-$k-$p.json"
    run_jmh 'KernelBaselineBenchmark.gramian' -p K="$k" -p P="$p" -p dtype=FLOAT,DOUBLE "${jmh[@]}" \
      -jvmArgsAppend "$jvm" -rf json -rff "$work/plain-$round-$k-$p.json"
    if [ "$torch" = yes ]; then
      for dtype in FLOAT DOUBLE; do
        "$py" mto-bench/scripts/torch_primitives.py "$k" "$p" "$dtype" 1 | sed "s/^/$round /" >> "$work/torch.txt"
      done
    fi
  done
done
touch "$work/torch.txt"
# The raw results stay with the table: mto-bench/results/side-by-side-<UTC date and time>/ (JMH JSON, torch.txt).
keep="mto-bench/results/side-by-side-$(date -u +%Y-%m-%dT%H%M)"
mkdir -p "$keep"
cp "$work"/*.json "$work/torch.txt" "$keep/"
"$py" mto-bench/scripts/side_by_side_table.py "$keep" \
  --command "mto-bench/scripts/side-by-side.sh $rounds '$shapes'"
