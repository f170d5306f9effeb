#!/usr/bin/python3
"""The benchmark's networkx peer: the metric work of `policygraph metrics` (or,
with --compare, of `policygraph compare`) done with networkx.

    /usr/bin/python3 peer_networkx.py MODEL.json [--structure ID] [--compare] [-o OUT.json]

Same input reading as peer_igraph.py (peer_model.py: Python's json and csv
modules) and the same figures: one weighted nx.Graph of the functions
(parallel and reversed dependencies summed), `nx.community.modularity`,
lowest common ancestors on the unit tree, `nx.number_connected_components` on
each domain's subgraph and on its intra-unit edges, the unit graph with
`nx.betweenness_centrality`, misplaced functions from the adjacency, and the
by-level profile. Idiomatic networkx with plain Python for the arithmetic (no
numpy): what a networkx user would write, with the obvious tuning (ancestor
lists precomputed, edges listed once per structure). Prints the JSON of
policygraph (no --level).
"""

import argparse
import math
import os
import sys
from collections import defaultdict

import networkx as nx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_model import Model, comparison, moved_and_followed, ratio, sort_misplaced, sums_equal, write_json  # noqa: E402

ROOT_BRANCH = object()


class Tree:
    def __init__(self, s):
        self.parent = s.parent
        self.children = defaultdict(list)
        self.root = None
        for u in s.order:
            p = s.parent[u]
            if p is None:
                self.root = u
            else:
                self.children[p].append(u)
        self.depth = {self.root: 0}
        self.path = {self.root: [self.root]}  # ancestors from the root down to u
        stack = [self.root]
        while stack:
            u = stack.pop()
            for c in self.children[u]:
                self.depth[c] = self.depth[u] + 1
                self.path[c] = self.path[u] + [c]
                stack.append(c)
        self.max_depth = max(self.depth.values())

    def at_level(self, u, level):
        return u if level is None or self.depth[u] <= level else self.path[u][level]

    def lca(self, x, y):
        px, py = self.path[x], self.path[y]
        d = min(len(px), len(py)) - 1
        while px[d] != py[d]:
            d -= 1
        return px[d]

    def branch(self, u):
        return ROOT_BRANCH if self.depth[u] == 0 else self.path[u][1]


def build_graph(model):
    g = nx.Graph()
    g.add_nodes_from(range(len(model.function_ids)))
    for u, v, w in zip(model.dep_from, model.dep_to, model.dep_weight):
        if u == v:
            continue
        if g.has_edge(u, v):
            g[u][v]["weight"] += w
        else:
            g.add_edge(u, v, weight=w)
    return g


def partition_measures(t, graph, edges, present, unit_of, W):
    cross = coord = top = esc = 0.0
    for u, v, w in edges:
        x, y = unit_of[u], unit_of[v]
        if x == y:
            continue
        m = t.lca(x, y)
        dm = t.depth[m]
        coord += w * (t.depth[x] + t.depth[y] - 2 * dm)
        cross += w
        esc += w * dm
        if dm == 0:
            top += w
    parts = defaultdict(set)
    for f in present:
        parts[unit_of[f]].add(f)
    modularity = nx.community.modularity(graph, parts.values(), weight="weight") if W > 0 else 0.0
    return {
        "owning_units": len(parts),
        "cross_unit_share": ratio(cross, W),
        "modularity": modularity,
        "coordination_distance_mean": ratio(coord, W),
        "top_level_share": ratio(top, W),
        "escalation_depth_mean": ratio(esc, cross),
    }


def nmi_of(x, y):
    """2 I / (H(X) + H(Y)), natural logs; 1 when both are constant."""
    n = len(x)
    if n == 0 or (len(set(x)) <= 1 and len(set(y)) <= 1):
        return 1.0
    cx, cy, cxy = defaultdict(int), defaultdict(int), defaultdict(int)
    for a, b in zip(x, y):
        cx[a] += 1
        cy[b] += 1
        cxy[(a, b)] += 1
    hx = -sum(c / n * math.log(c / n) for c in cx.values())
    hy = -sum(c / n * math.log(c / n) for c in cy.values())
    mi = sum(c / n * math.log(c * n / (cx[a] * cy[b])) for (a, b), c in cxy.items())
    return 2 * mi / (hx + hy) if hx + hy > 0 else 1.0


