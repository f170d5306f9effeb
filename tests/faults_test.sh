#!/usr/bin/env bash
# Output faults never leave a partial or damaged file behind:
#   faults_test.sh POLICYGRAPH
# For every command that writes a result:
# - standard output on a full disk (/dev/full): exit 3 and a message;
# - -o into a missing folder, -o naming a folder: exit 3, nothing created;
# - -o over an existing file with a file-size limit (ulimit -f) reached
#   half-way: exit 3, the previous file untouched, no temporary file left;
# then --render with Graphviz failing or missing, Ctrl-C during a long run,
# the rules of each kind of output target (devices and FIFOs written
# through, links kept, mode kept, the input refused by identity), standard
# output closed, and SIGKILL while a large output is being written.
set -uo pipefail
bin=$1
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
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

# --- output targets -------------------------------------------------------------
# (docs/cli.md, "Output files")
out=$tmp/targets
mkdir -p "$out"
"$bin" metrics "$model" -o "$out/reference" || fail "metrics -o: plain run failed"

# A FIFO is written through, and stays a FIFO.
mkfifo "$out/fifo"
timeout 20 cat "$out/fifo" >"$out/from-fifo" &
reader=$!
expect 0 "" "-o FIFO" -- timeout 20 "$bin" metrics "$model" -o "$out/fifo"
wait "$reader"
[ -p "$out/fifo" ] || fail "-o FIFO: no longer a FIFO"
cmp -s "$out/from-fifo" "$out/reference" || fail "-o FIFO: the reader got other bytes"

# Character devices (copies of /dev/null and /dev/full, where mknod is
# allowed): written through; a full one gives exit 3, and both stay devices.
if mknod "$out/null" c 1 3 2>/dev/null && mknod "$out/full" c 1 7 2>/dev/null; then
  expect 0 "" "-o a null device" -- "$bin" metrics "$model" -o "$out/null"
  [ -c "$out/null" ] || fail "-o a null device: replaced by a $(stat -c %F "$out/null")"
  expect 3 "cannot write .*full: No space left on device" "-o a full device" -- \
    "$bin" metrics "$model" -o "$out/full"
  [ -c "$out/full" ] || fail "-o a full device: replaced by a $(stat -c %F "$out/full")"
else
  echo "note: mknod not permitted here; device targets checked through /dev/full only"
  expect 3 "cannot write /dev/full: No space left on device" "-o /dev/full" -- \
    "$bin" metrics "$model" -o /dev/full
fi

# A replaced file keeps its mode (and, as root, its owner).
printf 'old\n' >"$out/private"
chmod 600 "$out/private"
owner_before=$(stat -c %u:%g "$out/private")
if [ "$(id -u)" -eq 0 ]; then
  chown 4321:4321 "$out/private"
  owner_before=4321:4321
fi
expect 0 "" "-o a 0600 file" -- "$bin" metrics "$model" -o "$out/private"
[ "$(stat -c %a "$out/private")" = 600 ] || fail "-o a 0600 file: mode now $(stat -c %a "$out/private")"
[ "$(stat -c %u:%g "$out/private")" = "$owner_before" ] ||
  fail "-o a file of $owner_before: owner now $(stat -c %u:%g "$out/private")"
cmp -s "$out/private" "$out/reference" || fail "-o a 0600 file: content differs"

# A symbolic link stays a link; the file it names gets the result. A
# dangling link gets its file created.
printf 'old\n' >"$out/real"
ln -s real "$out/link"
ln -s missing-target "$out/dangling"
expect 0 "" "-o a link" -- "$bin" metrics "$model" -o "$out/link"
expect 0 "" "-o a dangling link" -- "$bin" metrics "$model" -o "$out/dangling"
[ -L "$out/link" ] && [ -L "$out/dangling" ] || fail "-o a link: the link was replaced"
cmp -s "$out/real" "$out/reference" || fail "-o a link: the named file did not get the result"
cmp -s "$out/missing-target" "$out/reference" || fail "-o a dangling link: its file was not created"

# A file with two names: both see the result (same inode, two links).
printf 'old\n' >"$out/name1"
ln "$out/name1" "$out/name2"
expect 0 "" "-o a hard link" -- "$bin" metrics "$model" -o "$out/name1"
[ "$(stat -c %i:%h "$out/name1")" = "$(stat -c %i:%h "$out/name2")" ] &&
  [ "$(stat -c %h "$out/name1")" = 2 ] || fail "-o a hard link: the link was broken"
cmp -s "$out/name2" "$out/reference" || fail "-o a hard link: the other name has other content"
no_leftovers "$out" "output targets"

