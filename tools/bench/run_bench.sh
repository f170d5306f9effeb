#!/usr/bin/env bash
# policygraph against python-igraph and networkx, side by side, as whole
# commands: the same model files, the same metric work, wall time and peak
# memory from /usr/bin/time -v, every figure from one run. See README.md.
set -euo pipefail
export LC_ALL=C  # a decimal point in $EPOCHREALTIME and awk

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/tools/bench"
PY=/usr/bin/python3  # Debian's: python-igraph 0.10 and networkx 2.8
BIN=""
WORK=""
KEEP=0
WORK_GIVEN=0
SIZES="10k,100k,1m,pictures"
NETWORKX=1
TIMEOUT=1800
REPEAT=1

usage() {
  cat <<'EOF'
Usage: tools/bench/run_bench.sh [--bin DIR] [--work DIR] [--sizes LIST] [--keep]
                                [--no-networkx] [--timeout SEC] [--repeat N]

Generates synthetic models (policygraph-generate) and times, as whole commands:
  policygraph metrics MODEL --format json      (all cores, and --threads 1)
  policygraph compare MODEL --format json      (when the binary has `compare`)
  (both with --work-grouping skip: the peers do not run Leiden)
  policygraph validate MODEL, and wc -l on the same CSV files (the floor of loading)
  peer_igraph.py MODEL [--compare]             (python-igraph + numpy)
  peer_networkx.py MODEL [--compare]           (networkx; not at 1m)
then checks that every peer printed the same figures as policygraph
(tests/reference/compare_json.py, 1e-9 relative) and prints a table.

Models (seed 1, depth 4, 12 domains, structures before + after):
  10k   1,000 functions /    10,000 dependencies /    50 units, CSV
  100k 10,000 functions /   100,000 dependencies /   500 units, CSV and JSON
  1m  100,000 functions / 1,000,000 dependencies / 5,000 units, CSV
  10m 1,000,000 functions / 10,000,000 dependencies / 50,000 units, CSV:
      policygraph alone, --betweenness skip (exact Brandes on 50,000 units
      is out of reach for every tool here); about 350 MB of files
  pictures  report MODEL and dot MODEL --render svg (10 s time budget) on
      1,500 functions / 9,000 dependencies and 20,000 / 120,000

Options:
  --bin DIR      folder with policygraph and policygraph-generate
                 (default: build/release/tools, built with the release preset
                 when missing)
  --work DIR     folder for models and outputs (default: a new temporary
                 folder, removed at the end unless --keep)
  --sizes LIST   comma-separated subset of 10k,100k,1m,10m,pictures
                 (default: 10k,100k,1m,pictures)
  --keep         keep the work folder
  --no-networkx  skip the networkx peer everywhere
  --timeout SEC  give up on one command after SEC seconds (default 1800)
  --repeat N     run each command N times and keep the fastest (default 1)
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --bin) BIN="$2"; shift 2 ;;
    --work) WORK="$2"; WORK_GIVEN=1; shift 2 ;;
    --sizes) SIZES="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-networkx) NETWORKX=0; shift ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run_bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# ---- binaries ------------------------------------------------------------------
if [[ -z "$BIN" ]]; then
  BIN="$ROOT/build/release/tools"
  if [[ ! -x "$BIN/policygraph" || ! -x "$BIN/policygraph-generate" ]]; then
    echo "run_bench.sh: building the release preset into build/release" >&2
    (cd "$ROOT" && cmake --preset release >/dev/null && cmake --build --preset release -j2 >/dev/null)
  fi
