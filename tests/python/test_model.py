"""The Python module against hand-worked values, the model files themselves,
and its own errors."""
import json

import pytest

import policygraph
from conftest import MINISTRY, ROOT, TINY, cli_json, run_cli


# ---- loading ------------------------------------------------------------------


def test_plain_values_are_those_of_the_file(ministry):
    doc = json.loads(MINISTRY.read_text(encoding="utf-8"))
    assert [s["id"] for s in ministry.structures] == [s["id"] for s in doc["structures"]]
    assert [f["id"] for f in ministry.functions] == [f["id"] for f in doc["functions"]]
    assert [f["domains"] for f in ministry.functions] == [f["domains"] for f in doc["functions"]]
    assert [d["id"] for d in ministry.domains] == [d["id"] for d in doc["domains"]]
    assert ministry.title == doc["title"]
    after = next(s for s in ministry.structures if s["id"] == "after-2025")
    assert after["base"] == next(s for s in doc["structures"] if s["id"] == "after-2025")["base"]
    # Plain values: changing them changes nothing in the model.
    ministry.functions[0]["id"] = "changed"
    assert ministry.functions[0]["id"] == doc["functions"][0]["id"]


def test_units_of_the_hand_structure(tiny):
    # tests/data/tiny.json: units Z (under Y), R (the root), X and Y (under R).
    units = {u["id"]: u for u in tiny.units("hand")}
    assert [u["id"] for u in tiny.units("hand")] == ["Z", "R", "X", "Y"]
    assert units["R"]["parent"] is None and units["R"]["depth"] == 0
    assert (units["X"]["parent"], units["Y"]["parent"], units["Z"]["parent"]) == ("R", "R", "Y")
    assert units["Z"]["depth"] == 2
    assert units["Z"]["headcount"] == 3 and units["Y"]["headcount"] == 4.5
    assert units["R"]["headcount"] is None
    assert units["X"]["functions"] == ["a", "b"]
    assert units["Y"]["functions"] == ["c"] and units["Z"]["functions"] == ["d"]
    assert units["Y"]["control_tower_of"] == ["q"]
    assert units["X"]["control_tower_of"] == ["unused"]
    # The default structure is the last one.
    assert [u["id"] for u in tiny.units()] == ["Z", "R", "X", "Y"]
    assert [u["id"] for u in tiny.units("flat")] == ["R"]


def test_loads_reads_text_and_names_it():
    text = TINY.read_text(encoding="utf-8")
    m = policygraph.loads(text, name="tiny")
    assert m.path == "tiny"
    assert [s["id"] for s in m.structures] == ["flat", "hand"]
    assert policygraph.loads(text.encode("utf-8")).structures == m.structures


def test_csv_model_reads_its_files_from_its_folder():
    m = policygraph.load(ROOT / "tests/data/small-csv/model.json")
    assert m.metrics() == cli_json("metrics", "tests/data/small-csv/model.json")


def test_a_syntax_error_is_located_by_line_and_column():
    with pytest.raises(policygraph.ModelError) as e:
        policygraph.loads('{"format": "policygraph/1",\n  "title": }', name="broken.json")
    d = e.value.diagnostics[0]
    assert (d["file"], d["line"], d["severity"]) == ("broken.json", 2, "error")
    assert d["column"] == 12  # the "}" where a value should be
    assert "broken.json:2:12: error:" in str(e.value)
    assert isinstance(e.value, ValueError)


def test_an_invalid_model_lists_every_problem_by_pointer():
    doc = json.loads(TINY.read_text(encoding="utf-8"))
    doc["functions"][1]["domains"] = ["pp"]
    doc["dependencies"][0]["to"] = "bb"
    with pytest.raises(policygraph.ModelError) as e:
        policygraph.loads(json.dumps(doc), name="m.json")
    errors = [d for d in e.value.diagnostics if d["severity"] == "error"]
    assert [d["pointer"] for d in errors] == ["/functions/1/domains/0", "/dependencies/0/to"]
    assert 'did you mean "p"?' in errors[0]["message"]
    assert 'did you mean "b"?' in errors[1]["message"]
    assert e.value.error_count == 2


