#!/usr/bin/python3
"""`policygraph check` as CI runs it.

    check_test.py POLICYGRAPH

- the ministry's promises (datasets/motie-2025/rules.json): on before-2025
  every error rule fails (exit 4) and every culprit function is one whose
  unit path changes from before-2025 to after-2025, worked out here from the
  model file and from the after-2025 tree that `export --format json`
  writes; on after-2025 the four promises about economic security and M.AX
  hold and regulatory reform lies in two top-level branches, worked out here
  from the same tree;
- the known-violations ratchet over three versions of one model, through
  the command line: a baseline made with --update-known --accept-new (exit
  0), a version with one violation fixed and one new (exit 4, the fixed one
  stale, --update-known removes it and adds nothing), a version with the new
  one fixed too (exit 0); the file is the same bytes for the same
  violations, and an entry about a structure not checked stays;
- the JUnit XML parses and its counts agree with its test cases: one
  <testsuite> per structure, one <testcase> per rule, a <failure> exactly
  where JSON says "fails", <skipped> where it says "known" or "warning";
- text has colour only on a terminal, and none with NO_COLOR;
- bad command lines and files: exit 1 for an invalid rules or known file
  (and nothing written), 2 for --update-known without --known, for -o naming
  the rules file, 3 for a rules file that does not exist.
"""
import json
import os
import pty
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MOTIE = os.path.join(ROOT, "datasets", "motie-2025", "model.json")
MOTIE_RULES = os.path.join(ROOT, "datasets", "motie-2025", "rules.json")

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(binary, *args, env=None):
    return subprocess.run([binary, *args], capture_output=True, text=True, check=False, env=env)


def outcomes(binary, *args):
    out = run(binary, "check", *args, "--format", "json")
    return out.returncode, json.loads(out.stdout)


def paths_of(units, assign):
    """function -> tuple of unit ids from the root down to its owner."""
    parent = {u["id"]: u.get("parent") for u in units}

    def path(u):
        chain = []
        while u is not None:
            chain.append(u)
            u = parent[u]
        return tuple(reversed(chain))

    return {f: path(u) for f, u in assign.items()}, parent


def branch(parent, u):
    """The depth-1 ancestor of u (the root for the root)."""
    while parent[u] is not None and parent[parent[u]] is not None:
        u = parent[u]
    return u


def ministry(binary):
    with open(MOTIE, encoding="utf-8") as fh:
        model = json.load(fh)
    before = model["structures"][0]
    assert before["id"] == "before-2025"
    before_paths, _ = paths_of(before["units"], before["assign"])
    export = run(binary, "export", MOTIE, "--structure", "after-2025", "--format", "json")
    after = json.loads(export.stdout)["structures"][0]
    after_paths, after_parent = paths_of(after["units"], after["assign"])
    moved = {f for f in before_paths if after_paths.get(f) != before_paths[f]}
    domains = {f["id"]: f["domains"] for f in model["functions"]}

    code, j = outcomes(binary, MOTIE, "--rules", MOTIE_RULES, "--structure", "before-2025")
    check(code == 4, f"ministry before-2025: exit {code}, expected 4")
    rules = {r["id"]: r for r in j["rules"]}
    culprits = set()
    for o in j["outcomes"]:
        if rules[o["rule"]]["severity"] != "error":
            continue
        check(o["status"] == "fails", f"before-2025: {o['rule']} is {o['status']}, not fails")
        for v in o["violations"]:
            if v["kind"] == "function":
                culprits.add(v["function"])
                check(v["placed_by"]["pointer"] == "/structures/0/assign/" + v["function"],
                      f"before-2025: {v['function']} placed by {v['placed_by']}")
    check(culprits and culprits <= moved,
          f"before-2025 culprits that the restructuring did not move: {sorted(culprits - moved)}")
    # domain-owner on a unit the structure lacks: every function of the domain.
    for rid, domain in (("security-under-new-office", "economic-security"),
                        ("max-under-ai-bureau", "max")):
        o = next(o for o in j["outcomes"] if o["rule"] == rid)
        expected = {f for f in before_paths if domain in domains[f]}
        got = {v["function"] for v in o["violations"]}
        check(got == expected, f"before-2025 {rid}: {sorted(got)} != {sorted(expected)}")

    code, j = outcomes(binary, MOTIE, "--rules", MOTIE_RULES, "--structure", "after-2025")
    status = {o["rule"]: o for o in j["outcomes"]}
    for rid in ("security-one-branch", "security-under-new-office", "security-tower-covers",
                "max-under-ai-bureau"):
        check(status[rid]["status"] == "holds", f"after-2025: {rid} is {status[rid]['status']}")
    reform = [f for f, ds in domains.items() if "regulatory-reform" in ds and f in after["assign"]]
    branches = {}
    for f in reform:
        branches.setdefault(branch(after_parent, after["assign"][f]), []).append(f)
    check(len(branches) == 2, f"after-2025: regulatory reform in {len(branches)} branches")
    smallest = min(branches.values(), key=len)
    got = [v["function"] for v in status["reform-one-branch"]["violations"]]
    check(got == sorted(smallest), f"after-2025 reform-one-branch culprits {got}, "
                                   f"expected {sorted(smallest)}")
    check(status["reform-one-branch"]["figure"] == 2, "after-2025: the figure is not 2")
    check(code == 4, f"after-2025: exit {code}, expected 4 (regulatory reform)")


