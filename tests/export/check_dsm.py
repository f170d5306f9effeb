#!/usr/bin/env python3
"""The dependency matrix, rebuilt here from the model, cell by cell.

    check_dsm.py POLICYGRAPH

For each model (datasets/*/model.json, tests/data/*.json) and each of its
structures, at no level and at level 1, of units and of functions:

- the rows of `dsm --format json` are, in order, what this script derives
  from the structure in full form (`export --format json`): the units of
  depth <= level that hold a present function or have one below, parents
  before children and siblings in the order the structure lists them (or
  the functions grouped by those units, in the order the model lists them);
- every cell holds the sum of the weights of the dependencies written from
  its row to its column, computed here, and no other cell is non-zero;
- the total is `metrics --format json`'s total_weight, and the weight off
  the diagonal of the units matrix is cross_unit_share x total;
- with --against another structure, each cell's internalised and
  externalised parts are what the two structures' owners give;
- `--format csv` read by pandas holds the same matrix;
- `--format svg` parses as XML, with one <title> per non-zero cell, and
  `--format html` is one page that loads nothing from elsewhere.
"""
import glob
import html.parser
import io
import json
import math
import os
import subprocess
import sys
import xml.dom.minidom

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
    """One structure in full form: its tree and each function's owner."""

    def __init__(self, model):
        s = model["structures"][0]
        self.units = [u["id"] for u in s["units"]]
        self.parent = {u["id"]: u.get("parent") for u in s["units"]}
        self.children = {u: [] for u in self.units}
        for u in self.units:
            if self.parent[u] is not None:
                self.children[self.parent[u]].append(u)
        self.root = next(u for u in self.units if self.parent[u] is None)
        self.depth = {}
        stack = [(self.root, 0)]
        self.preorder = []
        while stack:
            u, d = stack.pop()
            self.depth[u] = d
            self.preorder.append(u)
            stack.extend((c, d + 1) for c in reversed(self.children[u]))
        self.assign = s["assign"]

    def owner(self, f, level):
        u = self.assign.get(f)
        if u is None:
            return None
        while level is not None and self.depth[u] > level:
            u = self.parent[u]
        return u


def expected_rows(st, functions, level, of):
    holding = set()
    for f in functions:
        u = st.owner(f, level)
        while u is not None and u not in holding:
            holding.add(u)
            u = st.parent[u]
    units = [u for u in st.preorder
             if u in holding and (level is None or st.depth[u] <= level)]
    if of == "units":
        return units
    return [f for u in units for f in functions if st.owner(f, level) == u]


