#!/usr/bin/env python3
"""--format xlsx: the workbook reads back with openpyxl, a sheet per table,
every cell equal to the same table in CSV (numbers as numbers, the rest as
text), the whole-structure figures equal to the JSON output, and the same
bytes on every run.

    xlsx_test.py POLICYGRAPH
"""
import csv
import io
import json
import math
import os
import subprocess
import sys
import tempfile

import openpyxl

BIN = sys.argv[1]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(ROOT, "datasets", "motie-2025", "model.json")
failures = []


def run(*args, env=None):
    done = subprocess.run([BIN, *args], capture_output=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"policygraph {' '.join(args)}: exit {done.returncode}: "
                         f"{done.stderr.decode()}")
    return done.stdout


def same_cell(xlsx_value, csv_text):
    """An xlsx cell against the CSV field of the same place."""
    if csv_text == "":
        return xlsx_value is None
    try:
        number = float(csv_text)
    except ValueError:
        return xlsx_value == csv_text
    if math.isfinite(number) and not csv_text.startswith("+"):
        # Numbers must be numeric cells with the value CSV prints, to the 16
        # significant digits a workbook stores (libxlsxwriter writes %.16g).
        return isinstance(xlsx_value, (int, float)) and not isinstance(xlsx_value, bool) \
            and abs(float(xlsx_value) - number) <= 1e-15 * abs(number)
    return xlsx_value == csv_text


def check_sheets(name, workbook_path, csv_args_by_sheet):
    wb = openpyxl.load_workbook(workbook_path)
    titles = [ws.title for ws in wb]
    if titles != list(csv_args_by_sheet):
        failures.append(f"{name}: sheets {titles}, expected {list(csv_args_by_sheet)}")
        return wb
    for title, csv_args in csv_args_by_sheet.items():
        rows = list(csv.reader(io.StringIO(run(*csv_args).decode())))
        ws = wb[title]
        got = [list(r) for r in ws.iter_rows(values_only=True)]
        if len(got) != len(rows):
            failures.append(f"{name}/{title}: {len(got)} rows, CSV has {len(rows)}")
            continue
        for r, (grow, crow) in enumerate(zip(got, rows)):
            grow = list(grow) + [None] * (len(crow) - len(grow))
            for c, csv_text in enumerate(crow):
                if not same_cell(grow[c], csv_text):
                    failures.append(f"{name}/{title} row {r + 1} column {c + 1}: "
                                    f"{grow[c]!r} in xlsx, {csv_text!r} in CSV")
                    break
        # The header row is bold and stays in view.
        if not ws["A1"].font.bold or ws.freeze_panes != "A2":
            failures.append(f"{name}/{title}: header not bold or not frozen")
    return wb


with tempfile.TemporaryDirectory() as tmp:
    # metrics: five sheets, the --table CSVs; the summary row against JSON.
    tables = ["summary", "domains", "units", "misplaced", "levels"]
    path = os.path.join(tmp, "metrics.xlsx")
    run("metrics", MODEL, "--structure", "after-2025", "--level", "2", "--format", "xlsx",
        "-o", path)
    wb = check_sheets("metrics", path, {
        t: ["metrics", MODEL, "--structure", "after-2025", "--level", "2", "--format", "csv",
            "--table", t] for t in tables})
    whole = json.loads(run("metrics", MODEL, "--structure", "after-2025", "--level", "2",
                           "--format", "json"))
    ws = wb["summary"]
    header = [c.value for c in ws[1]]
    values = [c.value for c in ws[2]]
    for key in ["functions", "dependencies", "total_weight", "cross_unit_share", "modularity",
                "coordination_distance_mean", "top_level_share", "escalation_depth_mean",
                "alignment_nmi"]:
        got = values[header.index(key)]
        if not isinstance(got, (int, float)) or abs(got - whole[key]) > 1e-15 * abs(whole[key]):
            failures.append(f"metrics summary {key}: {got!r} in xlsx, {whole[key]!r} in JSON")

    # compare (Korean labels), diff and sensitivity.
    tables = ["summary", "consolidation", "domains", "units", "misplaced", "levels"]
    path = os.path.join(tmp, "compare.xlsx")
    run("compare", MODEL, "--lang", "ko", "--format", "xlsx", "-o", path)
    check_sheets("compare", path, {
        t: ["compare", MODEL, "--lang", "ko", "--format", "csv", "--table", t] for t in tables})
    path = os.path.join(tmp, "diff.xlsx")
    run("diff", MODEL, "before-2025", "after-2025", "--format", "xlsx", "-o", path)
    check_sheets("diff", path, {
        "changes": ["diff", MODEL, "before-2025", "after-2025", "--format", "csv"]})
    path = os.path.join(tmp, "explain.xlsx")
    run("explain", MODEL, "before-2025", "after-2025", "--level", "1", "--format", "xlsx",
        "-o", path)
    check_sheets("explain", path, {
        t: ["explain", MODEL, "before-2025", "after-2025", "--level", "1", "--format", "csv",
            "--table", t] for t in ["events", "moves", "dependencies", "units", "shifts"]})
    path = os.path.join(tmp, "sensitivity.xlsx")
    run("sensitivity", MODEL, "--samples", "40", "--format", "xlsx", "-o", path)
    check_sheets("sensitivity", path, {
        "sensitivity": ["sensitivity", MODEL, "--samples", "40", "--format", "csv"]})

    # Same bytes twice; the date from SOURCE_DATE_EPOCH, else 1980-01-01.
    again = os.path.join(tmp, "again.xlsx")
    run("sensitivity", MODEL, "--samples", "40", "--format", "xlsx", "-o", again)
    if open(path, "rb").read() != open(again, "rb").read():
        failures.append("sensitivity --format xlsx: two runs gave different bytes")
    created = openpyxl.load_workbook(path).properties.created
    if (created.year, created.month, created.day) != (1980, 1, 1):
        failures.append(f"workbook date {created}, expected 1980-01-01")
    dated = os.path.join(tmp, "dated.xlsx")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767052800")  # 2025-12-30 00:00 UTC
    run("diff", MODEL, "before-2025", "after-2025", "--format", "xlsx", "-o", dated, env=env)
    created = openpyxl.load_workbook(dated).properties.created
    if (created.year, created.month, created.day) != (2025, 12, 30):
        failures.append(f"SOURCE_DATE_EPOCH: workbook date {created}, expected 2025-12-30")

    # A workbook is not text: standard output is refused.
    done = subprocess.run([BIN, "metrics", MODEL, "--format", "xlsx"], capture_output=True)
    if done.returncode != 2 or b"--format xlsx needs -o FILE.xlsx" not in done.stderr:
        failures.append(f"xlsx to standard output: exit {done.returncode}, {done.stderr!r}")

for f in failures:
    print("FAIL:", f)
if failures:
    sys.exit(1)
print("every workbook reads back with the cells of its CSV and JSON")
