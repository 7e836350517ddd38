#!/usr/bin/env python3
"""Markdown table of direction-vs-ref.sh's JMH JSON: per dtype, K, P, method and build (ref, plain, vector), the
method's median ms over rounds and the median [min-max] over rounds of a ratio measured in the same JMH run:
static ÷ readOnce for static, method ÷ static for the other methods.

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
                name = b["benchmark"].split(".")[-1]
                if name == "combineInto":
                    name = b["params"]["method"]
                runs[b["params"]["dtype"]][name] = b["primaryMetric"]["score"]
        for dtype, r in runs.items():
            for method, ms in r.items():
                base = "readOnce" if method == "static" else "static"
                if method != "readOnce" and base in r:
                    cells[(dtype, int(k), int(p), method, tag)].append((ms, ms / r[base]))
    shapes = sorted({(k, p) for (_, k, p, _, _) in cells}, key=lambda s: (s[1] < 10**6, s[0]))
    methods = sorted({m for (_, _, _, m, _) in cells}, key=lambda m: (m != "static", m))
    print("| dtype | K | P | method (ratio) | reference | this build, no Vector API | this build, Vector API |")
    print("|---|---|---|---|---|---|---|")
    for dtype in ("FLOAT", "DOUBLE"):
        for k, p in shapes:
            for method in methods:
                row = [dtype, str(k), f"10^{len(str(p)) - 1}",
                       method + (" (÷ readOnce)" if method == "static" else " (÷ static)")]
                for tag in ("ref", "plain", "vector"):
                    c = cells.get((dtype, k, p, method, tag))
                    if not c:
                        row.append("—")
                        continue
                    ratios = [x[1] for x in c]
                    row.append(f"{statistics.median(x[0] for x in c):.3f} ms, {statistics.median(ratios):.2f}x "
                               f"[{min(ratios):.2f}-{max(ratios):.2f}]")
                if any(x != "—" for x in row[4:]):
                    print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
