#!/usr/bin/env bash
# optimize --append writes a copy of the model with the proposal, which loads
# back, and compare shows the proposal with the cost optimize announced.
set -euo pipefail
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
model="$root/datasets/motie-2025/model.json"
before=$(sha256sum "$model")
"$bin" optimize "$model" --structure after-2025 --append "$tmp/with-proposal.json" --format json >"$tmp/proposal.json"
[ "$before" = "$(sha256sum "$model")" ] || { echo "the input model was modified"; exit 1; }
"$bin" validate "$tmp/with-proposal.json"
# The proposal's announced cost equals W x coordination_distance_mean of compare.
announced=$(grep -o '[0-9.]* -> [0-9.]*' "$tmp/proposal.json" | head -1 | awk '{print $3}')
"$bin" compare "$tmp/with-proposal.json" --structures after-2025,after-2025-optimized --format csv >"$tmp/compare.csv"
measured=$(awk -F, 'NR == 3 {printf "%.6f", $5 * $8}' "$tmp/compare.csv")
expected=$(printf "%.6f" "$announced")
[ "$measured" = "$expected" ] || { echo "announced cost $expected, compare measures $measured"; exit 1; }
# A model from a pipe is read once: --append still has its whole text.
"$bin" optimize <(cat "$model") --structure after-2025 --append "$tmp/from-pipe.json" >/dev/null
cmp -s "$tmp/from-pipe.json" "$tmp/with-proposal.json" ||
  { echo "--append of a model from a pipe differs from that of the file"; exit 1; }
echo "proposal loads back; cost $measured as announced"
