"""Model loading shared by the benchmark peers (peer_igraph.py, peer_networkx.py).

Reads a policygraph/1 model with Python's json and csv modules only (functions,
dependencies and assignments in JSON or CSV form), and resolves change-form
structures (every op of docs/model-format.md), so that the peers measure exactly
the structure `policygraph metrics` measures. The model is assumed valid (run
`policygraph validate`); nothing here reports errors nicely.

Also: the tolerance of docs/metrics.md, and the misplaced-functions sort, which
both peers share because docs/metrics.md fixes them.
"""

import csv
import functools
import json
import os

# docs/metrics.md: two sums within 1e-9 x max(1, |a|, |b|) are equal.
TOL = 1e-9


def sums_equal(a, b):
    return abs(a - b) <= TOL * max(1.0, abs(a), abs(b))


def ratio(num, den):
    """Any ratio whose denominator is 0 is 0."""
    return num / den if den != 0 else 0.0


def _csv_rows(base_dir, path):
    """(header -> column index, row iterator) of an RFC 4180 file; a UTF-8 BOM
    is skipped, blank lines too."""
    fh = open(os.path.join(base_dir, path), encoding="utf-8-sig", newline="")
    reader = csv.reader(fh)
    header = next(reader)
    col = {name: i for i, name in enumerate(header)}
    return col, (row for row in reader if row), fh


class Structure:
    """A resolved structure: a unit tree plus the owner of every function."""

    def __init__(self, sid):
        self.id = sid
        self.order = []      # unit ids, listing order (added units appended)
        self.parent = {}     # unit id -> parent id, None for the root
        self.headcount = {}  # unit id -> headcount, for units that give one
        self.assign = []     # per function index: unit id or None (absent)
        self.towers = {}     # domain id -> unit id

    def copy(self, sid):
        s = Structure(sid)
        s.order = list(self.order)
        s.parent = dict(self.parent)
        s.headcount = dict(self.headcount)
        s.assign = list(self.assign)
        s.towers = dict(self.towers)
        return s

    # ---- change ops (docs/model-format.md) ----
    def apply(self, op, model):
        kind = op["op"]
        if kind == "add-unit":
            u = op["id"]
            self.order.append(u)
            self.parent[u] = op["parent"]
            if op.get("headcount") is not None:
                self.headcount[u] = op["headcount"]
        elif kind == "remove-unit":
            u = op["unit"]
            to = op.get("functions_to")
            if to is not None:
                self.assign = [to if x == u else x for x in self.assign]
            self._remove(u)
        elif kind == "move-unit":
            self.parent[op["unit"]] = op["to"]
        elif kind == "update-unit":
            if "headcount" in op:
                if op["headcount"] is None:
                    self.headcount.pop(op["unit"], None)
                else:
                    self.headcount[op["unit"]] = op["headcount"]
        elif kind == "merge-units":
            into = op["into"]
            merged = set(op["units"])
            for u in self.order:
                if self.parent[u] in merged:
                    self.parent[u] = into
            self.assign = [into if x in merged else x for x in self.assign]
            self.towers = {k: (into if v in merged else v) for k, v in self.towers.items()}
            for u in op["units"]:
                self._remove(u)
        elif kind == "move-function":
            names = op["functions"] if "functions" in op else [op["function"]]
            for f in names:
                self.assign[model.function_index[f]] = op["to"]
        elif kind == "drop-function":
            self.assign[model.function_index[op["function"]]] = None
        elif kind == "set-control-tower":
            if op.get("unit") is None:
                self.towers.pop(op["domain"], None)
            else:
                self.towers[op["domain"]] = op["unit"]

    def _remove(self, u):
        self.order.remove(u)
        del self.parent[u]
        self.headcount.pop(u, None)


