#!/usr/bin/python3
"""Write a random valid policygraph/1 model, deterministic for a seed.

    /usr/bin/python3 random_model.py SEED OUT.json [--functions N] [--units N]
        [--domains N] [--dependencies N] [--structures N]

JSON-form functions and dependencies, full-form structures only. A size not
given is drawn from the seed (functions 6-40, units 4-16, domains 2-6,
dependencies 0-3x functions, structures 2-4). Edge cases exercised:

- functions with several domains; a domain used by no function at all and a
  rare domain whose functions are absent from some structures;
- parallel and reversed dependencies between the same pair (weights sum),
  the default weight (key omitted), integer, dyadic (0.25, 2.75, ...) and
  arbitrary 3-decimal weights; isolated functions;
- unit trees of depth 3-5 listed in shuffled order, functions owned by the
  root and by inner units, units owning nothing;
- unit ids that sort differently by byte order than by locale (upper case,
  `_`, digits, Korean), ids shared between structures (stable identities) so
  that comparisons have moved and unmoved functions;
- functions absent from structures (not in `assign`);
- control towers (also on domains without present functions), headcounts
  (none at all in some structures, 0 and non-integers in others);
- now and then a structure with a single unit, one without any dependency
  present, or one with no function at all.
"""

import argparse
import json
import random

UNIT_STEMS = ["ministry", "office", "bureau", "division", "team", "Unit", "Office", "unit_",
              "_desk", "국", "실", "과", "팀", "b", "B", "a-1", "a10", "a2"]
DOMAIN_STEMS = ["supply-chain", "trade-security", "reg-reform", "m.ax", "energy", "공급망",
                "Export", "_misc"]
KINDS = ["ministry", "vice-minister", "office", "bureau", "division", "team"]
DEP_KINDS = ["coordination", "data", "legal"]


def weight(rng):
    r = rng.random()
    if r < 0.40:
        return None  # key omitted: default 1
    if r < 0.60:
        return rng.randint(1, 5)
    if r < 0.80:
        return rng.choice([0.25, 0.5, 1.5, 2.75, 0.125, 3.5])
    return round(rng.uniform(0.05, 5.0), 3) or 0.05


