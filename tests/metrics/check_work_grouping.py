#!/usr/bin/env python3
"""The work's own grouping, checked with networkx and python-igraph.

    check_work_grouping.py POLICYGRAPH

For each model (datasets/*/model.json, tests/data/*.json), each structure,
at no level and at level 1, from `groups --format json` and the structure in
full form (`export --format json`):

- the communities partition exactly the present functions, are numbered
  by size (largest first, then by the smallest function id in byte order),
  and each is connected in the dependency graph (Leiden's guarantee);
- each community's size, internal weight and the units holding its
  functions are what the dependencies and the structure's owners give;
- `modularity` is networkx's modularity of the communities, and
  `structure_modularity` networkx's of the units, to 1e-9;
- `nmi` is igraph's compare_communities(units, communities, "nmi") and
  `modularity_ratio` is structure_modularity / modularity, to 1e-9;
- the grouping's modularity is at least that of the structure's units at
  every level (no level, and each row of metrics' by_level);
- `metrics` and `compare` print the same work_grouping object as `groups`,
  and `--work-grouping skip` prints null;
- the same seed gives the same bytes, twice, and with any thread count;
- with --resolution 2, modularity is still reported at resolution 1;
- `--format csv` tables, read by pandas, hold the same communities.
"""
import glob
import io
import json
import math
import os
import subprocess
import sys

import igraph
import networkx as nx
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def models():
    paths = sorted(glob.glob(os.path.join(ROOT, "datasets", "*", "model.json")))
    return paths + sorted(glob.glob(os.path.join(ROOT, "tests", "data", "*.json")))


def run(args):
    r = subprocess.run(args, capture_output=True, check=False)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {r.returncode}\n{r.stderr.decode()}")
    return r.stdout


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


class Structure:
    """One structure in full form: each present function's owner at a level."""

    def __init__(self, full):
        s = full["structures"][0]
        self.parent = {u["id"]: u.get("parent") for u in s["units"]}
        self.assign = s["assign"]

    def depth(self, u):
        d = 0
        while self.parent[u] is not None:
            u = self.parent[u]
            d += 1
        return d

    def owner(self, f, level):
        u = self.assign[f]
        if level is None:
            return u
        while self.depth(u) > level:
            u = self.parent[u]
        return u


def graph_of(model, present):
    g = nx.Graph()
    g.add_nodes_from(present)
    for d in model["dependencies"]:
        a, b, w = d["from"], d["to"], d.get("weight", 1.0)
        if a in present and b in present and a != b and w > 0:
            if g.has_edge(a, b):
                g[a][b]["weight"] += w
            else:
                g.add_edge(a, b, weight=w)
    return g


def modularity(g, groups):
    if g.size(weight="weight") == 0:
        return 0.0  # networkx divides by W; the tool defines it as 0
    return nx.community.modularity(g, groups, weight="weight")


def nmi(a, b):
    """igraph's NMI of two labellings, 1 when both have one label only."""
    codes = []
    for labels in (a, b):
        index = {}
        codes.append([index.setdefault(x, len(index)) for x in labels])
    if max(codes[0], default=0) == 0 and max(codes[1], default=0) == 0:
        return 1.0
    return igraph.compare_communities(codes[0], codes[1], method="nmi")