class Model:
    def __init__(self, path):
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        base_dir = os.path.dirname(os.path.abspath(path))
        self.domains = [d["id"] for d in doc["domains"]]
        domain_index = {k: i for i, k in enumerate(self.domains)}

        # Functions: ids in model order, domain indices (the first is primary).
        funcs = doc["functions"]
        if isinstance(funcs, dict):
            col, rows, fh = _csv_rows(base_dir, funcs["csv"])
            i_id, i_dom = col["id"], col["domains"]
            with fh:
                pairs = [(r[i_id], r[i_dom].split(";")) for r in rows]
        else:
            pairs = [(f["id"], f["domains"]) for f in funcs]
        self.function_ids = [f for f, _ in pairs]
        self.function_domains = [[domain_index[k] for k in ks] for _, ks in pairs]
        self.function_index = {f: i for i, f in enumerate(self.function_ids)}

        # Dependencies as parallel lists of function indices and weights.
        index = self.function_index
        deps = doc["dependencies"]
        if isinstance(deps, dict):
            col, rows, fh = _csv_rows(base_dir, deps["csv"])
            i_from, i_to, i_w = col["from"], col["to"], col.get("weight")
            with fh:
                if i_w is None:
                    triples = [(index[r[i_from]], index[r[i_to]], 1.0) for r in rows]
                else:
                    triples = [(index[r[i_from]], index[r[i_to]],
                                float(r[i_w]) if len(r) > i_w and r[i_w] else 1.0) for r in rows]
        else:
            triples = [(index[d["from"]], index[d["to"]], float(d.get("weight", 1)))
                       for d in deps]
        self.dep_from = [a for a, _, _ in triples]
        self.dep_to = [b for _, b, _ in triples]
        self.dep_weight = [w for _, _, w in triples]
        del triples

        # Structures, full form or changes on a base (resolved in base order).
        docs = {s["id"]: s for s in doc["structures"]}
        self.structure_ids = [s["id"] for s in doc["structures"]]
        resolved = {}

        def resolve(sid):
            if sid in resolved:
                return resolved[sid]
            s = docs[sid]
            if "base" in s:
                out = resolve(s["base"]).copy(sid)
                for op in s.get("changes", []):
                    out.apply(op, self)
            else:
                out = self._full(s, base_dir)
            resolved[sid] = out
            return out

        self.structures = [resolve(sid) for sid in self.structure_ids]

    def _full(self, doc, base_dir):
        s = Structure(doc["id"])
        for u in doc["units"]:
            s.order.append(u["id"])
            s.parent[u["id"]] = u.get("parent")
            if u.get("headcount") is not None:
                s.headcount[u["id"]] = u["headcount"]
        s.assign = [None] * len(self.function_ids)
        index = self.function_index
        if "assign_csv" in doc:
            col, rows, fh = _csv_rows(base_dir, doc["assign_csv"])
            i_f, i_u = col["function"], col["unit"]
            with fh:
                for r in rows:
                    s.assign[index[r[i_f]]] = r[i_u]
        else:
            for f, u in doc.get("assign", {}).items():
                s.assign[index[f]] = u
        s.towers = {k: v for k, v in (doc.get("control_towers") or {}).items() if v is not None}
        return s

    def structure(self, sid):
        """The structure `sid`, or the last one when None (as policygraph)."""
        if sid is None:
            return self.structures[-1]
        return self.structures[self.structure_ids.index(sid)]


def sort_misplaced(rows):
    """docs/metrics.md: by pull_better - pull_own descending (differences equal
    within the tolerance tie), then by function id in byte order."""

    def cmp(a, b):
        da = a["pull_better"] - a["pull_own"]
        db = b["pull_better"] - b["pull_own"]
        if not sums_equal(da, db):
            return -1 if da > db else 1
        return (a["function"] > b["function"]) - (a["function"] < b["function"])

    rows.sort(key=functools.cmp_to_key(cmp))
    return rows


def write_json(obj, path):
    text = json.dumps(obj, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    if path in (None, "-"):
        import sys
        sys.stdout.write(text)
    else:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)


def moved_and_followed(base, struct):
    """(moved, followed) of docs/metrics.md, "Succession", at the leaves:
    among the functions in both structures whose owner's id changed, those
    whose (baseline owner, owner) pair is a succession followed their unit."""
    flow = {}
    for x, y in zip(base.assign, struct.assign):
        if x is not None and y is not None:
            flow[(x, y)] = flow.get((x, y), 0) + 1
    gone = {u for u, _ in flow if u not in struct.parent}
    out_max, in_max = {}, {}
    for (u, v), c in flow.items():
        if u in gone:
            out_max[u] = max(out_max.get(u, 0), c)
            in_max[v] = max(in_max.get(v, 0), c)
    moved = followed = 0
    for (u, v), c in flow.items():
        if u == v:
            continue
        if u in gone and (c == out_max[u] or c == in_max[v]):
            followed += c
        else:
            moved += c
    return moved, followed


def domain_status(base, d):
    """The status of a domain against the baseline (docs/metrics.md,
    "Consolidated domains"), None without functions on either side."""
    if not d["functions"] or not base["functions"]:
        return None
    if (d["branches"] == 1 and base["branches"] > 1) or d["owner_depth"] > base["owner_depth"]:
        return "consolidated"
    if d["branches"] > base["branches"] or d["owner_depth"] < base["owner_depth"]:
        return "dispersed"
    if d["branches"] < base["branches"]:
        return "narrowed"
    return "unchanged"


def comparison(model, results, change):
    """The JSON of `policygraph compare` from each structure's metrics (in
    model order; the first is the baseline) and change(base, struct)."""
    for s, r in zip(model.structures[1:], results[1:]):
        r["change"] = change(model.structures[0], s)
    domains = []
    for k, kid in enumerate(model.domains):
        per = []
        base = results[0]["domains"][k]
        for i, r in enumerate(results):
            d = r["domains"][k]
            status = domain_status(base, d) if i > 0 else None
            per.append({"structure": r["structure"], "units": d["units"], "branches": d["branches"],
                        "owner": d["owner"], "owner_depth": d["owner_depth"],
                        "consolidated": status == "consolidated", "change": status,
                        "fragmentation": d["fragmentation"], "control_tower": d["control_tower"],
                        "tower_coverage": d["tower_coverage"],
                        "tower_internal_share": d["tower_internal_share"]})
        domains.append({"id": kid, "per_structure": per})
    return {"baseline": model.structures[0].id, "level": None, "structures": results,
            "domains": domains}