def test_a_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(OSError, match="cannot read"):
        policygraph.load(tmp_path / "none.json")


# ---- metrics by hand ----------------------------------------------------------


def test_metrics_of_the_hand_structure(tiny):
    # Pairs: a-b 2 (X), b-c 1 (X|Y), c-d 1 + 0.5 (Y|Z), a-d 0.5 (X|Z); W = 5.
    m = tiny.metrics("hand")
    assert m["total_weight"] == 5
    assert m["cross_unit_share"] == pytest.approx(3 / 5, abs=1e-12)
    # Strengths a 2.5, b 3, c 2.5, d 2; 2W = 10:
    # X: 2/5 - (5.5/10)^2, Y: -(2.5/10)^2, Z: -(2/10)^2.
    assert m["modularity"] == pytest.approx(0.4 - 0.3025 - 0.0625 - 0.04, abs=1e-12)


def test_work_grouping_as_the_cli_prints_it_or_skipped(tiny):
    # The figures themselves are checked against networkx and igraph by
    # tests/metrics/check_work_grouping.py; here: the same object as the CLI.
    assert tiny.metrics("hand")["work_grouping"] == cli_json(
        "metrics", TINY, "--structure", "hand")["work_grouping"]
    assert tiny.metrics("hand", work_grouping="skip")["work_grouping"] is None
    assert all(s["work_grouping"] is None
               for s in tiny.compare(work_grouping="skip")["structures"])


def test_sampled_betweenness_as_the_cli_prints_it(tiny):
    # 1 source of the 3 owning units: the estimate and its bound
    # (3/2 * sqrt(ln(120) / 2) = 2.3208), exactly as the CLI prints them.
    sampled = tiny.metrics("hand", betweenness="sample:1")
    assert sampled == cli_json("metrics", TINY, "--structure", "hand", "--betweenness", "sample:1")
    assert sampled["betweenness_sample"]["sources"] == 1
    assert abs(sampled["betweenness_sample"]["error_bound"] - 2.3208) < 1e-4
    assert "betweenness_sample" not in tiny.metrics("hand", betweenness="sample:3")


def test_unknown_structure_says_did_you_mean(tiny):
    with pytest.raises(ValueError, match=r'unknown structure "hnd" \(did you mean "hand"\?\); '
                                        r"the model has: flat, hand"):
        tiny.metrics("hnd")


@pytest.mark.parametrize("call, error, text", [
    (lambda m: m.metrics("hand", level=-1), ValueError, "level must be from 0"),
    (lambda m: m.metrics("hand", level="1"), TypeError, "level must be a whole number"),
    (lambda m: m.metrics("hand", betweenness="fast"), ValueError, "betweenness takes"),
    (lambda m: m.metrics("hand", betweenness="sample:0"), ValueError, "takes a whole number"),
    (lambda m: m.metrics("hand", betweenness="sample:-2"), ValueError, "takes a whole number"),
    (lambda m: m.compare(betweenness="sample:"), ValueError, "takes a whole number"),
    (lambda m: m.metrics("hand", work_grouping="louvain"), ValueError, "work_grouping takes"),
    (lambda m: m.metrics("hand", threads=-2), ValueError, "threads must be from 0 to 1024"),
    (lambda m: m.metrics(3), TypeError, "a structure is an id"),
    (lambda m: m.sensitivity(samples=0), ValueError, "samples must be from 1"),
    (lambda m: m.sensitivity(noise="x"), TypeError, "noise must be a number"),
    (lambda m: m.sensitivity(noise=11), ValueError, "noise must be from 0 to 10"),
    (lambda m: m.compare(["hand"], baseline="flat"), ValueError, "baseline"),
    (lambda m: m.optimize("hand", objective="fast"), ValueError, "objective takes"),
    (lambda m: m.optimize("hand", pins=["e"]), ValueError, "e"),
    (lambda m: m.optimize("hand", capacity="lots"), ValueError, "capacity takes current"),
    (lambda m: m.optimize("hand", samples=3, drop=1), ValueError, "drop must be from 0 to below 1"),
    (lambda m: m.optimize("hand", samples=-1), ValueError, "samples must be from 0"),
    (lambda m: m.optimize("hand", noise=0.5), ValueError,
     r"noise takes effect only with samples=N \(N above 0\)"),
    (lambda m: m.metrics("hand").to_pandas("nope"), ValueError, "table takes summary"),
])
def test_every_wrong_argument_raises_a_clear_exception(tiny, call, error, text):
    with pytest.raises(error, match=text):
        call(tiny)


