#!/usr/bin/env python3
"""Writes the Markdown tables of docs/benchmarks.md from JMH JSON results.

Usage: benchmarks_table.py RESULTS.json [--command "the java -jar ... command"] > table.md

Every time is the median (JMH's 50th percentile over all forks and iterations) in milliseconds. Combiner rows are
divided by the read-once baseline and by StaticWeighting's combineInto measured in the same run on the same
(K, P, dtype); a ratio is left blank when its reference was not part of the run.
"""
import json
import platform
import subprocess
import sys
import datetime
from collections import defaultdict


def median(entry):
    metric = entry["primaryMetric"]
    return metric.get("scorePercentiles", {}).get("50.0", metric["score"])


def alloc_per_op(entry):
    for name, metric in entry.get("secondaryMetrics", {}).items():
        if name.endswith("gc.alloc.rate.norm"):
            return metric["score"]
    return None


def machine():
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    try:
        cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        cores = "?"
    return f"{cpu}, {cores} cores, {platform.system()} {platform.release()}"


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    command = None
    if "--command" in args:
        i = args.index("--command")
        command = args[i + 1]
        del args[i:i + 2]
    with open(args[0]) as f:
        results = json.load(f)

    baselines = {}          # (K, P, dtype) -> {readOnce, gramGemm, gemv}
    combiners = defaultdict(dict)  # (K, P, dtype) -> method -> {variant: (median, alloc)}
    other = []
    for e in results:
        name = e["benchmark"].rsplit(".", 2)
        cls, bench = name[-2], name[-1]
        p = e.get("params", {})
        key = (int(p.get("K", 0)), int(p.get("P", 0)), p.get("dtype", ""))
        if cls == "KernelBaselineBenchmark":
            baselines.setdefault(key, {})[bench] = median(e)
        elif cls == "CombinerBenchmark":
            combiners[key].setdefault(p["method"], {})[bench] = (median(e), alloc_per_op(e))
        else:
            other.append((cls, bench, p, median(e), e["primaryMetric"]["scoreUnit"]))

    print(f"Measured {datetime.date.today().isoformat()} on {machine()}, "
          f"{results[0]['jvm'].rsplit('/', 1)[-1] if results else ''} {results[0].get('jdkVersion', '') if results else ''}.")
    if command:
        print(f"\n```\n{command}\n```")
    print("\nTimes are JMH medians in ms. `x read` = time / reading J once (a sum over J); "
          "`x static` = time / StaticWeighting's combineInto; both measured in the same run.")

    for key in sorted(set(baselines) | set(combiners)):
        k, p, dtype = key
        base = baselines.get(key, {})
        print(f"\n### K = {k}, P = {p:,}, {dtype}\n")
        if base:
            print("| baseline | median ms | x read |")
            print("|---|---:|---:|")
            read = base.get("readOnce")
            for b in ("readOnce", "gramGemm", "gemv"):
                if b in base:
                    ratio = f"{base[b] / read:.2f}" if read else ""
                    print(f"| {b} | {base[b]:.3f} | {ratio} |")
            print()
        methods = combiners.get(key, {})
        if methods:
            read = base.get("readOnce")
            static = methods.get("static", {}).get("combineInto", (None, None))[0]
            print("| method | combineInto ms | x read | x static | combine ms | heap B/op (into) |")
            print("|---|---:|---:|---:|---:|---:|")
            for m in sorted(methods):
                into = methods[m].get("combineInto", (None, None))
                alloc = methods[m].get("combine", (None, None))
                t = into[0]
                cells = [
                    f"{t:.3f}" if t is not None else "",
                    f"{t / read:.2f}" if t is not None and read else "",
                    f"{t / static:.2f}" if t is not None and static else "",
                    f"{alloc[0]:.3f}" if alloc[0] is not None else "",
                    f"{into[1]:.0f}" if into[1] is not None else "",
                ]
                print(f"| {m} | " + " | ".join(cells) + " |")
    if other:
        print("\n### Other benchmarks\n")
        print("| benchmark | params | median | unit |")
        print("|---|---|---:|---|")
        for cls, bench, p, t, unit in sorted(other, key=lambda x: (x[0], x[1], sorted(x[2].items()))):
            params = ", ".join(f"{k}={v}" for k, v in sorted(p.items()))
            print(f"| {cls}.{bench} | {params} | {t:.4g} | {unit} |")


if __name__ == "__main__":
    main()
