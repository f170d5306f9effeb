#!/usr/bin/python3
"""With --lang ko, no English sentence is left in what people read.

    korean_output_test.py POLICYGRAPH

Writes the ministry report in Korean (with the sensitivity and the
optimizer's proposal, so that every section is there), and the text of
compare, diff, metrics, sensitivity and check in Korean, and looks for English in
them: three or more English words in a row. The model's own data may stay as
it is written (ids, file names, URLs, the titles and notes of its sources,
which name English-language documents), so those are taken out first.
Exit 0 when none is found; otherwise each English run with its place.
"""

import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = "datasets/motie-2025/model.json"
RULES = "datasets/motie-2025/rules.json"
# Three words of two or more Latin letters in a row, with spaces or simple
# punctuation between them: "holds 100% of", "Not consolidated" is two,
# "moved function" two, so the rule is about sentences and phrases.
# Lists of keys ("units, branches, owner") are cut apart at their commas,
# brackets and semicolons first: keys stay English.
ENGLISH_RUN = re.compile(r"[A-Za-z][a-z]+(?:[ :'-]+[A-Za-z][a-z]+){2,}")


class Text(html.parser.HTMLParser):
    """The text a reader sees: every text node (SVG text too), no <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "title"):
            self.skip += 1
        # Titles and tooltips of SVG elements are read on hover.
        for name, value in attrs:
            if name in ("alt", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.parts.append(data)


def data_strings(model):
    """What the model itself writes and the tool shows as it is."""
    out = set()
    for s in model.get("sources", []):
        for key in ("id", "title", "url", "note", "date"):
            if s.get(key):
                out.add(s[key])
    for d in model["domains"]:
        out.add(d["id"])
    for f in model["functions"]:
        out.add(f["id"])
    # Units keep their English label beside the Korean one, and `diff`
    # shows a change of it as data ("Units relabelled"): unit labels are
    # data here. Function and domain labels are not: the Korean report must
    # use their Korean labels.
    for s in model["structures"]:
        out.add(s["id"])
        for u in s.get("units", []):
            out.add(u["id"])
            if u.get("label"):
                out.add(u["label"])
        for op in s.get("changes", []):
            for key in ("id", "unit", "into", "to", "parent", "label"):
                if isinstance(op.get(key), str):
                    out.add(op[key])
    out.add(MODEL)
    # Longest first, so that an id inside a longer text goes with it.
    return sorted(out, key=len, reverse=True)


# A command line quoted in a sentence ("policygraph report --misplaced all")
# is what the reader types, not English prose.
COMMAND = re.compile(r"policygraph (?:validate|metrics|compare|diff|optimize|sensitivity|report|"
                     r"dot|export)(?: (?:--?[\w-]+|[A-Z][A-Z.]*|\S+\.(?:json|html|svg|png|csv)|"
                     r"all|strongest|ko|svg|png|table|json|csv|markdown))*")


def english_runs(text, known):
    for s in known:
        text = text.replace(s, " ")
    text = re.sub(r"https?://\S+", " ", text)
    text = COMMAND.sub(" ", text)
    text = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", " ", text)  # option names
    runs = []
    for fragment in re.split(r"[,;()\[\]/]", text):
        runs += [m.group(0) for m in ENGLISH_RUN.finditer(fragment)]
    return runs


def main():
    binary = sys.argv[1]
    os.chdir(ROOT)
    with open(MODEL, encoding="utf-8") as fh:
        model = json.load(fh)
    known = data_strings(model)
    with open(RULES, encoding="utf-8") as fh:
        # Rule ids stay as they are, longest first as the model's strings.
        known = sorted(set(known) | {r["id"] for r in json.load(fh)["rules"]},
                       key=len, reverse=True)
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, "ko.html")
        subprocess.run([binary, "report", MODEL, "--lang", "ko", "--sensitivity", "50",
                        "--optimize", "-o", page], check=True)
        with open(page, encoding="utf-8") as fh:
            text = fh.read()
        if '<html lang="ko">' not in text:
            problems.append('report: the page is not marked <html lang="ko">')
        parser = Text()
        parser.feed(text)
        for part in parser.parts:
            for run in english_runs(part, known):
                problems.append(f"report: {run!r} in {part.strip()[:120]!r}")
    commands = [
        ["compare", MODEL],
        ["compare", MODEL, "--format", "markdown"],
        ["diff", MODEL, "before-2025", "after-2025"],
        ["metrics", MODEL, "--structure", "after-2025"],
        ["sensitivity", MODEL, "--samples", "50"],
        ["optimize", MODEL, "--structure", "after-2025"],
        ["optimize", MODEL, "--structure", "after-2025", "--samples", "30"],
        ["compare", "--help"],
        ["optimize", "--help"],
        ["sensitivity", "--help"],
        ["check", MODEL, "--rules", RULES, "--structure", "before-2025"],
        ["check", MODEL, "--rules", RULES, "--format", "markdown"],
        ["check", "--help"],
    ]
    for args in commands:
        done = subprocess.run([binary, *args, "--lang", "ko"], capture_output=True, text=True)
        # check exits with 4 when a rule is violated, as the ministry's are.
        if done.returncode not in ((0, 4) if args[0] == "check" else (0,)):
            problems.append(f"{' '.join(args)}: exit {done.returncode}: {done.stderr.strip()}")
            continue
        for line in done.stdout.splitlines():
            if line.lstrip().startswith("policygraph "):
                continue  # an example command of the help
            for run in english_runs(line, known):
                problems.append(f"{' '.join(args)}: {run!r} in {line.strip()[:120]!r}")
    for p in problems:
        print(p)
    print(f"{len(problems)} English runs found")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