def domain_rows(model, s, t, graph, present, unit_of, members):
    rows = []
    for k, kid in enumerate(model.domains):
        tower = s.towers.get(kid)
        fk = [f for f in members[k] if f in present]
        nk = len(fk)
        row = {"id": kid, "functions": nk}
        if nk == 0:
            for key in ("units", "branches", "hhi", "effective_units", "entropy", "owner",
                        "owner_depth", "components", "fragments", "fragmentation",
                        "cross_unit_share", "tower_coverage", "tower_internal_share"):
                row[key] = None
            row["control_tower"] = tower
            rows.append(row)
            continue
        count = defaultdict(int)
        for f in fk:
            count[unit_of[f]] += 1
        hhi = sum((c / nk) ** 2 for c in count.values())
        owner = None
        for u in count:
            owner = u if owner is None else t.lca(owner, u)
        sub = graph.subgraph(fk)
        components = nx.number_connected_components(sub)
        intra = nx.Graph()
        intra.add_nodes_from(fk)
        intra.add_edges_from((u, v) for u, v in sub.edges() if unit_of[u] == unit_of[v])
        fragments = nx.number_connected_components(intra)
        w_in = w_cross = 0.0
        for u, v, w in sub.edges(data="weight"):
            w_in += w
            if unit_of[u] != unit_of[v]:
                w_cross += w
        row.update({
            "units": len(count),
            "branches": len({t.branch(u) for u in count}),
            "hhi": hhi,
            "effective_units": 1.0 / hhi,
            "entropy": -sum((c / nk) * math.log(c / nk) for c in count.values()) + 0.0,
            "owner": owner,
            "owner_depth": t.depth[owner],
            "components": components,
            "fragments": fragments,
            "fragmentation": ratio(fragments - components, nk - components) if nk > components else 0.0,
            "cross_unit_share": ratio(w_cross, w_in),
            "control_tower": tower,
        })
        if tower is None:
            row["tower_coverage"] = None
            row["tower_internal_share"] = None
        else:
            d = t.depth[tower]
            inside = {f for f in fk if len(t.path[s.assign[f]]) > d and t.path[s.assign[f]][d] == tower}
            row["tower_coverage"] = len(inside) / nk
            row["tower_internal_share"] = ratio(
                sum(w for u, v, w in sub.edges(data="weight") if u in inside and v in inside), w_in)
        rows.append(row)
    return rows


def unit_rows(t, present, edges, unit_of):
    owning = sorted({unit_of[f] for f in present})
    nfun = defaultdict(int)
    for f in present:
        nfun[unit_of[f]] += 1
    external = defaultdict(float)
    q = nx.Graph()
    q.add_nodes_from(owning)
    for u, v, w in edges:
        x, y = unit_of[u], unit_of[v]
        if x != y:
            external[x] += w
            external[y] += w
            q.add_edge(x, y)
    bc = nx.betweenness_centrality(q)
    return [{"id": u, "depth": t.depth[u], "functions": nfun[u],
             "external_weight": external.get(u, 0.0), "betweenness": bc[u]} for u in owning]


def misplaced_rows(model, graph, present, unit_of):
    rows = []
    for f in sorted(present):
        pull = defaultdict(float)
        for g, attrs in graph[f].items():
            pull[unit_of[g]] += attrs["weight"]
        if not pull:
            continue
        own_unit = unit_of[f]
        own = pull.pop(own_unit, 0.0)
        if not pull:
            continue
        best = max(pull.values())
        if not (best > own and not sums_equal(best, own)):
            continue
        better = min(u for u, p in pull.items() if sums_equal(p, best))
        rows.append({"function": model.function_ids[f], "unit": own_unit, "better_unit": better,
                     "pull_own": own, "pull_better": pull[better]})
    return sort_misplaced(rows)


def shape(s, t, present, unit_of):
    spans = [len(c) for c in t.children.values() if c]
    return {
        "units": len(s.order),
        "owning_units": len({unit_of[f] for f in present}),
        "depth": t.max_depth,
        "span_mean": ratio(sum(spans), len(spans)),
        "span_max": max(spans) if spans else 0,
        "headcount": sum(s.headcount.values()) if s.headcount else None,
    }


