#!/usr/bin/env python3
"""Markdown table of direction-vs-ref.sh's JMH JSON: per dtype, K, P and build (ref, plain, vector), static's
median ms over rounds and the median [min-max] over rounds of static ÷ readOnce measured in the same JVM run.

Usage: direction_table.py DIRECTORY   (files rROUND-TAG-K-P.json)
"""
import collections
import glob
import json
import os
import re
import statistics
import sys


def main():
    cells = collections.defaultdict(list)
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "r*-*-*-*.json"))):
        m = re.search(r"r(\d+)-(\w+)-(\d+)-(\d+)\.json$", path)
        _, tag, k, p = m.groups()
        runs = collections.defaultdict(dict)
        with open(path) as f:
            for b in json.load(f):
                runs[b["params"]["dtype"]][b["benchmark"].split(".")[-1]] = b["primaryMetric"]["score"]
        for dtype, r in runs.items():
            if "combineInto" in r and "readOnce" in r:
                cells[(dtype, int(k), int(p), tag)].append((r["combineInto"], r["combineInto"] / r["readOnce"]))
    shapes = sorted({(k, p) for (_, k, p, _) in cells}, key=lambda s: (s[1] < 10**6, s[0]))
    print("| dtype | K | P | reference | this build, no Vector API | this build, Vector API |")
    print("|---|---|---|---|---|---|")
    for dtype in ("FLOAT", "DOUBLE"):
        for k, p in shapes:
            row = [dtype, str(k), f"10^{len(str(p)) - 1}"]
            for tag in ("ref", "plain", "vector"):
                c = cells.get((dtype, k, p, tag))
                if not c:
                    row.append("—")
                    continue
                ratios = [x[1] for x in c]
                row.append(f"{statistics.median(x[0] for x in c):.3f} ms, {statistics.median(ratios):.2f}x "
                           f"[{min(ratios):.2f}-{max(ratios):.2f}]")
            print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
