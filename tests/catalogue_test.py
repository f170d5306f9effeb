#!/usr/bin/python3
"""Every catalogue translates every message of the sources, and keeps its
placeholders.

    catalogue_test.py

Extracts the messages of src/ and include/ with po/extract.sh (xgettext),
then checks each po/*.po against them:
- every message has a translation, none is marked fuzzy;
- a translation holds the same placeholders {0}, {1}, ... as its message,
  each number as often (a particle may follow: {0|은});
- a particle after a placeholder is one the program knows;
- no translation writes both forms of a particle, as in 은(는) or 이(가):
  the program picks the form from the name ({0|은});
- msgfmt --check accepts the file.
Exit 0 when all hold; otherwise each problem with its message.
"""

import os
import re
import subprocess
import sys
import tempfile
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PARTICLES = {"은", "는", "이", "가", "을", "를", "과", "와", "으로", "로", "이나", "나",
             "이라는", "라는", "이다", "다"}
PLACEHOLDER = re.compile(r"(?<!\{)\{(\d+)(?:\|([^}]*))?\}")
BOTH_FORMS = re.compile(r"(은\(는\)|는\(은\)|이\(가\)|가\(이\)|을\(를\)|를\(을\)|과\(와\)|와\(과\)|\(으\)로)")


def unquote(s):
    """The text of a PO string literal (without its quotes)."""
    out, i = [], 0
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append(escapes.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def read_po(path):
    """[{msgid, msgid_plural, msgstr: [...], fuzzy, obsolete}] of a PO file."""
    entries = []
    flags = ""
    entry = None
    field = None
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            obsolete = line.startswith("#~")
            if obsolete:
                line = line[2:].lstrip()
            if line.startswith("#,"):
                flags += line
                continue
            if line.startswith("#") or not line.strip():
                continue
            m = re.match(r'(msgid_plural|msgid|msgstr(?:\[\d+\])?|msgctxt)\s+"(.*)"$', line)
            if m:
                key, text = m.group(1), unquote(m.group(2))
                if key in ("msgid", "msgctxt") and (entry is None or field not in ("msgctxt",)):
                    entry = {"msgid": "", "msgid_plural": None, "msgstr": [],
                             "fuzzy": "fuzzy" in flags, "obsolete": obsolete}
                    entries.append(entry)
                    flags = ""
                if key == "msgid":
                    entry["msgid"] = text
                elif key == "msgid_plural":
                    entry["msgid_plural"] = text
                elif key.startswith("msgstr"):
                    entry["msgstr"].append(text)
                field = key
            elif line.startswith('"') and entry is not None:
                text = unquote(line.strip()[1:-1])
                if field == "msgid":
                    entry["msgid"] += text
                elif field == "msgid_plural":
                    entry["msgid_plural"] += text
                elif field.startswith("msgstr"):
                    entry["msgstr"][-1] += text
    return entries


def placeholders(text):
    return Counter(m.group(1) for m in PLACEHOLDER.finditer(text))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "policygraph.pot")
        subprocess.run([os.path.join(ROOT, "po", "extract.sh"), pot], check=True)
        wanted = {(e["msgid"], e["msgid_plural"]) for e in read_po(pot) if e["msgid"]}
    if len(wanted) < 100:
        print(f"only {len(wanted)} messages extracted: the extraction is broken")
        return 1
    problems = []
    catalogues = sorted(f for f in os.listdir(os.path.join(ROOT, "po")) if f.endswith(".po"))
    if not catalogues:
        problems.append("no catalogue in po/")
    for name in catalogues:
        path = os.path.join(ROOT, "po", name)
        check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, path],
                               capture_output=True, text=True)
        if check.returncode != 0:
            problems.append(f"{name}: msgfmt --check: {check.stderr.strip()}")
        have = {}
        for e in read_po(path):
            if e["msgid"] and not e["obsolete"]:
                have[(e["msgid"], e["msgid_plural"])] = e
        for key in sorted(wanted, key=lambda k: k[0]):
            msgid, plural = key
            e = have.get(key)
            shown = msgid.replace("\n", "\\n")[:90]
            if e is None or not any(e["msgstr"]) or any(not s for s in e["msgstr"]):
                problems.append(f"{name}: not translated: {shown!r}")
                continue
            if e["fuzzy"]:
                problems.append(f"{name}: fuzzy: {shown!r}")
            for translation in e["msgstr"]:
                expected = placeholders(msgid) | placeholders(plural or "")
                if placeholders(translation).keys() != expected.keys():
                    problems.append(f"{name}: placeholders differ in {shown!r}: "
                                    f"{sorted(expected)} in the message, "
                                    f"{sorted(placeholders(translation))} in {translation!r}")
                for m in PLACEHOLDER.finditer(translation):
                    if m.group(2) is not None and m.group(2) not in PARTICLES:
                        problems.append(f"{name}: unknown particle {m.group(0)!r} in {translation!r}")
                if BOTH_FORMS.search(translation):
                    problems.append(f"{name}: both forms of a particle in {translation!r}; "
                                    "write {{N|은}} after the placeholder")
    for p in problems:
        print(p)
    print(f"{len(wanted)} messages; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