# ---- what-ifs -----------------------------------------------------------------


def test_apply_moves_a_function(tiny):
    w = tiny.apply("hand", [{"op": "move-function", "function": "d", "to": "Y"}])
    assert isinstance(w, policygraph.Structure) and (w.id, w.base) == ("what-if", "hand")
    assert w.changes == [{"op": "move-function", "function": "d", "to": "Y"}]
    # c-d is now inside Y; b-c (1) and a-d (0.5) still cross: 1.5 / 5.
    assert w.metrics()["cross_unit_share"] == pytest.approx(0.3, abs=1e-12)
    assert tiny.metrics(w) == w.metrics()
    assert [u["functions"] for u in w.units() if u["id"] == "Y"] == [["c", "d"]]
    # The model it came from is unchanged.
    assert [s["id"] for s in tiny.structures] == ["flat", "hand"]
    assert tiny.metrics("hand")["cross_unit_share"] == pytest.approx(0.6, abs=1e-12)


def test_a_what_if_takes_part_in_compare_diff_and_explain(tiny):
    w = tiny.apply("hand", [{"op": "move-function", "function": "d", "to": "Y"}], id="d-to-y")
    c = tiny.compare(["hand", w])
    assert [s["structure"] for s in c["structures"]] == ["hand", "d-to-y"]
    d = tiny.diff("hand", w)
    assert [(f["id"], f["from_unit"], f["to_unit"]) for f in d["functions"]["moved"]] == [
        ("d", "Z", "Y")]
    e = tiny.explain("hand", w)
    assert e == w.model.explain("hand", "d-to-y")
    # Two what-ifs at once are added to one copy, in the order given.
    v = tiny.apply("hand", [{"op": "move-function", "function": "a", "to": "Y"}], id="a-to-y")
    both = tiny.compare([w, v, "hand"], baseline=v)
    assert [s["structure"] for s in both["structures"]] == ["d-to-y", "a-to-y", "hand"]
    assert both["baseline"] == "a-to-y"
    same = tiny.apply("hand", [{"op": "move-function", "function": "a", "to": "Y"}], id="d-to-y")
    with pytest.raises(ValueError, match="two what-ifs have the id"):
        tiny.compare([w, same])


def test_a_bad_op_names_the_op_and_the_key(tiny):
    with pytest.raises(policygraph.ModelError) as e:
        tiny.apply("hand", [{"op": "move-function", "function": "d", "to": "Y"},
                            {"op": "move-function", "function": "dd", "to": "Y"}])
    assert e.value.diagnostics[0]["pointer"] == "/1/function"
    assert str(e.value).startswith('ops: /1/function: error: unknown function "dd" '
                                   '(did you mean "d"?)')
    with pytest.raises(policygraph.ModelError) as e:
        tiny.apply("hand", [{"op": "move-function", "function": "d", "too": "Y"}])
    assert str(e.value).splitlines() == [
        'ops: /0/too: warning: unknown key "too" in a move-function change (ignored) '
        '(did you mean "to"?)',
        'ops: /0: error: missing key "to"']
    assert e.value.error_count == 1
    with pytest.raises(policygraph.ModelError, match=r"ops: /0/op: .*move-unit"):
        tiny.apply("hand", [{"op": "move-units", "unit": "Z", "to": "X"}])
    with pytest.raises(policygraph.ModelError, match=r"ops: /0/to: .*unknown unit"):
        tiny.apply("hand", {"op": "move-unit", "unit": "Z", "to": "Q"})
    with pytest.raises(TypeError, match="ops must be a list of dicts"):
        tiny.apply("hand", [{"op": "move-function", "function": "d", "to": object()}])
    with pytest.raises(ValueError, match="has a structure \"flat\" already"):
        tiny.apply("hand", [], id="flat")


