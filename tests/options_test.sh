#!/usr/bin/env bash
# A careless command line is a bad command line (exit 2) with a message that
# names the option, what it takes and what was given:
#   options_test.sh POLICYGRAPH
# - every numeric option of every command refuses a negative number, a
#   fraction, an exponent, trailing letters and a value past its range
#   (Boost alone would read "-1" as 18446744073709551615);
# - report --sensitivity has the range of sensitivity --samples;
# - optimize --id follows the rule for ids of the model reader;
# - --layout-timeout stops a Graphviz that hangs: dot --render fails with
#   exit 3 and nothing written, report leaves the pictures out and says why.
set -uo pipefail
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
model=$root/tests/data/small.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$root/tests/script_lib.sh"

# bad CMD OPTION VALUE RANGE [ARGS...]: `CMD MODEL ARGS... OPTION VALUE`
# exits with 2 and says exactly: OPTION must be RANGE, found "VALUE".
bad() {
  local cmd=$1 option=$2 value=$3 range=$4
  shift 4
  expect 2 "^policygraph $cmd: error: $option must be $range, found \"$value\"\$" \
    "$cmd $option $value" -- "$bin" "$cmd" "$model" "$@" "$option" "$value"
}

counts="a whole number from 0 to 1000000"
seeds="a whole number from 0 to 18446744073709551615"
levels="a whole number from 0 to 1000000"
threads="a whole number from 0 to 1024"
timeouts="a whole number from 0 to 86400"

# --- 14: every numeric option ---------------------------------------------------
opt=(--structure before)
for value in -1 1.5 1e3 12abc 1000001 " 1" ""; do
  bad optimize --max-moves "$value" "$counts" "${opt[@]}"
done
bad optimize --slack -1 "$counts" "${opt[@]}"
bad optimize --slack 2000000 "$counts" "${opt[@]}"
bad optimize --rounds -1 "$counts" "${opt[@]}"
bad optimize --rounds 0x10 "$counts" "${opt[@]}"
for value in -1 1.5 1e3 12abc +1 18446744073709551616 99999999999999999999999; do
  bad optimize --seed "$value" "$seeds" "${opt[@]}"
done
for value in -1 1e3 1.5 1000001; do
  bad optimize --capacity "$value" "current, headcount or $counts" "${opt[@]}"
done
for cmd in metrics compare sensitivity; do
  bad "$cmd" --threads -1 "$threads"
  bad "$cmd" --threads 1025 "$threads"
done
for cmd in metrics compare sensitivity report dot; do
  bad "$cmd" --level -1 "$levels"
  bad "$cmd" --level 0.5 "$levels"
done
bad sensitivity --seed -1 "$seeds"
bad report --seed -1 "$seeds"
for value in 0 -1 1000001 1e2; do
  bad sensitivity --samples "$value" "a whole number from 1 to 1000000"
done
for value in -1 -0.01 10.5 nan inf -inf 1e400 0x1p2 0.3x; do
  bad sensitivity --noise "$value" "a number from 0 to 10"
done
for value in 1 -0.5 1.5 nan; do
  bad sensitivity --drop "$value" "a number from 0 to below 1"
done
# Non-ASCII and control characters in what was given are shown escaped.
expect 2 '^policygraph optimize: error: --seed must be .*, found "1\\x1B\[2J"$' "--seed ESC" -- \
  "$bin" optimize "$model" --structure before --seed $'1\e[2J'

# The whole range is accepted: its ends, leading zeros, exponents for
# real numbers; the values reach the output unchanged.
expect 0 "" "--seed 18446744073709551615" -- \
  "$bin" optimize "$model" --structure before --seed 18446744073709551615 --max-moves 0
grep -q "^Constraints: at most 0 moved functions; .*; seed 18446744073709551615\.$" "$tmp/stdout" ||
  fail "--seed 18446744073709551615 --max-moves 0: $(tail -1 "$tmp/stdout")"
expect 0 "" "--capacity 007" -- "$bin" optimize "$model" --structure before --capacity 007
grep -q "capacity: at most 7 functions per unit;" "$tmp/stdout" ||
  fail "--capacity 007: $(tail -1 "$tmp/stdout")"
