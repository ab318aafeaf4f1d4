"""numpy side of bench/vs-numpy.mjs: times numpy.linalg.lstsq and a square matmul on the inputs
the JavaScript side wrote, and prints one JSON line per measurement (median of `reps` runs).

Usage: python3 bench/vs_numpy.py <dir> <reps>. <dir> holds A.npy (column-major float64) and b.npy;
the solution is written to <dir>/x_numpy.npy so the JavaScript side can compare accuracy.
The thread count is whatever the environment gives numpy's BLAS (OPENBLAS_NUM_THREADS, …).
"""
import json
import os
import sys
import time

import numpy as np


def median_time(fn, reps):
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    ts.sort()
    return ts[len(ts) // 2]


def main():
    d, reps = sys.argv[1], int(sys.argv[2])
    A = np.load(os.path.join(d, "A.npy"))
    b = np.load(os.path.join(d, "b.npy"))
    x = np.linalg.lstsq(A, b, rcond=None)[0]
    np.save(os.path.join(d, "x_numpy.npy"), x)
    t = median_time(lambda: np.linalg.lstsq(A, b, rcond=None), reps)
    print(json.dumps({"case": "lstsq", "seconds": t, "numpy": np.__version__}))
    rng = np.random.default_rng(1)
    X = rng.standard_normal((1024, 1024))
    Y = rng.standard_normal((1024, 1024))
    t = median_time(lambda: X @ Y, reps)
    print(json.dumps({"case": "gemm1024", "seconds": t}))


main()
