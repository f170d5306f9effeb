#!/usr/bin/python3
"""`policygraph explain` on the bundled datasets.

    explain_test.py POLICYGRAPH

- the ministry at level 1: the Industrial Resource Security Office is created
  from parts of three units, and the Industrial Base Office continues renamed
  as the Industrial Growth Office;
- DHS: at level 1 the new department is created from parts of many
  departments; at level 2 every unit that is gone and whose functions went to
  several units is a split (worked out here from the resolved structures
  that `export --format json` writes, not from explain);
- for every figure the parts by dependency, and the parts by move with
  `other`, add up to the change, which is compare's difference; explain's
  moved and followed counts are compare's;
- the picture parses as XML, is the same bytes twice, and, with Chromium
  installed, renders to a picture that is not blank;
- bad command lines exit 2 and write nothing: --picture on the model, on the
  same file as -o, an unknown structure.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MOTIE = os.path.join(ROOT, "datasets", "motie-2025", "model.json")
DHS = os.path.join(ROOT, "datasets", "dhs-2003", "model.json")
FIGURES = ["cross_unit_share", "top_level_share", "coordination_distance_mean",
           "escalation_depth_mean"]

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(binary, *args):
    out = subprocess.run([binary, *args], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(args)}: exit {out.returncode}\n{out.stderr}")
    return out.stdout


def explain(binary, model, a, b, level):
    args = ["explain", model, a, b, "--format", "json"]
    if level is not None:
        args += ["--level", str(level)]
    return json.loads(run(binary, *args))


def events_of(j, kind):
    return [e for e in j["events"] if e["type"] == kind]


def check_sums(binary, model, a, b, level):
    """The parts add up, and the change is compare's."""
    j = explain(binary, model, a, b, level)
    args = ["compare", model, "--structures", f"{a},{b}", "--format", "json"]
    if level is not None:
        args += ["--level", str(level)]
    c = json.loads(run(binary, *args))
    before, after = c["structures"]
    where = f"{os.path.basename(os.path.dirname(model))} {a}->{b} level {level}"
    for key in FIGURES + ["modularity"]:
        m = j["metrics"][key]
        delta = after[key] - before[key]
        check(abs(m["delta"] - delta) <= 1e-9, f"{where}: {key} delta {m['delta']} != {delta}")
        if key == "modularity":
            total = sum(p["contribution"] for p in m["by_unit"])
            check(abs(total - delta) <= 1e-9, f"{where}: modularity by unit {total} != {delta}")
            continue
        by_dep = sum(p["contribution"] for p in m["by_dependency"])
        by_move = sum(p["contribution"] for p in m["by_move"]) + m["other"]
        check(abs(by_dep - delta) <= 1e-9, f"{where}: {key} by dependency {by_dep} != {delta}")
        check(abs(by_move - delta) <= 1e-9, f"{where}: {key} by move {by_move} != {delta}")
    check(j["moved_functions"] == after["change"]["moved_functions"],
          f"{where}: moved {j['moved_functions']} != compare's")
    check(j["followed_functions"] == after["change"]["followed_functions"],
          f"{where}: followed {j['followed_functions']} != compare's")
    return j


def resolved(binary, model, structure, tmp):
    """unit -> parent and function -> unit of one structure, every change applied."""
    path = os.path.join(tmp, structure + ".json")
    run(binary, "export", model, "--structure", structure, "--format", "json", "-o", path)
    with open(path, encoding="utf-8") as fh:
        s = json.load(fh)["structures"][0]
    return {u["id"]: u.get("parent") for u in s["units"]}, s["assign"]


def at_level(parent, unit, level):
    chain = [unit]
    while parent[chain[-1]] is not None:
        chain.append(parent[chain[-1]])
    depth = len(chain) - 1
    return chain[depth - level] if depth > level else unit, depth


def check_ministry(binary):
    j = check_sums(binary, MOTIE, "before-2025", "after-2025", 1)
    created = [e for e in events_of(j, "create") if e["to"] == ["resource-security-office"]]
    check(len(created) == 1, "motie: the Industrial Resource Security Office is not created")
    if created:
        check(sorted(created[0]["from"]) ==
              ["industrial-policy-office", "resource-industry-bureau", "trade-investment-office"],
              f"motie: the office is created from {created[0]['from']}")
    renamed = [e for e in events_of(j, "rename") if e["from"] == ["industrial-base-office"]]
    check(len(renamed) == 1 and renamed[0]["to"] == ["industrial-base-office"],
          "motie: the Industrial Base Office does not continue renamed")
    if renamed:
        check(renamed[0]["label_from"] == "Industrial Base Office" and
              renamed[0]["label_to"] == "Industrial Growth Office",
              f"motie: renamed {renamed[0].get('label_from')} -> {renamed[0].get('label_to')}")
    # The Korean labels come through in Korean.
    ko = run(binary, "explain", MOTIE, "before-2025", "after-2025", "--level", "1", "--lang", "ko")
    check("산업자원안보실" in ko and "산업성장실" in ko, "motie: no Korean labels with --lang ko")
    for level in (None, 2):
        check_sums(binary, MOTIE, "before-2025", "after-2025", level)
    check_sums(binary, MOTIE, "after-2025", "alt-resource-bureau", 1)


