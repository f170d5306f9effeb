#!/usr/bin/env python3
"""Same input, same bytes out.

    determinism_test.py POLICYGRAPH

For each bundled dataset, every command that writes a result runs twice and
must print the same bytes (the Leiden communities of groups, metrics and
compare too); commands with --threads must print the same bytes
with 1 and 2 threads; and a copy of the model whose order carries no meaning
(dependencies listed backwards, the units of full-form structures backwards,
the keys of "assign" backwards) must give the same metrics, comparison,
diff and explanation as the original. A dataset with rules beside its model
is checked in every format. Pictures draw siblings in the order the
model lists them, as an organisation chart does, so they are only run twice.
"""
import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATASETS = [ROOT / "datasets" / "motie-2025" / "model.json", ROOT / "datasets" / "dhs-2003" / "model.json"]


def run(binary, args):
    done = subprocess.run([binary, *args], capture_output=True, timeout=600)
    # check exits with 4 when a rule is violated; its output is still the result.
    if done.returncode not in ((0, 4) if args[0] == "check" else (0,)):
        raise SystemExit(f"policygraph {' '.join(args)} failed ({done.returncode}): "
                         f"{done.stderr.decode(errors='replace')}")
    return done.stdout


def commands(model, structures):
    first, last = structures[0], structures[-1]
    return [
        ["metrics", model, "--format", "json"],
        ["metrics", model, "--format", "csv", "--structure", first, "--level", "1"],
        ["compare", model, "--format", "json"],
        ["compare", model, "--format", "table", "--level", "1"],
        ["groups", model, "--format", "json"],
        ["groups", model, "--format", "csv", "--table", "functions", "--structure", first,
         "--level", "1"],
        ["diff", model, first, last, "--format", "json"],
        ["explain", model, first, last, "--format", "json", "--level", "1"],
        ["explain", model, first, last, "--picture", "-", "-o", "/dev/null"],
        ["optimize", model, "--structure", first, "--format", "json", "--seed", "7"],
        ["optimize", model, "--structure", first, "--format", "json", "--samples", "40"],
        ["sensitivity", model, "--samples", "200", "--format", "json", "--seed", "3"],
        ["report", model, "-o", "-", "--pictures", "dot", "--sensitivity", "50", "--optimize"],
        ["report", model, "-o", "-", "--pictures", "none", "--optimize-samples", "30"],
        ["dot", model, "--view", "functions"],
        ["dot", model, "--view", "diff", "--structure", last, "--against", first],
        ["dot", model, "--view", "tree", "--lang", "ko"],
        ["export", model, "--format", "graphml"],
        ["export", model, "--format", "json"],
    ] + checks_of(model)


def checks_of(model):
    """check, where the dataset has rules beside its model."""
    rules = pathlib.Path(model).parent / "rules.json"
    if not rules.exists():
        return []
    return [["check", model, "--rules", str(rules), "--format", form]
            for form in ("json", "junit", "markdown", "text")]


def permuted(model_path, out_dir):
    """A copy of the model in which only meaningless orders differ."""
    doc = json.loads(model_path.read_text(encoding="utf-8"))
    doc["dependencies"] = list(reversed(doc["dependencies"]))
    for s in doc["structures"]:
        if "units" in s:
            s["units"] = list(reversed(s["units"]))
        if isinstance(s.get("assign"), dict):
            s["assign"] = dict(reversed(list(s["assign"].items())))
    out = out_dir / model_path.name
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def main():
    binary = sys.argv[1]
    failures = []
    checks = 0
    with tempfile.TemporaryDirectory() as tmp:
        for index, path in enumerate(DATASETS):
            doc = json.loads(path.read_text(encoding="utf-8"))
            structures = [s["id"] for s in doc["structures"]]
            model = str(path)
            for args in commands(model, structures):
                a, b = run(binary, args), run(binary, args)
                checks += 1
                if a != b:
                    failures.append(f"two runs differ: {' '.join(args)}")
                if args[0] in ("metrics", "compare", "sensitivity") or "--samples" in args:
                    one = run(binary, [*args, "--threads", "1"])
                    two = run(binary, [*args, "--threads", "2"])
                    checks += 1
                    if not (one == two == a):
                        failures.append(f"1 thread, 2 threads and the default differ: {' '.join(args)}")
            folder = pathlib.Path(tmp) / str(index)
            folder.mkdir()
            other = str(permuted(path, folder))
            for args in (["metrics", "{}", "--format", "json"],
                         ["compare", "{}", "--format", "json"],
                         ["groups", "{}", "--format", "json", "--structure", structures[0]],
                         ["diff", "{}", structures[0], structures[-1], "--format", "json"],
                         ["explain", "{}", structures[0], structures[-1], "--format", "json"]):
                original = run(binary, [model if x == "{}" else x for x in args])
                reordered = run(binary, [other if x == "{}" else x for x in args])
                checks += 1
                if original != reordered:
                    failures.append(f"order of the input changes the output: {args[0]} on {path.name}")
    for f in failures:
        print("FAIL:", f)
    if failures:
        return 1
    print(f"{checks} determinism checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
