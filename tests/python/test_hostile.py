"""Hostile input through the Python module: every bad model of tests/bad
gives the diagnostics the command line prints for it, and mangled models and
change ops give a ModelError or a result, never a crash or another exception."""
import random

import pytest

import policygraph
from conftest import MINISTRY, ROOT, TINY

BAD = sorted((ROOT / "tests/bad").glob("*.json"))


def _stderr(path):
    """The CLI's standard error for PATH, from its .expected file."""
    lines = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    return lines[lines.index("--- stderr") + 1:lines.index(lines[-1])]


def _expected(path):
    """The located lines of the CLI's stderr for PATH, and its exit code."""
    lines = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    located = [line for line in _stderr(path) if line.startswith("tests/bad/")]
    return located, int(lines[-1].split()[-1])


def test_the_bad_models_are_found():
    assert len(BAD) > 30


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_a_bad_model_gives_the_diagnostics_of_the_cli(path, monkeypatch):
    monkeypatch.chdir(ROOT)  # files are named as on the command line
    name = "tests/bad/" + path.name
    located, code = _expected(path)
    if code == 0:
        m = policygraph.load(name)
        assert [w["text"] for w in m.warnings] == located
        return
    with pytest.raises((policygraph.ModelError, OSError)) as e:
        policygraph.load(name)
    if isinstance(e.value, policygraph.ModelError):
        texts = [d["text"] for d in e.value.diagnostics]
        # The CLI stops printing after 50 and says how many more; .diagnostics has them all.
        assert texts[:len(located)] == located
        more = [line for line in _stderr(path) if line.startswith("... and ")]
        assert len(texts) == len(located) + (int(more[0].split()[2]) if more else 0)
        # Its message is what the CLI prints.
        assert str(e.value).splitlines() == located + more
        assert e.value.error_count == sum(1 for d in e.value.diagnostics
                                          if d["severity"] == "error")
    else:
        assert located == [] or str(e.value) in " ".join(located)


def _mangle(rng, text):
    """TEXT with a few random byte-level edits: deletions, repeats, swaps of
    punctuation, stray characters."""
    data = bytearray(text.encode("utf-8"))
    for _ in range(rng.randint(1, 4)):
        if not data:
            break
        i = rng.randrange(len(data))
        choice = rng.randrange(4)
        if choice == 0:
            del data[i:i + rng.randint(1, 8)]
        elif choice == 1:
            data[i:i] = data[i:i + rng.randint(1, 16)]
        elif choice == 2:
            data[i] = rng.choice(b'{}[]":,0-9.e\\ \x00\xff')
        else:
            data[i:i] = rng.choice([b'"', b"-1", b"1e999", b"null", b'"x"', b"\xc3"])
    return bytes(data)


def test_mangled_models_raise_model_error_or_load():
    rng = random.Random(21)
    text = MINISTRY.read_text(encoding="utf-8")
    outcomes = {"loaded": 0, "invalid": 0}
    for _ in range(300):
        try:
            m = policygraph.loads(_mangle(rng, text), name="mangled.json")
        except policygraph.ModelError as e:
            assert e.diagnostics and e.error_count >= 1
            assert all(d["file"] == "mangled.json" for d in e.diagnostics)
            outcomes["invalid"] += 1
            continue
        m.metrics()  # whatever loaded can be measured
        outcomes["loaded"] += 1
    # Both ways were taken, so the edits did reach the validator's depths.
    assert outcomes["loaded"] > 0 and outcomes["invalid"] > 0


def _well_formed_op(rng, units, functions, domains):
    """An op of the right shape with references that may or may not hold."""
    return rng.choice([
        {"op": "move-function", "function": rng.choice(functions), "to": rng.choice(units)},
        {"op": "move-unit", "unit": rng.choice(units), "to": rng.choice(units)},
        {"op": "merge-units", "units": rng.sample(units, 2), "into": rng.choice(units)},
        {"op": "add-unit", "id": "new-%d" % rng.randrange(3), "parent": rng.choice(units)},
        {"op": "remove-unit", "unit": rng.choice(units)},
        {"op": "drop-function", "function": rng.choice(functions)},
        {"op": "set-control-tower", "domain": rng.choice(domains), "unit": rng.choice(units)},
    ])


def _random_op(rng, units, functions, domains):
    if rng.random() < 0.5:
        return _well_formed_op(rng, units, functions, domains)
    ops = ["move-function", "move-unit", "merge-units", "add-unit", "remove-unit",
           "drop-function", "update-unit", "set-control-tower", "move-functon", 7, None]
    keys = ["function", "functions", "to", "unit", "units", "into", "id", "parent", "label",
            "domain", "headcount", "note", "kind", "from"]
    values = [rng.choice(units), rng.choice(functions), rng.choice(domains), "nowhere", -1, 0,
              2.5, 1e308, None, True, [], {}, [rng.choice(functions)], "", "\u0000", "통상"]
    op = {"op": rng.choice(ops)}
    for key in rng.sample(keys, rng.randint(0, 4)):
        op[key] = rng.choice(values)
    return op


def test_random_change_ops_raise_model_error_or_apply():
    rng = random.Random(2025)
    m = policygraph.load(MINISTRY)
    units = [u["id"] for u in m.units("after-2025")]
    functions = [f["id"] for f in m.functions]
    domains = [d["id"] for d in m.domains]
    applied = 0
    for i in range(400):
        ops = [_random_op(rng, units, functions, domains) for _ in range(rng.randint(1, 3))]
        try:
            w = m.apply("after-2025", ops, id="w%d" % i)
        except policygraph.ModelError as e:
            assert all(d["file"] == "ops" and d["pointer"].startswith("/")
                       for d in e.diagnostics)
            continue
        w.metrics()
        applied += 1
    assert applied > 0


def test_ops_that_are_not_json_are_a_type_error(tiny):
    for ops in ([{"op": "move-function", "function": "d", "to": float("nan")}], [set()],
                "move d to Y"):
        with pytest.raises((TypeError, policygraph.ModelError)):
            tiny.apply("hand", ops)


def test_text_that_is_not_utf8_is_located():
    with pytest.raises(policygraph.ModelError) as e:
        policygraph.loads(b'{"format": "policygraph/1", "title": "\xff"}', name="x.json")
    assert e.value.diagnostics[0]["line"] == 1
    # UTF-16 is not UTF-8: an error at the first byte, not a guess.
    with pytest.raises(policygraph.ModelError) as e:
        policygraph.loads(TINY.read_text(encoding="utf-8").encode("utf-16"), name="x.json")
    assert (e.value.diagnostics[0]["line"], e.value.diagnostics[0]["column"]) == (1, 1)
