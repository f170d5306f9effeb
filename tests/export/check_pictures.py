#!/usr/bin/env python3
"""Every DOT view of every model is accepted by Graphviz.

    check_pictures.py POLICYGRAPH

For each model (datasets/*/model.json, tests/data/small.json,
tests/data/adversarial.json) and each of its structures: the functions, units
and tree views, the functions view at level 1 and in Korean, and the diff view
against the first structure go through `dot -Tsvg`, which must succeed
without a word on standard error; the SVG must be well-formed XML. Prints a
skip message and exits 77 (CTest's SKIP_RETURN_CODE) when dot is missing.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import xml.dom.minidom

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def models():
    paths = sorted(glob.glob(os.path.join(ROOT, "datasets", "*", "model.json")))
    return paths + [os.path.join(ROOT, "tests", "data", n) for n in ("small.json", "adversarial.json")]


def main():
    tool = sys.argv[1]
    if shutil.which("dot") is None:
        print("SKIP: Graphviz's dot is not on PATH; install it with: "
              "apt-get install graphviz fonts-noto-cjk")
        return 77
    failures = 0
    runs = 0
    for path in models():
        with open(path, encoding="utf-8") as f:
            ids = [s["id"] for s in json.load(f)["structures"]]
        for sid in ids:
            cases = [["--view", v] for v in ("functions", "units", "tree")]
            cases += [["--level", "1"], ["--lang", "ko"], ["--view", "tree", "--lang", "ko"],
                      ["--view", "diff", "--against", ids[0]]]
            for extra in cases:
                args = [tool, "dot", path, "--structure", sid] + extra
                text = subprocess.run(args, capture_output=True, check=False)
                runs += 1
                where = " ".join(args[1:])
                if text.returncode != 0:
                    print(f"FAIL {where}: exit {text.returncode}\n{text.stderr.decode()}")
                    failures += 1
                    continue
                svg = subprocess.run(["dot", "-Tsvg"], input=text.stdout, capture_output=True,
                                     check=False)
                if svg.returncode != 0 or svg.stderr:
                    print(f"FAIL {where} | dot -Tsvg: exit {svg.returncode}\n"
                          f"{svg.stderr.decode(errors='replace')}")
                    failures += 1
                    continue
                try:
                    xml.dom.minidom.parseString(svg.stdout)
                except Exception as e:  # noqa: BLE001 - any parse error is a failure
                    print(f"FAIL {where}: the SVG is not XML: {e}")
                    failures += 1
    print(f"{runs - failures} of {runs} pictures drawn by dot without a message")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
