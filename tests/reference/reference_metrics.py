#!/usr/bin/python3
"""Independent reference for `policygraph metrics MODEL --format json`.

Computes every metric of docs/metrics.md for one structure with
networkx and python-igraph, written for clarity rather than speed. It reads
the JSON form of a model (functions, dependencies and assignments may also be
given as CSV files) with full-form structures only; change-form structures
are not resolved here (an error names them).

    /usr/bin/python3 reference_metrics.py MODEL.json [--structure ID] [--level L]

The model is assumed to be valid (run `policygraph validate` for that); this
script only fails loudly, it does not report errors the way the tool does.

The loading code and the partition measures are also used by
reference_change.py (import this file as a module).
"""

import argparse
import csv
import json
import math
import os
import sys
from collections import defaultdict

import igraph
import networkx as nx

# Tolerance of docs/metrics.md for sums of weights whose comparison decides
# something (misplaced functions).
TOL = 1e-9

# Sentinel branch for functions owned by the root (docs/metrics.md: "a
# function owned by the root counts as one more branch of its own"). Not a
# string, so that a unit whose id happens to be "root" is not confused with it.
ROOT_BRANCH = object()


def sums_equal(a, b):
    """docs/metrics.md: two sums within 1e-9 x max(1, |a|, |b|) are equal."""
    return abs(a - b) <= TOL * max(1.0, abs(a), abs(b))


def ratio(num, den):
    """Any ratio whose denominator is 0 is 0."""
    return num / den if den != 0 else 0.0


def clean(x):
    """-0.0 -> 0.0 (cosmetic only; the comparison treats them as equal)."""
    if isinstance(x, float):
        if math.isnan(x) or math.isinf(x):
            raise ValueError(f"non-finite metric value {x!r}")
        return x + 0.0
    return x


# --------------------------------------------------------------------------
# Loading


