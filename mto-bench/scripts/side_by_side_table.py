#!/usr/bin/env python3
"""The Markdown table of side-by-side.sh from its work directory (JMH JSON per round and shape, torch.txt).

Usage: side_by_side_table.py WORK_DIR [--command "the command that produced it"]

Each side's time in a round is the median of its measured iterations (JMH) or calls (torch; the faster of its
1- and 2-thread medians). A row shows the
median over rounds of that time, and for each ratio the median [min-max] over rounds of the per-round ratio.
"""
import datetime
import glob
import json
import os
import platform
import re
import statistics
import subprocess
import sys
from collections import defaultdict

# (our item, the torch primitive(s) it is compared with)
ROWS = [
    ("readOnce", ["sum"]),
    ("nd4jSum", ["sum"]),
    ("static", ["wJ"]),
    ("gramian", ["JJt"]),
    ("gramian, no Vector API", ["JJt"]),
    ("mgda", ["JJt", "wJ"]),
    ("upgrad", ["JJt", "wJ"]),
]
TORCH_NAMES = {"sum": "`J.sum()`", "wJ": "`w @ J`", "JJt": "`J @ J.T`"}


def median_of_iterations(entry):
    values = [v for fork in entry["primaryMetric"]["rawData"] for v in fork]
    return statistics.median(values)


def load(work):
    ours = defaultdict(dict)   # (dtype, K, P, item) -> {round: ms}
    torch = defaultdict(dict)  # (dtype, K, P, name) -> {round: ms}
    for path in glob.glob(os.path.join(work, "*.json")):
        kind, rnd = re.match(r"(jmh|plain)-(\d+)-", os.path.basename(path)).groups()
        for e in json.load(open(path)):
            p = e["params"]
            name = e["benchmark"].rsplit(".", 1)[1]
            item = p.get("method") if name == "combineInto" else name
            if kind == "plain":
                item += ", no Vector API"
            ours[(p["dtype"], int(p["K"]), int(p["P"]), item)][int(rnd)] = median_of_iterations(e)
    for line in open(os.path.join(work, "torch.txt")):
        rnd, _, k, p, dtype, name, _, ms, _ = line.split()
        key = (dtype, int(k), int(p), name)  # the faster of 1 and 2 threads
        torch[key][int(rnd)] = min(float(ms), torch[key].get(int(rnd), float("inf")))
    return ours, torch


def spread(values):
    if not values:
        return ""
    m = statistics.median(values)
    return f"{m:.2f} [{min(values):.2f}-{max(values):.2f}]" if len(values) > 1 else f"{m:.2f}"


def ratios(num, den):
    return [num[r] / den[r] for r in num if r in den]


def machine():
    cpu = "unknown CPU"
    for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
        if line.startswith("Model name:"):
            cpu = line.split(":", 1)[1].strip()
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return f"{cpu}, {cores} cores, {platform.system()} {platform.release()}, {java}"


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    command = args[args.index("--command") + 1] if "--command" in args else None
    ours, torch = load(args[0])
    shapes = sorted({(d, k, p) for (d, k, p, _) in ours}, key=lambda s: (s[0] != "FLOAT", s[1], s[2]))
    rounds = sorted({r for v in ours.values() for r in v})
    print(f"Measured {datetime.date.today().isoformat()} on {machine()}; {len(rounds)} interleaved rounds.")
    if command:
        print(f"Command: `{command}`")
    print()
    print("| dtype | K | P | ours | ms | ÷ readOnce | ÷ static | torch | torch ms | ours ÷ torch |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for dtype, k, p in shapes:
        read = ours.get((dtype, k, p, "readOnce"), {})
        static = ours.get((dtype, k, p, "static"), {})
        for item, prims in ROWS:
            mine = ours.get((dtype, k, p, item))
            if not mine:
                continue
            per_round = defaultdict(float)
            complete = set(mine)
            for prim in prims:
                t = torch.get((dtype, k, p, prim), {})
                complete &= set(t)
                for r, ms in t.items():
                    per_round[r] += ms
            theirs = {r: per_round[r] for r in complete}
            label = " + ".join(TORCH_NAMES[x] for x in prims)
            print(f"| {dtype} | {k} | {p:.0e} | {item} | {statistics.median(mine.values()):.3f} "
                  f"| {spread(ratios(mine, read))} | {spread(ratios(mine, static))} | {label} "
                  f"| {statistics.median(theirs.values()):.3f} | {spread(ratios(mine, theirs))} |"
                  if theirs else
                  f"| {dtype} | {k} | {p:.0e} | {item} | {statistics.median(mine.values()):.3f} "
                  f"| {spread(ratios(mine, read))} | {spread(ratios(mine, static))} | {label} | | |")


if __name__ == "__main__":
    main()
