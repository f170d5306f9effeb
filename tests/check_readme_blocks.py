#!/usr/bin/python3
"""Keeps the documentation honest: every block of tool output in a Markdown
file is re-run and must match, and every decimal number in a checked prose
passage must appear in that file's tool output.

    check_readme_blocks.py POLICYGRAPH FILE.md... [--update]

A block is written as

    <!-- policygraph ARGS -->
    ```text
    ...the exact output of `policygraph ARGS`...
    ```

and runs from the repository root (`check` may exit with 4, a violated rule). Prose between `<!-- numbers -->` and
`<!-- end numbers -->` may only quote decimal numbers (like 0.423 or -0.097)
that appear in the file's blocks. --update rewrites the blocks (read the diff).
"""

import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"<!-- policygraph (.*?) -->\n```text\n(.*?)```\n", re.S)
PROSE = re.compile(r"<!-- numbers -->(.*?)<!-- end numbers -->", re.S)
NUMBER = re.compile(r"(?<![\w.])[-+]?\d+\.\d+")


def run(binary, args):
    result = subprocess.run([binary] + shlex.split(args), cwd=ROOT, capture_output=True, text=True)
    # `check` exits with 4 when a rule is violated: its output is still the block.
    allowed = (0, 4) if args.startswith("check ") else (0,)
    if result.returncode not in allowed:
        raise SystemExit(f"`policygraph {args}` failed ({result.returncode}):\n{result.stderr}")
    return result.stdout


def main():
    args = [a for a in sys.argv[1:] if a != "--update"]
    update = "--update" in sys.argv
    binary, files = args[0], args[1:]
    failures = 0
    for name in files:
        path = ROOT / name
        text = path.read_text(encoding="utf-8")
        outputs = []

        def replace(match):
            nonlocal failures
            output = run(binary, match.group(1))
            outputs.append(output)
            if output != match.group(2) and not update:
                failures += 1
                print(f"{name}: the output of `policygraph {match.group(1)}` has changed; "
                      "run tests/check_readme_blocks.py with --update and read the diff")
            return f"<!-- policygraph {match.group(1)} -->\n```text\n{output}```\n"

        new_text = BLOCK.sub(replace, text)
        if update and new_text != text:
            path.write_text(new_text, encoding="utf-8")
        produced = "".join(outputs)
        for passage in PROSE.findall(new_text):
            for number in NUMBER.findall(passage):
                if number.lstrip("+") not in produced:
                    failures += 1
                    print(f"{name}: the prose quotes {number}, which no tool output in the file shows")
        print(f"{name}: {len(outputs)} blocks checked")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