def test_with_structure_and_save_round_trip(tiny, tmp_path):
    before = TINY.read_bytes()
    m2 = tiny.with_structure("hand", [{"op": "move-function", "function": "d", "to": "Y"}],
                             id="d-to-y", label="d joins c", description="a what-if")
    assert [s["id"] for s in m2.structures] == ["flat", "hand", "d-to-y"]
    out = tmp_path / "saved.json"
    m2.save(out)
    assert TINY.read_bytes() == before
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["structures"][-1] == {
        "id": "d-to-y", "base": "hand", "label": "d joins c", "description": "a what-if",
        "changes": [{"op": "move-function", "function": "d", "to": "Y"}]}
    # The tool reads the saved file and measures the what-if as Python did.
    assert cli_json("metrics", out, "--structure", "d-to-y") == m2.metrics("d-to-y")
    # model_text is what save wrote.
    assert m2.model_text(out) == out.read_text(encoding="utf-8")
    # No temporary file is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["saved.json"]


def test_save_rewrites_csv_paths_for_the_new_folder(tmp_path):
    m = policygraph.load(ROOT / "tests/data/small-csv/model.json")
    out = tmp_path / "elsewhere" / "model.json"
    out.parent.mkdir()
    m.save(out)
    assert policygraph.load(out, any_path=True).metrics() == m.metrics()


