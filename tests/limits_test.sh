#!/usr/bin/env bash
# Inputs that would need absurd memory or time are refused with a clear
# error, or handled in bounded time and memory:
#   limits_test.sh POLICYGRAPH
# - a 10 GiB dependencies CSV (one "line"; a sparse file, no disk used):
#   refused before reading, exit 1, located at its reference in the model;
# - a 600 MiB model file, and 600 MiB through a pipe: refused, exit 3;
# - 1,000,000 entries in one function's domain list (all duplicates): exit 1,
#   50 errors printed and the rest counted;
# - a unit tree 100,000 deep: validate, metrics (one profile row per level),
#   compare, dot and export all finish (no recursion on the depth).
set -uo pipefail
bin=$1
python=${2:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/script_lib.sh"

# --- files too large to read --------------------------------------------------
mkdir "$tmp/big"
cat >"$tmp/big/model.json" <<'EOF'
{"format": "policygraph/1", "domains": [{"id": "d"}],
 "functions": [{"id": "f", "domains": ["d"]}, {"id": "g", "domains": ["d"]}],
 "dependencies": {"csv": "dependencies.csv"},
 "structures": [{"id": "s", "units": [{"id": "root"}], "assign": {"f": "root", "g": "root"}}]}
EOF
printf 'from,to,weight\nf,g,' >"$tmp/big/dependencies.csv"
truncate -s 10G "$tmp/big/dependencies.csv"
expect 1 "model.json: /dependencies/csv: error: cannot read .*dependencies.csv: it is 10.0 GiB, over the limit of 2.0 GiB" \
  "10 GiB CSV" -- "$bin" validate "$tmp/big/model.json"

truncate -s 600M "$tmp/big/huge.json"
expect 3 "cannot read .*huge.json: it is 600 MiB, over the limit of 512 MiB for a model file" \
  "600 MiB model" -- "$bin" metrics "$tmp/big/huge.json"
rm -f "$tmp/big/huge.json"

# Through a pipe the size is unknown in advance: reading stops at the limit.
head -c 600M /dev/zero | "$bin" validate /dev/stdin >/dev/null 2>"$tmp/stderr"
code=$?
[ "$code" -eq 3 ] || fail "600 MiB pipe: exit $code, expected 3"
grep -q "it is more than 512 MiB" "$tmp/stderr" || fail "600 MiB pipe: $(head -c 300 "$tmp/stderr")"

# --- a million problems --------------------------------------------------------
"$python" - "$tmp/domains.json" <<'EOF'
import json, sys
model = {"format": "policygraph/1", "domains": [{"id": "d"}],
         "functions": [{"id": "f", "domains": ["d"] * 1_000_000}],
         "dependencies": [],
         "structures": [{"id": "s", "units": [{"id": "root"}], "assign": {"f": "root"}}]}
json.dump(model, open(sys.argv[1], "w"))
EOF
expect 1 "^\.\.\. and 999949 more errors$" "1M duplicate domains" -- "$bin" validate "$tmp/domains.json"
errors=$(grep -c "domains.json: .*: error: " "$tmp/stderr")
[ "$errors" -eq 50 ] || fail "1M duplicate domains: $errors errors printed, expected 50"
grep -q '/functions/0/domains/1: error: domain "d" is listed twice' "$tmp/stderr" ||
  fail "1M duplicate domains: first error missing: $(head -c 300 "$tmp/stderr")"

# --- a unit tree 100,000 deep ----------------------------------------------------
depth=100000
"$python" - "$tmp/deep.json" "$depth" <<'EOF'
import json, sys
n = int(sys.argv[2])
units = [{"id": "u0"}] + [{"id": f"u{i}", "parent": f"u{i - 1}"} for i in range(1, n)]
model = {"format": "policygraph/1", "domains": [{"id": "d"}],
         "functions": [{"id": "f", "domains": ["d"]}, {"id": "g", "domains": ["d"]}],
         "dependencies": [{"from": "f", "to": "g"}],
         "structures": [
             {"id": "s", "units": units, "assign": {"f": f"u{n - 1}", "g": "u0"}},
             {"id": "t", "base": "s", "changes": [
                 {"op": "move-unit", "unit": f"u{n - 1}", "to": "u1"}]}]}
json.dump(model, open(sys.argv[1], "w"))
EOF
expect 0 "" "deep validate" -- "$bin" validate "$tmp/deep.json"
grep -q "100000 units" "$tmp/stdout" || fail "deep validate: $(cat "$tmp/stdout")"
expect 0 "" "deep metrics" -- "$bin" metrics "$tmp/deep.json" --structure s --format csv --table levels
# One row per level plus the header; at the deepest level f and g are
# 99,999 apart, the only dependency: mean distance 99999.
rows=$(wc -l <"$tmp/stdout")
[ "$rows" -eq "$depth" ] || fail "deep metrics: $rows lines, expected $depth"
tail -1 "$tmp/stdout" | grep -q ",99999," || fail "deep metrics: last row $(tail -1 "$tmp/stdout")"
expect 0 "" "deep compare" -- "$bin" compare "$tmp/deep.json" --format json
expect 0 "" "deep diff" -- "$bin" diff "$tmp/deep.json" s t
grep -q "u99999" "$tmp/stdout" || fail "deep diff: the moved unit is missing"
for view in functions units tree; do
  expect 0 "" "deep dot $view" -- "$bin" dot "$tmp/deep.json" --view "$view"
done
expect 0 "" "deep export" -- "$bin" export "$tmp/deep.json" --format json

# --- odd files as input ----------------------------------------------------------
odd=$tmp/odd
mkdir -p "$odd"
cp "$(dirname "$0")/data/small.json" "$odd/model.json"

# A pipe and a FIFO as the model: read to their end.
expect 0 "" "model through a pipe" -- bash -c '"$1" validate <(cat "$2")' _ "$bin" "$odd/model.json"
mkfifo "$odd/model.fifo"
(sleep 0.3 && cat "$odd/model.json" >"$odd/model.fifo") &
expect 0 "" "model through a FIFO" -- timeout 20 "$bin" validate "$odd/model.fifo"
wait

# As CSV files named in a model: a FIFO (no writer: must not wait), a
# device through a link, a link loop. Each is an error at its reference.
mkfifo "$odd/functions.csv"
ln -s /dev/zero "$odd/dependencies.csv"
ln -s loop-b.csv "$odd/loop-a.csv"
ln -s loop-a.csv "$odd/loop-b.csv"
printf '%s\n' '{"format": "policygraph/1", "domains": [{"id": "d"}],' \
  ' "functions": {"csv": "functions.csv"}, "dependencies": {"csv": "dependencies.csv"},' \
  ' "structures": [{"id": "s", "units": [{"id": "root"}], "assign_csv": "loop-a.csv"}]}' \
  >"$odd/csv-model.json"
start=$(date +%s%N)
expect 1 "csv-model.json: /functions/csv: error: cannot read .*functions.csv: it is a pipe or socket, not a regular file" \
  "FIFO as a CSV file" -- timeout 20 "$bin" validate "$odd/csv-model.json"
grep -q 'csv-model.json: /dependencies/csv: error: CSV file "dependencies.csv" leads outside the model.s folder through a symbolic link' "$tmp/stderr" ||
  fail "link to /dev/zero as a CSV file: $(cat "$tmp/stderr")"
grep -q 'csv-model.json: /structures/0/assign_csv: error: cannot read .*loop-a.csv: Too many levels of symbolic links' "$tmp/stderr" ||
  fail "link loop as a CSV file: $(cat "$tmp/stderr")"
expect 1 "csv-model.json: /dependencies/csv: error: cannot read .*dependencies.csv: it is a device, not a file" \
  "/dev/zero as a CSV file, any path allowed" -- timeout 20 "$bin" validate "$odd/csv-model.json" --allow-any-path
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
[ "$elapsed_ms" -lt 5000 ] || fail "odd CSV files: took $elapsed_ms ms"

# As the model: a device, a link loop, a name too long, a path too long.
expect 3 "error: cannot read /dev/zero: it is a device, not a file" "/dev/zero as the model" -- \
  "$bin" validate /dev/zero
expect 3 "error: cannot read .*loop-a.csv: Too many levels of symbolic links" "link loop as the model" -- \
  "$bin" metrics "$odd/loop-a.csv"
expect 3 "File name too long" "a name too long" -- "$bin" validate "$odd/$(printf 'n%.0s' $(seq 300))"
expect 3 "(a path of 5000 bytes): File name too long" "a path too long" -- \
  "$bin" validate "$(printf 'a/%.0s' $(seq 2500))"

# --- memory for a JSON file of many small values ---------------------------------
# 23 million empty objects under an unknown key: 69 MB. Refused where the
# parsed form passes 16 times the file's size plus 64 MiB, at that place;
# the peak stays under 17 times plus 64 MiB (the file itself is held too).
"$python" -c '
import sys
text = open(sys.argv[1]).read().rstrip()
assert text.endswith("}")
with open(sys.argv[2], "w") as out:
    out.write(text[:-1] + ", \"x-notes\": [" + ",".join(["{}"] * 23_000_000) + "]}")
' "$odd/model.json" "$odd/objects.json"
size=$(stat -c %s "$odd/objects.json")
/usr/bin/time -f "%M" -o "$odd/peak" "$bin" validate "$odd/objects.json" >/dev/null 2>"$tmp/stderr"
code=$?
[ "$code" -eq 1 ] || fail "many objects: exit $code, expected 1"
grep -q "objects.json: /x-notes/[0-9]*: error: the model would take more than [0-9]* MiB of memory here" "$tmp/stderr" ||
  fail "many objects: $(head -c 300 "$tmp/stderr")"
peak_kib=$(tail -1 "$odd/peak")
limit_kib=$(((17 * size + (64 << 20)) / 1024))
# (A sanitizer's shadow memory would count against the limit.)
if [ "${POLICYGRAPH_SANITIZED:-0}" != 1 ]; then
  [ "$peak_kib" -le "$limit_kib" ] || fail "many objects: peak $peak_kib KiB over $limit_kib KiB"
fi
rm -f "$odd/objects.json"

if [ "$failures" -gt 0 ]; then
  echo "$failures limit checks failed" >&2
  exit 1
fi
echo "every limit check passed"
