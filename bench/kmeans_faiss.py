#!/usr/bin/python3
"""faiss side of bench/kmeans: the same grid as KMeansBenchmark on the same .npy features.

Run with Debian's interpreter (/usr/bin/python3 + python3-faiss + python3-numpy). Prints one JSON
object: seconds and final objective per (N, K), and the peak RSS of this process.
"""
import argparse
import json
import resource
import time

import faiss
import numpy as np

p = argparse.ArgumentParser()
p.add_argument("--features", required=True)
p.add_argument("--n", default="60000,250000")
p.add_argument("--k", default="100,1000,10000")
p.add_argument("--iterations", type=int, default=20)
p.add_argument("--restarts", type=int, default=1)
p.add_argument("--max-points-per-centroid", type=int, default=1000)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--seed", type=int, default=0)
a = p.parse_args()

faiss.omp_set_num_threads(a.threads)
x_all = np.load(a.features).astype(np.float32)
runs = []
for n in [int(v) for v in a.n.split(",")]:
    x = np.ascontiguousarray(x_all[:n])
    for k in [int(v) for v in a.k.split(",")]:
        km = faiss.Kmeans(x.shape[1], k, niter=a.iterations, nredo=a.restarts, seed=a.seed,
                          max_points_per_centroid=a.max_points_per_centroid, verbose=False)
        start = time.perf_counter()
        km.train(x)
        _, assign = km.index.search(x, 1)  # the final assignment of all N points, as pcl4j does
        seconds = time.perf_counter() - start
        run = {"n": n, "d": int(x.shape[1]), "k": k, "seconds": round(seconds, 3),
               "objective": float(km.obj[-1]),
               "peak_rss_mb_so_far": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
        print(json.dumps(run), file=__import__("sys").stderr)
        runs.append(run)
print(json.dumps({"engine": "faiss " + faiss.__version__ + " CPU", "threads": a.threads,
                  "iterations": a.iterations, "restarts": a.restarts,
                  "max_points_per_centroid": a.max_points_per_centroid, "runs": runs,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
