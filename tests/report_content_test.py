#!/usr/bin/python3
"""What the report says: the misplaced selection, the folding of the pictures,
the units view for large models, the domain statuses of the summary,
tables instead of terminal text, and the sentences on the work's own grouping.

    report_content_test.py POLICYGRAPH

Expected values are worked out by hand from models written here, from the
ministry dataset's README, or from the DOT text of `policygraph dot` (a
different writer from the page's).
"""

import html
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MOTIE = os.path.join(ROOT, "datasets/motie-2025/model.json")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(binary, *args):
    return subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout


def page_text(path):
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def misplaced_model():
    """Seven pairs of units P_k and Q_k, each with two functions a and b;
    p_k.a and q_k.a depend on each other with weight k + 1 and on their own
    b with weight 1, so both are misplaced with gain (k + 1) - 1 = k. Two
    units S and T own one function each, s and t, depending on each other
    with weight 20: both misplaced with gain 20, both alone in their unit.
    The b functions are pulled by their own unit only. So 16 misplaced
    functions: gains 20, 20 (alone), then 7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2,
    1, 1."""
    functions, deps, units, assign = [], [], [{"id": "root", "label": "Root"}], {}

    def unit(uid):
        units.append({"id": uid, "parent": "root", "label": "Unit " + uid})

    def function(fid, uid):
        functions.append({"id": fid, "label": "Function " + fid, "domains": ["d"]})
        assign[fid] = uid

    for k in range(1, 8):
        for side in ("p", "q"):
            uid = f"{side}{k}"
            unit(uid)
            function(uid + "a", uid)
            function(uid + "b", uid)
            deps.append({"from": uid + "a", "to": uid + "b", "weight": 1})
        deps.append({"from": f"p{k}a", "to": f"q{k}a", "weight": k + 1})
    for uid in ("s", "t"):
        unit(uid)
        function(uid + "1", uid)
    deps.append({"from": "s1", "to": "t1", "weight": 20})
    structure = {"units": units, "assign": assign}
    return {
        "format": "policygraph/1",
        "title": "Misplaced selection",
        "domains": [{"id": "d", "label": "Domain"}],
        "functions": functions,
        "dependencies": deps,
        "structures": [dict(structure, id="one", label="One"), dict(structure, id="two", label="Two")],
    }


def listed_functions(text, structure_heading):
    """Labels in the first column of the misplaced table under the heading."""
    section = text.split("<h2>Misplaced functions</h2>", 1)[1].split("<h2>", 1)[0]
    part = section.split("<h3>" + structure_heading + "</h3>", 1)[1].split("<h3>", 1)[0]
    return re.findall(r"<tr><td>Function ([a-z0-9]+)</td>", part), part


def check_misplaced(binary, tmp):
    path = os.path.join(tmp, "misplaced.json")
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(misplaced_model(), fh)
    page = os.path.join(tmp, "misplaced.html")
    cases = [
        # The 5 largest gains after the alone ones: 7, 7, 6, 6, 5, and the
        # other 5, tied with the fifth.
        ([], ["p7a", "q7a", "p6a", "q6a", "p5a", "q5a"],
         "16 misplaced functions: 6 listed below; left out: 2 alone in their unit, 8 with a "
         "smaller gain."),
        # With the alone ones: 20, 20, 7, 7, 6 and the other 6.
        (["--misplaced-alone"], ["s1", "t1", "p7a", "q7a", "p6a", "q6a"],
         "16 misplaced functions: 6 listed below; left out: 0 alone in their unit, 10 with a "
         "smaller gain."),
        (["--misplaced", "all"],
         [f"{s}{k}a" for k in range(7, 0, -1) for s in ("p", "q")],
         "16 misplaced functions: 14 listed below; left out: 2 alone in their unit, 0 with a "
         "smaller gain."),
        (["--misplaced", "all", "--misplaced-alone"],
         ["s1", "t1"] + [f"{s}{k}a" for k in range(7, 0, -1) for s in ("p", "q")],
         "16 misplaced functions, all listed below."),
    ]
    for extra, expected, line in cases:
        subprocess.run([binary, "report", path, "--pictures", "none", *extra, "-o", page],
                       check=True)
        text = page_text(page)
        for heading in ("one (One)", "two (Two)"):
            got, part = listed_functions(text, heading)
            check(got == expected, f"report {' '.join(extra)}: {heading} lists {got}, "
                                   f"expected {expected}")
            check(html.escape(line, quote=False) in part,
                  f"report {' '.join(extra)}: {heading} lacks the line {line!r}")
    # A bad value is refused.
    bad = subprocess.run([binary, "report", path, "--misplaced", "some", "-o", page],
                         capture_output=True, text=True)
    check(bad.returncode == 2 and "--misplaced" in bad.stderr,
          f"--misplaced some: exit {bad.returncode}, {bad.stderr!r}")