fi
BIN=$(cd "$BIN" && pwd)
PG="$BIN/policygraph"
GEN="$BIN/policygraph-generate"
for exe in "$PG" "$GEN"; do
  [[ -x "$exe" ]] || { echo "run_bench.sh: $exe is missing (build it first)" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "run_bench.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
"$PY" -c 'import igraph, networkx, numpy' 2>/dev/null ||
  { echo "run_bench.sh: $PY lacks igraph, networkx or numpy" >&2; exit 2; }
HAS_COMPARE=0
if "$PG" --help | grep -qE '^ +compare '; then HAS_COMPARE=1; fi
# The peers do not compute the work's own grouping (Leiden, random): it is
# left out on both sides, so that the work compared is the same.
SKIP_GROUPING=()
if "$PG" metrics --help | grep -q -- '--work-grouping'; then SKIP_GROUPING=(--work-grouping skip); fi

if [[ -z "$WORK" ]]; then
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/policygraph-bench.XXXXXX")
  [[ $KEEP -eq 1 ]] || trap 'rm -rf "$WORK"' EXIT
else
  mkdir -p "$WORK"
fi
RESULTS="$WORK/results.tsv"
printf 'size\tinput\tcommand\ttool\twall_s\ttime_wall_s\tpeak_mb\tcpu_s\tothers\tstatus\n' >"$RESULTS"
CLK_TCK=$(getconf CLK_TCK)

# ---- helpers -------------------------------------------------------------------
# busy_seconds: CPU seconds spent by the whole machine so far (/proc/stat).
busy_seconds() {
  awk -v tick="$CLK_TCK" '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / tick }' /proc/stat
}

# timed SIZE INPUT COMMAND TOOL OUT -- PROGRAM...: runs PROGRAM (stdout to
# OUT, stderr to OUT.err) under /usr/bin/time -v, REPEAT times, and appends
# the fastest run to RESULTS:
# - wall_s: read by the script around the command (microseconds; it includes
#   the few milliseconds of starting /usr/bin/time and timeout), because
#   /usr/bin/time prints hundredths of a second only (time_wall_s);
# - peak_mb: maximum resident set size (/usr/bin/time);
# - cpu_s: user + system seconds of the command (/usr/bin/time);
# - others: cores kept busy by other processes meanwhile (machine-wide busy
#   time from /proc/stat minus cpu_s, over wall_s; "-" under half a second):
#   above 0.1, the figure is disturbed and marked.
timed() {
  local size="$1" input="$2" command="$3" tool="$4" out="$5"
  shift 6
  local status=ok best="" row="" r
  for ((r = 0; r < REPEAT; r++)); do
    local start end busy0 busy1
    busy0=$(busy_seconds)
    start=$EPOCHREALTIME
    if ! /usr/bin/time -v -o "$out.time" timeout "$TIMEOUT" "$@" >"$out" 2>"$out.err"; then
      status="failed"
      grep -q 'Command exited with non-zero status 124' "$out.time" && status="timeout"
    fi
    end=$EPOCHREALTIME
    busy1=$(busy_seconds)
    local figures
    figures=$(awk -F': ' -v a="$start" -v b="$end" -v b0="$busy0" -v b1="$busy1" '
      /Elapsed \(wall clock\)/ { n = split($2, p, ":"); tw = 0; for (i = 1; i <= n; i++) tw = tw * 60 + p[i] }
      /User time \(seconds\)/ { cpu += $2 }
      /System time \(seconds\)/ { cpu += $2 }
      /Maximum resident set size/ { peak = $2 / 1024 }
      END {
        wall = b - a; others = (b1 - b0 - cpu) / (wall > 0 ? wall : 1); if (others < 0) others = 0
        # /proc/stat counts in ticks (10 ms): too coarse below half a second.
        printf "%.3f\t%s\t%.1f\t%.2f\t%s", wall, tw, peak, cpu, wall < 0.5 ? "-" : sprintf("%.2f", others)
      }' "$out.time")
    if [[ -z "$best" ]] || awk -v x="${figures%%$'\t'*}" -v y="$best" 'BEGIN { exit !(x < y) }'; then
      best="${figures%%$'\t'*}"
      row="$figures"
      cp "$out.err" "$out.err.fastest"  # its --timings, for the report
    fi
    [[ "$status" == ok ]] || break
  done
  mv "$out.err.fastest" "$out.err"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$input" "$command" "$tool" "$row" "$status" >>"$RESULTS"
  IFS=$'\t' read -r wall _ peak cpu others <<<"$row"
  printf '  %-6s %-5s %-8s %-26s %9.3f s %8.1f MB  cpu %7.2f s  others %4s  %s\n' \
    "$size" "$input" "$command" "$tool" "$wall" "$peak" "$cpu" "$others" "$status" >&2
}

# agree EXPECTED ACTUAL: "same" when the peer printed policygraph's figures
# (1e-9 relative; compare's optional "delta" objects are not compared).
agree() {
  "$PY" - "$1" "$2" "$ROOT/tests/reference" <<'EOF'
import json, sys
sys.path.insert(0, sys.argv[3])
from compare_json import compare
def load(p):
    with open(p, encoding="utf-8") as fh:
        return json.load(fh)
try:
    ours, theirs = load(sys.argv[1]), load(sys.argv[2])
except (OSError, ValueError):
    print("no output"); sys.exit()
for s in ours.get("structures", []):
    s.pop("delta", None)
out = []
compare(ours, theirs, "$", 1e-9, 1e-12, out)
print("same" if not out else f"DIFFERS ({len(out)}: {out[0]})")
EOF
}

model_args() {
  case "$1" in
    10k) echo "--functions 1000 --dependencies 10000 --units 50" ;;
    100k) echo "--functions 10000 --dependencies 100000 --units 500" ;;
    1m) echo "--functions 100000 --dependencies 1000000 --units 5000" ;;
    10m) echo "--functions 1000000 --dependencies 10000000 --units 50000" ;;
    pictures) echo "" ;;
    *) echo "run_bench.sh: unknown size $1 (10k, 100k, 1m, 10m or pictures)" >&2; exit 2 ;;
  esac
}