def _read_csv(base_dir, path):
    with open(os.path.join(base_dir, path), encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    # DictReader skips blank lines already; strip nothing else (RFC 4180).
    return rows


class Structure:
    """A full-form structure: a rooted unit tree plus an assignment."""

    def __init__(self, doc, base_dir):
        self.id = doc["id"]
        self.order = []          # unit ids in listing order
        self.parent = {}         # unit -> parent id or None for the root
        self.headcount = {}      # unit -> headcount, only for units that give one
        for u in doc["units"]:
            uid = u["id"]
            self.order.append(uid)
            self.parent[uid] = u.get("parent")
            if u.get("headcount") is not None:
                self.headcount[uid] = u["headcount"]
        roots = [u for u in self.order if self.parent[u] is None]
        if len(roots) != 1:
            raise SystemExit(f"reference: structure {self.id!r} has {len(roots)} roots")
        self.root = roots[0]
        self.children = defaultdict(list)
        for u in self.order:
            if self.parent[u] is not None:
                self.children[self.parent[u]].append(u)
        self.depth = {}
        for u in self.order:
            self.depth[u] = self._depth_of(u)

        if "assign" in doc:
            self.assign = dict(doc["assign"])
        elif "assign_csv" in doc:
            self.assign = {r["function"]: r["unit"] for r in _read_csv(base_dir, doc["assign_csv"])}
        else:
            self.assign = {}
        self.towers = {k: v for k, v in (doc.get("control_towers") or {}).items() if v is not None}

    def _depth_of(self, u):
        d = 0
        seen = set()
        while self.parent[u] is not None:
            if u in seen:
                raise SystemExit(f"reference: cycle in structure {self.id!r}")
            seen.add(u)
            u = self.parent[u]
            d += 1
        return d

    def ancestor_at(self, u, level):
        """a_L: the ancestor of u at depth `level` when u is deeper, else u."""
        if level is None:
            return u
        while self.depth[u] > level:
            u = self.parent[u]
        return u

    def lca(self, x, y):
        """Lowest common ancestor by a plain parent walk."""
        while self.depth[x] > self.depth[y]:
            x = self.parent[x]
        while self.depth[y] > self.depth[x]:
            y = self.parent[y]
        while x != y:
            x = self.parent[x]
            y = self.parent[y]
        return x

    def dist(self, x, y):
        return self.depth[x] + self.depth[y] - 2 * self.depth[self.lca(x, y)]

    def branch(self, u):
        """The depth-1 ancestor of u, or ROOT_BRANCH for the root."""
        if self.depth[u] == 0:
            return ROOT_BRANCH
        while self.depth[u] > 1:
            u = self.parent[u]
        return u

    def in_subtree(self, u, top):
        while u is not None:
            if u == top:
                return True
            u = self.parent[u]
        return False

    def max_depth(self):
        return max(self.depth.values())


class Model:
    def __init__(self, path):
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        if doc.get("format") != "policygraph/1":
            raise SystemExit('reference: format must be "policygraph/1"')
        base_dir = os.path.dirname(os.path.abspath(path))
        self.domains = [d["id"] for d in doc["domains"]]

        funcs = doc["functions"]
        if isinstance(funcs, dict):
            funcs = [{"id": r["id"], "domains": [x for x in r["domains"].split(";")]}
                     for r in _read_csv(base_dir, funcs["csv"])]
        self.function_ids = [f["id"] for f in funcs]           # model order
        self.function_domains = {f["id"]: list(f["domains"]) for f in funcs}

        deps = doc["dependencies"]
        if isinstance(deps, dict):
            rows = _read_csv(base_dir, deps["csv"])
            deps = []
            for r in rows:
                d = {"from": r["from"], "to": r["to"]}
                if r.get("weight") not in (None, ""):
                    d["weight"] = json.loads(r["weight"])
                deps.append(d)
        # Undirected pair weights: sum of all dependencies u->v and v->u, in
        # input order. Key: (smaller id, larger id) by byte order.
        self.pair_weight = {}
        self.pair_order = []
        for d in deps:
            u, v = d["from"], d["to"]
            if u == v:
                continue
            w = d.get("weight", 1)
            key = (u, v) if u < v else (v, u)
            if key not in self.pair_weight:
                self.pair_weight[key] = 0
                self.pair_order.append(key)
            self.pair_weight[key] += w

        # Change-form structures are kept as ids only: loading the model works,
        # asking for one of them is an error (see Structure).
        self.structures = []
        self.change_form = set()
        for s in doc["structures"]:
            if "base" in s or "changes" in s:
                self.change_form.add(s["id"])
                self.structures.append(s["id"])
            else:
                self.structures.append(Structure(s, base_dir))

    def full_structures(self):
        return [s for s in self.structures if isinstance(s, Structure)]

    def structure(self, sid):
        if sid is None:
            sid = self.structures[-1] if isinstance(self.structures[-1], str) else self.structures[-1].id
        if sid in self.change_form:
            raise SystemExit(
                f"reference: structure {sid!r} is in change form; only full-form "
                "structures are supported by the reference implementation")
        for s in self.full_structures():
            if s.id == sid:
                return s
        raise SystemExit(f"reference: unknown structure {sid!r}")

    def present(self, s):
        """Present functions of s, in model order."""
        return [f for f in self.function_ids if f in s.assign]

    def edges(self, present):
        """Pairs (u, v, w) with both ends present and w > 0."""
        p = set(present)
        return [(u, v, self.pair_weight[(u, v)]) for (u, v) in self.pair_order
                if u in p and v in p and self.pair_weight[(u, v)] > 0]


# --------------------------------------------------------------------------
# Measures


def membership(labels):
    """Labels -> integer ids 0..k-1 in order of first occurrence (igraph needs
    them below the number of elements)."""
    ids = {}
    return [ids.setdefault(x, len(ids)) for x in labels]


def nmi(labels_x, labels_y):
    """2 I(X;Y) / (H(X) + H(Y)); 1 when H(X) + H(Y) = 0 (also for no element)."""
    if len(set(labels_x)) <= 1 and len(set(labels_y)) <= 1:
        return 1.0
    return igraph.compare_communities(membership(labels_x), membership(labels_y), method="nmi")


def build_graph(present, edges):
    g = nx.Graph()
    g.add_nodes_from(present)
    for u, v, w in edges:
        g.add_edge(u, v, weight=w)
    return g


def partition_measures(s, present, edges, graph, unit_of):
    """The whole-structure figures that depend on the partition unit_of."""
    W = sum(w for _, _, w in edges)
    cross = 0
    coord = 0
    top = 0
    esc = 0
    for u, v, w in edges:
        x, y = unit_of[u], unit_of[v]
        coord += w * s.dist(x, y)
        if x != y:
            cross += w
            m = s.lca(x, y)
            esc += w * s.depth[m]
            if m == s.root:
                top += w
    if W == 0:
        modularity = 0.0
    else:
        parts = defaultdict(set)
        for f in present:
            parts[unit_of[f]].add(f)
        modularity = nx.community.modularity(graph, list(parts.values()), weight="weight")
    return {
        "owning_units": len(set(unit_of[f] for f in present)),
        "total_weight": W,
        "cross_unit_share": ratio(cross, W),
        "modularity": modularity,
        "coordination_distance_mean": ratio(coord, W),
        "top_level_share": ratio(top, W),
        "escalation_depth_mean": ratio(esc, cross),
    }


def domain_metrics(model, s, present, edges, graph, unit_of, k):
    tower = s.towers.get(k)
    fk = [f for f in present if k in model.function_domains[f]]
    nk = len(fk)
    keys = ["units", "branches", "hhi", "effective_units", "entropy", "owner", "owner_depth",
            "components", "fragments", "fragmentation", "cross_unit_share"]
    out = {"id": k, "functions": nk}
    if nk == 0:
        out.update({key: None for key in keys})
        out["control_tower"] = tower
        out["tower_coverage"] = None
        out["tower_internal_share"] = None
        return out

    count = defaultdict(int)
    for f in fk:
        count[unit_of[f]] += 1
    units = list(count)
    out["units"] = len(units)
    out["branches"] = len(set(s.branch(u) for u in units))
    hhi = sum((c / nk) ** 2 for c in count.values())
    out["hhi"] = hhi
    out["effective_units"] = 1.0 / hhi
    out["entropy"] = clean(-sum((c / nk) * math.log(c / nk) for c in count.values()))
    owner = units[0]
    for u in units[1:]:
        owner = s.lca(owner, u)
    out["owner"] = owner
    out["owner_depth"] = s.depth[owner]

    fset = set(fk)
    inner = [(u, v, w) for u, v, w in edges if u in fset and v in fset]
    sub = nx.Graph()
    sub.add_nodes_from(fk)
    sub.add_edges_from((u, v) for u, v, _ in inner)
    components = nx.number_connected_components(sub)
    frag = nx.Graph()
    frag.add_nodes_from(fk)
    frag.add_edges_from((u, v) for u, v, _ in inner if unit_of[u] == unit_of[v])
    fragments = len(list(nx.connected_components(frag)))
    out["components"] = components
    out["fragments"] = fragments
    out["fragmentation"] = ratio(fragments - components, nk - components) if nk > components else 0.0
    w_in = sum(w for _, _, w in inner)
    w_cross = sum(w for u, v, w in inner if unit_of[u] != unit_of[v])
    out["cross_unit_share"] = ratio(w_cross, w_in)

    out["control_tower"] = tower
    if tower is None:
        out["tower_coverage"] = None
        out["tower_internal_share"] = None
    else:
        # Unaggregated a(f), whatever the level.
        inside = {f for f in fk if s.in_subtree(s.assign[f], tower)}
        out["tower_coverage"] = len(inside) / nk
        out["tower_internal_share"] = ratio(
            sum(w for u, v, w in inner if u in inside and v in inside), w_in)
    return out


def unit_rows(s, present, edges, unit_of):
    owning = sorted(set(unit_of[f] for f in present))  # str order == UTF-8 byte order
    nfun = defaultdict(int)
    for f in present:
        nfun[unit_of[f]] += 1
    ext = defaultdict(float)
    q = nx.Graph()
    q.add_nodes_from(owning)
    for u, v, w in edges:
        x, y = unit_of[u], unit_of[v]
        if x != y:
            ext[x] += w
            ext[y] += w
            q.add_edge(x, y)
    bc = nx.betweenness_centrality(q)
    return [{"id": u, "depth": s.depth[u], "functions": nfun[u],
             "external_weight": ext.get(u, 0.0), "betweenness": bc[u]} for u in owning]


def misplaced_rows(present, edges, unit_of):
    nbrs = defaultdict(list)
    for u, v, w in edges:
        nbrs[u].append((v, w))
        nbrs[v].append((u, w))
    rows = []
    for f in present:
        if not nbrs[f]:  # s(f) = 0 (edges carry w > 0)
            continue
        pull = defaultdict(float)
        for g, w in nbrs[f]:
            pull[unit_of[g]] += w
        own_unit = unit_of[f]
        own = pull.get(own_unit, 0.0)
        others = {u: p for u, p in pull.items() if u != own_unit}
        if not any(p > own and not sums_equal(p, own) for p in others.values()):
            continue
        best = max(others.values())
        better = min(u for u, p in others.items() if sums_equal(p, best))
        rows.append({"function": f, "unit": own_unit, "better_unit": better,
                     "pull_own": own, "pull_better": others[better]})

    # Sort by gain = pull_better - pull_own, descending, then function id;
    # gains equal within the tolerance are ties. To keep the order well
    # defined (the tolerance is not transitive): sort by exact gain
    # descending, then cut the list into runs, each run being the rows whose
    # gain is within tolerance of the run's first row; sort each run by
    # function id.
    def gain(r):
        return r["pull_better"] - r["pull_own"]

    rows.sort(key=lambda r: (-gain(r), r["function"]))
    ordered = []
    i = 0
    while i < len(rows):
        j = i + 1
        while j < len(rows) and sums_equal(gain(rows[j]), gain(rows[i])):
            j += 1
        ordered.extend(sorted(rows[i:j], key=lambda r: r["function"]))
        i = j
    rows = ordered
    return rows


def shape(s, present, unit_of, level):
    if level is None:
        units = list(s.order)
    else:
        units = [u for u in s.order if s.depth[u] <= level]
    uset = set(units)
    spans = [len([c for c in s.children[u] if c in uset]) for u in units]
    spans = [x for x in spans if x > 0]
    depth = s.max_depth() if level is None else min(s.max_depth(), level)
    return {
        "units": len(units),
        "owning_units": len(set(unit_of[f] for f in present)),
        "depth": depth,
        "span_mean": ratio(sum(spans), len(spans)),
        "span_max": max(spans) if spans else 0,
        "headcount": sum(s.headcount.values()) if s.headcount else None,
    }


def compute(model, s, level):
    present = model.present(s)
    edges = model.edges(present)
    graph = build_graph(present, edges)
    unit_of = {f: s.ancestor_at(s.assign[f], level) for f in present}
    whole = partition_measures(s, present, edges, graph, unit_of)

    out = {
        "structure": s.id,
        "level": level,
        "functions": len(present),
        "dependencies": len(edges),
        "total_weight": whole["total_weight"],
        "cross_unit_share": whole["cross_unit_share"],
        "modularity": whole["modularity"],
        "coordination_distance_mean": whole["coordination_distance_mean"],
        "top_level_share": whole["top_level_share"],
        "escalation_depth_mean": whole["escalation_depth_mean"],
        "alignment_nmi": nmi([model.function_domains[f][0] for f in present],
                             [unit_of[f] for f in present]),
        # Leiden's communities are random: tests/metrics/check_work_grouping.py
        # checks them; here the tool runs with --work-grouping skip.
        "work_grouping": None,
        "shape": shape(s, present, unit_of, level),
        "domains": [domain_metrics(model, s, present, edges, graph, unit_of, k)
                    for k in model.domains],
        "units": unit_rows(s, present, edges, unit_of),
        "misplaced": misplaced_rows(present, edges, unit_of),
        "by_level": [],
    }
    for lv in range(1, s.max_depth() + 1):
        ul = {f: s.ancestor_at(s.assign[f], lv) for f in present}
        m = partition_measures(s, present, edges, graph, ul)
        out["by_level"].append({
            "level": lv,
            "owning_units": m["owning_units"],
            "cross_unit_share": m["cross_unit_share"],
            "modularity": m["modularity"],
            "coordination_distance_mean": m["coordination_distance_mean"],
            "top_level_share": m["top_level_share"],
        })
    return _clean_tree(out)


def _clean_tree(x):
    if isinstance(x, dict):
        return {k: _clean_tree(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_clean_tree(v) for v in x]
    return clean(x)


def level_arg(text):
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("level must be an integer >= 0")
    if v < 0:
        raise argparse.ArgumentTypeError("level must be an integer >= 0")
    return v


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("--structure", default=None, help="structure id (default: the last)")
    ap.add_argument("--level", type=level_arg, default=None)
    args = ap.parse_args(argv)
    model = Model(args.model)
    s = model.structure(args.structure)
    json.dump(compute(model, s, args.level), sys.stdout, ensure_ascii=False, indent=1,
              allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