def structure_metrics(model, full, members, s):
    t = Tree(s)
    present = {f for f, u in enumerate(s.assign) if u is not None}
    graph = full.subgraph(present)
    edges = list(graph.edges(data="weight"))
    W = sum(w for _, _, w in edges)
    unit_of = {f: s.assign[f] for f in present}
    whole = partition_measures(t, graph, edges, present, unit_of, W)
    ordered = sorted(present)
    out = {
        "structure": s.id,
        "level": None,
        "functions": len(present),
        "dependencies": len(edges),
        "total_weight": W,
        "cross_unit_share": whole["cross_unit_share"],
        "modularity": whole["modularity"],
        "coordination_distance_mean": whole["coordination_distance_mean"],
        "top_level_share": whole["top_level_share"],
        "escalation_depth_mean": whole["escalation_depth_mean"],
        "alignment_nmi": nmi_of([model.function_domains[f][0] for f in ordered],
                                [unit_of[f] for f in ordered]),
        "work_grouping": None,  # policygraph runs with --work-grouping skip
        "shape": shape(s, t, present, unit_of),
        "domains": domain_rows(model, s, t, graph, present, unit_of, members),
        "units": unit_rows(t, present, edges, unit_of),
        "misplaced": misplaced_rows(model, graph, present, unit_of),
        "by_level": [],
    }
    for level in range(1, t.max_depth + 1):
        at = {f: t.at_level(u, level) for f, u in unit_of.items()}
        m = partition_measures(t, graph, edges, present, at, W)
        del m["escalation_depth_mean"]
        out["by_level"].append({"level": level, **m})
    return out


def change(base, struct):
    """The `change` object of docs/metrics.md, from the contingency table."""
    common = [(x, y) for x, y in zip(base.assign, struct.assign) if x is not None and y is not None]
    b_n = sum(x is not None for x in base.assign)
    s_n = sum(x is not None for x in struct.assign)
    n = len(common)
    moved, followed = moved_and_followed(base, struct)
    out = {"common_functions": n, "moved_functions": moved, "followed_functions": followed,
           "added_functions": s_n - n, "dropped_functions": b_n - n}
    if n <= 1:
        out.update({"nmi": 1.0, "vi": 0.0, "adjusted_rand": 1.0, "split_join": 0})
        return out
    cx, cy, cxy = defaultdict(int), defaultdict(int), defaultdict(int)
    for x, y in common:
        cx[x] += 1
        cy[y] += 1
        cxy[(x, y)] += 1
    hx = -sum(c / n * math.log(c / n) for c in cx.values())
    hy = -sum(c / n * math.log(c / n) for c in cy.values())
    mi = sum(c / n * math.log(c * n / (cx[a] * cy[b])) for (a, b), c in cxy.items())
    out["nmi"] = 2 * mi / (hx + hy) if hx + hy > 0 else 1.0
    out["vi"] = max(0.0, hx + hy - 2 * mi) + 0.0
    comb = lambda c: c * (c - 1) / 2  # noqa: E731
    same = len(cx) == len(cy) == len(cxy)  # identical groupings
    index = sum(comb(c) for c in cxy.values())
    ex = sum(comb(c) for c in cx.values()) * sum(comb(c) for c in cy.values()) / comb(n)
    mx = (sum(comb(c) for c in cx.values()) + sum(comb(c) for c in cy.values())) / 2
    out["adjusted_rand"] = 1.0 if same else ratio(index - ex, mx - ex)
    best_x, best_y = defaultdict(int), defaultdict(int)
    for (a, b), c in cxy.items():
        best_x[a] = max(best_x[a], c)
        best_y[b] = max(best_y[b], c)
    out["split_join"] = (n - sum(best_x.values())) + (n - sum(best_y.values()))
    return out


def compare(model, full, members):
    results = [structure_metrics(model, full, members, s) for s in model.structures]
    return comparison(model, results, change)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("--structure", default=None, help="structure id (default: the last)")
    ap.add_argument("--compare", action="store_true", help="every structure, as `compare`")
    ap.add_argument("-o", "--output", default=None, help="write here instead of stdout")
    args = ap.parse_args()
    model = Model(args.model)
    full = build_graph(model)
    members = [[] for _ in model.domains]
    for f, ds in enumerate(model.function_domains):
        for k in set(ds):
            members[k].append(f)
    if args.compare:
        out = compare(model, full, members)
    else:
        out = structure_metrics(model, full, members, model.structure(args.structure))
    write_json(out, args.output)


if __name__ == "__main__":
    main()
