#!/usr/bin/env bash
# A misspelt name on the command line is a bad command line (exit 2) that
# suggests the nearest name and lists what there is, for every option that
# takes names or ids, one or a list of them; no entry of a list is dropped
# without a word:
#   suggestions_test.sh POLICYGRAPH
set -uo pipefail
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
model=$root/tests/data/small.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$root/tests/script_lib.sh"

# typo CMD MESSAGE ARGS...: `CMD MODEL ARGS...` exits with 2 and says
# exactly MESSAGE (a fixed string, the whole line after "error: ").
typo() {
  local cmd=$1 message=$2
  shift 2
  expect 2 "" "$cmd $*" -- "$bin" "$cmd" "$model" "$@"
  local line
  line=$(head -1 "$tmp/stderr")
  [ "$line" = "policygraph $cmd: error: $message" ] ||
    fail "$cmd $*: said '$line', expected 'policygraph $cmd: error: $message'"
}

structures="the model has: before, after"

# --- structure ids: --structure, --structures, --baseline, --against, FROM, TO
for cmd in metrics export; do
  typo "$cmd" "unknown structure \"aftr\" (did you mean \"after\"?); $structures" --structure aftr \
    --format json
done
typo dot "unknown structure \"aftr\" (did you mean \"after\"?); $structures" --structure aftr
typo optimize "unknown structure \"befre\" (did you mean \"before\"?); $structures" --structure befre
for cmd in compare sensitivity; do
  typo "$cmd" "unknown structure \"aftr\" (did you mean \"after\"?); $structures" \
    --structures before,aftr
  typo "$cmd" "unknown structure \"befor\" (did you mean \"before\"?); $structures" --baseline befor
done
typo report "unknown structure \"aftr\" (did you mean \"after\"?); $structures" \
  --structures before,aftr -o "$tmp/page.html"
typo compare "the baseline \"before\" is not among the compared structures: after" \
  --structures after --baseline before
typo dot "unknown structure \"befor\" (did you mean \"before\"?); $structures" \
  --view diff --against befor
typo diff "unknown structure \"befre\" (did you mean \"before\"?); $structures" befre after

# --- optimize --pin (functions, domain:ID, unit:ID) and --targets (kinds) ------
typo optimize "--pin: unknown function \"suply\" (did you mean \"supply\"?); the model has: supply, export-control, minerals, ai (domain:ID pins a domain's functions, unit:ID a unit's)" \
  --structure before --pin ai --pin suply
typo optimize "--pin: unknown domain \"securty\" (did you mean \"security\"?); the model has: security, growth" \
  --structure before --pin domain:securty
typo optimize "--pin: unknown unit \"trade-ofice\" (did you mean \"trade-office\"?); structure before has: ministry, industry-office, trade-office, supply-bureau" \
  --structure before --pin unit:trade-ofice
typo optimize "--targets: unknown unit kind \"bureu\" (did you mean \"bureau\"?); structure before has: bureau, ministry, office" \
  --structure before --targets office,bureu
typo optimize "--targets: unknown unit kind \"owing\"; structure before has: bureau, ministry, office; --targets also takes owning or all (did you mean \"owning\"?)" \
  --structure before --targets owing
# The kinds of the structure asked for: after has the same kinds.
expect 0 "" "optimize --targets office,bureau" -- \
  "$bin" optimize "$model" --structure after --targets office,bureau
grep -q "targets: units of kind office,bureau;" "$tmp/stdout" ||
  fail "--targets office,bureau: $(tail -1 "$tmp/stdout")"

# --- options with fixed choices -------------------------------------------------
formats="table, json, csv, markdown or xlsx"
for cmd in metrics compare sensitivity; do
  typo "$cmd" "--format takes $formats, not \"jsn\" (did you mean \"json\"?)" --format jsn
done
typo diff "--format takes $formats, not \"markdwn\" (did you mean \"markdown\"?)" before after \
  --format markdwn
typo optimize "--format takes table or json, not \"jsn\" (did you mean \"json\"?)" \
  --structure before --format jsn
typo export "--format takes graphml or json, not \"graphm\" (did you mean \"graphml\"?)" \
  --format graphm
typo metrics "--table takes summary, domains, units, misplaced or levels, not \"domain\" (did you mean \"domains\"?)" \
  --format csv --table domain
# compare checks --table whatever the format, as metrics does.
typo compare "--table takes summary, consolidation, domains, units, misplaced or levels, not \"consolidaton\" (did you mean \"consolidation\"?)" \
  --table consolidaton
for cmd in metrics compare; do
  typo "$cmd" "--betweenness takes exact, sample:K or skip, not \"exat\" (did you mean \"exact\"?)" \
    --betweenness exat
  typo "$cmd" "--betweenness takes exact, sample:K or skip, not \"sample\" (did you mean \"sample:K\"?)" \
    --betweenness sample
  for k in 0 -3 x K 1.5 ""; do
    typo "$cmd" "--betweenness sample:K takes a whole number of sources K of 1 or more, not \"$k\"" \
      --betweenness "sample:$k"
  done
done
typo dot "--view takes functions, units, tree or diff, not \"tres\" (did you mean \"tree\"?)" --view tres
typo dot "--render takes svg, png or pdf, not \"pngg\" (did you mean \"png\"?)" --render pngg \
  -o "$tmp/picture.svg"
typo report "--view takes functions, tree or units, not \"unit\" (did you mean \"units\"?)" \
  --view unit -o "$tmp/page.html"
typo report "--view takes functions, tree or units, not \"diff\"" --view diff -o "$tmp/page.html"
typo report "--pictures takes svg, dot or none, not \"svgg\" (did you mean \"svg\"?)" \
  --pictures svgg -o "$tmp/page.html"
typo optimize "--objective takes distance or cross, not \"cros\" (did you mean \"cross\"?)" \
  --structure before --objective cros
typo optimize "--capacity must be current, headcount or a whole number from 0 to 1000000, found \"curent\" (did you mean \"current\"?)" \
  --structure before --capacity curent
[ ! -e "$tmp/page.html" ] || fail "a report with a misspelt option wrote the page"
[ ! -e "$tmp/picture.svg" ] || fail "dot with a misspelt option wrote the picture"

[ "$failures" -eq 0 ] || {
  echo "$failures failures" >&2
  exit 1
}
echo "all suggestion checks passed"
