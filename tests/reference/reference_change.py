#!/usr/bin/python3
"""Independent reference for the `change` object of docs/metrics.md (carried by
each non-baseline structure in `policygraph compare --format json`).

    /usr/bin/python3 reference_change.py MODEL.json BASELINE_ID STRUCTURE_ID [--level L]

Prints {common_functions, moved_functions, followed_functions, added_functions,
dropped_functions, nmi, vi, adjusted_rand, split_join}: the partition measures
computed with python-igraph's compare_communities (methods nmi, vi,
adjusted_rand) and split_join_distance; the split of the functions whose
owner's id changed into moved and followed by the succession rule of
docs/metrics.md ("Succession"), written here from that text.
"""

import argparse
import json
import sys
from collections import defaultdict

import igraph

from reference_metrics import Model, level_arg, membership, nmi


def successions(struct, before, after, level):
    """The (U, V) pairs of docs/metrics.md "Succession": U gone from the
    structure at the level (absent, or deeper than the level), f(U, V) > 0,
    and the largest flow out of U or the largest flow into V from gone units
    (ties all count)."""
    def gone(u):
        return u not in struct.parent or (level is not None and struct.depth[u] > level)

    flow = defaultdict(int)
    for u, v in zip(before, after):
        if gone(u):
            flow[(u, v)] += 1
    out_best = defaultdict(int)
    in_best = defaultdict(int)
    for (u, v), n in flow.items():
        out_best[u] = max(out_best[u], n)
        in_best[v] = max(in_best[v], n)
    return {(u, v) for (u, v), n in flow.items() if n == out_best[u] or n == in_best[v]}


def change(model, base, struct, level):
    b_present = model.present(base)
    s_present = model.present(struct)
    s_set = set(s_present)
    b_set = set(b_present)
    common = [f for f in model.function_ids if f in b_set and f in s_set]  # model order
    before = [base.ancestor_at(base.assign[f], level) for f in common]
    after = [struct.ancestor_at(struct.assign[f], level) for f in common]
    pairs = successions(struct, before, after, level)
    changed = [(x, y) for x, y in zip(before, after) if x != y]  # unit ids
    out = {
        "common_functions": len(common),
        "moved_functions": sum(1 for p in changed if p not in pairs),
        "followed_functions": sum(1 for p in changed if p in pairs),
        "added_functions": len(s_set - b_set),
        "dropped_functions": len(b_set - s_set),
    }
    if len(common) <= 1:
        out.update({"nmi": 1.0, "vi": 0.0, "adjusted_rand": 1.0, "split_join": 0})
        return out
    mb = membership(before)
    ma = membership(after)
    out["nmi"] = nmi(before, after)
    out["vi"] = igraph.compare_communities(mb, ma, method="vi") + 0.0
    if mb == ma:
        # Identical partitions (as groupings: membership() relabels by first
        # occurrence). igraph answers NaN when both are one group or all
        # singletons; docs/metrics.md says 1.
        out["adjusted_rand"] = 1.0
    else:
        out["adjusted_rand"] = igraph.compare_communities(mb, ma, method="adjusted_rand")
    d12, d21 = igraph.split_join_distance(mb, ma)
    out["split_join"] = d12 + d21
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("baseline")
    ap.add_argument("structure")
    ap.add_argument("--level", type=level_arg, default=None)
    args = ap.parse_args(argv)
    model = Model(args.model)
    out = change(model, model.structure(args.baseline), model.structure(args.structure), args.level)
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
