#!/usr/bin/env bash
# Output faults never leave a partial or damaged file behind:
#   faults_test.sh POLICYGRAPH
# For every command that writes a result:
# - standard output on a full disk (/dev/full): exit 3 and a message;
# - -o into a missing folder, -o naming a folder: exit 3, nothing created;
# - -o over an existing file with a file-size limit (ulimit -f) reached
#   half-way: exit 3, the previous file untouched, no temporary file left;
# then --render with Graphviz failing or missing, and Ctrl-C during a long run.
set -uo pipefail
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
model=$root/datasets/motie-2025/model.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$root/tests/script_lib.sh"

# No temporary file of ours may remain in the folder.
no_leftovers() {
  local left
  left=$(find "$1" -name '.*.tmp-*' | head -1)
  [ -z "$left" ] || fail "$2: temporary file left behind: $left"
}

commands=(
  "metrics|$model --format json"
  "compare|$model --format json"
  "diff|$model before-2025 after-2025 --format json"
  "optimize|$model --structure after-2025 --format json"
  "sensitivity|$model --samples 20 --format json"
  "report|$model"
  "dot|$model --view functions"
  "export|$model --format json"
)

for entry in "${commands[@]}"; do
  cmd=${entry%%|*}
  read -r -a args <<<"${entry#*|}"

  # Standard output on a full disk.
  "$bin" "$cmd" "${args[@]}" -o - >/dev/full 2>"$tmp/stderr"
  got=$?
  [ "$got" -eq 3 ] || fail "$cmd >/dev/full: exit $got, expected 3"
  grep -q "standard output" "$tmp/stderr" || fail "$cmd >/dev/full: no message ($(cat "$tmp/stderr"))"

  # A missing folder, and a path that is a folder.
  expect 3 "No such file or directory" "$cmd -o missing/out" -- \
    "$bin" "$cmd" "${args[@]}" -o "$tmp/missing/out"
  [ ! -e "$tmp/missing" ] || fail "$cmd -o missing/out created something"
  mkdir -p "$tmp/folder"
  expect 3 "it is a folder" "$cmd -o folder" -- "$bin" "$cmd" "${args[@]}" -o "$tmp/folder"

  # The full output is well over 1 KiB (checked, so the limit below bites);
  # with a 1 KiB file-size limit the write fails half-way.
  "$bin" "$cmd" "${args[@]}" -o "$tmp/full-output" 2>/dev/null || fail "$cmd: plain run failed"
  size=$(stat -c %s "$tmp/full-output")
  [ "$size" -gt 2048 ] || fail "$cmd: output of $size bytes is too small for the size-limit test"
  mkdir -p "$tmp/limited"
  printf 'previous content\n' >"$tmp/limited/out"
  (ulimit -f 1 && "$bin" "$cmd" "${args[@]}" -o "$tmp/limited/out") >/dev/null 2>"$tmp/stderr"
  got=$?
  [ "$got" -eq 3 ] || fail "$cmd past ulimit -f: exit $got, expected 3 ($(cat "$tmp/stderr"))"
  grep -q "File too large" "$tmp/stderr" || fail "$cmd past ulimit -f: message: $(cat "$tmp/stderr")"
  [ "$(cat "$tmp/limited/out")" = "previous content" ] || fail "$cmd past ulimit -f: previous file changed"
  no_leftovers "$tmp/limited" "$cmd past ulimit -f"
  rm -rf "$tmp/limited" "$tmp/full-output"
done

# --render with a Graphviz that fails, and with none on PATH.
mkdir -p "$tmp/fakebin" "$tmp/nobin" "$tmp/pictures"
printf '#!/bin/sh\ncat >/dev/null\necho "Error: layout exploded" >&2\nexit 1\n' >"$tmp/fakebin/dot"
chmod +x "$tmp/fakebin/dot"
printf 'previous picture\n' >"$tmp/pictures/after.svg"
expect 3 "layout exploded" "--render with dot failing" -- \
  env PATH="$tmp/fakebin" "$bin" dot "$model" --render svg -o "$tmp/pictures/after.svg"
expect 3 "apt-get install graphviz" "--render without dot" -- \
  env PATH="$tmp/nobin" "$bin" dot "$model" --render svg -o "$tmp/pictures/after.svg"
[ "$(cat "$tmp/pictures/after.svg")" = "previous picture" ] || fail "--render failure changed the previous file"
no_leftovers "$tmp/pictures" "--render failure"

# Ctrl-C during a long run: prompt exit by the signal, no output, no leftovers.
# (Job control on: a non-interactive shell starts background jobs with
# SIGINT ignored.)
mkdir -p "$tmp/interrupted"
set -m
"$bin" sensitivity "$model" --samples 1000000 -o "$tmp/interrupted/out" 2>/dev/null &
pid=$!
set +m
sleep 0.5
start=$(date +%s%N)
kill -INT "$pid"
wait "$pid"
got=$?
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
[ "$got" -eq 130 ] || fail "Ctrl-C: exit $got, expected 130 (killed by SIGINT)"
[ "$elapsed_ms" -lt 5000 ] || fail "Ctrl-C: took $elapsed_ms ms to stop"
[ ! -e "$tmp/interrupted/out" ] || fail "Ctrl-C: output written"
no_leftovers "$tmp/interrupted" "Ctrl-C"

if [ "$failures" -gt 0 ]; then
  echo "$failures fault checks failed"
  exit 1
fi
echo "every output fault leaves the previous file intact, exit 3, no leftovers"
