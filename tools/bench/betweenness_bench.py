#!/usr/bin/python3
"""Unit betweenness on a large unit graph: policygraph exact and sampled
against python-igraph (exact) and networkx (sampled, the same number of
sources), in one run.

    /usr/bin/python3 tools/bench/betweenness_bench.py POLICYGRAPH MODEL_DIR [--sources K]

MODEL_DIR is a CSV model from policygraph-generate (before-assign.csv,
dependencies.csv), for example

    policygraph-generate --functions 200000 --dependencies 1000000 --units 20000 \\
        --form csv -o /tmp/u20k

policygraph is timed as whole commands (`metrics --structure before
--work-grouping skip --format json`, loading included) with --betweenness
exact, sample:K and skip, so that exact - skip and sample - skip are the
betweenness alone. The peers are timed on the betweenness call alone, on
the unit graph built here from the same files (owning units, and a link
where some dependency crosses). Prints the times, and how far the sampled
estimate is from the exact values against the bound policygraph states.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

import igraph
import networkx


def unit_graph(folder):
    owner = {}
    with open(os.path.join(folder, "before-assign.csv"), newline="") as fh:
        rows = csv.reader(fh)
        next(rows)
        for function, unit in rows:
            owner[function] = unit
    links = set()
    with open(os.path.join(folder, "dependencies.csv"), newline="") as fh:
        rows = csv.reader(fh)
        next(rows)
        for row in rows:
            a, b = owner.get(row[0]), owner.get(row[1])
            if a and b and a != b:
                links.add((min(a, b), max(a, b)))
    g = networkx.Graph()
    g.add_nodes_from(sorted(set(owner.values())))
    g.add_edges_from(sorted(links))
    return g


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("policygraph")
    ap.add_argument("model_dir")
    ap.add_argument("--sources", type=int, default=500)
    args = ap.parse_args()
    model = os.path.join(args.model_dir, "model.json")
    k = args.sources
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for choice in ("exact", "sample:%d" % k, "skip"):
            path = os.path.join(tmp, choice.replace(":", "-") + ".json")
            out[choice] = (timed([args.policygraph, "metrics", model, "--structure", "before",
                                  "--work-grouping", "skip", "--format", "json",
                                  "--betweenness", choice, "-o", path]),
                           json.load(open(path, encoding="utf-8")))
    exact = {u["id"]: u["betweenness"] for u in out["exact"][1]["units"]}
    sampled = out["sample:%d" % k][1]
    worst = max(abs(u["betweenness"] - exact[u["id"]]) for u in sampled["units"])
    g = unit_graph(args.model_dir)
    ig = igraph.Graph.from_networkx(g)
    start = time.perf_counter()
    ig.betweenness(directed=False)
    igraph_exact = time.perf_counter() - start
    start = time.perf_counter()
    networkx.betweenness_centrality(g, k=k, seed=1)
    networkx_sampled = time.perf_counter() - start
    skip = out["skip"][0]
    print("unit graph: %d units, %d links" % (g.number_of_nodes(), g.number_of_edges()))
    print("policygraph metrics, whole command: exact %.2f s, sample:%d %.2f s, skip %.2f s"
          % (out["exact"][0], k, out["sample:%d" % k][0], skip))
    print("betweenness alone: policygraph exact %.2f s, sample:%d %.2f s; "
          "igraph exact %.2f s; networkx k=%d %.2f s"
          % (out["exact"][0] - skip, k, out["sample:%d" % k][0] - skip, igraph_exact, k,
             networkx_sampled))
    print("sample:%d: largest error %.5f against the stated bound %.4f; largest exact value %.4f"
          % (k, worst, sampled["betweenness_sample"]["error_bound"], max(exact.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
