#!/usr/bin/env python3
"""Times Graphviz on the pictures policygraph draws, to calibrate the
estimate by which `dot --render` folds a picture to fit its time budget
(src/export/layout_cost.cpp).

    tools/bench/layout_calibration.py POLICYGRAPH [--timeout S] [--work DIR]

POLICYGRAPH is the release build's tools/policygraph; policygraph-generate
is taken from the same folder. For generated models of several sizes it
draws every view at every level, counts what Graphviz lays out (nodes and
edges, the invisible ones included, with Graphviz's own `gc`), times
`dot -Tsvg` on it (the units view names neato in the file), and fits
seconds = a * nodes^b * edges^c to the units views (neato) that took 0.05 s
or more: the estimate `dot --render` folds the units view by. A picture past
--timeout (default 60 s) is recorded as at least that long and left out of
the fit. The functions and tree views (dot) are timed for the record: the
functions view does not get faster by folding (fewer, fuller boxes are
slower to order), so it gives way to the units view instead.

Run it on an idle machine: under load the small pictures' times are mostly
the start of a process, and the fit drifts (a run beside a full build fitted
within a factor of 4 instead of 1.23).
"""
import argparse
import math
import os
import subprocess
import sys
import tempfile
import time

MODELS = [  # functions, dependencies, units
    (60, 240, 20),
    (150, 700, 40),
    (300, 1500, 80),
    (600, 3000, 150),
    (1500, 9000, 300),
    (3000, 18000, 500),
    (6000, 36000, 1000),
]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, **kw)


def count(dot_file):
    """Nodes and edges as Graphviz reads them (gc -n -e)."""
    out = run(["gc", "-n", "-e", dot_file]).stdout.decode().split()
    return int(out[0]), int(out[1])


def solve3(m, v):
    """Gaussian elimination with partial pivoting on a 3 x 3 system."""
    m = [row[:] + [x] for row, x in zip(m, v)]
    for i in range(3):
        p = max(range(i, 3), key=lambda r: abs(m[r][i]))
        m[i], m[p] = m[p], m[i]
        for r in range(i + 1, 3):
            f = m[r][i] / m[i][i]
            m[r] = [x - f * y for x, y in zip(m[r], m[i])]
    out = [0.0] * 3
    for i in (2, 1, 0):
        out[i] = (m[i][3] - sum(m[i][j] * out[j] for j in range(i + 1, 3))) / m[i][i]
    return out


def fit(points):
    """Least squares of log t = log a + b log nodes + c log edges."""
    rows = [(1.0, math.log(n), math.log(e)) for n, e, _ in points]
    ys = [math.log(t) for _, _, t in points]
    normal = [[sum(r[i] * r[j] for r in rows) for j in range(3)] for i in range(3)]
    rhs = [sum(r[i] * y for r, y in zip(rows, ys)) for i in range(3)]
    la, b, c = solve3(normal, rhs)
    worst = max(abs(y - (la + b * r[1] + c * r[2])) for r, y in zip(rows, ys))
    return math.exp(la), b, c, worst


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("policygraph")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--work", default=None)
    args = ap.parse_args()
    generate = os.path.join(os.path.dirname(args.policygraph), "policygraph-generate")
    work = args.work or tempfile.mkdtemp(prefix="layout-calibration-")
    rows = []
    seen = set()
    for functions, deps, units in MODELS:
        folder = os.path.join(work, "m%d" % functions)
        if not os.path.exists(os.path.join(folder, "model.json")):
            run([generate, "--functions", str(functions), "--dependencies", str(deps),
                 "--units", str(units), "--seed", "3", "-o", folder])
        model = os.path.join(folder, "model.json")
        for view in ("units", "functions", "tree"):
            for level in ("1", "2", "3", "4", ""):
                dot_file = os.path.join(folder, "%s-%s.dot" % (view, level or "all"))
                cmd = [args.policygraph, "dot", model, "--structure", "before", "--view", view,
                       "-o", dot_file]
                if level:
                    cmd += ["--level", level]
                run(cmd)
                nodes, edges = count(dot_file)
                engine = "neato" if view == "units" else "dot"
                key = (engine, view, nodes, edges)
                if key in seen:
                    continue
                seen.add(key)
                start = time.perf_counter()
                try:
                    run(["dot", "-Tsvg", "-o", os.devnull, dot_file], timeout=args.timeout)
                    seconds, done = time.perf_counter() - start, True
                except subprocess.TimeoutExpired:
                    seconds, done = args.timeout, False
                except subprocess.CalledProcessError as e:
                    print("%-5s %-9s %5d functions  level %-3s  Graphviz failed: %s" % (
                        engine, view, functions, level or "all",
                        e.stderr.decode(errors="replace").strip()[:120]), flush=True)
                    continue
                rows.append((engine, view, functions, level or "all", nodes, edges, seconds, done))
                print("%-5s %-9s %5d functions  level %-3s  %6d nodes %7d edges  %s%.2f s" % (
                    engine, view, functions, level or "all", nodes, edges,
                    "" if done else ">", seconds), flush=True)
    print()
    points = [(n, e, t) for g, _, _, _, n, e, t, done in rows
              if g == "neato" and done and t >= 0.05 and e > 0]
    if len(points) < 4:
        print("too few units views of 0.05 s or more to fit")
        return 1
    a, b, c, worst = fit(points)
    print("neato: seconds = %.4g * nodes^%.4f * edges^%.4f over %d pictures; worst fit off by "
          "a factor of %.2f" % (a, b, c, len(points), math.exp(worst)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
