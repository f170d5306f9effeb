#!/usr/bin/python3
"""The work of `policygraph check` on four rule types, written with networkx,
to time the check against it on the same model.

    peer_check.py MODEL.json RULES.json OUT.json

RULES.json may hold rules of the types domain-branches (without level),
domain-owner, escalation and forbidden (docs/check.md); others are refused.
Writes, for every rule and structure, the sorted culprit keys; with
`--compare CHECK.json` (the output of `policygraph check --format json` on the
same files) it says whether the culprits agree, and exits 1 when not.

The unit tree is a networkx DiGraph; lowest common ancestors come from
networkx.tree_all_pairs_lowest_common_ancestor, subtrees from
networkx.descendants.
"""
import json
import sys

import networkx as nx

from peer_model import Model

def tree_of(s):
    g = nx.DiGraph()
    root = None
    for u in s.order:
        g.add_node(u)
        if s.parent[u] is None:
            root = u
        else:
            g.add_edge(s.parent[u], u)
    return g, root


def links(model):
    """(from, to) -> summed weight, in order of first appearance."""
    out = {}
    for a, b, w in zip(model.dep_from, model.dep_to, model.dep_weight):
        out[(a, b)] = out.get((a, b), 0.0) + w
    return out


def check(model, s, rule, pairs):
    g, root = tree_of(s)
    depth = nx.shortest_path_length(g, root)
    fid = model.function_ids
    present = [f for f, u in enumerate(s.assign) if u is not None]
    t = rule["type"]
    if t in ("domain-branches", "domain-owner"):
        d = model.domains.index(rule["domain"])
        members = [f for f in present if d in model.function_domains[f]]
    if t == "domain-branches":
        def branch(u):  # the depth-1 ancestor; the root is its own branch
            return u if u == root else nx.shortest_path(g, root, u)[1]
        groups = {}
        for f in members:
            groups.setdefault(branch(s.assign[f]), []).append(f)
        if len(groups) <= rule["max"]:
            return []
        kept = sorted(groups, key=lambda k: (-len(groups[k]), k))
        kept = set(kept[: int(rule["max"])])
        return sorted("function:" + fid[f] for f in members if branch(s.assign[f]) not in kept)
    if t == "domain-owner":
        unit = rule["unit"]
        inside = nx.descendants(g, unit) | {unit} if unit in g else set()
        return sorted("function:" + fid[f] for f in members if s.assign[f] not in inside)
    live = [(a, b, w) for (a, b), w in pairs.items()
            if s.assign[a] is not None and s.assign[b] is not None]
    if t == "escalation":
        heavy = [(a, b) for a, b, w in live if w >= rule["min_weight"]]
        query = {(s.assign[a], s.assign[b]) for a, b in heavy}
        meet = dict(nx.tree_all_pairs_lowest_common_ancestor(g, root, query))
        return sorted("dependency:%s->%s" % (fid[a], fid[b]) for a, b in heavy
                      if depth[meet[(s.assign[a], s.assign[b])]] < rule["min_depth"])
    if t == "forbidden":
        if rule["from"] not in g or rule["to"] not in g:
            return []
        under_a = nx.descendants(g, rule["from"]) | {rule["from"]}
        under_b = nx.descendants(g, rule["to"]) | {rule["to"]}

        def region(f):
            u = s.assign[f]
            return (1 if u in under_a else 0) | (2 if u in under_b else 0)

        return sorted("dependency:%s->%s" % (fid[a], fid[b]) for a, b, _ in live
                      if region(a) and region(b) and region(a) != region(b))
    raise SystemExit(f"peer_check: rule type {t} is not written here")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--compare")]
    compare = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--compare=")), None)
    model = Model(args[0])
    with open(args[1], encoding="utf-8") as fh:
        rules = json.load(fh)["rules"]
    pairs = links(model)
    out = {}
    for rule in rules:
        for s in model.structures:
            out[rule["id"] + " " + s.id] = check(model, s, rule, pairs)
    with open(args[2], "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=1, sort_keys=True)
    if compare:
        with open(compare, encoding="utf-8") as fh:
            j = json.load(fh)
        theirs = {o["rule"] + " " + o["structure"]: sorted(v["culprit"] for v in o["violations"])
                  for o in j["outcomes"]}
        bad = [k for k in out if out[k] != theirs.get(k)]
        for k in bad:
            print(f"peer_check: {k}: networkx {len(out[k])}, policygraph {len(theirs.get(k, []))}")
        print(f"peer_check: {len(out) - len(bad)} of {len(out)} checks agree")
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