expect 0 "" "--noise 1e-1 --drop 0" -- \
  "$bin" sensitivity "$model" --samples 3 --noise 1e-1 --drop 0 --seed 0 --threads 1024
grep -q "^Sensitivity to the dependency weights: 3 samples; each dependency weight x exp(N(0, 0.1^2)); seed 0; level none$" \
  "$tmp/stdout" || fail "--noise 1e-1: $(head -1 "$tmp/stdout")"
expect 0 "" "--noise 10 --drop 0.999" -- \
  "$bin" sensitivity "$model" --samples 1 --noise 10 --drop 0.999 --format json
expect 0 "" "--level 1000000" -- "$bin" metrics "$model" --level 1000000 --threads 0

# --- 15: report --sensitivity ------------------------------------------------------
for value in -1 1e7 2147483648 1000001 18446744073709551616; do
  bad report --sensitivity "$value" "$counts" -o "$tmp/page.html"
done
[ ! -e "$tmp/page.html" ] || fail "report --sensitivity out of range wrote the page"
expect 0 "" "report --sensitivity 0" -- \
  "$bin" report "$model" --pictures none --sensitivity 0 -o "$tmp/page.html"
! grep -q "How sure we are" "$tmp/page.html" || fail "report --sensitivity 0 has a sensitivity section"
expect 0 "" "report --sensitivity 5" -- \
  "$bin" report "$model" --pictures none --sensitivity 5 -o "$tmp/page.html"
grep -q "How sure we are" "$tmp/page.html" || fail "report --sensitivity 5 has no sensitivity section"

# --- 16: optimize --id ------------------------------------------------------------
idcheck() {
  local shown=$1 why=$2 id=$3
  expect 2 "^policygraph optimize: error: --id: id \"$shown\" $why\$" "--id $shown" -- \
    "$bin" optimize "$model" --structure before --id "$id" --append "$tmp/appended.json"
  [ ! -e "$tmp/appended.json" ] || fail "--id $shown: --append wrote a model"
}
idcheck 'a\\x0Ab' "contains a control character" $'a\nb'
idcheck 'a\\x1B\[2Jb' "contains a control character" $'a\e[2Jb'
idcheck 'x\\x7F' "contains a control character" $'x\x7f'
idcheck '' "is empty" ''
idcheck '\\xFF' "is not valid UTF-8" $'\xff'
# A good id, one with letters of any language, loads back.
expect 0 "" "--id 최적안" -- \
  "$bin" optimize "$model" --structure before --id "최적안" --append "$tmp/appended.json"
grep -q "^Proposal 최적안: " "$tmp/stdout" || fail "--id 최적안: $(head -1 "$tmp/stdout")"
expect 0 "" "--id 최적안: the model appended validates" -- "$bin" validate "$tmp/appended.json"
grep -q ": valid: .* 3 structures" "$tmp/stdout" || fail "--id 최적안: validate says $(cat "$tmp/stdout")"
# An id the model has already gets a number: the proposal never replaces a structure.
rm -f "$tmp/appended.json"
expect 0 "" "--id after" -- \
  "$bin" optimize "$model" --structure before --id after --append "$tmp/appended.json"
grep -q "^Proposal after-2: " "$tmp/stdout" || fail "--id after: $(head -1 "$tmp/stdout")"
expect 0 "" "--id after: the model appended validates" -- "$bin" validate "$tmp/appended.json"

# --- 19: --layout-timeout --------------------------------------------------------
for cmd in dot report; do
  bad "$cmd" --layout-timeout -1 "$timeouts" -o "$tmp/never"
  bad "$cmd" --layout-timeout 86401 "$timeouts" -o "$tmp/never"
  bad "$cmd" --layout-timeout 0.5 "$timeouts" -o "$tmp/never"
done