def clusters(binary, structure, level=None):
    args = ["dot", MOTIE, "--structure", structure]
    if level is not None:
        args += ["--level", str(level)]
    return run(binary, *args).count('subgraph "cluster:')


def check_folding(binary, tmp):
    structures = ["before-2025", "after-2025", "alt-resource-bureau", "alt-trade-security-stays",
                  "alt-ai-under-policy-office"]
    unfolded = max(clusters(binary, s) for s in structures)
    depth = 1
    while max(clusters(binary, s, depth) for s in structures) < unfolded:
        depth += 1
    expected = next((lv for lv in range(depth - 1, 0, -1)
                     if max(clusters(binary, s, lv) for s in structures) <= 24), 1)
    check(unfolded > 24, f"the ministry draws only {unfolded} boxes unfolded; the test needs more")
    page = os.path.join(tmp, "fold.html")
    subprocess.run([binary, "report", MOTIE, "--pictures", "dot", "-o", page], check=True)
    text = page_text(page)
    note = (f"The pictures are folded to level {expected}: units below that depth are drawn "
            f"inside their ancestor at depth {expected}")
    check(note in text, f"the page lacks {note!r}")
    check(f"would draw {unfolded} unit boxes" in text,
          f"the page does not say the largest structure draws {unfolded} boxes unfolded")
    # The DOT source of every picture is folded that way: 5 structures and 4
    # pictures of what moved, each with "units folded to level L" in its title.
    check(text.count(f"units folded to level {expected}") == 9,
          f"not every picture is folded to level {expected}")
    # With --level the pictures follow it and the page does not fold them.
    subprocess.run([binary, "report", MOTIE, "--pictures", "dot", "--level", "2", "-o", page],
                   check=True)
    text = page_text(page)
    check("The pictures are folded" not in text and "The pictures are cut at level 2" in text,
          "with --level 2 the page still folds the pictures by its own rule")
    # A small model is drawn whole.
    subprocess.run([binary, "report", os.path.join(ROOT, "tests/data/small.json"), "--pictures",
                    "dot", "-o", page], check=True)
    text = page_text(page)
    check("The pictures are folded" not in text and "units folded" not in text,
          "the small model's pictures are folded")


def plain_model(functions, pairs):
    """`functions` functions f0, f1, ... in two units under a root, and a
    dependency of weight 1 for each (i, j) of `pairs`; a second structure
    moves f0 to the other unit."""
    units = [{"id": "root", "label": "Root"},
             {"id": "a", "parent": "root", "label": "A"},
             {"id": "b", "parent": "root", "label": "B"}]
    assign = {f"f{i}": ("a" if i % 2 == 0 else "b") for i in range(functions)}
    return {
        "format": "policygraph/1",
        "title": "Large enough",
        "domains": [{"id": "d", "label": "D"}],
        "functions": [{"id": f"f{i}", "label": f"F{i}", "domains": ["d"]}
                      for i in range(functions)],
        "dependencies": [{"from": f"f{i}", "to": f"f{j}"} for i, j in pairs],
        "structures": [
            {"id": "s1", "label": "One", "units": units, "assign": assign},
            {"id": "s2", "base": "s1", "label": "Two",
             "changes": [{"op": "move-function", "function": "f0", "to": "b"}]},
        ],
    }


