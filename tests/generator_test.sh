#!/usr/bin/env bash
# policygraph-generate is deterministic and writes valid models:
#   generator_test.sh GENERATOR POLICYGRAPH
# - the same options and seed give the same bytes (both forms);
# - another seed gives another model;
# - `policygraph validate` accepts the JSON and the CSV form, also with
#   several change-form structures;
# - the CSV and JSON forms of one seed give the same `metrics --format json`
#   output for every structure.
set -euo pipefail

GEN="$1"
PG="$2"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/generator_test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

SMALL=(--functions 400 --dependencies 3000 --units 40 --depth 3 --domains 5)

"$GEN" --help >/dev/null || fail "--help"

for form in json csv; do
  "$GEN" "${SMALL[@]}" --seed 11 --form "$form" -o "$TMP/$form-a" 2>/dev/null
  "$GEN" "${SMALL[@]}" --seed 11 --form "$form" -o "$TMP/$form-b" 2>/dev/null
  diff -r "$TMP/$form-a" "$TMP/$form-b" >/dev/null || fail "$form form: same seed, different bytes"
  "$GEN" "${SMALL[@]}" --seed 12 --form "$form" -o "$TMP/$form-c" 2>/dev/null
  ! diff -r -q "$TMP/$form-a" "$TMP/$form-c" >/dev/null || fail "$form form: seeds 11 and 12 agree"
  "$PG" validate "$TMP/$form-a/model.json" >/dev/null || fail "$form form: not valid"
done
[[ -f "$TMP/csv-a/functions.csv" && -f "$TMP/csv-a/dependencies.csv" &&
   -f "$TMP/csv-a/before-assign.csv" ]] || fail "csv form: missing CSV files"

for structure in before after; do
  "$PG" metrics "$TMP/json-a/model.json" --structure "$structure" --format json >"$TMP/json.out"
  "$PG" metrics "$TMP/csv-a/model.json" --structure "$structure" --format json >"$TMP/csv.out"
  cmp -s "$TMP/json.out" "$TMP/csv.out" || fail "metrics of $structure differ between the forms"
done

# Several change-form structures, a deep tree and one domain.
"$GEN" --functions 300 --dependencies 1500 --units 60 --depth 6 --domains 1 --structures 4 \
  --seed 3 -o "$TMP/many" 2>/dev/null
"$PG" validate "$TMP/many/model.json" >/dev/null || fail "4 structures: not valid"

echo "generator: deterministic, valid, both forms agree"
