#!/usr/bin/env bash
# `dot` writes what the name of its output says:
#   dot_render_test.sh POLICYGRAPH
# - without --render, -o FILE ending in .svg, .png or .pdf (any case) is
#   rendered in that format; any other name, and standard output, get DOT text;
# - --render F with -o FILE ending in another picture format, .dot or .gv is
#   a bad command line (exit 2): nothing is written and Graphviz never runs;
# - an -o FILE.svg without Graphviz fails as --render does (exit 3).
# A fake `dot` on the PATH writes the format it was asked for.
set -uo pipefail
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
model=$root/tests/data/small.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$root/tests/script_lib.sh"

mkdir -p "$tmp/fake" "$tmp/out" "$tmp/empty"
printf '#!/bin/sh\ncat >/dev/null\necho "picture $1"\necho ran >>"%s"\n' "$tmp/ran" >"$tmp/fake/dot"
chmod +x "$tmp/fake/dot"
fake=(env PATH="$tmp/fake:$PATH")

# written NAME CONTENT ARGS...: `dot MODEL ARGS... -o out/NAME` exits with 0
# and the file's first line is CONTENT.
written() {
  local name=$1 content=$2
  shift 2
  expect 0 "" "dot $* -o $name" -- "${fake[@]}" "$bin" dot "$model" "$@" -o "$tmp/out/$name"
  local first
  first=$(head -1 "$tmp/out/$name" 2>/dev/null)
  [ "$first" = "$content" ] || fail "dot $* -o $name wrote '$first', expected '$content'"
}

dot_text='graph "after" {'
written after.svg "picture -Tsvg"
written after.png "picture -Tpng"
written after.pdf "picture -Tpdf"
written AFTER.PNG "picture -Tpng"
written after.Svg "picture -Tsvg" --view tree
written after.dot "$dot_text"
written after.gv "$dot_text"
written after.txt "$dot_text"
written after "$dot_text"
written after.svg.dot "$dot_text"
written before.png "picture -Tpng" --render png
written picture "picture -Tpng" --render png
written picture.img "picture -Tpdf" --render pdf
expect 0 "" "dot -o -" -- "${fake[@]}" "$bin" dot "$model" -o -
[ "$(head -1 "$tmp/stdout")" = "$dot_text" ] || fail "dot -o -: $(head -1 "$tmp/stdout")"

# --render and a name that says otherwise: exit 2, nothing written, no Graphviz run.
rm -f "$tmp/ran"
disagree() {
  local format=$1 name=$2 message=$3
  expect 2 "" "--render $format -o $name" -- \
    "${fake[@]}" "$bin" dot "$model" --render "$format" -o "$tmp/out/$name"
  local line
  line=$(head -1 "$tmp/stderr")
  [ "$line" = "policygraph dot: error: $message" ] ||
    fail "--render $format -o $name: said '$line', expected 'policygraph dot: error: $message'"
  [ ! -e "$tmp/out/$name" ] || fail "--render $format -o $name wrote the file"
}
disagree png x.svg "--render png writes a PNG picture, but -o $tmp/out/x.svg names an SVG picture; write -o $tmp/out/x.png, or leave --render out to write an SVG picture"
disagree svg x.PDF "--render svg writes an SVG picture, but -o $tmp/out/x.PDF names a PDF picture; write -o $tmp/out/x.svg, or leave --render out to write a PDF picture"
disagree pdf x.dot "--render pdf writes a PDF picture, but -o $tmp/out/x.dot names DOT text; write -o $tmp/out/x.pdf, or leave --render out to write DOT text"
disagree svg x.gv "--render svg writes an SVG picture, but -o $tmp/out/x.gv names DOT text; write -o $tmp/out/x.svg, or leave --render out to write DOT text"
[ ! -e "$tmp/ran" ] || fail "Graphviz ran although the command line was refused"

# An -o FILE.svg without Graphviz: as --render without it, exit 3, nothing written.
expect 3 "^policygraph: error: Graphviz's dot was not found" "-o x.svg without Graphviz" -- \
  env PATH="$tmp/empty" "$bin" dot "$model" -o "$tmp/out/none.svg"
[ ! -e "$tmp/out/none.svg" ] || fail "-o none.svg without Graphviz wrote the file"

# The help says so.
expect 0 "" "dot --help" -- "$bin" dot --help
grep -q "(--render, or -o FILE ending in .svg, .png or .pdf)" "$tmp/stdout" ||
  fail "dot --help does not say how -o FILE.svg is written"

[ "$failures" -eq 0 ] || {
  echo "$failures failures" >&2
  exit 1
}
echo "all dot output checks passed"