# The input is refused by identity, before anything is written: the model
# itself, under another spelling, through a link or a hard link, as
# --append's file, and a CSV file the model reads.
mkdir -p "$out/in/sub"
cp "$model" "$out/in/model.json"
cp -r "$root/tests/data/small-csv" "$out/in/csv-model"
ln -s ../model.json "$out/in/sub/link.json"
ln "$out/in/model.json" "$out/in/hard.json"
cp "$out/in/model.json" "$out/in/pristine"
for target in model.json ./sub/../model.json sub/link.json hard.json; do
  expect 2 "error: -o $target names an input of the model; write the result to another file" \
    "-o the input as $target" -- env -C "$out/in" "$bin" metrics model.json -o "$target"
done
expect 2 "names an input of the model" "export -o the input" -- \
  env -C "$out/in" "$bin" export model.json --format json -o ./model.json
expect 2 "error: --append .* names an input of the model" "--append the input" -- \
  "$bin" optimize "$out/in/model.json" --structure after-2025 --append "$out/in/hard.json"
expect 2 "names an input of the model" "--append F -o F" -- \
  "$bin" optimize "$out/in/model.json" --structure after-2025 --append "$out/in/sub/link.json" \
  -o "$out/in/sub/link.json"
expect 2 "error: -o and --append name the same file" "--append F -o F, F new" -- \
  env -C "$out/in" "$bin" optimize model.json --structure after-2025 --append new.json -o ./new.json
[ ! -e "$out/in/new.json" ] || fail "--append F -o F: F was written"
cmp -s "$out/in/model.json" "$out/in/pristine" || fail "refused outputs: the model changed"
cp "$out/in/csv-model/dependencies.csv" "$out/in/deps-pristine"
expect 2 "names an input of the model" "-o a CSV of the model" -- \
  "$bin" metrics "$out/in/csv-model/model.json" -o "$out/in/csv-model/dependencies.csv"
cmp -s "$out/in/csv-model/dependencies.csv" "$out/in/deps-pristine" || fail "-o a CSV: it changed"
"$bin" validate "$out/in/model.json" >>"$out/in/model.json" 2>"$tmp/stderr"
[ $? -eq 2 ] && grep -q "standard output is the input model itself" "$tmp/stderr" ||
  fail ">> the input: not refused ($(cat "$tmp/stderr"))"
cmp -s "$out/in/model.json" "$out/in/pristine" || fail ">> the input: the model changed"

# -o with an empty name, and standard output closed.
expect 2 "error: -o needs a file name (- for standard output)" "-o ''" -- \
  "$bin" metrics "$model" -o ''
"$bin" metrics "$model" >&- 2>"$tmp/stderr"
got=$?
[ "$got" -eq 3 ] || fail "stdout closed: exit $got, expected 3"
grep -q "cannot write to standard output" "$tmp/stderr" || fail "stdout closed: $(cat "$tmp/stderr")"
"$bin" --version >&- 2>"$tmp/stderr"
[ $? -eq 3 ] || fail "--version with stdout closed: not exit 3"

# SIGKILL while a large output is being written (50 MB; the kill comes as
# soon as the temporary file appears): the previous file is intact, since
# the rename that replaces it is one step. A SIGKILL cannot be caught, so
# the temporary file itself stays behind.
mkdir -p "$tmp/killed"
generate=$(dirname "$bin")/policygraph-generate
"$generate" -o "$tmp/killed/big" --form json --functions 40000 --dependencies 400000 >/dev/null ||
  fail "generator failed"
printf 'previous content\n' >"$tmp/killed/out"
for attempt in 1 2 3; do
  "$bin" export "$tmp/killed/big/model.json" --format json -o "$tmp/killed/out" 2>/dev/null &
  pid=$!
  seen=0
  for _ in $(seq 12000); do
    if compgen -G "$tmp/killed/.out.tmp-*" >/dev/null; then
      seen=1
      break
    fi
    sleep 0.005
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  [ "$seen" -eq 1 ] || fail "SIGKILL test $attempt: the temporary file never appeared"
  [ "$(cat "$tmp/killed/out")" = "previous content" ] ||
    fail "SIGKILL test $attempt: killed while writing, the previous file changed"
  rm -f "$tmp/killed"/.out.tmp-*
done
# And once it finishes, the file is the whole result.
"$bin" export "$tmp/killed/big/model.json" --format json -o "$tmp/killed/out" ||
  fail "SIGKILL test: the run to the end failed"
tail -c 2 "$tmp/killed/out" | grep -q '}' || fail "SIGKILL test: the finished file is cut"

if [ "$failures" -gt 0 ]; then
  echo "$failures fault checks failed"
  exit 1
fi
echo "every output fault leaves the previous file intact, exit 3, no leftovers"
