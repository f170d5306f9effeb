#!/usr/bin/env python3
"""The exports read back in other tools say what the model says.

    check_exports.py POLICYGRAPH

For each model (datasets/*/model.json, tests/data/*.json, the CSV model) and
each of its structures:

- GraphML: parsed by xml.dom.minidom and networkx.read_graphml; the node ids
  are the functions the JSON export assigns, the edges are the pairs of
  present functions with a dependency, weights summed in both directions
  (computed here from the model file), and their counts and total agree with
  `policygraph metrics --format json`;
- JSON: loaded back by `policygraph metrics --format json`, the output is
  byte for byte the original structure's (at no level and at level 1).
"""
import glob
import json
import math
import os
import subprocess
import sys
import tempfile
import xml.dom.minidom

import networkx as nx

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def models():
    paths = sorted(glob.glob(os.path.join(ROOT, "datasets", "*", "model.json")))
    paths += sorted(glob.glob(os.path.join(ROOT, "tests", "data", "*.json")))
    return paths + [os.path.join(ROOT, "tests", "data", "small-csv", "model.json")]


def run(args):
    r = subprocess.run(args, capture_output=True, check=False)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {r.returncode}\n{r.stderr.decode()}")
    return r.stdout


def pair_weights(model, export, present):
    """Summed undirected weights from the dependencies as written in the
    model file (from the export when the model keeps them in a CSV file)."""
    written = model["dependencies"]
    if not isinstance(written, list):
        written = export["dependencies"]
    weights = {}
    for d in written:
        u, v = d["from"], d["to"]
        if u in present and v in present:
            key = frozenset((u, v))
            weights[key] = weights.get(key, 0.0) + float(d.get("weight", 1))
    return weights


def check_structure(tool, path, model, sid, tmp):
    problems = []
    exported = run([tool, "export", path, "--structure", sid, "--format", "json"])
    export = json.loads(exported)
    present = set(export["structures"][0]["assign"])
    graphml = run([tool, "export", path, "--structure", sid, "--format", "graphml"])
    xml.dom.minidom.parseString(graphml)
    gpath = os.path.join(tmp, "g.graphml")
    with open(gpath, "wb") as f:
        f.write(graphml)
    g = nx.read_graphml(gpath)
    if set(g.nodes) != present:
        problems.append(f"nodes {sorted(set(g.nodes) ^ present)[:5]} differ")
    expected = pair_weights(model, export, present)
    got = {frozenset((u, v)): w for u, v, w in g.edges(data="weight")}
    if set(got) != set(expected):
        problems.append(f"{len(set(got) ^ set(expected))} edge pairs differ")
    for key, w in expected.items():
        if key in got and not math.isclose(got[key], w, rel_tol=1e-12):
            problems.append(f"weight of {sorted(key)}: {got[key]} != {w}")
    for u in g.nodes:
        if g.nodes[u]["unit"] != export["structures"][0]["assign"][u]:
            problems.append(f"unit of {u}")
    metrics = json.loads(run([tool, "metrics", path, "--structure", sid, "--format", "json"]))
    if (metrics["functions"], metrics["dependencies"]) != (g.number_of_nodes(), g.number_of_edges()):
        problems.append("node or edge count differs from metrics")
    if not math.isclose(metrics["total_weight"], g.size(weight="weight"), rel_tol=1e-9):
        problems.append("total weight differs from metrics")
    jpath = os.path.join(tmp, "export.json")
    with open(jpath, "wb") as f:
        f.write(exported)
    for level in ([], ["--level", "1"]):
        before = run([tool, "metrics", path, "--structure", sid, "--format", "json"] + level)
        after = run([tool, "metrics", jpath, "--format", "json"] + level)
        if before != after:
            problems.append(f"metrics {' '.join(level)} of the JSON export differ")
    return problems


def main():
    tool = sys.argv[1]
    failures = 0
    count = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in models():
            with open(path, encoding="utf-8") as f:
                model = json.load(f)
            for sid in [s["id"] for s in model["structures"]]:
                count += 1
                for p in check_structure(tool, path, model, sid, tmp):
                    print(f"FAIL {os.path.relpath(path, ROOT)} {sid}: {p}")
                    failures += 1
    print(f"{count} structures exported and read back; {failures} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
