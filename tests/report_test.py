#!/usr/bin/python3
"""The report is one well-formed, self-contained page that a browser renders.

    report_test.py POLICYGRAPH

Writes the ministry report, parses it as XML, checks that it loads nothing
from anywhere (no scripts, stylesheets, images or fonts by URL), then has
headless Chromium render it to PNG and PDF and checks the screenshot is not
blank. A model whose labels, ids and file name hold characters XML forbids
must give a page that parses as XML too. Without Chromium the browser part
is skipped (exit 77 after the rest passed); CI installs it.
"""

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.dom.minidom
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def png_distinct_rows(path):
    """Number of distinct scanlines of an 8-bit PNG (blank pages have one)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, _, depth, colour = struct.unpack(">IIBB", body[:10])
            channels = {2: 3, 6: 4, 0: 1, 4: 2}[colour]
            assert depth == 8
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels + 1
    # Filter bytes make equal rows differ only when content differs.
    return len({raw[i + 1:i + stride] for i in range(0, len(raw), stride)})


def check_forbidden_characters(binary, tmp):
    """U+FFFE, U+FFFF, U+0001, CR and a file name that is not UTF-8 still give
    a page that parses as XML, with U+FFFD where the characters were."""
    with open(os.path.join(ROOT, "tests/data/small.json"), encoding="utf-8") as fh:
        model = json.load(fh)
    model["title"] = "Title \ufffe end"
    model["description"] = "one\u0001two\r\nthree \uffff"
    model["sources"][0]["note"] = "note \ufffe"
    model["domains"][0]["label"] = "Economic \ufffe security"
    model["functions"][0]["label"] = "Supply \ufffe\uffff chain"
    model["functions"][1]["id"] = "export\ufffecontrol"  # ids go to Graphviz as names
    for dependency in model["dependencies"]:
        for end in ("from", "to"):
            if dependency[end] == "export-control":
                dependency[end] = "export\ufffecontrol"
    before = model["structures"][0]
    before["assign"]["export\ufffecontrol"] = before["assign"].pop("export-control")
    after = model["structures"][1]
    for change in after["changes"]:
        if "functions" in change:
            change["functions"] = ["export\ufffecontrol" if f == "export-control" else f
                                   for f in change["functions"]]
    # ensure_ascii writes \ufffe escapes, which the reader decodes to EF BF BE.
    path = os.path.join(os.fsencode(tmp), b"model-\xff.json")
    with open(path, "w", encoding="ascii") as fh:
        json.dump(model, fh, ensure_ascii=True)
    for pictures in ("svg", "dot"):
        page = os.path.join(os.fsencode(tmp), b"forbidden-" + pictures.encode() + b".html")
        subprocess.run([os.fsencode(binary), b"report", path, b"--pictures", pictures.encode(),
                        b"-o", page], check=True)
        data = open(page, "rb").read()
        try:
            xml.dom.minidom.parseString(data)  # expat: strict UTF-8, XML 1.0 characters
        except Exception as e:
            raise SystemExit(f"the report with --pictures {pictures} and characters XML "
                             f"forbids does not parse as XML: {e}")
        text = data.decode("utf-8")
        for bad in ("\ufffe", "\uffff", "\x01"):
            if bad in text:
                raise SystemExit(f"the report holds {bad!r}, which XML forbids")
        if "<h1>Title \ufffd end</h1>" not in text or "model-\ufffd.json" not in text:
            raise SystemExit("the report lacks U+FFFD where the title and the file name had "
                             "characters XML forbids")


def page_sizes(pdf):
    """(width, height) in points of every page of a PDF Chromium wrote (its
    page objects carry their MediaBox uncompressed)."""
    data = open(pdf, "rb").read()
    return [(round(float(w)), round(float(h))) for w, h in
            re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)]


def check_print(binary, chromium, flags, tmp):
    """Printed, the English report of two structures is A4 throughout:
    portrait pages for the text and tables, and a landscape page for each of
    its six pictures (the two structures, what moved between them, where the
    functions went, and the dependency matrix of each structure)."""
    page = os.path.join(tmp, "motie-en.html")
    pdf = os.path.join(tmp, "motie-en.pdf")
    subprocess.run([binary, "report", os.path.join(ROOT, "datasets/motie-2025/model.json"),
                    "--structures", "before-2025,after-2025", "--sensitivity", "20", "--optimize",
                    "-o", page], check=True)
    subprocess.run([chromium, *flags, "--print-to-pdf=" + pdf, "--no-pdf-header-footer",
                    "file://" + page], check=True, capture_output=True, timeout=120)
    sizes = page_sizes(pdf)
    portrait, landscape = (595, 842), (842, 595)
    odd = [s for s in sizes if s not in (portrait, landscape)]
    if odd or not sizes:
        raise SystemExit(f"the printed report has pages that are not A4: {odd or 'none found'}")
    if sizes.count(landscape) != 6:
        raise SystemExit(f"the printed report has {sizes.count(landscape)} landscape pages, "
                         "expected 6 (one per picture)")


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        page = os.path.join(tmp, "motie.html")
        subprocess.run([binary, "report", os.path.join(ROOT, "datasets/motie-2025/model.json"),
                        "--sensitivity", "50", "--optimize", "--lang", "ko", "-o", page], check=True)
        text = open(page, encoding="utf-8").read()
        xml.dom.minidom.parseString(text)  # raises on malformed markup
        for pattern in (r"<script", r"<link", r"<img", r"<iframe", r"\bsrc\s*=", r"url\(",
                        r"@import", r"xlink:href=\"http"):
            if re.search(pattern, text, re.I):
                raise SystemExit(f"the report references something external: {pattern}")
        if 'lang="ko"' not in text or "산업자원안보실" not in text:
            raise SystemExit("the Korean report lacks its lang attribute or Korean labels")
        check_forbidden_characters(binary, tmp)
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if not chromium:
            print("skipped the browser part: chromium is not installed (apt-get install chromium)")
            return 77
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--user-data-dir=" + os.path.join(tmp, "profile")]
        shot = os.path.join(tmp, "motie.png")
        pdf = os.path.join(tmp, "motie.pdf")
        subprocess.run([chromium, *flags, "--window-size=1280,2000", "--screenshot=" + shot,
                        "file://" + page], check=True, capture_output=True, timeout=120)
        subprocess.run([chromium, *flags, "--print-to-pdf=" + pdf, "--no-pdf-header-footer",
                        "file://" + page], check=True, capture_output=True, timeout=120)
        rows = png_distinct_rows(shot)
        if rows < 50:
            raise SystemExit(f"the screenshot looks blank ({rows} distinct rows)")
        with open(pdf, "rb") as fh:
            head = fh.read(5)
        if head != b"%PDF-" or os.path.getsize(pdf) < 20000:
            raise SystemExit("the PDF is missing or too small")
        check_print(binary, chromium, flags, tmp)
        print(f"report: well-formed, self-contained; screenshot {rows} distinct rows; "
              f"PDF {os.path.getsize(pdf)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
