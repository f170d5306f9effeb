#!/usr/bin/python3
"""The benchmark's python-igraph peer: the metric work of `policygraph metrics`
(or, with --compare, of `policygraph compare`) done with igraph.

    /usr/bin/python3 peer_igraph.py MODEL.json [--structure ID] [--compare] [-o OUT.json]

Reads the model with Python's json and csv modules (peer_model.py), builds one
igraph Graph of the functions (parallel and reversed dependencies summed by
`simplify(combine_edges="sum")`), and computes every figure of docs/metrics.md for
the structure (default: the last, as policygraph): total weight, cross-unit
share, modularity (`Graph.modularity(membership, weights=...)`), coordination
distance, top-level share and escalation depth (lowest common ancestors on the
unit tree), alignment NMI (`compare_communities`), shape, per-domain units,
branches, HHI, entropy, owner, components and fragments (`connected_components`),
control-tower figures, the unit graph with exact `betweenness()` normalized as
networkx does, misplaced functions, and the by-level profile. With --compare:
every structure, plus the change against the first (nmi, vi, adjusted_rand,
`split_join_distance`) and the per-domain consolidation table.

Tuned: graph work goes to igraph's C core, per-edge and per-function
arithmetic to numpy arrays; Python loops run only over units, domains and
misplaced functions. The output is the JSON of policygraph (no --level), so
the two can be compared with tests/reference/compare_json.py.
"""

import argparse
import os
import sys

import igraph
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_model import Model, comparison, moved_and_followed, TOL, ratio, sort_misplaced, sums_equal, write_json  # noqa: E402


class Tree:
    """A structure's unit tree as arrays over unit indices (listing order)."""

    def __init__(self, s):
        self.ids = list(s.order)
        self.index = {u: i for i, u in enumerate(self.ids)}
        n = len(self.ids)
        parent = np.array([self.index[s.parent[u]] if s.parent[u] is not None else -1
                           for u in self.ids], dtype=np.int64)
        self.parent = parent
        children = [[] for _ in range(n)]
        root = 0
        for u in range(n):
            if parent[u] < 0:
                root = u
            else:
                children[parent[u]].append(u)
        self.root = root
        self.span = np.array([len(c) for c in children], dtype=np.int64)
        depth = np.zeros(n, dtype=np.int64)
        order = [root]
        for u in order:  # breadth-first: parents before children
            for c in children[u]:
                depth[c] = depth[u] + 1
                order.append(c)
        self.depth = depth
        self.max_depth = int(depth.max()) if n else 0
        # anc[d][u]: the ancestor of u at depth d (u itself at its depth), -1 below.
        anc = np.full((self.max_depth + 1, n), -1, dtype=np.int64)
        for u in order:
            if parent[u] >= 0:
                anc[:, u] = anc[:, parent[u]]
            anc[depth[u], u] = u
        self.anc = anc
        # Branch: depth-1 ancestor; the root is its own branch (-2).
        self.branch = anc[1] if self.max_depth >= 1 else np.full(n, -2, dtype=np.int64)
        self.branch = np.where(depth == 0, -2, self.branch)
        self.rank = np.empty(n, dtype=np.int64)  # position in byte order of ids
        self.rank[np.argsort(np.array(self.ids, dtype=object))] = np.arange(n)

    def at_level(self, units, level):
        """a_L: the ancestor at depth `level` of units deeper than it."""
        if level is None:
            return units
        return np.where(self.depth[units] > level, self.anc[min(level, self.max_depth)][units], units)

    def lca_depth(self, x, y):
        lowest = np.minimum(self.depth[x], self.depth[y])
        out = np.zeros(len(x), dtype=np.int64)
        for d in range(1, self.max_depth + 1):
            out[(self.anc[d][x] == self.anc[d][y]) & (d <= lowest)] = d
        return out

    def lca_of(self, units):
        """Lowest common ancestor of a non-empty set of units and its depth."""
        lowest = int(self.depth[units].min())
        d = 0
        for k in range(1, lowest + 1):
            col = self.anc[k][units]
            if (col == col[0]).all():
                d = k
            else:
                break
        return int(self.anc[d][units[0]]), d