RATCHET_RULES = {
    "format": "policygraph-rules/1",
    "rules": [
        {"id": "sec-owner", "type": "domain-owner", "domain": "sec", "unit": "office-a"},
        {"id": "apart", "type": "forbidden", "from": "office-a", "to": "office-b"},
    ],
}


def ratchet_model(owners):
    """Functions s1..s3 of domain sec and g1 of growth; office-a and office-b
    under the root; `owners` says where each function lies in "now"; "plan"
    moves g1 to office-a. The one dependency is s1 -> g1."""
    return {
        "format": "policygraph/1",
        "domains": [{"id": "sec"}, {"id": "growth"}],
        "functions": [{"id": f, "domains": ["sec"]} for f in ("s1", "s2", "s3")] +
                     [{"id": "g1", "domains": ["growth"]}],
        "dependencies": [{"from": "s1", "to": "g1", "weight": 1}],
        "structures": [
            {"id": "now", "units": [{"id": "root"}, {"id": "office-a", "parent": "root"},
                                    {"id": "office-b", "parent": "root"}],
             "assign": owners},
            {"id": "plan", "base": "now",
             "changes": [{"op": "move-function", "function": "g1", "to": "office-a"}]},
        ],
    }


def ratchet(binary, tmp):
    rules = os.path.join(tmp, "rules.json")
    known = os.path.join(tmp, "known.json")
    model = os.path.join(tmp, "model.json")
    with open(rules, "w", encoding="utf-8") as fh:
        json.dump(RATCHET_RULES, fh)

    def version(owners):
        with open(model, "w", encoding="utf-8") as fh:
            json.dump(ratchet_model(owners), fh)

    def known_entries():
        with open(known, encoding="utf-8") as fh:
            return {(e["rule"], e["structure"], e["culprit"]) for e in json.load(fh)["violations"]}

    # v1: s1 and s2 outside office-a, on both structures ("plan" inherits
    # them); s1 -> g1 lies inside office-b on "now" and crosses on "plan",
    # where g1 is in office-a.
    version({"s1": "office-b", "s2": "office-b", "s3": "office-a", "g1": "office-b"})
    out = run(binary, "check", model, "--rules", rules, "--known", known, "--update-known",
              "--accept-new")
    check(out.returncode == 0, f"ratchet v1 baseline: exit {out.returncode}\n{out.stderr}")
    v1 = {("sec-owner", "now", "function:s1"), ("sec-owner", "now", "function:s2"),
          ("sec-owner", "plan", "function:s1"), ("sec-owner", "plan", "function:s2"),
          ("apart", "plan", "dependency:s1->g1")}
    check(known_entries() == v1, f"ratchet v1: known {sorted(known_entries())}")
    with open(known, "rb") as fh:
        baseline = fh.read()
    run(binary, "check", model, "--rules", rules, "--known", known, "--update-known",
        "--accept-new")
    with open(known, "rb") as fh:
        check(fh.read() == baseline, "ratchet: the same violations wrote other bytes")
    out = run(binary, "check", model, "--rules", rules, "--known", known)
    check(out.returncode == 0, f"ratchet v1 against its baseline: exit {out.returncode}")

    # v2: s1 fixed (into office-a: on "plan" s1 -> g1 now lies inside it,
    # on "now" it crosses), s3 broken.
    version({"s1": "office-a", "s2": "office-b", "s3": "office-b", "g1": "office-b"})
    code, j = outcomes(binary, model, "--rules", rules, "--known", known)
    check(code == 4, f"ratchet v2: exit {code}, expected 4")
    new = {(o["rule"], o["structure"], v["culprit"]) for o in j["outcomes"]
           for v in o["violations"] if not v["known"]}
    check(new == {("sec-owner", "now", "function:s3"), ("sec-owner", "plan", "function:s3"),
                  ("apart", "now", "dependency:s1->g1")}, f"ratchet v2: new {sorted(new)}")
    stale = {(e["rule"], e["structure"], e["culprit"]) for e in j["stale"]}
    check(stale == {("sec-owner", "now", "function:s1"), ("sec-owner", "plan", "function:s1"),
                    ("apart", "plan", "dependency:s1->g1")}, f"ratchet v2: stale {sorted(stale)}")
    out = run(binary, "check", model, "--rules", rules, "--known", known, "--update-known")
    check(out.returncode == 4, f"ratchet v2 --update-known: exit {out.returncode}, expected 4")
    check(known_entries() == {("sec-owner", "now", "function:s2"),
                              ("sec-owner", "plan", "function:s2")},
          f"ratchet v2 after --update-known: {sorted(known_entries())}")

    # Checking one structure leaves the other's entries alone.
    out = run(binary, "check", model, "--rules", rules, "--known", known, "--structure", "now",
              "--update-known")
    check(("sec-owner", "plan", "function:s2") in known_entries(),
          "ratchet: an entry about a structure not checked was removed")

    # v3: s3 and g1 in office-a too; s2 is still outside, and known.
    version({"s1": "office-a", "s2": "office-b", "s3": "office-a", "g1": "office-a"})
    code, j = outcomes(binary, model, "--rules", rules, "--known", known)
    check(code == 0, f"ratchet v3: exit {code}, expected 0")
    check(j["stale"] == [], f"ratchet v3: stale {j['stale']}")
    check(j["summary"]["known_violations"] == 2, f"ratchet v3: {j['summary']}")
    with open(known, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    entries = [l.strip().rstrip(",") for l in lines if l.strip().startswith('{"rule"')]
    check(entries == sorted(entries) and len(entries) == 2,
          f"ratchet: the file is not one sorted entry per line:\n" + "\n".join(lines))


def junit(binary, tmp):
    out_path = os.path.join(tmp, "check.xml")
    small = os.path.join(ROOT, "tests", "data", "small.json")
    rules = os.path.join(ROOT, "tests", "data", "rules", "small.json")
    out = run(binary, "check", small, "--rules", rules, "--format", "junit", "-o", out_path)
    check(out.returncode == 4, f"junit: exit {out.returncode}")
    code, j = outcomes(binary, small, "--rules", rules)
    root = ET.parse(out_path).getroot()
    check(root.tag == "testsuites", f"junit: root is {root.tag}")
    suites = root.findall("testsuite")
    check([s.get("name") for s in suites] == ["before", "after"],
          f"junit: suites {[s.get('name') for s in suites]}")
    status = {(o["structure"], o["rule"]): o["status"] for o in j["outcomes"]}
    total = {"tests": 0, "failures": 0, "skipped": 0}
    for suite in suites:
        cases = suite.findall("testcase")
        fails = sum(1 for c in cases if c.find("failure") is not None)
        skips = sum(1 for c in cases if c.find("skipped") is not None)
        check(int(suite.get("tests")) == len(cases) == len(RULE_IDS_SMALL),
              f"junit {suite.get('name')}: tests={suite.get('tests')}, {len(cases)} cases")
        check(int(suite.get("failures")) == fails, f"junit {suite.get('name')}: failures")
        check(int(suite.get("skipped")) == skips, f"junit {suite.get('name')}: skipped")
        check(suite.get("errors") == "0", f"junit {suite.get('name')}: errors")
        for c in cases:
            st = status[(suite.get("name"), c.get("name"))]
            check((c.find("failure") is not None) == (st == "fails"),
                  f"junit {suite.get('name')}/{c.get('name')}: failure vs {st}")
            check((c.find("skipped") is not None) == (st in ("known", "warning")),
                  f"junit {suite.get('name')}/{c.get('name')}: skipped vs {st}")
            check(c.get("classname", "").startswith("policygraph.check."),
                  f"junit: classname {c.get('classname')}")
            check(c.find("system-out") is not None, "junit: no system-out")
        total["tests"] += len(cases)
        total["failures"] += fails
        total["skipped"] += skips
    for key, value in total.items():
        check(int(root.get(key)) == value, f"junit: testsuites {key}={root.get(key)}, sum {value}")


RULE_IDS_SMALL = ["security-one-branch", "security-under-office", "tower-covers", "shallow",
                  "few-misplaced"]


def colour(binary):
    small = os.path.join(ROOT, "tests", "data", "small.json")
    rules = os.path.join(ROOT, "tests", "data", "rules", "small.json")
    piped = run(binary, "check", small, "--rules", rules)
    check("\x1b[" not in piped.stdout, "text to a pipe has colour")

    def on_terminal(env):
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(binary, [binary, "check", small, "--rules", rules], env)
        data = b""
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
        os.waitpid(pid, 0)
        return data.decode("utf-8", "replace")

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    check("\x1b[" in on_terminal(env), "text on a terminal has no colour")
    check("\x1b[" not in on_terminal(dict(env, NO_COLOR="1")), "NO_COLOR did not turn colour off")


def bad_lines(binary, tmp):
    small = os.path.join(ROOT, "tests", "data", "small.json")
    rules = os.path.join(ROOT, "tests", "data", "rules", "small.json")
    bad = os.path.join(ROOT, "tests", "data", "rules", "bad.json")
    out_path = os.path.join(tmp, "never.txt")
    out = run(binary, "check", small, "--rules", bad, "-o", out_path)
    check(out.returncode == 1, f"bad rules: exit {out.returncode}")
    check("the rules file is invalid" in out.stderr, f"bad rules: {out.stderr[-200:]}")
    check(not os.path.exists(out_path), "bad rules: an output was written")
    known = os.path.join(tmp, "bad-known.json")
    with open(known, "w", encoding="utf-8") as fh:
        fh.write('{"format": "policygraph-known/1", "violations": [{"rule": "a"}]}')
    out = run(binary, "check", small, "--rules", rules, "--known", known, "--update-known")
    check(out.returncode == 1, f"bad known: exit {out.returncode}")
    check("the known-violations file is invalid" in out.stderr, f"bad known: {out.stderr}")
    with open(known, encoding="utf-8") as fh:
        check('"rule": "a"' in fh.read(), "bad known: the file was rewritten")
    for args, code in ((["--update-known"], 2), (["--accept-new"], 2),
                       (["-o", rules], 2), (["--format", "xml"], 2)):
        out = run(binary, "check", small, "--rules", rules, *args)
        check(out.returncode == code, f"check {' '.join(args)}: exit {out.returncode}, expected {code}")
    out = run(binary, "check", small, "--rules", os.path.join(tmp, "missing.json"))
    check(out.returncode == 3, f"missing rules file: exit {out.returncode}")
    out = run(binary, "check", small, "--rules", rules, "--known", os.path.join(tmp, "none.json"))
    check(out.returncode == 3, f"missing known file: exit {out.returncode}")


def main():
    binary = sys.argv[1]
    ministry(binary)
    with tempfile.TemporaryDirectory() as tmp:
        ratchet(binary, tmp)
        junit(binary, tmp)
        bad_lines(binary, tmp)
    colour(binary)
    for f in failures:
        print("FAIL:", f)
    print(f"check_test: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
