#!/usr/bin/env bash
# `dot --render` keeps Graphviz within --time-budget (docs/cli.md, "Time budget"):
#   time_budget_test.sh POLICYGRAPH POLICYGRAPH-GENERATE
# - with the default view, a model of too many functions for a picture is
#   drawn as units, and said so; --view functions draws functions anyway;
# - the units view folds to the deepest level whose estimate fits, and says
#   so on standard error and in the picture's subtitle; the level expected
#   here is worked out from the node and edge counts Graphviz's own `gc`
#   reads in the DOT text of each level, with the formula of docs/cli.md;
# - --level, --time-budget 0 and DOT text output are left as they are.
# A fake `dot` on the PATH keeps the DOT text it was given.
set -uo pipefail
bin=$1
generate=$2
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$root/tests/script_lib.sh"

mkdir -p "$tmp/fake"
printf '#!/bin/sh\ncat >"%s"\necho "<svg/>"\n' "$tmp/seen.dot" >"$tmp/fake/dot"
chmod +x "$tmp/fake/dot"
fake=(env PATH="$tmp/fake:$PATH")
"$generate" --functions 600 --dependencies 3000 --units 150 --seed 3 -o "$tmp/m" >/dev/null 2>&1 ||
  fail "the generator failed"
model=$tmp/m/model.json

# The estimate of docs/cli.md for the units view at LEVEL ("" for none).
estimate() {
  local args=(dot "$model" --view units -o "$tmp/units.dot")
  [ -z "$1" ] || args+=(--level "$1")
  "$bin" "${args[@]}" || fail "units view at level '$1'"
  gc -n -e "$tmp/units.dot" | awk '{ printf "%.6f\n", 7.06e-06 * $1 ^ 1.397 * $2 ^ 0.998 }'
}
# The level the budget calls for: none when the unfolded picture fits, else
# the deepest of 3, 2, 1 (the generated tree is 4 deep) that fits, else 1.
expected_level() {
  local budget=$1
  if awk -v t="$(estimate "")" -v b="$budget" 'BEGIN { exit !(t <= b) }'; then
    echo none
    return
  fi
  for level in 3 2 1; do
    if awk -v t="$(estimate "$level")" -v b="$budget" 'BEGIN { exit !(t <= b) }'; then
      echo "$level"
      return
    fi
  done
  echo 1
}

for budget in 1 5 10; do
  want=$(expected_level "$budget")
  rm -f "$tmp/seen.dot"
  expect 0 "too many for a picture of functions; drawing its units instead" \
    "dot --render svg --time-budget $budget" -- \
    "${fake[@]}" "$bin" dot "$model" --render svg --time-budget "$budget" -o "$tmp/p.svg"
  grep -q "layout=neato" "$tmp/seen.dot" || fail "budget $budget: not the units view"
  if [ "$want" = none ]; then
    ! grep -q "folded" "$tmp/stderr" || fail "budget $budget: folded, expected every unit"
    ! grep -q "folded to level" "$tmp/seen.dot" || fail "budget $budget: subtitle says folded"
  else
    grep -q "drawn folded to level $want (about .*) to fit --time-budget $budget\$" "$tmp/stderr" ||
      fail "budget $budget: expected level $want: $(cat "$tmp/stderr")"
    grep -q "folded to level $want · the deepest level that lays out within $budget s" \
      "$tmp/seen.dot" || fail "budget $budget: the subtitle does not say level $want"
  fi
  echo "budget $budget: level $want"
done
# The case above must fold at least once, or it tests nothing.
[ "$(expected_level 1)" != none ] || fail "a budget of 1 s should fold this model"
[ "$(expected_level 10)" = none ] || fail "a budget of 10 s should draw every unit"

# Asked for: functions stay functions, a level stays that level.
expect 0 "Graphviz may take minutes" "dot --view functions --render svg" -- \
  "${fake[@]}" "$bin" dot "$model" --view functions --render svg --time-budget 1 -o "$tmp/p.svg"
! grep -q "layout=neato" "$tmp/seen.dot" || fail "--view functions drew units"
expect 0 "" "dot --view units --level 4 --render svg --time-budget 1" -- \
  "${fake[@]}" "$bin" dot "$model" --view units --level 4 --render svg --time-budget 1 -o "$tmp/p.svg"
grep -q "folded to level 4<\|folded to level 4 " "$tmp/seen.dot" || fail "--level 4 not kept"
! grep -q "lays out within" "$tmp/seen.dot" || fail "--level 4 given, yet folded by the budget"
expect 0 "" "dot --view units --render svg --time-budget 0" -- \
  "${fake[@]}" "$bin" dot "$model" --view units --render svg --time-budget 0 -o "$tmp/p.svg"
! grep -q "folded" "$tmp/seen.dot" "$tmp/stderr" || fail "--time-budget 0 folded"
# DOT text is not rendered here: nothing to keep within a budget.
expect 0 "" "dot --time-budget 1 (DOT text)" -- "$bin" dot "$model" --time-budget 1 -o "$tmp/p.dot"
! grep -q "layout=neato" "$tmp/p.dot" || fail "DOT text output switched to units"

[ "$failures" -eq 0 ] || {
  echo "$failures failures" >&2
  exit 1
}
echo "all time budget checks passed"
