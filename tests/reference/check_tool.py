#!/usr/bin/python3
"""Run the policygraph binary against the reference on whole models.

    /usr/bin/python3 check_tool.py POLYGRAPH_BINARY MODEL.json... [--levels none,0,1,2,9]
        [--rel 1e-9] [--no-compare]

For every model, every full-form structure and every level: `metrics
--structure ID [--level L] --format json` against reference_metrics.py; then
`compare --format json [--level L]` with the first and with the last
structure as baseline: each structure object (without `delta`/`change`)
against reference_metrics.py, each `change` against reference_change.py, and
that the baseline carries no `change`. Prints mismatches (JSON paths prefixed
with model, structure, level); exit 1 on any, 0 when everything agrees.
"""

import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import compare_json as cj  # noqa: E402
import reference_change as rc  # noqa: E402
import reference_metrics as rm  # noqa: E402


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        return None, f"{' '.join(cmd)}: exit {p.returncode}: {p.stderr.strip()[:500]}"
    try:
        return json.loads(p.stdout), None
    except ValueError as e:
        return None, f"{' '.join(cmd)}: invalid JSON: {e}"


def main():
    ap = argparse.ArgumentParser(description="Check policygraph metrics/compare against the reference.")
    ap.add_argument("binary")
    ap.add_argument("models", nargs="+")
    ap.add_argument("--levels", default="none,0,1,2,9")
    ap.add_argument("--rel", type=float, default=1e-9)
    ap.add_argument("--no-compare", action="store_true")
    a = ap.parse_args()
    levels = [None if x == "none" else int(x) for x in a.levels.split(",")]
    problems = []
    checked = 0
    for path in a.models:
        m = rm.Model(path)
        ids = [s.id for s in m.full_structures()]
        for lv in levels:
            lvargs = [] if lv is None else ["--level", str(lv)]
            for sid in ids:
                got, err = run([a.binary, "metrics", path, "--structure", sid, "--format", "json",
                                "--work-grouping", "skip"] + lvargs)
                if err:
                    problems.append(err)
                    continue
                cj.compare(rm.compute(m, m.structure(sid), lv), got, f"{path}:{sid}:L{lv}:$",
                           a.rel, 1e-12, problems)
                checked += 1
            if a.no_compare or len(ids) != len(m.structures):
                continue  # compare needs every structure resolvable by the reference
            for base in dict.fromkeys([ids[0], ids[-1]]):
                doc, err = run([a.binary, "compare", path, "--baseline", base, "--format", "json",
                                "--work-grouping", "skip"] + lvargs)
                if err:
                    problems.append(err)
                    continue
                where = f"{path}:compare:B{base}:L{lv}"
                if doc.get("baseline") != base or doc.get("level") != lv:
                    problems.append(f"{where}: baseline/level {doc.get('baseline')!r}/{doc.get('level')!r}")
                for so in doc.get("structures", []):
                    sid = so.get("structure")
                    act = {k: v for k, v in so.items() if k not in ("delta", "change")}
                    cj.compare(rm.compute(m, m.structure(sid), lv), act, f"{where}:{sid}:$",
                               a.rel, 1e-12, problems)
                    if sid == base:
                        if "change" in so:
                            problems.append(f"{where}:{sid}: the baseline carries a change object")
                    elif "change" not in so:
                        problems.append(f"{where}:{sid}: no change object")
                    else:
                        cj.compare(rc.change(m, m.structure(base), m.structure(sid), lv),
                                   so["change"], f"{where}:{sid}:$.change", a.rel, 1e-12, problems)
                    checked += 1
    for line in problems[:100]:
        print(line)
    if len(problems) > 100:
        print(f"... and {len(problems) - 100} more")
    print(f"check_tool: {checked} objects checked, {len(problems)} mismatches", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
