#!/usr/bin/env python3
"""Times the workbench server: an edit followed by every panel's refresh.

The page refreshes every panel from one POST /api/evaluate, so an edit costs
one such request. This script starts `policygraph serve` on a copy of each
model, warms it up (the first request computes the figures of the start and
the baseline and the work's own grouping, which later ones reuse), then sends
N edits, each a scenario one move longer than the last (a function moved to
another unit), and prints the median and the largest wall time per request,
measured on the client over loopback: an upper bound of the server's time.

For scale, the same run times the one figure peers compute fastest after
such an edit: the modularity of the edited assignment (units at no level),
with python-igraph (`Graph.modularity`, the graph built once beforehand) and
with networkx (`community.modularity`), median over the same edits. The
server's answer holds every figure, the explain sentences and the change
size besides.

  tools/bench/serve_bench.py BUILD/tools/policygraph [--edits N] MODEL...
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import igraph
import networkx as nx


def request(base, token, path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(),
                                 headers={"X-Policygraph-Token": token,
                                          "Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=600) as r:
        data = r.read()
    return time.perf_counter() - start, json.loads(data)


def peer_times(session, assigns):
    """Median seconds of the edited assignment's modularity in igraph and networkx."""
    ids = [f["id"] for f in session["functions"]]
    index = {f: i for i, f in enumerate(ids)}
    pairs = {}
    for d in session["dependencies"]:
        a, b = sorted((index[d["from"]], index[d["to"]]))
        pairs[(a, b)] = pairs.get((a, b), 0.0) + d["weight"]
    present = sorted({index[f] for f in assigns[0]})
    keep = set(present)
    edges = [(a, b, w) for (a, b), w in pairs.items() if a in keep and b in keep]
    ig = igraph.Graph(n=len(ids), edges=[(a, b) for a, b, _ in edges])
    ig.es["weight"] = [w for _, _, w in edges]
    ig = ig.induced_subgraph(present)
    nxg = nx.Graph()
    nxg.add_nodes_from(present)
    nxg.add_weighted_edges_from(edges)
    ig_times, nx_times = [], []
    for assign in assigns:
        units = {}
        membership = [units.setdefault(assign[ids[v]], len(units)) for v in present]
        t0 = time.perf_counter()
        ig.modularity(membership, weights="weight")
        ig_times.append(time.perf_counter() - t0)
        groups = {}
        for v, m in zip(present, membership):
            groups.setdefault(m, set()).add(v)
        t0 = time.perf_counter()
        nx.community.modularity(nxg, list(groups.values()), weight="weight")
        nx_times.append(time.perf_counter() - t0)
    return {"igraph_ms": statistics.median(ig_times) * 1e3,
            "networkx_ms": statistics.median(nx_times) * 1e3}


def bench(tool, model, edits):
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(tmp, "model")
        shutil.copytree(os.path.dirname(os.path.abspath(model)), folder)
        path = os.path.join(folder, os.path.basename(model))
        server = subprocess.Popen([tool, "serve", path, "--port", "0"], stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        try:
            url = server.stdout.readline().strip()
            base, token = url.split("/?token=")
            req = urllib.request.Request(base + "/api/session",
                                         headers={"X-Policygraph-Token": token})
            with urllib.request.urlopen(req) as r:
                session = json.loads(r.read())
            start = session["structures"][-1]["id"]
            first, answer = request(base, token, "/api/evaluate", {"start": start, "changes": []})
            units = [u["id"] for u in answer["structure"]["units"]]
            assign = answer["structure"]["assign"]
            functions = sorted(assign)
            changes, times, assigns = [], [], []
            for k in range(edits):
                f = functions[(k * 7919) % len(functions)]
                to = units[(k * 104729) % len(units)]
                if to == assign[f]:
                    to = units[(k * 104729 + 1) % len(units)]
                changes.append({"op": "move-function", "function": f, "to": to})
                t, edited = request(base, token, "/api/evaluate",
                                    {"start": start, "changes": changes})
                times.append(t)
                assigns.append(edited["structure"]["assign"])
        finally:
            server.terminate()
            server.wait(10)
    peers = peer_times(session, assigns)
    return {"model": model, "functions": len(session["functions"]), **peers,
            "dependencies": len(session["dependencies"]), "first_ms": first * 1e3,
            "median_ms": statistics.median(times) * 1e3, "max_ms": max(times) * 1e3,
            "edits": edits}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("tool")
    parser.add_argument("models", nargs="+")
    parser.add_argument("--edits", type=int, default=30)
    args = parser.parse_args()
    print(f"{'model':<40} {'functions':>9} {'deps':>8} {'first ms':>9} {'median ms':>10} "
          f"{'max ms':>8} {'igraph ms':>10} {'networkx ms':>12}")
    for model in args.models:
        r = bench(args.tool, model, args.edits)
        print(f"{r['model']:<40} {r['functions']:>9} {r['dependencies']:>8} "
              f"{r['first_ms']:>9.1f} {r['median_ms']:>10.1f} {r['max_ms']:>8.1f} "
              f"{r['igraph_ms']:>10.2f} {r['networkx_ms']:>12.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