# ---- run -----------------------------------------------------------------------
{
  echo "# policygraph benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "# $("$PG" --version); $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo))"
  echo "# $("$PY" -c 'import sys, igraph, networkx, numpy; print(f"python {sys.version.split()[0]}, python-igraph {igraph.__version__}, networkx {networkx.__version__}, numpy {numpy.__version__}")')"
  echo "# binaries: $BIN; work folder: $WORK"
  echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (the figures assume an idle machine)"
} >&2

declare -a CHECKS=()
# The floor of every peer figure: starting the interpreter and importing.
timed "-" "-" startup "python3 + import igraph" "$WORK/import-igraph.out" -- \
  "$PY" -c 'import igraph, numpy, csv, json'
timed "-" "-" startup "python3 + import networkx" "$WORK/import-networkx.out" -- \
  "$PY" -c 'import networkx, csv, json'
IFS=',' read -r -a size_list <<<"$SIZES"
for size in "${size_list[@]}"; do
  args=$(model_args "$size")
  if [[ "$size" == pictures ]]; then
    for shape in "1500 9000" "20000 120000"; do
      read -r functions dependencies <<<"$shape"
      dir="$WORK/pictures-$functions"
      "$GEN" --functions "$functions" --dependencies "$dependencies" --depth 4 --domains 12 \
        --structures 2 --seed 1 -o "$dir" 2>/dev/null
      timed "$functions fn" json report policygraph "$dir/report.out" -- \
        "$PG" report "$dir/model.json" -o "$dir/report.html" --timings
      timed "$functions fn" json "dot svg" policygraph "$dir/picture.out" -- \
        "$PG" dot "$dir/model.json" --render svg -o "$dir/picture.svg"
    done
    continue
  fi
  BETWEENNESS=()
  [[ "$size" == 10m ]] && BETWEENNESS=(--betweenness skip)
  inputs="csv"
  [[ "$size" == "100k" ]] && inputs="csv json"
  for input in $inputs; do
    dir="$WORK/$size-$input"
    # shellcheck disable=SC2086
    "$GEN" $args --depth 4 --domains 12 --structures 2 --seed 1 --form "$input" -o "$dir" 2>/dev/null
    "$PG" validate "$dir/model.json" >/dev/null
    model="$dir/model.json"
    echo "# $size ($input): $(du -sh "$dir" | cut -f1) of model files" >&2

    if [[ "$input" == csv ]]; then
      timed "$size" "$input" load "policygraph validate" "$dir/pg-validate.out" -- \
        "$PG" validate "$model"
      timed "$size" "$input" load "wc -l" "$dir/wc.out" -- wc -l "$dir"/*.csv
    fi
    timed "$size" "$input" metrics policygraph "$dir/pg-metrics.json" -- \
      "$PG" metrics "$model" --format json --timings "${SKIP_GROUPING[@]}" "${BETWEENNESS[@]}"
    if [[ "$size" == 10m ]]; then
      timed "$size" "$input" compare policygraph "$dir/pg-compare.json" -- \
        "$PG" compare "$model" --format json --timings "${SKIP_GROUPING[@]}" "${BETWEENNESS[@]}"
      continue
    fi
    timed "$size" "$input" metrics "policygraph --threads 1" "$dir/pg1-metrics.json" -- \
      "$PG" metrics "$model" --format json --threads 1 "${SKIP_GROUPING[@]}"
    timed "$size" "$input" metrics igraph "$dir/igraph-metrics.json" -- \
      "$PY" "$HERE/peer_igraph.py" "$model"
    CHECKS+=("$size $input metrics igraph: $(agree "$dir/pg-metrics.json" "$dir/igraph-metrics.json")")
    if [[ $NETWORKX -eq 1 && "$size" != "1m" ]]; then
      timed "$size" "$input" metrics networkx "$dir/networkx-metrics.json" -- \
        "$PY" "$HERE/peer_networkx.py" "$model"
      CHECKS+=("$size $input metrics networkx: $(agree "$dir/pg-metrics.json" "$dir/networkx-metrics.json")")
    fi
    if [[ $HAS_COMPARE -eq 1 ]]; then
      timed "$size" "$input" compare policygraph "$dir/pg-compare.json" -- \
        "$PG" compare "$model" --format json --timings "${SKIP_GROUPING[@]}"
      timed "$size" "$input" compare igraph "$dir/igraph-compare.json" -- \
        "$PY" "$HERE/peer_igraph.py" "$model" --compare
      CHECKS+=("$size $input compare igraph: $(agree "$dir/pg-compare.json" "$dir/igraph-compare.json")")
      if [[ $NETWORKX -eq 1 && "$size" != "1m" ]]; then
        timed "$size" "$input" compare networkx "$dir/networkx-compare.json" -- \
          "$PY" "$HERE/peer_networkx.py" "$model" --compare
        CHECKS+=("$size $input compare networkx: $(agree "$dir/pg-compare.json" "$dir/networkx-compare.json")")
      fi
    fi
  done
  if [[ "$inputs" == "csv json" ]]; then
    if cmp -s "$WORK/$size-csv/pg-metrics.json" "$WORK/$size-json/pg-metrics.json"; then
      CHECKS+=("$size policygraph metrics, CSV and JSON inputs: identical output")
    else
      CHECKS+=("$size policygraph metrics, CSV and JSON inputs: DIFFERENT output")
    fi
  fi
done

# ---- report --------------------------------------------------------------------
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo
echo "Wall time and peak memory of whole commands (peak from /usr/bin/time -v), one run."
echo "x policygraph: the tool's figure over policygraph's (all cores) for the same model and command."
[[ $REPEAT -gt 1 ]] && echo "Fastest of $REPEAT runs of each command."
"$PY" - "$RESULTS" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
ours = ("policygraph", "policygraph validate")
base = {(r["size"], r["input"], r["command"]): r for r in rows if r["tool"] in ours}
head = ("size", "input", "command", "tool", "wall s", "cpu s", "peak MB",
        "x policygraph (wall)", "x policygraph (memory)")
lines = []
disturbed = False
for r in rows:
    b = base.get((r["size"], r["input"], r["command"]))
    def ratio(key):
        if r["tool"] in ours or b is None or r["status"] != "ok":
            return "" if r["status"] == "ok" else r["status"]
        x = float(r[key]) / max(float(b[key]), 1e-9)
        return f"{x:.1f}" if x >= 0.95 else f"{x:.3f}"
    mark = " *" if r["others"] != "-" and float(r["others"]) > 0.1 else ""
    disturbed = disturbed or bool(mark)
    lines.append((r["size"], r["input"], r["command"], r["tool"], f"{float(r['wall_s']):.3f}{mark}",
                  f"{float(r['cpu_s']):.2f}", f"{float(r['peak_mb']):.0f}", ratio("wall_s"),
                  ratio("peak_mb")))
width = [max(len(str(x[i])) for x in [head] + lines) for i in range(len(head))]
fmt = lambda row: "| " + " | ".join(str(c).ljust(w) if i < 4 else str(c).rjust(w)
                                    for i, (c, w) in enumerate(zip(row, width))) + " |"
print(fmt(head))
print("|" + "|".join("-" * (w + 2) for w in width) + "|")
for l in lines:
    print(fmt(l))
loads = [(r["size"], float(base[(r["size"], r["input"], "load")]["wall_s"]) / max(float(r["wall_s"]), 1e-9))
         for r in rows if r["command"] == "load" and r["tool"] == "wc -l" and r["status"] == "ok"]
if loads:
    print()
    print("Loading (policygraph validate) against reading the same CSV files with wc -l: " +
          ", ".join(f"{size} {x:.0f}x" for size, x in loads) + ".")
if disturbed:
    print("* other processes kept more than 0.1 core busy during this command (see 'others' in results.tsv)")
EOF
if [[ $NETWORKX -eq 1 && ",$SIZES," == *",1m,"* ]]; then
  echo "networkx is not run at 1m: expected to take well over 15 minutes (pure-Python exact"
  echo "betweenness of a ~4,900-unit graph with ~340k edges; it takes ~7 s at 100k already)."
fi
echo
echo "Same figures as policygraph (tests/reference/compare_json.py, 1e-9 relative):"
for c in "${CHECKS[@]}"; do echo "  $c"; done
echo
echo "policygraph --timings (stderr of the timed runs, all cores; the fastest of each):"
for size in "${size_list[@]}"; do
  for f in "$WORK/$size"-*/pg-metrics.json.err "$WORK/$size"-*/pg-compare.json.err \
    "$WORK/$size"-*/report.out.err "$WORK/$size"-*/picture.out.err; do
    [[ -s "$f" ]] || continue
    d=$(basename "$(dirname "$f")")
    echo "  $d $(basename "$f" | sed 's/^pg-//; s/\.json\.err$//; s/\.out\.err$//'):"
    sed 's/^/    /' "$f"
  done
done
echo
if [[ $KEEP -eq 1 || $WORK_GIVEN -eq 1 ]]; then
  echo "Raw figures and outputs: $WORK (results.tsv)"
fi
