#!/usr/bin/python3
"""Keeps the documentation's links working and self-contained.

    check_links.py [FILE.md...]

Checks, in every tracked Markdown file (and the untracked ones under docs/,
so that a new page is checked before it is committed), or in the files
named:

- every relative link and image, `[text](target)`, `![alt](target)` and
  `[name]: target`, points at a file or folder of the repository;
- a `#anchor` (alone, or after a Markdown target) matches a heading of the
  target, with GitHub's rules for turning a heading into an anchor
  (lower case, spaces to hyphens, punctuation dropped, letters of any
  script kept, `-1`, `-2`, ... for repeated headings) or an explicit
  `id="..."` / `name="..."` in the target.

It also checks that no tracked text file refers to documents outside the
repository (the folder the project's first specification lived in), since
someone who clones the repository cannot follow such a reference.

Prints `FILE:LINE: broken link ...` (or `FILE:LINE: reference outside the
repository ...`) for each problem and exits with 1; exits with 0 when
everything resolves. Links inside code blocks and code spans are not links.
"""

import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent

# Written in pieces so that this file does not match itself.
OUTSIDE = [re.compile(re.escape(p)) for p in ("shared" + "/spec", ".." + "/shared")]
TEXT_SUFFIXES = {".md", ".cpp", ".hpp", ".py", ".sh", ".txt", ".json"}

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
HTML_ANCHOR = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def git_files(*args):
    try:
        out = subprocess.run(["git", "ls-files", *args], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return [line for line in out.splitlines() if line]


def tracked_files():
    files = git_files()
    if files is None:  # not a git checkout: every file outside build folders
        files = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
                 if p.is_file() and not any(part.startswith((".git", "build"))
                                            for part in p.relative_to(ROOT).parts)]
    return files


def markdown_files():
    files = [f for f in tracked_files() if f.endswith(".md")]
    new_docs = git_files("--others", "--exclude-standard", "docs") or []
    files += [f for f in new_docs if f.endswith(".md") and f not in files]
    return sorted(files)


def prose_lines(text):
    """(line number, line, line with code spans blanked) outside fenced code."""
    fence = None
    for number, line in enumerate(text.splitlines(), 1):
        match = FENCE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        yield number, line, CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def slug(heading):
    """The anchor GitHub gives a heading."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links: their text
    text = re.sub(r"<[^>]+>", "", text)                          # inline HTML
    text = text.replace("`", "").replace("*", "")
    text = re.sub(r"(?<!\w)_+|_+(?!\w)", "", text)              # _emphasis_, not snake_case
    out = []
    for ch in text.lower():
        category = unicodedata.category(ch)
        if ch in "-_" or ch == " " or category[0] in "LMN":
            out.append("-" if ch == " " else ch)
    return "".join(out)


_ANCHORS = {}


def anchors(path):
    """Every anchor of a Markdown file (lower case)."""
    if path in _ANCHORS:
        return _ANCHORS[path]
    found = set()
    counts = {}
    previous = None
    text = path.read_text(encoding="utf-8", errors="replace")
    for _, line, blanked in prose_lines(text):
        found.update(HTML_ANCHOR.findall(blanked))
        heading = None
        match = HEADING.match(line)
        if match:
            heading = match.group(2)
        elif previous and previous.strip() and SETEXT.match(line) and not HEADING.match(previous):
            heading = previous.strip()
        previous = line
        if heading is None:
            continue
        base = slug(heading)
        n = counts.get(base, 0)
        counts[base] = n + 1
        found.add(base if n == 0 else f"{base}-{n}")
    found = {a.lower() for a in found}
    _ANCHORS[path] = found
    return found


def link_targets(line):
    for match in INLINE_LINK.finditer(line):
        yield match.group(1)
    match = REFERENCE_DEFINITION.match(line)
    if match:
        yield match.group(1)


def check_link(source, number, target):
    target = target.strip()
    if target.startswith("<") and target.endswith(">"):
        target = target[1:-1]
    if not target or SCHEME.match(target) or target.startswith("//"):
        return None  # external: http:, https:, mailto:, ...
    path_part, _, anchor = target.partition("#")
    path_part = unquote(path_part.split("?")[0])
    if path_part:
        base = ROOT if path_part.startswith("/") else (ROOT / source).parent
        resolved = (base / path_part.lstrip("/")).resolve()
        try:
            resolved.relative_to(ROOT)
        except ValueError:
            return f"{source}:{number}: broken link {target} (outside the repository)"
        if not resolved.exists():
            return f"{source}:{number}: broken link {target} (no such file)"
    else:
        resolved = (ROOT / source).resolve()
    if anchor and resolved.is_file() and resolved.suffix.lower() == ".md":
        if unquote(anchor).lower() not in anchors(resolved):
            name = path_part or source
            return f"{source}:{number}: broken link {target} (no heading #{anchor} in {name})"
    return None


def check_markdown(files):
    problems = []
    for name in files:
        path = ROOT / name
        if not path.is_file():
            problems.append(f"{name}:0: broken link (the file itself is missing)")
            continue
        for number, _, line in prose_lines(path.read_text(encoding="utf-8", errors="replace")):
            for target in link_targets(line):
                problem = check_link(name, number, target)
                if problem:
                    problems.append(problem)
    return problems


def check_outside_references(files):
    problems = []
    this = Path(__file__).resolve()
    for name in files:
        path = ROOT / name
        if Path(name).suffix not in TEXT_SUFFIXES or not path.is_file() or path.resolve() == this:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            for pattern in OUTSIDE:
                match = pattern.search(line)
                if match:
                    problems.append(f"{name}:{number}: reference outside the repository "
                                    f"'{match.group(0)}': point at docs/ instead")
    return problems


def main():
    named = sys.argv[1:]
    markdown = named or markdown_files()
    problems = check_markdown(markdown)
    tracked = tracked_files()
    text_files = named or tracked + [f for f in markdown if f not in tracked]
    problems += check_outside_references(text_files)
    for problem in problems:
        print(problem)
    print(f"{len(markdown)} Markdown files checked, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