class FunctionGraph:
    """G of docs/metrics.md, built once: an igraph Graph plus numpy views of it."""

    def __init__(self, model):
        n = len(model.function_ids)
        g = igraph.Graph(n=n, edges=list(zip(model.dep_from, model.dep_to)),
                         edge_attrs={"weight": model.dep_weight})
        g.simplify(multiple=True, loops=True, combine_edges={"weight": "sum"})
        self.graph = g
        self.n = n
        ends = np.array(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        self.e0, self.e1 = ends[:, 0], ends[:, 1]
        self.w = np.array(g.es["weight"], dtype=np.float64)
        # Functions per domain (any position in their list).
        self.primary = np.array([ds[0] for ds in model.function_domains], dtype=np.int64)
        lists = [[] for _ in model.domains]
        for f, ds in enumerate(model.function_domains):
            for k in set(ds):
                lists[k].append(f)
        self.by_domain = [np.array(x, dtype=np.int64) for x in lists]


class Evaluation:
    """One structure against G: present functions and edges, owner arrays."""

    def __init__(self, model, fg, s):
        self.tree = Tree(s)
        idx = self.tree.index
        self.a = np.array([idx[u] if u is not None else -1 for u in s.assign], dtype=np.int64)
        self.present = self.a >= 0
        keep = self.present[fg.e0] & self.present[fg.e1]
        self.e0, self.e1, self.w = fg.e0[keep], fg.e1[keep], fg.w[keep]
        self.W = float(self.w.sum())
        # Absent functions become isolated (strength 0): modularity unchanged.
        self.graph = fg.graph if keep.all() else fg.graph.subgraph_edges(
            np.flatnonzero(keep).tolist(), delete_vertices=False)
        self.present_ids = np.flatnonzero(self.present)


def partition_measures(ev, level):
    t = ev.tree
    u_of = t.at_level(np.where(ev.present, ev.a, t.root), level)
    x, y = u_of[ev.e0], u_of[ev.e1]
    cross = x != y
    lcad = t.lca_depth(x, y)
    dist = t.depth[x] + t.depth[y] - 2 * lcad
    w = ev.w
    cross_w = float(w[cross].sum())
    modularity = ev.graph.modularity(u_of.tolist(), weights="weight") if ev.W > 0 else 0.0
    return u_of, cross, {
        "owning_units": int(np.unique(u_of[ev.present_ids]).size),
        "cross_unit_share": ratio(cross_w, ev.W),
        "modularity": modularity,
        "coordination_distance_mean": ratio(float((w * dist).sum()), ev.W),
        "top_level_share": ratio(float(w[cross & (lcad == 0)].sum()), ev.W),
        "escalation_depth_mean": ratio(float((w[cross] * lcad[cross]).sum()), cross_w),
    }


def nmi(x, y):
    if np.unique(x).size <= 1 and np.unique(y).size <= 1:
        return 1.0
    # igraph wants group numbers below the number of elements: renumber.
    x = np.unique(x, return_inverse=True)[1]
    y = np.unique(y, return_inverse=True)[1]
    return igraph.compare_communities(x.tolist(), y.tolist(), method="nmi")


def domain_rows(model, fg, ev, s, u_of, cross):
    t = ev.tree
    rows = []
    remap = np.full(fg.n, -1, dtype=np.int64)
    for k, kid in enumerate(model.domains):
        tower = s.towers.get(kid)
        fk = fg.by_domain[k]
        fk = fk[ev.present[fk]]
        nk = int(fk.size)
        row = {"id": kid, "functions": nk}
        if nk == 0:
            for key in ("units", "branches", "hhi", "effective_units", "entropy", "owner",
                        "owner_depth", "components", "fragments", "fragmentation",
                        "cross_unit_share", "tower_coverage", "tower_internal_share"):
                row[key] = None
            row["control_tower"] = tower
            rows.append(row)
            continue
        units, counts = np.unique(u_of[fk], return_counts=True)
        p = counts / nk
        hhi = float((p * p).sum())
        owner, owner_depth = t.lca_of(units)
        # G restricted to F_k: components; the same keeping intra-unit edges: fragments.
        has = np.zeros(fg.n, dtype=bool)
        has[fk] = True
        inner = has[ev.e0] & has[ev.e1]
        remap[fk] = np.arange(nk)
        a, b = remap[ev.e0[inner]], remap[ev.e1[inner]]
        intra = ~cross[inner]
        sub = igraph.Graph(n=nk, edges=np.column_stack((a, b)).tolist())
        components = len(sub.connected_components())
        frag = igraph.Graph(n=nk, edges=np.column_stack((a[intra], b[intra])).tolist())
        fragments = len(frag.connected_components())
        remap[fk] = -1
        w_in = float(ev.w[inner].sum())
        row.update({
            "units": int(units.size),
            "branches": int(np.unique(t.branch[units]).size),
            "hhi": hhi,
            "effective_units": 1.0 / hhi,
            "entropy": float(-(p * np.log(p)).sum()) + 0.0,
            "owner": t.ids[owner],
            "owner_depth": owner_depth,
            "components": components,
            "fragments": fragments,
            "fragmentation": ratio(fragments - components, nk - components) if nk > components else 0.0,
            "cross_unit_share": ratio(float(ev.w[inner & cross].sum()), w_in),
            "control_tower": tower,
        })
        if tower is None:
            row["tower_coverage"] = None
            row["tower_internal_share"] = None
        else:  # unaggregated owners
            tu = t.index[tower]
            inside = np.zeros(fg.n, dtype=bool)
            inside[ev.present_ids] = t.anc[t.depth[tu]][ev.a[ev.present_ids]] == tu
            row["tower_coverage"] = float(inside[fk].sum()) / nk
            both = inner & inside[ev.e0] & inside[ev.e1]
            row["tower_internal_share"] = ratio(float(ev.w[both].sum()), w_in)
        rows.append(row)
    return rows


def unit_rows(ev, u_of, cross):
    t = ev.tree
    nU = len(t.ids)
    owning = np.unique(u_of[ev.present_ids])
    owning = owning[np.argsort(t.rank[owning])]  # by id, byte order
    nfun = np.bincount(u_of[ev.present_ids], minlength=nU)
    x, y, w = u_of[ev.e0][cross], u_of[ev.e1][cross], ev.w[cross]
    external = np.bincount(x, weights=w, minlength=nU) + np.bincount(y, weights=w, minlength=nU)
    # The unit graph: one node per owning unit, an edge per crossed unit pair.
    node = np.full(nU, -1, dtype=np.int64)
    node[owning] = np.arange(owning.size)
    keys = np.unique(np.minimum(node[x], node[y]) * owning.size + np.maximum(node[x], node[y]))
    q = igraph.Graph(n=int(owning.size), edges=np.column_stack(
        (keys // owning.size, keys % owning.size)).tolist())
    n = q.vcount()
    raw = q.betweenness(directed=False)
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    return [{"id": t.ids[u], "depth": int(t.depth[u]), "functions": int(nfun[u]),
             "external_weight": float(external[u]), "betweenness": raw[i] * scale}
            for i, u in enumerate(owning)]


def misplaced_rows(model, ev, u_of):
    t = ev.tree
    nU = len(t.ids)
    src = np.concatenate((ev.e0, ev.e1))
    dst_unit = u_of[np.concatenate((ev.e1, ev.e0))]
    ww = np.concatenate((ev.w, ev.w))
    keys, inverse = np.unique(src * nU + dst_unit, return_inverse=True)
    pull = np.bincount(inverse, weights=ww)
    f_of, unit = keys // nU, keys % nU
    own = unit == u_of[f_of]
    own_pull = np.zeros(len(model.function_ids))
    own_pull[f_of[own]] = pull[own]
    of, op, ou = f_of[~own], pull[~own], unit[~own]  # sorted by function
    if of.size == 0:
        return []
    starts = np.flatnonzero(np.r_[True, of[1:] != of[:-1]])
    ends = np.r_[starts[1:], of.size]
    best = np.maximum.reduceat(op, starts)
    mine = own_pull[of[starts]]
    scale = np.maximum(1.0, np.maximum(np.abs(best), np.abs(mine)))
    rows = []
    for g in np.flatnonzero((best > mine) & (best - mine > TOL * scale)):
        lo, hi = starts[g], ends[g]
        ties = [j for j in range(lo, hi) if sums_equal(op[j], best[g])]
        j = min(ties, key=lambda j: t.rank[ou[j]])
        f = of[lo]
        rows.append({"function": model.function_ids[f], "unit": t.ids[u_of[f]],
                     "better_unit": t.ids[ou[j]], "pull_own": float(mine[g]),
                     "pull_better": float(op[j])})
    return sort_misplaced(rows)


def shape(s, ev, u_of):
    t = ev.tree
    spans = t.span[t.span > 0]
    return {
        "units": len(t.ids),
        "owning_units": int(np.unique(u_of[ev.present_ids]).size),
        "depth": t.max_depth,
        "span_mean": float(spans.mean()) if spans.size else 0.0,
        "span_max": int(spans.max()) if spans.size else 0,
        "headcount": sum(s.headcount.values()) if s.headcount else None,
    }


def structure_metrics(model, fg, s):
    ev = Evaluation(model, fg, s)
    u_of, cross, whole = partition_measures(ev, None)
    out = {
        "structure": s.id,
        "level": None,
        "functions": int(ev.present_ids.size),
        "dependencies": int(ev.w.size),
        "total_weight": ev.W,
        "cross_unit_share": whole["cross_unit_share"],
        "modularity": whole["modularity"],
        "coordination_distance_mean": whole["coordination_distance_mean"],
        "top_level_share": whole["top_level_share"],
        "escalation_depth_mean": whole["escalation_depth_mean"],
        "alignment_nmi": nmi(fg.primary[ev.present_ids], u_of[ev.present_ids]),
        "work_grouping": None,  # policygraph runs with --work-grouping skip
        "shape": shape(s, ev, u_of),
        "domains": domain_rows(model, fg, ev, s, u_of, cross),
        "units": unit_rows(ev, u_of, cross),
        "misplaced": misplaced_rows(model, ev, u_of),
        "by_level": [],
    }
    for level in range(1, ev.tree.max_depth + 1):
        _, _, m = partition_measures(ev, level)
        del m["escalation_depth_mean"]
        out["by_level"].append({"level": level, **m})
    return out


# ---- compare ---------------------------------------------------------------

def membership(labels):
    ids = {}
    return [ids.setdefault(x, len(ids)) for x in labels]


def change(base, struct):
    """The `change` object of docs/metrics.md (units matched by id)."""
    common = [f for f, (x, y) in enumerate(zip(base.assign, struct.assign))
              if x is not None and y is not None]
    before = [base.assign[f] for f in common]
    after = [struct.assign[f] for f in common]
    b_n = sum(x is not None for x in base.assign)
    s_n = sum(x is not None for x in struct.assign)
    moved, followed = moved_and_followed(base, struct)
    out = {"common_functions": len(common), "moved_functions": moved,
           "followed_functions": followed,
           "added_functions": s_n - len(common), "dropped_functions": b_n - len(common)}
    if len(common) <= 1:
        out.update({"nmi": 1.0, "vi": 0.0, "adjusted_rand": 1.0, "split_join": 0})
        return out
    mb, ma = membership(before), membership(after)
    one_group = max(mb) == 0 and max(ma) == 0
    out["nmi"] = 1.0 if one_group else igraph.compare_communities(mb, ma, method="nmi")
    out["vi"] = igraph.compare_communities(mb, ma, method="vi") + 0.0
    out["adjusted_rand"] = 1.0 if mb == ma else igraph.compare_communities(
        mb, ma, method="adjusted_rand")
    out["split_join"] = sum(igraph.split_join_distance(mb, ma))
    return out


def compare(model, fg):
    results = [structure_metrics(model, fg, s) for s in model.structures]
    return comparison(model, results, change)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("--structure", default=None, help="structure id (default: the last)")
    ap.add_argument("--compare", action="store_true", help="every structure, as `compare`")
    ap.add_argument("-o", "--output", default=None, help="write here instead of stdout")
    args = ap.parse_args()
    model = Model(args.model)
    fg = FunctionGraph(model)
    if args.compare:
        out = compare(model, fg)
    else:
        out = structure_metrics(model, fg, model.structure(args.structure))
    write_json(out, args.output)


if __name__ == "__main__":
    main()