def test_a_failed_save_leaves_what_was_there_and_no_temporary(tiny, tmp_path):
    # A folder where the file should go: the write fails however privileged
    # the user, and what was there stays as it was.
    target = tmp_path / "model.json"
    target.mkdir()
    (target / "inside.txt").write_text("old", encoding="utf-8")
    with pytest.raises(OSError, match="cannot write"):
        tiny.save(target)
    assert (target / "inside.txt").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]
    assert sorted(p.name for p in target.iterdir()) == ["inside.txt"]
    with pytest.raises(OSError, match="cannot write"):
        tiny.save(tmp_path / "no-such-folder" / "model.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]


def test_save_refuses_the_files_the_model_was_read_from(tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    for f in (ROOT / "tests/data/small-csv").iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    before = {f.name: f.read_bytes() for f in folder.iterdir()}
    m = policygraph.load(folder / "model.json")
    (tmp_path / "link.json").symlink_to(folder / "model.json")
    for target in [folder / "model.json", tmp_path / "link.json"] + sorted(
            f for f in folder.iterdir() if f.suffix == ".csv"):
        with pytest.raises(OSError, match="the model was read from it"):
            m.save(target)
    assert {f.name: f.read_bytes() for f in folder.iterdir()} == before


# ---- pandas and networkx --------------------------------------------------------


def test_to_pandas_is_the_csv_of_the_tool(ministry):
    pandas = pytest.importorskip("pandas")
    import io
    m = ministry.metrics("after-2025")
    assert m.tables == ["summary", "domains", "units", "misplaced", "levels"]
    for table in m.tables:
        csv = run_cli("metrics", MINISTRY, "--structure", "after-2025", "--format", "csv",
                      "--table", table).stdout
        assert m.csv(table) == csv
        pandas.testing.assert_frame_equal(m.to_pandas(table), pandas.read_csv(io.StringIO(csv)))
    domains = m.to_pandas("domains")
    assert len(domains) == len(ministry.domains)
    c = ministry.compare()
    for table in c.tables:
        csv = run_cli("compare", MINISTRY, "--format", "csv", "--table", table).stdout
        assert c.csv(table) == csv


def test_to_networkx_gives_the_graph_the_metrics_see(tiny):
    nx = pytest.importorskip("networkx")
    g = tiny.to_networkx("hand")
    assert sorted(g.nodes) == ["a", "b", "c", "d"]
    assert g.nodes["d"]["unit"] == "Z" and g.nodes["d"]["unit_path"] == ["R", "Y", "Z"]
    assert g.nodes["d"]["domains"] == ["q", "p"] and g.nodes["d"]["primary_domain"] == "q"
    assert g.edges["c", "d"]["weight"] == 1.5  # 1 and 0.5, summed
    units = {}
    for n, data in g.nodes(data=True):
        units.setdefault(data["unit"], set()).add(n)
    q = nx.community.modularity(g, list(units.values()), weight="weight")
    assert tiny.metrics("hand")["modularity"] == pytest.approx(q, abs=1e-12)
    d = tiny.to_networkx("hand", directed=True)
    assert d.number_of_edges() == 5
    assert [k for _, _, k in d.edges("d", data="kind")] == ["data"]


def test_from_networkx_karate_two_factions():
    nx = pytest.importorskip("networkx")
    g = nx.karate_club_graph()
    tree = {"club": None, "Mr. Hi": "club", "Officer": "club"}
    m = policygraph.from_networkx(g, tree, "club")
    factions = [{n for n in g if g.nodes[n]["club"] == c} for c in ("Mr. Hi", "Officer")]
    expected = nx.community.modularity(g, factions, weight="weight")
    got = m.metrics("as-is")["modularity"]
    assert got == pytest.approx(expected, abs=1e-9)
    unweighted = policygraph.from_networkx(g, tree, "club", weight=None)
    assert unweighted.metrics()["modularity"] == pytest.approx(
        nx.community.modularity(g, factions, weight=None), abs=1e-9)
    # Back again: the same graph.
    back = m.to_networkx("as-is")
    assert back.number_of_edges() == g.number_of_edges()
    assert back.edges["0", "1"]["weight"] == g.edges[0, 1]["weight"]


def test_from_networkx_takes_tables_and_domains():
    pandas = pytest.importorskip("pandas")
    nx = pytest.importorskip("networkx")
    g = nx.DiGraph()
    g.add_edge("trade", "security", weight=3)
    g.add_edge("security", "energy", weight=1)
    g.nodes["trade"]["domains"] = ["economy", "security"]
    g.nodes["trade"]["label"] = "Trade policy"
    tree = pandas.DataFrame({"unit": ["ministry", "office"], "parent": ["", "ministry"]})
    tree.loc[0, "parent"] = None
    assign = pandas.DataFrame({"function": ["trade", "security", "energy"],
                               "unit": ["office", "office", "ministry"]})
    m = policygraph.from_networkx(g, tree, assign)
    assert [f["domains"] for f in m.functions] == [["economy", "security"], ["all"], ["all"]]
    assert m.functions[0]["label"] == "Trade policy"
    # security-energy (1) crosses office|ministry; trade-security (3) is inside: 1/4.
    assert m.metrics()["cross_unit_share"] == pytest.approx(0.25, abs=1e-12)
    with pytest.raises(ValueError, match="weight -1 is not a positive number"):
        g.add_edge("energy", "trade", weight=-1)
        policygraph.from_networkx(g, tree, assign)
    # A function with no unit is absent from the structure, as in a model file.
    path = nx.path_graph(["x", "energy"])
    assert policygraph.from_networkx(path, {"u": None}, {"x": "u"}).metrics()["functions"] == 1
    with pytest.raises(policygraph.ModelError) as e:
        policygraph.from_networkx(path, {"u": None}, {"x": "u", "energy": "v"})
    assert [d["pointer"] for d in e.value.diagnostics] == ["/structures/0/assign/energy"]
    assert 'unknown unit "v"' in str(e.value)