def check_grouping(tool, path, model, st, sid, level, problems):
    where = f"{os.path.relpath(path, ROOT)}:{sid}:L{level}"
    lv = [] if level is None else ["--level", str(level)]
    args = [tool, "groups", path, "--structure", sid] + lv
    raw = run(args + ["--format", "json"])
    if run(args + ["--format", "json"]) != raw:
        problems.append(f"{where}: two runs of groups differ")
    doc = json.loads(raw)
    present = set(st.assign)
    g = graph_of(model, present)
    by_function = {r["function"]: r["community"] for r in doc["by_function"]}
    if set(by_function) != present or doc["functions"] != len(present):
        problems.append(f"{where}: the communities cover {sorted(set(by_function) ^ present)} "
                        "wrongly")
        return
    k = doc["work_grouping"]["communities"]
    members = {c: [] for c in range(1, k + 1)}
    for f, c in by_function.items():
        if c not in members:
            problems.append(f"{where}: {f} in community {c}, outside 1..{k}")
            return
        members[c].append(f)
    groups = [set(members[c]) for c in range(1, k + 1)]
    if any(not m for m in groups):
        problems.append(f"{where}: an empty community")
        return
    # Numbered by size, then by the smallest id (UTF-8 byte order).
    keys = [(-len(m), min(x.encode() for x in m)) for m in groups]
    if keys != sorted(keys):
        problems.append(f"{where}: communities not numbered by size, then smallest id")
    for c, m in enumerate(groups, 1):
        if not nx.is_connected(g.subgraph(m)):
            problems.append(f"{where}: community {c} is not connected")
    # Each community as listed: its functions, internal weight and holders.
    for c, m in enumerate(groups, 1):
        listed = doc["communities"][c - 1]
        inside = sum(w for _, _, w in g.subgraph(m).edges(data="weight"))
        holders = {}
        for f in m:
            u = st.owner(f, level)
            holders[u] = holders.get(u, 0) + 1
        expected = sorted(holders.items(), key=lambda x: (-x[1], x[0].encode()))
        got = [(h["unit"], h["functions"]) for h in listed["unit_functions"]]
        if (listed["community"] != c or listed["size"] != len(m)
                or set(listed["functions"]) != m or not close(listed["internal_weight"], inside)
                or listed["units"] != len(holders) or got != expected):
            problems.append(f"{where}: community {c} listed as {listed}")
    # The figures.
    owners = {}
    for f in present:
        owners.setdefault(st.owner(f, level), set()).add(f)
    q_best = modularity(g, groups)
    q_units = modularity(g, list(owners.values()))
    ordered = sorted(present)
    expected = {
        "modularity": q_best,
        "nmi": nmi([st.owner(f, level) for f in ordered], [by_function[f] for f in ordered]),
        "modularity_ratio": q_units / q_best if q_best != 0 else 0.0,
    }
    for key, value in expected.items():
        if not close(doc["work_grouping"][key], value):
            problems.append(f"{where}: {key} {doc['work_grouping'][key]}, expected {value}")
    if not close(doc["structure_modularity"], q_units):
        problems.append(f"{where}: structure_modularity {doc['structure_modularity']}, "
                        f"networkx says {q_units}")
    # metrics prints the same object, and Q_best >= every level's modularity.
    metrics = json.loads(run([tool, "metrics", path, "--structure", sid, "--format", "json"] + lv))
    if metrics["work_grouping"] != doc["work_grouping"]:
        problems.append(f"{where}: metrics says {metrics['work_grouping']}, groups "
                        f"{doc['work_grouping']}")
    for q in [metrics["modularity"]] + [row["modularity"] for row in metrics["by_level"]]:
        if q > q_best + 1e-12:
            problems.append(f"{where}: a structure's modularity {q} above the grouping's {q_best}")
    # CSV tables.
    frame = pd.read_csv(io.BytesIO(run(args + ["--format", "csv", "--table", "functions"])),
                        keep_default_na=False)
    if dict(zip(frame["function"], frame["community"])) != by_function:
        problems.append(f"{where}: the functions table disagrees with the JSON")
    frame = pd.read_csv(io.BytesIO(run(args + ["--format", "csv"])), keep_default_na=False)
    if int(frame["unit_functions"].sum()) != len(present) or set(frame["community"]) != set(
            range(1, k + 1)):
        problems.append(f"{where}: the communities table disagrees with the JSON")
    # A resolution of 2 groups differently, but measures at resolution 1.
    other = json.loads(run(args + ["--resolution", "2", "--format", "json"]))
    split = {}
    for r in other["by_function"]:
        split.setdefault(r["community"], set()).add(r["function"])
    if not close(other["work_grouping"]["modularity"], modularity(g, list(split.values()))):
        problems.append(f"{where}: at resolution 2 the modularity is not measured at 1")


def check_commands(tool, path, ids, problems):
    """compare agrees with metrics; skip prints null; threads change nothing."""
    where = os.path.relpath(path, ROOT)
    raw = run([tool, "compare", path, "--format", "json"])
    if run([tool, "compare", path, "--format", "json", "--threads", "1"]) != raw:
        problems.append(f"{where}: compare with one thread differs")
    for obj in json.loads(raw)["structures"]:
        sid = obj["structure"]
        alone = json.loads(run([tool, "metrics", path, "--structure", sid, "--format", "json"]))
        if obj["work_grouping"] != alone["work_grouping"]:
            problems.append(f"{where}:{sid}: compare says {obj['work_grouping']}, metrics "
                            f"{alone['work_grouping']}")
    skipped = json.loads(run([tool, "compare", path, "--format", "json", "--work-grouping",
                              "skip"]))
    if any(obj["work_grouping"] is not None for obj in skipped["structures"]):
        problems.append(f"{where}: --work-grouping skip still prints a grouping")


def main():
    tool = sys.argv[1]
    problems = []
    checked = 0
    for path in models():
        model = json.loads(run([tool, "export", path, "--format", "json"]))
        ids = [s["id"] for s in json.load(open(path, encoding="utf-8"))["structures"]]
        for sid in ids:
            full = json.loads(run([tool, "export", path, "--structure", sid, "--format", "json"]))
            st = Structure(full)
            for level in (None, 1):
                check_grouping(tool, path, model, st, sid, level, problems)
                checked += 1
        check_commands(tool, path, ids, problems)
    for p in problems:
        print(p)
    print(f"{checked} groupings checked, {len(problems)} problems")
    return 1 if problems or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
