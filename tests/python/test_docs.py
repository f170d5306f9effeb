"""The Python in docs/python.md and the README runs: each file's ```python
blocks are executed in order in one namespace, from a folder where the
repository's datasets are at hand, and what each prints must be the ```text
block that follows it.

    UPDATE_DOCS=1 pytest tests/python/test_docs.py   rewrites those blocks (read the diff)
"""
import contextlib
import io
import os
import re

import pytest

from conftest import ROOT

BLOCK = re.compile(r"```python\n(.*?)```\n\n```text\n(.*?)```\n", re.S)


@pytest.mark.parametrize("name, blocks_at_least, writes", [
    ("docs/python.md", 8, ["motie-with-what-if.json"]),
    ("README.md", 1, []),
])
def test_the_python_of_a_document_prints_what_it_says(name, blocks_at_least, writes, tmp_path,
                                                     monkeypatch):
    pytest.importorskip("pandas")
    pytest.importorskip("networkx")
    # Files the guide writes go to a scratch folder; it reads the datasets.
    (tmp_path / "datasets").symlink_to(ROOT / "datasets")
    monkeypatch.chdir(tmp_path)
    doc = ROOT / name
    text = doc.read_text(encoding="utf-8")
    blocks = list(BLOCK.finditer(text))
    assert len(blocks) >= blocks_at_least
    namespace = {"__name__": "docs"}
    outputs = []
    for i, block in enumerate(blocks):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block.group(1), "%s block %d" % (name, i + 1), "exec"), namespace)
        outputs.append(out.getvalue())
    if os.environ.get("UPDATE_DOCS"):
        pieces, last = [], 0
        for block, output in zip(blocks, outputs):
            pieces.append(text[last:block.start(2)] + output)
            last = block.end(2)
        doc.write_text("".join(pieces) + text[last:], encoding="utf-8")
        return
    for i, (block, output) in enumerate(zip(blocks, outputs)):
        assert output == block.group(2), "block %d of %s prints otherwise" % (i + 1, name)
    # Nothing but what the document says it saves is written.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["datasets"] + writes)
