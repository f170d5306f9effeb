"""Fixtures of the Python module's tests: the repository, the command-line
tool to compare with, and the bundled models. ctest runs these with
PYTHONPATH set to the build's python/ folder and POLICYGRAPH_CLI to the tool."""
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = os.environ.get("POLICYGRAPH_CLI", str(ROOT / "build/dev/tools/policygraph"))
MINISTRY = ROOT / "datasets/motie-2025/model.json"
TINY = ROOT / "tests/data/tiny.json"


def run_cli(*args, check=True):
    """The tool's standard output for ARGS, run in the repository root."""
    done = subprocess.run([CLI, *map(str, args)], cwd=ROOT, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError("policygraph %s: exit %d\n%s" % (" ".join(map(str, args)),
                                                            done.returncode, done.stderr))
    return done


def cli_json(*args):
    return json.loads(run_cli(*args, "--format", "json").stdout)


@pytest.fixture(scope="session")
def ministry():
    import policygraph
    return policygraph.load(MINISTRY)


@pytest.fixture(scope="session")
def tiny():
    import policygraph
    return policygraph.load(TINY)