def check_dhs(binary, tmp):
    j = check_sums(binary, DHS, "before-2002", "dhs-2003", 1)
    created = [e for e in events_of(j, "create") if e["to"] == ["dhs"]]
    check(len(created) == 1, "dhs: the department is not created")
    if created:
        check(len(created[0]["from"]) >= 8, f"dhs: created from only {created[0]['from']}")
    # The sentences tell the moves into one unit together: the functions now
    # in the department that are new, or come from a department that carries
    # on (FEMA's, whose agency is gone at level 1, went with it), worked out
    # from the resolved structures.
    p_before, a_before = resolved(binary, DHS, "before-2002", tmp)
    p_after, a_after = resolved(binary, DHS, "dhs-2003", tmp)
    into = 0
    for f, unit in a_after.items():
        if at_level(p_after, unit, 1)[0] != "dhs":
            continue
        if f not in a_before:
            into += 1
            continue
        old = at_level(p_before, a_before[f], 1)[0]
        into += 1 if old in p_after and at_level(p_after, old, 1)[1] <= 1 else 0
    check(into > 3, f"dhs: only {into} functions moved into the department")
    line = next((x for x in j["sentences"] if x.startswith("Cross-unit share")), "")
    check(f"moving {into} functions into Department of Homeland Security" in line,
          f"dhs: the cross-unit share sentence does not group the moves: {line}")
    j = check_sums(binary, DHS, "before-2002", "dhs-2003", 2)
    check_sums(binary, DHS, "before-2002", "hsa-2002", None)
    # Units of depth <= 2 before that are not units of depth <= 2 after, and
    # whose functions went to two or more units: each must be a split.
    destinations = {}
    for f, unit in a_before.items():
        if f not in a_after:
            continue
        u, _ = at_level(p_before, unit, 2)
        v, _ = at_level(p_after, a_after[f], 2)
        destinations.setdefault(u, set()).add(v)
    expected = sorted(u for u, dest in destinations.items() if len(dest) >= 2 and
                      (u not in p_after or at_level(p_after, u, 2)[1] > 2))
    splits = sorted(e["from"][0] for e in events_of(j, "split"))
    check(expected, "dhs: no unit went to several homes at level 2 (the check would be empty)")
    check(splits == expected, f"dhs: splits {splits}, expected {expected}")
    for e in events_of(j, "split"):
        check(len(e["to"]) >= 2, f"dhs: split {e['from']} into {e['to']}")


def check_picture(binary, tmp):
    first = os.path.join(tmp, "a.svg")
    second = os.path.join(tmp, "b.svg")
    for out in (first, second):
        run(binary, "explain", DHS, "before-2002", "dhs-2003", "--level", "1", "--picture", out,
            "-o", os.path.join(tmp, "text.txt"))
    with open(first, "rb") as fh:
        data = fh.read()
    with open(second, "rb") as fh:
        check(fh.read() == data, "picture: two runs wrote different bytes")
    root = ET.fromstring(data)
    check(root.tag == "{http://www.w3.org/2000/svg}svg", f"picture: root is {root.tag}")
    check(b"<script" not in data and b"href=\"http" not in data, "picture: not self-contained")
    run(binary, "explain", MOTIE, "before-2025", "after-2025", "--level", "1", "--lang", "ko",
        "--picture", os.path.join(tmp, "ko.svg"), "-o", os.path.join(tmp, "ko.txt"))
    ET.parse(os.path.join(tmp, "ko.svg"))
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("skipped the rendering: chromium is not installed")
        return
    png = os.path.join(tmp, "a.png")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", f"--screenshot={png}", "--window-size=1400,1000",
                    "file://" + first], capture_output=True, check=False, timeout=120)
    check(os.path.exists(png) and os.path.getsize(png) > 0, "picture: Chromium drew nothing")
    try:
        from PIL import Image
    except ImportError:
        return
    if os.path.exists(png):
        colours = Image.open(png).convert("RGB").getcolors(maxcolors=1 << 20)
        check(colours is None or len(colours) > 10, "picture: the rendering is blank")


def check_refusals(binary, tmp):
    with open(MOTIE, "rb") as fh:
        model = fh.read()
    same = os.path.join(tmp, "same.svg")
    for args, why in [
            (["--picture", MOTIE], "--picture on the model"),
            (["--picture", same, "-o", same], "--picture and -o on one file"),
            (["--picture", ""], "--picture without a name")]:
        out = subprocess.run([binary, "explain", MOTIE, "before-2025", "after-2025", *args],
                             capture_output=True, text=True, check=False)
        check(out.returncode == 2, f"{why}: exit {out.returncode}, expected 2")
        check("error" in out.stderr, f"{why}: no error message")
    with open(MOTIE, "rb") as fh:
        check(fh.read() == model, "the model changed")
    check(not os.path.exists(same), "a refused command wrote its picture")
    out = subprocess.run([binary, "explain", MOTIE, "before-2025", "nope"], capture_output=True,
                         text=True, check=False)
    check(out.returncode == 2 and "unknown structure" in out.stderr,
          f"unknown structure: exit {out.returncode}: {out.stderr}")


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        check_ministry(binary)
        check_dhs(binary, tmp)
        check_picture(binary, tmp)
        check_refusals(binary, tmp)
    for f in failures:
        print("FAIL:", f)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
