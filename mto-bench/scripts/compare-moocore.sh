#!/usr/bin/env bash
# Times mto-pareto (JMH) and moocore's C command-line tools on the same inputs, interleaved, and prints the
# side-by-side table of docs/benchmarks.md (Pareto section): per kernel the median of the rounds on each side
# and the median and range of the per-round ratios.
#
#   mto-bench/scripts/compare-moocore.sh MOOCORE_BIN [ROUNDS]
#
# MOOCORE_BIN is a directory holding moocore's `hv` and `ndsort` executables, built beforehand from your own
# checkout of https://github.com/multi-objective/moocore with moocore's own Makefile (this script builds
# nothing of moocore and the repository ships none of it). ROUNDS defaults to 5.
#
# What is timed, single thread, CPU time of the computing thread or process on both sides (the machine this
# was written for is shared, and wall-clock time there measures the other users as much as the code):
#   Java    org.mto4j.bench.pareto.ParetoCpuTime: median of 15 calls after 3 s of warm-up, one JVM per
#           kernel family and round. (The JMH benchmarks measure the same kernels in wall-clock time.)
#   moocore hypervolume: `hv -v`, which times each input set with the process's CPU time; every file holds
#           the set 7 times, the first (cold) is dropped and the median of the other 6 taken.
#           ranks: `ndsort` has no timer and parses its input as text, so under gdb the function pareto_rank
#           is called 6 more times inside the process on the arguments of its first call, each between two
#           clock_gettime(CLOCK_PROCESS_CPUTIME_ID) calls made in the process; the median is taken.
#           Needs gdb and the symbol pareto_rank in the ndsort binary (`nm ndsort | grep pareto_rank`).
# Inputs: written once by org.mto4j.bench.pareto.WriteParetoData from the very datasets the JMH benchmarks
# generate (Double.toString, which reads back to the same double); reference point 1.1 in every objective.
set -euo pipefail
if [ "$#" -lt 1 ]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
bin="$(cd "$1" && pwd)"
rounds="${2:-5}"
for tool in hv ndsort; do
  [ -x "$bin/$tool" ] || { echo "no executable $bin/$tool (build moocore's tools first)" >&2; exit 2; }
done
command -v gdb >/dev/null || { echo "gdb is needed to time moocore's pareto_rank" >&2; exit 2; }
grep ' T pareto_rank$' <(nm "$bin/ndsort") >/dev/null \
  || { echo "$bin/ndsort has no symbol pareto_rank (inlined by link-time optimisation?)" >&2; exit 2; }

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
jar=mto-bench/target/benchmarks.jar
[ -f "$jar" ] || mvn -B -q -ntp -pl mto-bench -am -DskipTests package
hv_sets="3-sphere-100000 4-sphere-1000 5-sphere-400 5-sphere-1000"
rank_sets="3-simplex-100000 3-uniform-100000"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -cp "$jar" org.mto4j.bench.pareto.WriteParetoData "$work" $hv_sets $rank_sets >/dev/null
for d in $hv_sets; do
  for _ in 1 2 3 4 5 6 7; do cat "$work/$d.txt"; echo; done > "$work/$d.x7.txt"
done

cat > "$work/rank.py" <<'EOF'
import gdb, statistics
gdb.execute("set pagination off")
gdb.execute("break pareto_rank")
gdb.execute("run -r %s > /dev/null" % INPUT, to_string=True)
a = [int(gdb.parse_and_eval("$" + r)) for r in ("rdi", "rsi", "rdx", "rcx")]
gdb.execute("delete")
call = "((void (*)(int *, const double *, unsigned long, int)) pareto_rank)(%d, %d, %d, %d)" % tuple(a)
ts = int(gdb.parse_and_eval("(long) malloc(16)"))
def cpu_ns():
    gdb.parse_and_eval("(int) clock_gettime(2, (void *) %d)" % ts)
    return int(gdb.parse_and_eval("*(long *) %d" % ts)) * 10**9 + int(gdb.parse_and_eval("*(long *) %d" % (ts + 8)))
ms = []
for _ in range(6):
    t = cpu_ns(); gdb.parse_and_eval(call); ms.append((cpu_ns() - t) / 1e6)
print("RANK_MS %.4f" % statistics.median(ms))
gdb.execute("kill")
EOF

results="$work/results.txt"
: > "$results"
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds" >&2
  java -cp "$jar" org.mto4j.bench.pareto.ParetoCpuTime hypervolume $hv_sets \
    | awk -v r="$round" '{print $1, $2, $3, r, $4}' >> "$results"
  for d in $hv_sets; do
    m="${d%%-*}"
    ref="$(printf '1.1 %.0s' $(seq 1 "$m"))"
    ms="$("$bin/hv" -v -r "$ref" "$work/$d.x7.txt" | sed -n 's/^# Time: \([0-9.]*\) seconds/\1/p' \
      | tail -n +2 | sort -g | awk '{t[NR] = $1} END {print 1000 * (NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2)}')"
    echo "moocore hypervolume $d $round $ms" >> "$results"
  done
  java -cp "$jar" org.mto4j.bench.pareto.ParetoCpuTime ranks $rank_sets \
    | awk -v r="$round" '{print $1, $2, $3, r, $4}' >> "$results"
  for d in $rank_sets; do
    ms="$(sed "s|INPUT|'$work/$d.txt'|" "$work/rank.py" > "$work/rank-run.py" \
      && gdb -q -batch -x "$work/rank-run.py" "$bin/ndsort" 2>/dev/null | sed -n 's/^RANK_MS //p')"
    echo "moocore ranks $d $round $ms" >> "$results"
  done
done

python3 - "$results" "$rounds" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    side, kernel, data, rnd, ms = line.split()
    rows.setdefault((kernel, data), {}).setdefault(side, {})[int(rnd)] = float(ms)
print("| kernel | data | mto-pareto median ms | moocore median ms | ratio (median of rounds) | ratio range |")
print("|---|---|---:|---:|---:|---:|")
for (kernel, data), sides in rows.items():
    j, c = sides["java"], sides["moocore"]
    ratios = [j[r] / c[r] for r in sorted(j) if r in c and c[r] > 0]
    print("| %s | %s | %.3f | %.3f | %.2fx | %.2f-%.2fx |" % (kernel, data, statistics.median(j.values()),
          statistics.median(c.values()), statistics.median(ratios), min(ratios), max(ratios)))
print()
print("%s rounds, interleaved (per round and kernel family: Java, then moocore); CPU time on both sides" % sys.argv[2])
EOF