class Gen:
    def __init__(self, seed, n_fun, n_unit, n_dom, n_dep, n_struct):
        self.rng = random.Random(seed)
        rng = self.rng
        self.n_fun = n_fun if n_fun is not None else rng.randint(6, 40)
        self.n_unit = n_unit if n_unit is not None else rng.randint(4, 16)
        self.n_dom = n_dom if n_dom is not None else rng.randint(2, 6)
        self.n_dep = n_dep if n_dep is not None else rng.randint(0, 3 * self.n_fun)
        self.n_struct = n_struct if n_struct is not None else rng.randint(2, 4)
        # A pool of unit ids shared by all structures.
        self.unit_pool = []
        seen = set()
        while len(self.unit_pool) < max(self.n_unit * 2, 8):
            uid = f"{rng.choice(UNIT_STEMS)}{rng.randint(0, max(99, 10 * self.n_unit))}"
            if uid not in seen:
                seen.add(uid)
                self.unit_pool.append(uid)

    # ---------------------------------------------------------------- domains
    def domains(self):
        ids = []
        for i in range(self.n_dom):
            ids.append(f"{self.rng.choice(DOMAIN_STEMS)}-{i}")
        self.domain_ids = ids
        # With 3+ domains: the last is used by no function, the one before is rare.
        self.unused = ids[-1] if self.n_dom >= 3 else None
        self.rare = ids[-2] if self.n_dom >= 3 else None
        out = []
        for d in ids:
            o = {"id": d}
            if self.rng.random() < 0.5:
                o["label"] = d.replace("-", " ").title()
            out.append(o)
        return out

    # -------------------------------------------------------------- functions
    def functions(self):
        rng = self.rng
        usable = [d for d in self.domain_ids if d not in (self.unused, self.rare)]
        self.function_ids = []
        self.primary = {}
        self.rare_functions = set()
        out = []
        for i in range(self.n_fun):
            fid = rng.choice([f"f{i:02d}", f"F{i}", f"기능{i}", f"fn-{i}"])
            doms = [rng.choice(usable)]
            r = rng.random()
            if r < 0.3:
                extra = [d for d in usable if d != doms[0]]
                rng.shuffle(extra)
                doms += extra[:rng.randint(1, 2)]
            if self.rare and rng.random() < 0.12:
                doms.append(self.rare)
                self.rare_functions.add(fid)
            self.function_ids.append(fid)
            self.primary[fid] = doms[0]
            o = {"id": fid, "domains": doms}
            if rng.random() < 0.5:
                o["label"] = f"Function {i}"
            out.append(o)
        return out

    # ----------------------------------------------------------- dependencies
    def dependencies(self):
        rng = self.rng
        fids = self.function_ids
        out = []
        pairs = []
        self.edges = set()
        if len(fids) < 2:
            return out
        by_dom = {}
        for f in fids:
            by_dom.setdefault(self.primary[f], []).append(f)
        for _ in range(self.n_dep):
            if pairs and rng.random() < 0.2:
                u, v = rng.choice(pairs)
                if rng.random() < 0.5:
                    u, v = v, u  # reversed parallel dependency
            else:
                group = by_dom[self.primary[rng.choice(fids)]]
                if len(group) >= 2 and rng.random() < 0.6:
                    u, v = rng.sample(group, 2)
                else:
                    u, v = rng.sample(fids, 2)
                pairs.append((u, v))
            d = {"from": u, "to": v}
            w = weight(rng)
            if w is not None:
                d["weight"] = w
            if rng.random() < 0.3:
                d["kind"] = rng.choice(DEP_KINDS)
            out.append(d)
            self.edges.add(frozenset((u, v)))
        return out

    # ------------------------------------------------------------- structures
    def tree(self, n_units):
        """(units as {id: parent}, order) with depth 3-5 when n_units allows."""
        rng = self.rng
        ids = rng.sample(self.unit_pool, n_units)
        target = min(rng.randint(3, 5), n_units - 1)
        parent = {ids[0]: None}
        depth = {ids[0]: 0}
        chain = ids[0]
        for u in ids[1:target + 1]:  # a chain reaching the target depth
            parent[u] = chain
            depth[u] = depth[chain] + 1
            chain = u
        for u in ids[target + 1:]:
            p = rng.choice([x for x in parent if depth[x] < target])
            parent[u] = p
            depth[u] = depth[p] + 1
        return parent

    def assign(self, parent, present):
        rng = self.rng
        units = list(parent)
        root = next(u for u, p in parent.items() if p is None)
        has_child = {p for p in parent.values() if p is not None}
        leaves = [u for u in units if u not in has_child] or [root]
        inner = [u for u in units if u in has_child and u != root] or [root]
        home = {d: rng.choice(leaves + inner) for d in self.domain_ids}
        out = {}
        for f in present:
            r = rng.random()
            if r < 0.5:
                out[f] = home[self.primary[f]]
            elif r < 0.6:
                out[f] = root
            elif r < 0.75:
                out[f] = rng.choice(inner)
            else:
                out[f] = rng.choice(leaves)
        return out

    def present_functions(self):
        rng = self.rng
        out = []
        for f in self.function_ids:
            p = 0.9 if f not in self.rare_functions else 0.5
            if rng.random() < p:
                out.append(f)
        return out

    def independent_set(self):
        rng = self.rng
        order = list(self.function_ids)
        rng.shuffle(order)
        chosen = []
        for f in order:
            if all(frozenset((f, g)) not in self.edges for g in chosen):
                chosen.append(f)
            if len(chosen) >= 6:
                break
        return chosen

    def perturb(self, parent, assign):
        """A copy of a previous structure with a few reorganizations."""
        rng = self.rng
        parent = dict(parent)
        assign = dict(assign)

        def depth(u):
            d = 0
            while parent[u] is not None:
                u = parent[u]
                d += 1
            return d

        def subtree_height(u):
            kids = [c for c, p in parent.items() if p == u]
            return 0 if not kids else 1 + max(subtree_height(c) for c in kids)

        def inside(u, top):
            while u is not None:
                if u == top:
                    return True
                u = parent[u]
            return False

        for _ in range(rng.randint(0, 2)):  # move a unit with its subtree
            movable = [u for u, p in parent.items() if p is not None]
            if not movable:
                break
            u = rng.choice(movable)
            targets = [t for t in parent if not inside(t, u)
                       and depth(t) + 1 + subtree_height(u) <= 5]
            if targets:
                parent[u] = rng.choice(targets)
        for _ in range(rng.randint(0, 2)):  # add a unit
            free = [u for u in self.unit_pool if u not in parent]
            if not free:
                break
            t = rng.choice([u for u in parent if depth(u) < 5])
            parent[rng.choice(free)] = t
        owners = set(assign.values())
        for _ in range(rng.randint(0, 1)):  # remove an empty leaf
            leaves = [u for u, p in parent.items() if p is not None and u not in owners
                      and all(q != u for q in parent.values())]
            if leaves:
                del parent[rng.choice(leaves)]
        units = list(parent)
        for f in list(assign):
            r = rng.random()
            if r < 0.2:
                assign[f] = rng.choice(units)  # moved
            elif r < 0.25:
                del assign[f]  # dropped
        for f in self.function_ids:
            if f not in assign and rng.random() < 0.3:
                assign[f] = rng.choice(units)  # added
        return parent, assign

    def structure(self, i, previous):
        rng = self.rng
        r = rng.random()
        if r < 0.10:
            kind = "single"
        elif r < 0.18:
            kind = "no-dependencies"
        elif r < 0.21:
            kind = "empty"
        elif previous is not None and r < 0.75:
            kind = "perturbed"
        else:
            kind = "fresh"
        if kind == "single":
            root = rng.choice(self.unit_pool)
            parent = {root: None}
            assign = {f: root for f in self.present_functions()}
        elif kind == "perturbed":
            parent, assign = self.perturb(*previous)
        else:
            n = max(1, self.n_unit + rng.randint(-2, 2))
            n = min(n, len(self.unit_pool))
            parent = self.tree(n)
            if kind == "no-dependencies":
                present = self.independent_set()
            elif kind == "empty":
                present = []
            else:
                present = self.present_functions()
            assign = self.assign(parent, present)
        # Keep assign in model function order (deterministic output).
        assign = {f: assign[f] for f in self.function_ids if f in assign}

        units = []
        with_headcount = rng.random() < 0.6
        for u, p in parent.items():
            o = {"id": u}
            if p is not None:
                o["parent"] = p
            if rng.random() < 0.6:
                o["kind"] = rng.choice(KINDS)
            if rng.random() < 0.3:
                o["label"] = u.upper()
            if with_headcount and rng.random() < 0.4:
                o["headcount"] = rng.choice([0, rng.randint(1, 60), rng.randint(1, 60), 2.5])
            if rng.random() < 0.05:
                o["autonomous"] = True
            units.append(o)
        rng.shuffle(units)
        towers = {}
        for d in self.domain_ids:
            if rng.random() < 0.35:
                towers[d] = rng.choice(list(parent))
        s = {"id": f"s{i}-{kind}", "label": f"Structure {i} ({kind})",
             "date": f"2025-{1 + i % 12:02d}-01", "units": units, "assign": assign}
        if towers:
            s["control_towers"] = towers
        return s, (parent, assign)

    def model(self, seed):
        doc = {"format": "policygraph/1",
               "title": f"Random model, seed {seed}",
               "description": "Generated by tests/reference/random_model.py."}
        doc["domains"] = self.domains()
        doc["functions"] = self.functions()
        doc["dependencies"] = self.dependencies()
        structures = []
        previous = None
        for i in range(self.n_struct):
            s, previous = self.structure(i, previous)
            structures.append(s)
        doc["structures"] = structures
        return doc


def main():
    ap = argparse.ArgumentParser(description="Write a random valid policygraph/1 model.")
    ap.add_argument("seed", type=int)
    ap.add_argument("out")
    ap.add_argument("--functions", type=int)
    ap.add_argument("--units", type=int)
    ap.add_argument("--domains", type=int)
    ap.add_argument("--dependencies", type=int)
    ap.add_argument("--structures", type=int)
    a = ap.parse_args()
    if a.functions is not None and a.functions < 1:
        ap.error("--functions must be >= 1")
    if a.units is not None and a.units < 1:
        ap.error("--units must be >= 1")
    if a.domains is not None and a.domains < 1:
        ap.error("--domains must be >= 1")
    if a.structures is not None and a.structures < 1:
        ap.error("--structures must be >= 1")
    g = Gen(a.seed, a.functions, a.units, a.domains, a.dependencies, a.structures)
    doc = g.model(a.seed)
    with open(a.out, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