def check_large_pictures(binary, tmp):
    """Above 150 functions or 1000 pairs of dependent functions the report
    draws the units view and no picture of what moved; so does dot, which
    warns before it renders a functions view asked for by name."""
    cases = [
        # (functions, pairs, functions view expected)
        (150, [(i, i + 1) for i in range(149)], True),             # 150 functions, 149 pairs
        (151, [(i, i + 1) for i in range(150)], False),            # one function too many
        (45, [(i, j) for i in range(45) for j in range(i + 1, 45)], True),  # 45*44/2 = 990 pairs
        (46, [(i, j) for i in range(46) for j in range(i + 1, 46)], False),  # 46*45/2 = 1035
    ]
    for functions, pairs, drawn in cases:
        model = os.path.join(tmp, f"large-{functions}.json")
        with open(model, "w", encoding="utf-8") as fh:
            json.dump(plain_model(functions, pairs), fh)
        page = os.path.join(tmp, "large.html")
        r = subprocess.run([binary, "report", model, "--pictures", "dot", "-o", page],
                           check=True, capture_output=True, text=True)
        text = page_text(page)
        # A functions view names f1 as a node; the units view names units only.
        has_functions = "&quot;f1&quot; [" in text
        has_moved = "What moved from" in text
        said = (f"the largest structure has {functions} functions and {len(pairs)} pairs"
                in text)
        check(has_functions == drawn and has_moved == drawn and said != drawn,
              f"{functions} functions, {len(pairs)} pairs: functions view {has_functions}, "
              f"pictures of what moved {has_moved}, note {said}; expected {drawn}")
        check(("pictures draw units instead" in r.stderr) != drawn,
              f"{functions} functions, {len(pairs)} pairs: stderr says {r.stderr!r}")
        # dot draws the units of as many instead, and says so; asked for the
        # functions by name, it says what to expect before it renders them.
        # Whether Graphviz then finishes within a second does not matter here.
        r = subprocess.run([binary, "dot", model, "--render", "svg", "--layout-timeout", "1",
                            "-o", os.path.join(tmp, "large.svg")],
                           check=False, capture_output=True, text=True)
        check(("drawing its units instead" in r.stderr) != drawn,
              f"dot on {functions} functions, {len(pairs)} pairs: stderr says {r.stderr!r}")
        r = subprocess.run([binary, "dot", model, "--view", "functions", "--render", "svg",
                            "--layout-timeout", "1", "-o", os.path.join(tmp, "large.svg")],
                           check=False, capture_output=True, text=True)
        check(("Graphviz may take minutes" in r.stderr) != drawn,
              f"dot --view functions on {functions} functions, {len(pairs)} pairs: stderr "
              f"says {r.stderr!r}")
    # Asked for by name, the functions view is drawn whatever the size.
    subprocess.run([binary, "report", model, "--pictures", "dot", "--view", "functions",
                    "-o", page], check=True, capture_output=True)
    check("&quot;f1&quot; [" in page_text(page), "--view functions was not drawn")


def status_group(text, word):
    """The summary sentences under the heading starting with `word`."""
    summary = text.split("<h2>Summary</h2>", 1)[1].split("<h2>", 1)[0]
    m = re.search(r'<p class="status">' + word + r" \(\d+ domains?\)</p>\n<ul[^>]*>(.*?)</ul>",
                  summary, re.S)
    return m.group(1) if m else ""


def check_summary(binary, tmp):
    page = os.path.join(tmp, "motie.html")
    subprocess.run([binary, "report", MOTIE, "--pictures", "none", "--sensitivity", "20",
                    "--optimize", "-o", page], check=True)
    text = page_text(page)
    # From datasets/motie-2025/README.md: economic security goes from three
    # branches to one and M.AX from two to one; regulatory reform from three
    # to two; manufacturing from one to three; defense exports sit in one
    # unit before and after.
    check("Economic and resource security consolidated:" in status_group(text, "Consolidated"),
          "economic security is not under Consolidated")
    check("Manufacturing AI transformation (M.AX) consolidated:" in
          status_group(text, "Consolidated"), "M.AX is not under Consolidated")
    check("Regulatory reform narrowed:" in status_group(text, "Narrowed"),
          "regulatory reform is not under Narrowed")
    check("Manufacturing industries spread out:" in status_group(text, "Spread out"),
          "manufacturing is not under Spread out")
    check("Defense-industry exports stayed as it was:" in status_group(text, "Left as it was"),
          "defense exports are not under Left as it was")
    check("Not consolidated" not in text, "the page still says Not consolidated")
    # The two structures are named with their labels; 3 functions are new.
    check("after-2025 (After the restructuring (30 Dec 2025)) against the baseline, before-2025 "
          "(Before the restructuring (as of 29 Dec 2025))" in html.unescape(text),
          "the summary does not name the two structures")
    check("3 functions are new in after-2025." in text, "the summary lacks the new functions")
    check("changed hands" in text and ("went with its unit" in text or
                                       "went with their unit" in text),
          "the summary lacks the functions that changed hands and went with their unit")
    check("can disagree" in text, "the page lacks the paragraph on cost against share")
    # Tables, not terminal text: no <pre> block, nothing that scrolls sideways.
    check("<pre" not in text, "the page still holds <pre> blocks")
    check("overflow-x" not in text, "the page still scrolls sideways somewhere")
    for heading in ("How sure we are", "A proposal from the optimizer", "What changed"):
        section = text.split(f"<h2>{heading}</h2>", 1)[1].split("<h2>", 1)[0]
        check("<table>" in section or "<table class=" in section,
              f"the section {heading!r} has no table")
    check('<th class="num">#</th>' in text, "the optimizer's moves are not a table")


