#!/usr/bin/env python3
"""Times torch's primitives on a K x P J like mto-bench's: J.sum(), w @ J, J @ J.T, on the CPU with 1 and 2 threads.

Usage: torch_primitives.py K P DTYPE [SECONDS_PER_PRIMITIVE]   (DTYPE: FLOAT or DOUBLE)
Prints one line per primitive and thread count: "torch K P DTYPE NAME THREADS MEDIAN_MS N". Run with Debian's
python3 (python3-torch). Both thread counts are timed because on a loaded 2-core machine torch's OpenMP team
often waits a whole scheduler slice (4 ms) for its second thread; side_by_side_table.py takes the faster.
"""
import statistics
import sys
import time

import torch


def main():
    k, p, dtype = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 2.0
    dt = {"FLOAT": torch.float32, "DOUBLE": torch.float64}[dtype]
    gen = torch.Generator().manual_seed(12345)
    j = torch.randn(k, p, generator=gen, dtype=dt)
    w = torch.full((k,), 1.0 / k, dtype=dt)
    primitives = {
        "sum": lambda: j.sum(),
        "wJ": lambda: w @ j,
        "JJt": lambda: j @ j.T,
    }
    with torch.no_grad():
        for threads, (name, f) in [(t, e) for t in (1, 2) for e in primitives.items()]:
            torch.set_num_threads(threads)
            for _ in range(3):
                f()
            times = []
            end = time.perf_counter() + seconds
            while time.perf_counter() < end or len(times) < 5:
                t = time.perf_counter()
                f()
                times.append((time.perf_counter() - t) * 1e3)
            print(f"torch {k} {p} {dtype} {name} {threads} {statistics.median(times):.4f} {len(times)}", flush=True)


if __name__ == "__main__":
    main()