def check_matrix(tool, path, model, st, other, sid, oid, level, of, problems):
    where = f"{os.path.relpath(path, ROOT)} {sid} level {level} of {of}"
    args = [tool, "dsm", path, "--structure", sid, "--of", of]
    if level is not None:
        args += ["--level", str(level)]
    if oid is not None:
        args += ["--against", oid]
    m = json.loads(run(args + ["--format", "json"]))
    functions = [f["id"] for f in model["functions"]]
    rows = expected_rows(st, functions, level, of)
    got = [r["id"] for r in m["rows"]]
    if got != rows:
        problems.append(f"{where}: rows {got}, expected {rows}")
        return
    index = {x: i for i, x in enumerate(rows)}

    def row_of(f):
        return index[st.owner(f, level) if of == "units" else f]

    cells = {}
    for d in model["dependencies"]:
        a, b = d["from"], d["to"]
        if st.owner(a, level) is None or st.owner(b, level) is None:
            continue
        w = d.get("weight", 1.0)
        c = cells.setdefault((row_of(a), row_of(b)), [0.0, 0.0, 0.0])
        c[0] += w
        if other is not None and other.owner(a, level) and other.owner(b, level):
            inside_there = other.owner(a, level) == other.owner(b, level)
            inside_here = st.owner(a, level) == st.owner(b, level)
            if inside_here and not inside_there:
                c[1] += w
            if inside_there and not inside_here:
                c[2] += w
    got_cells = {(c["row"], c["column"]): c for c in m["cells"]}
    if set(got_cells) != set(cells):
        problems.append(f"{where}: cells at {sorted(got_cells)}, expected {sorted(cells)}")
        return
    for key, (w, inside, outside) in cells.items():
        c = got_cells[key]
        if not close(c["weight"], w):
            problems.append(f"{where}: cell {key} holds {c['weight']}, expected {w}")
        if other is not None and (not close(c["internalised"], inside)
                                  or not close(c["externalised"], outside)):
            problems.append(f"{where}: cell {key} marks {c['internalised']}/"
                            f"{c['externalised']}, expected {inside}/{outside}")

    metrics_args = [tool, "metrics", path, "--structure", sid, "--format", "json"]
    if level is not None:
        metrics_args += ["--level", str(level)]
    figures = json.loads(run(metrics_args))
    total = figures["total_weight"]
    if not close(m["total_weight"], total):
        problems.append(f"{where}: total {m['total_weight']}, metrics says {total}")
    if of == "units":
        off = sum(w for (r, c), (w, _, _) in cells.items() if r != c)
        if not close(off, figures["cross_unit_share"] * total):
            problems.append(f"{where}: {off} off the diagonal, cross_unit_share x W is "
                            f"{figures['cross_unit_share'] * total}")

    table = pd.read_csv(io.BytesIO(run(args + ["--format", "csv"])), dtype={"id": str})
    if list(table["id"]) != rows or list(table.columns[4:]) != rows:
        problems.append(f"{where}: CSV rows or columns are not the matrix's")
        return
    for i in range(len(rows)):
        for j in range(len(rows)):
            want = cells.get((i, j), [0.0])[0]
            if not close(float(table.iloc[i, 4 + j]), want):
                problems.append(f"{where}: CSV cell ({i}, {j}) is {table.iloc[i, 4 + j]}")


class Page(html.parser.HTMLParser):
    """Collects what an HTML page would load from elsewhere."""

    def __init__(self):
        super().__init__()
        self.outside = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value and "://" in value:
                self.outside.append(f"<{tag} {name}={value}>")


def check_pictures(tool, path, sid, problems):
    where = f"{os.path.relpath(path, ROOT)} {sid}"
    base = [tool, "dsm", path, "--structure", sid, "--level", "1"]
    m = json.loads(run(base + ["--format", "json"]))
    svg = run(base + ["--format", "svg"])
    try:
        doc = xml.dom.minidom.parseString(svg)
    except Exception as e:  # noqa: BLE001 - any parse error is the finding
        problems.append(f"{where}: SVG does not parse: {e}")
        return
    if doc.documentElement.tagName != "svg":
        problems.append(f"{where}: SVG root is {doc.documentElement.tagName}")
    titles = len(doc.getElementsByTagName("title"))
    if titles < len(m["cells"]):
        problems.append(f"{where}: {titles} titles for {len(m['cells'])} cells")
    page = run(base + ["--format", "html"]).decode()
    parser = Page()
    parser.feed(page)
    if parser.outside or "<svg" not in page or not page.startswith("<!DOCTYPE html>"):
        problems.append(f"{where}: HTML page loads {parser.outside} or holds no picture")


def main():
    tool = sys.argv[1]
    problems = []
    checked = 0
    for path in models():
        model = json.loads(run([tool, "export", path, "--format", "json"]))
        ids = [s["id"] for s in json.load(open(path, encoding="utf-8"))["structures"]]
        full = {sid: json.loads(run([tool, "export", path, "--structure", sid,
                                     "--format", "json"])) for sid in ids}
        for k, sid in enumerate(ids):
            st = Structure(full[sid])
            oid = ids[k - 1] if k > 0 else None
            other = Structure(full[oid]) if oid else None
            for level in (None, 1):
                for of in ("units", "functions"):
                    check_matrix(tool, path, model, st, other, sid, oid, level, of, problems)
                    checked += 1
            check_pictures(tool, path, sid, problems)
    for p in problems:
        print(p)
    print(f"{checked} matrices checked, {len(problems)} problems")
    return 1 if problems or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
