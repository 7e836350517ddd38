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
# What is timed, single thread on both sides:
#   Java    JMH average time per call (HypervolumeBenchmark.hypervolume, ParetoFrontBenchmark.ranks), one short
#           fork per kernel and round (-f 1 -wi 3 -w 1 -i 5 -r 1): wall-clock time.
#   moocore hypervolume: `hv -v`, which times each input set with the process's CPU time; every file holds
#           the set 7 times, the first (cold) is dropped and the median of the other 6 taken.
#           ranks: `ndsort` has no timer and its input is parsed as text, so the function pareto_rank is
#           called 6 more times inside the process under gdb, on the arguments of its first call, and the
#           median wall time of those calls is taken minus that of an empty call (getpid) made the same way.
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
nm "$bin/ndsort" | grep -q ' T pareto_rank$' \
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
import gdb, statistics, time
gdb.execute("set pagination off")
gdb.execute("break pareto_rank")
gdb.execute("run -r %s > /dev/null" % INPUT, to_string=True)
a = [int(gdb.parse_and_eval("$" + r)) for r in ("rdi", "rsi", "rdx", "rcx")]
gdb.execute("delete")
call = "((void (*)(int *, const double *, unsigned long, int)) pareto_rank)(%d, %d, %d, %d)" % tuple(a)
full, empty = [], []
for _ in range(6):
    t = time.perf_counter(); gdb.parse_and_eval(call); full.append(time.perf_counter() - t)
    t = time.perf_counter(); gdb.parse_and_eval("(int) getpid()"); empty.append(time.perf_counter() - t)
print("RANK_MS %.4f" % (1e3 * (statistics.median(full) - statistics.median(empty))))
gdb.execute("kill")
EOF

results="$work/results.txt"
: > "$results"
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds" >&2
  java -jar "$jar" 'HypervolumeBenchmark.hypervolume$' -p dataset="${hv_sets// /,}" \
    -f 1 -wi 3 -w 1 -i 5 -r 1 -rf json -rff "$work/hv-$round.json" >/dev/null
  for d in $hv_sets; do
    m="${d%%-*}"
    ref="$(printf '1.1 %.0s' $(seq 1 "$m"))"
    ms="$("$bin/hv" -v -r "$ref" "$work/$d.x7.txt" | sed -n 's/^# Time: \([0-9.]*\) seconds/\1/p' \
      | tail -n +2 | sort -g | awk '{t[NR] = $1} END {print 1000 * (NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2)}')"
    echo "moocore hypervolume $d $round $ms" >> "$results"
  done
  java -jar "$jar" 'ParetoFrontBenchmark.ranks$' -p dataset="${rank_sets// /,}" \
    -f 1 -wi 3 -w 1 -i 5 -r 1 -rf json -rff "$work/ranks-$round.json" >/dev/null
  for d in $rank_sets; do
    ms="$(sed "s|INPUT|'$work/$d.txt'|" "$work/rank.py" > "$work/rank-run.py" \
      && gdb -q -batch -x "$work/rank-run.py" "$bin/ndsort" 2>/dev/null | sed -n 's/^RANK_MS //p')"
    echo "moocore ranks $d $round $ms" >> "$results"
  done
  python3 - "$work" "$round" >> "$results" <<'EOF'
import json, sys
work, rnd = sys.argv[1], sys.argv[2]
for kind in ("hv", "ranks"):
    for b in json.load(open("%s/%s-%s.json" % (work, kind, rnd))):
        name = "hypervolume" if kind == "hv" else "ranks"
        print("java %s %s %s %s" % (name, b["params"]["dataset"], rnd, b["primaryMetric"]["score"]))
EOF
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
print("%s rounds, interleaved (per round: JMH, then moocore, per kernel family)" % sys.argv[2])
EOF
