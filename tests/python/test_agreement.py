"""What Python returns is what the command line prints with --format json,
on every bundled dataset and every model the golden cases run on."""
import json
import re
import pathlib
import shlex

import pytest

import policygraph
from conftest import MINISTRY, ROOT, cli_json, run_cli


def golden_models():
    models = set(ROOT.glob("datasets/*/model.json")) | set(ROOT.glob("tests/data/*.json"))
    models |= set(ROOT.glob("tests/data/*/model.json"))
    for case in (ROOT / "tests/golden").glob("*.args"):
        for word in shlex.split(case.read_text(encoding="utf-8")):
            if word.endswith(".json") and (ROOT / word).is_file():
                models.add(ROOT / word)
    valid = []
    for path in sorted(models):
        if run_cli("validate", path, check=False).returncode == 0:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(doc, dict) and doc.get("format") == "policygraph/1":
                valid.append(path.relative_to(ROOT))
    return valid


MODELS = golden_models()


def test_the_models_are_found():
    names = {str(p) for p in MODELS}
    assert {"datasets/motie-2025/model.json", "datasets/dhs-2003/model.json",
            "tests/data/tiny.json", "tests/data/karate.json"} <= names


@pytest.mark.parametrize("path", MODELS, ids=str)
def test_metrics_of_every_structure_equal_the_cli(path):
    model = policygraph.load(ROOT / path)
    for s in model.structures:
        assert model.metrics(s["id"]) == cli_json("metrics", path, "--structure", s["id"])
        assert model.metrics(s["id"], level=1) == cli_json("metrics", path, "--structure",
                                                           s["id"], "--level", "1")


@pytest.mark.parametrize("path", MODELS, ids=str)
def test_compare_equals_the_cli(path):
    model = policygraph.load(ROOT / path)
    assert model.compare() == cli_json("compare", path)


@pytest.mark.parametrize("path", ["datasets/motie-2025/model.json", "datasets/dhs-2003/model.json"])
def test_every_command_equals_the_cli(path):
    model = policygraph.load(ROOT / path)
    first, last = model.structures[0]["id"], model.structures[-1]["id"]
    assert model.diff(first, last) == cli_json("diff", path, first, last)
    assert model.diff(first, last, lang="ko") == cli_json("diff", path, first, last, "--lang", "ko")
    assert model.explain(first, last) == cli_json("explain", path, first, last)
    assert model.explain(first, last, level=1) == cli_json("explain", path, first, last,
                                                           "--level", "1")
    assert model.sensitivity(samples=40, seed=3) == cli_json("sensitivity", path, "--samples",
                                                             "40", "--seed", "3")
    assert model.compare([last, first], baseline=first, level=1) == cli_json(
        "compare", path, "--structures", "%s,%s" % (last, first), "--baseline", first,
        "--level", "1")
    assert model.optimize(last, max_moves=3) == cli_json("optimize", path, "--structure", last,
                                                         "--max-moves", "3")
    assert model.optimize(last, max_moves=3, samples=20, noise=0.4) == cli_json(
        "optimize", path, "--structure", last, "--max-moves", "3", "--samples", "20",
        "--noise", "0.4")


def test_check_equals_the_cli(ministry, monkeypatch):
    monkeypatch.chdir(ROOT)  # the rules file is named as given, as on the command line
    rules = "datasets/motie-2025/rules.json"
    expected = json.loads(run_cli("check", MINISTRY, "--rules", rules, "--format", "json",
                                  check=False).stdout)
    assert ministry.check(rules) == expected
    doc = json.loads((ROOT / rules).read_text(encoding="utf-8"))
    expected = json.loads(run_cli("check", MINISTRY, "--rules", rules, "--structure",
                                  "after-2025", "--format", "json", check=False).stdout)
    # A rules dict has no file: the report names it "rules".
    assert ministry.check(doc, ["after-2025"]) == dict(expected, rules_file="rules")
    bad = dict(doc, rules=[dict(doc["rules"][0], type="domain-brnaches")])
    with pytest.raises(policygraph.ModelError, match='did you mean "domain-branches"'):
        ministry.check(bad)


def _coordination_cost(model, structure):
    """Sum of weight x tree distance between the owning units, worked out
    from the networkx graph: the distance of two units is the length of
    their paths from the root less twice the length of the shared prefix."""
    g = model.to_networkx(structure)
    cost = 0.0
    for a, b, weight in g.edges(data="weight"):
        pa, pb = g.nodes[a]["unit_path"], g.nodes[b]["unit_path"]
        shared = 0
        while shared < min(len(pa), len(pb)) and pa[shared] == pb[shared]:
            shared += 1
        cost += weight * (len(pa) + len(pb) - 2 * shared)
    return cost


def test_optimize_proposal_applies(ministry):
    pytest.importorskip("networkx")
    p = ministry.optimize("after-2025", max_moves=2)
    assert len(p["changes"]) == 2
    w = ministry.apply(p["base"], p["changes"], id=p["id"])
    before = _coordination_cost(ministry, "after-2025")
    after = _coordination_cost(w.model, p["id"])
    # The proposal's description states both costs; applied, it has them.
    stated = re.match(r"Coordination cost (\d+) -> (\d+) ", p["description"]).groups()
    assert (before, after) == (float(stated[0]), float(stated[1]))
    assert after < before
    c = ministry.compare(["after-2025", w])
    assert [s["structure"] for s in c["structures"]] == ["after-2025", p["id"]]