# A dot that hangs, and ignores SIGTERM as well: it is killed.
mkdir -p "$tmp/hang" "$tmp/pictures"
printf '#!/bin/sh\necho $$ >"%s"\ntrap "" TERM\nexec sleep 30\n' "$tmp/hang/pid" >"$tmp/hang/dot"
chmod +x "$tmp/hang/dot"
start=$(date +%s%N)
expect 3 "^policygraph: error: Graphviz's dot -Tsvg did not finish within 1 s (see --layout-timeout)\$" \
  "dot --render with dot hanging" -- \
  env PATH="$tmp/hang:$PATH" "$bin" dot "$model" --render svg --layout-timeout 1 -o "$tmp/pictures/a.svg"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
# 1 s, then the grace of 2 s after SIGTERM; far less than the 30 s of the fake.
[ "$elapsed_ms" -ge 1000 ] || fail "dot --render: stopped after $elapsed_ms ms, before the limit"
[ "$elapsed_ms" -lt 10000 ] || fail "dot --render: took $elapsed_ms ms to stop"
[ ! -e "$tmp/pictures/a.svg" ] || fail "dot --render past the limit wrote the picture"
[ -z "$(ls -A "$tmp/pictures")" ] || fail "dot --render past the limit left $(ls -A "$tmp/pictures")"
[ -s "$tmp/hang/pid" ] || fail "the fake dot did not run"
if [ -s "$tmp/hang/pid" ] && kill -0 "$(cat "$tmp/hang/pid")" 2>/dev/null; then
  fail "dot --render: the hanging dot is still running"
fi

# report: exit 0, the page says why there are no pictures, a warning on stderr.
rm -f "$tmp/hang/pid"
start=$(date +%s%N)
expect 0 "^policygraph report: warning: Graphviz's dot -Tsvg did not finish within 1 s (see --layout-timeout); the page holds the DOT source of the pictures instead\$" \
  "report with dot hanging" -- \
  env PATH="$tmp/hang:$PATH" "$bin" report "$model" --layout-timeout 1 -o "$tmp/page.html"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
# Only the first picture is tried: the others would wait as long.
[ "$elapsed_ms" -lt 10000 ] || fail "report: took $elapsed_ms ms with dot hanging"
grep -q "<p class=\"note\">Graphviz&#39;s dot -Tsvg did not finish within 1 s (see --layout-timeout). The DOT source of each picture is included instead.</p>" \
  "$tmp/page.html" || fail "report with dot hanging: the page has no note saying why"
# The alluvial picture of what changed is drawn by the tool itself; none of Graphviz's.
! grep -q 'class="graph"' "$tmp/page.html" || fail "report with dot hanging: the page has a Graphviz picture"

# No limit (0): a slow dot is waited for.
printf '#!/bin/sh\ncat >/dev/null\nsleep 1.5\necho "<svg/>"\n' >"$tmp/hang/dot"
expect 0 "" "dot --render --layout-timeout 0" -- \
  env PATH="$tmp/hang:$PATH" "$bin" dot "$model" --render svg --layout-timeout 0 -o "$tmp/pictures/b.svg"
[ "$(cat "$tmp/pictures/b.svg" 2>/dev/null)" = "<svg/>" ] || fail "--layout-timeout 0: picture not written"

# --betweenness sample:K: a sheet cannot say the values are estimates, so
# standard error does; with K at least the 3 owning units of "after" the
# values are exact and nothing is said.
expect 0 "^policygraph metrics: note: Betweenness estimated from 1 of the 3 units as sources (seed 1)" \
  "metrics --betweenness sample:1 --format csv" -- \
  "$bin" metrics "$model" --betweenness sample:1 --format csv --table units
grep -q "^after,,security-office,.*,1.5$" "$tmp/stdout" ||
  fail "sample:1: the middle of the path is not estimated as 1.5: $(cat "$tmp/stdout")"
expect 0 "" "metrics --betweenness sample:3 --format csv" -- \
  "$bin" metrics "$model" --betweenness sample:3 --format csv --table units
[ ! -s "$tmp/stderr" ] || fail "sample:3 of 3 units said something: $(cat "$tmp/stderr")"
grep -q "^after,,security-office,.*,1$" "$tmp/stdout" || fail "sample:3: not the exact 1"

[ "$failures" -eq 0 ] || {
  echo "$failures failures" >&2
  exit 1
}
echo "all option checks passed"
