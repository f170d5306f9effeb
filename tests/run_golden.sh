#!/usr/bin/env bash
# Runs one golden case and diffs what a user sees against the expected text.
#
#   run_golden.sh POLICYGRAPH tests/golden/NAME.args   arguments from the file
#   run_golden.sh POLICYGRAPH tests/bad/NAME.json      `validate` on a bad input
#
# The expected text (NAME.expected beside the case) holds the command, its
# standard output, its standard error and its exit status. Commands run in the
# repository root so that paths in messages are stable. UPDATE_GOLDEN=1
# rewrites the expected file instead (read the diff before committing it).
set -u
bin=$1
case_file=$2
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
case "$case_file" in
  *.args) args=$(cat "$case_file"); expected=${case_file%.args}.expected ;;
  *) args="validate ${case_file#"$root"/}"; expected=${case_file%.*}.expected ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
eval "set -- $args"
"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
code=$?
{
  printf '$ policygraph %s\n' "$args"
  cat "$tmp/out"
  printf -- '--- stderr\n'
  cat "$tmp/err"
  printf -- '--- exit %d\n' "$code"
} >"$tmp/actual"
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$tmp/actual" "$expected"
  exit 0
fi
if [ ! -f "$expected" ]; then
  echo "missing $expected; this run printed:"
  cat "$tmp/actual"
  exit 1
fi
diff -u "$expected" "$tmp/actual"
