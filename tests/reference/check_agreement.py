#!/usr/bin/python3
"""Checks `policygraph metrics` (and the `change` object of `compare`, when
given --compare) against the networkx/igraph reference on random models.

    check_agreement.py POLICYGRAPH --seeds 0 20 [--levels none,0,1,2,3]

For each seed: random_model.py writes a model; for every structure and
level, both sides print the metrics JSON and compare_json.py compares them
to 1e-9 relative. Exits 1 on the first disagreement, printing where.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"


def run(args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("policygraph")
    ap.add_argument("--seeds", nargs=2, type=int, default=[0, 20])
    ap.add_argument("--levels", default="none,0,1,2,3")
    ap.add_argument("--compare", action="store_true",
                    help="also check compare's change objects against reference_change.py")
    opts = ap.parse_args()
    levels = [None if x == "none" else int(x) for x in opts.levels.split(",")]
    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(*opts.seeds):
            model = os.path.join(tmp, f"m{seed}.json")
            run([PY, os.path.join(HERE, "random_model.py"), str(seed), model])
            structures = [s["id"] for s in json.load(open(model, encoding="utf-8"))["structures"]]
            for sid in structures:
                for level in levels:
                    lv = [] if level is None else ["--level", str(level)]
                    ours = os.path.join(tmp, "ours.json")
                    theirs = os.path.join(tmp, "theirs.json")
                    with open(ours, "w") as fh:
                        fh.write(run([opts.policygraph, "metrics", model, "--structure", sid,
                                      "--format", "json", "--work-grouping", "skip"] + lv))
                    with open(theirs, "w") as fh:
                        fh.write(run([PY, os.path.join(HERE, "reference_metrics.py"), model,
                                      "--structure", sid] + lv))
                    result = subprocess.run([PY, os.path.join(HERE, "compare_json.py"), theirs, ours],
                                            capture_output=True, text=True)
                    if result.returncode != 0:
                        print(f"seed {seed}, structure {sid}, level {level}: disagreement")
                        print(result.stdout + result.stderr)
                        return 1
                    checked += 1
            if opts.compare and len(structures) > 1:
                for level in levels:
                    lv = [] if level is None else ["--level", str(level)]
                    out = json.loads(run([opts.policygraph, "compare", model, "--format", "json",
                                          "--work-grouping", "skip"] + lv))
                    base = out["baseline"]
                    for obj in out["structures"]:
                        if obj["structure"] == base:
                            continue
                        expected = json.loads(run([PY, os.path.join(HERE, "reference_change.py"),
                                                   model, base, obj["structure"]] + lv))
                        theirs = os.path.join(tmp, "theirs.json")
                        ours = os.path.join(tmp, "ours.json")
                        json.dump(expected, open(theirs, "w"))
                        json.dump(obj["change"], open(ours, "w"))
                        result = subprocess.run([PY, os.path.join(HERE, "compare_json.py"), theirs, ours],
                                                capture_output=True, text=True)
                        if result.returncode != 0:
                            print(f"seed {seed}, change {base} -> {obj['structure']}, level {level}")
                            print(result.stdout + result.stderr)
                            return 1
                        checked += 1
    print(f"agreement: {checked} comparisons, all within 1e-9")
    return 0


if __name__ == "__main__":
    sys.exit(main())