def check_work_grouping(binary, tmp):
    """The sentence per structure on the work's own grouping carries the
    figures that `metrics` prints for it (checked against networkx and igraph
    by tests/metrics/check_work_grouping.py)."""
    page = os.path.join(tmp, "grouping.html")
    subprocess.run([binary, "report", MOTIE, "--pictures", "none", "-o", page], check=True)
    text = html.unescape(page_text(page))
    check("How close each structure is to the work's own grouping" in text,
          "the page does not say how close each structure is to the work's own grouping")
    ids = [s["id"] for s in json.load(open(MOTIE, encoding="utf-8"))["structures"]]
    for sid in ids:
        m = json.loads(run(binary, "metrics", MOTIE, "--structure", sid, "--format", "json"))
        g = m["work_grouping"]
        k = g["communities"]
        sentence = (f": the dependencies alone group its {m['functions']} functions into {k} "
                    f"{'community' if k == 1 else 'communities'} with a modularity of "
                    f"{g['modularity']:.3f}; its units reach {100 * g['modularity_ratio']:.0f}% "
                    f"of that modularity and agree with the communities to an NMI of "
                    f"{g['nmi']:.3f}.")
        check(re.search(r"<li>" + re.escape(sid) + r" \([^<]*\)" + re.escape(sentence), text)
              is not None, f"no sentence on the work's grouping for {sid}: {sentence}")


def check_consensus(binary, tmp):
    """report --optimize-samples: the section holds the consensus of optimize
    --samples with the same seed, move by move."""
    page = os.path.join(tmp, "consensus.html")
    subprocess.run([binary, "report", MOTIE, "--pictures", "none", "--optimize-samples", "60",
                    "-o", page], check=True)
    section = html.unescape(page_text(page).split("<h2>A proposal from the optimizer</h2>", 1)[1]
                            .split("<h2>", 1)[0])
    done = subprocess.run([binary, "optimize", MOTIE, "--structure", "after-2025",
                           "--samples", "60", "--format", "json"],
                          capture_output=True, text=True, check=True)
    expected = json.loads(done.stdout)
    held = [m for m in expected["moves"] if m["in_consensus"]]
    check(f"Consensus after-2025-optimized: {len(held)} moves proposed in at least half of 60 "
          "weight samples." in section, "the section does not state the consensus")
    rows = re.findall(r"<tr><td class=\"num\">(\d+)</td><td>.*?<br/>([a-z0-9-]+)</td>"
                      r".*?<td class=\"num\">([\d.]+)%</td>", section, re.S)
    check(len(rows) == min(15, len(expected["moves"])), "the table does not list the moves")
    for (number, function, share), move in zip(rows, expected["moves"]):
        check(function == move["function"] and abs(float(share) - 100 * move["share"]) < 0.051,
              f"row {number} is not {move['function']} at {100 * move['share']:.1f}%")


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        check_misplaced(binary, tmp)
        check_folding(binary, tmp)
        check_large_pictures(binary, tmp)
        check_summary(binary, tmp)
        check_consensus(binary, tmp)
        check_work_grouping(binary, tmp)
    for f in failures:
        print("FAIL:", f)
    if failures:
        return 1
    print("report content: misplaced selection, folding, large pictures, summary statuses, tables, consensus, "
          "work grouping")
    return 0


if __name__ == "__main__":
    sys.exit(main())
