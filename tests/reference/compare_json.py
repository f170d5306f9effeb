#!/usr/bin/python3
"""Compare two JSON documents with a numeric tolerance.

    /usr/bin/python3 compare_json.py EXPECTED.json ACTUAL.json [--rel 1e-9] [--abs 1e-12]

Objects must have the same keys (order does not matter), lists the same
length (order matters), strings, booleans and null must be equal, and numbers
(int or float alike, but never a boolean) must satisfy
    |a - b| <= max(rel * max(|a|, |b|), abs).
Every mismatch (up to 50) is printed as `PATH: expected X, actual Y`, PATH in
the form $.domains[3].hhi; exit status 1 on any mismatch, 0 when equal, 2 on
bad usage or unreadable/invalid JSON. "-" reads standard input.
"""

import argparse
import json
import sys

MAX_REPORTS = 50


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def kind(x):
    if x is None:
        return "null"
    if isinstance(x, bool):
        return "boolean"
    if is_number(x):
        return "number"
    if isinstance(x, str):
        return "string"
    if isinstance(x, list):
        return "array"
    return "object"


def show(x):
    s = json.dumps(x, ensure_ascii=False)
    return s if len(s) <= 120 else s[:117] + "..."


def compare(expected, actual, path, rel, abs_tol, out):
    ke, ka = kind(expected), kind(actual)
    if ke != ka:
        out.append(f"{path}: expected {show(expected)}, actual {show(actual)} ({ke} vs {ka})")
        return
    if ke == "number":
        diff = abs(expected - actual)
        if not diff <= max(rel * max(abs(expected), abs(actual)), abs_tol):
            out.append(f"{path}: expected {expected!r}, actual {actual!r} (difference {diff:.3g})")
    elif ke == "array":
        if len(expected) != len(actual):
            out.append(f"{path}: expected {len(expected)} elements, actual {len(actual)}")
        for i, (e, a) in enumerate(zip(expected, actual)):
            compare(e, a, f"{path}[{i}]", rel, abs_tol, out)
    elif ke == "object":
        for k in expected:
            if k not in actual:
                out.append(f"{path}.{k}: missing in actual (expected {show(expected[k])})")
        for k in actual:
            if k not in expected:
                out.append(f"{path}.{k}: unexpected key in actual (value {show(actual[k])})")
        for k in expected:
            if k in actual:
                compare(expected[k], actual[k], f"{path}.{k}", rel, abs_tol, out)
    elif expected != actual:
        out.append(f"{path}: expected {show(expected)}, actual {show(actual)}")


def load(path):
    try:
        if path == "-":
            return json.load(sys.stdin)
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError) as e:
        print(f"compare_json: {path}: {e}", file=sys.stderr)
        sys.exit(2)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Compare two JSON documents with a numeric tolerance.")
    ap.add_argument("expected")
    ap.add_argument("actual")
    ap.add_argument("--rel", type=float, default=1e-9, help="relative tolerance (default 1e-9)")
    ap.add_argument("--abs", type=float, default=1e-12, dest="abs_tol",
                    help="absolute tolerance near zero (default 1e-12)")
    args = ap.parse_args(argv)
    expected = load(args.expected)
    actual = load(args.actual)
    out = []
    compare(expected, actual, "$", args.rel, args.abs_tol, out)
    for line in out[:MAX_REPORTS]:
        print(line)
    if len(out) > MAX_REPORTS:
        print(f"... and {len(out) - MAX_REPORTS} more mismatches")
    sys.exit(1 if out else 0)


if __name__ == "__main__":
    main()
