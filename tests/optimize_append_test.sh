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
# The consensus of weight samples goes in the same way, at the cost_after it states.
"$bin" optimize "$model" --structure after-2025 --max-moves 3 --samples 40 \
  --append "$tmp/with-consensus.json" --format json >"$tmp/consensus.json"
"$bin" validate "$tmp/with-consensus.json" >/dev/null
stated=$(python3 -c 'import json, sys; print("%.6f" % json.load(open(sys.argv[1]))["cost_after"])' \
  "$tmp/consensus.json")
"$bin" compare "$tmp/with-consensus.json" --structures after-2025,after-2025-optimized \
  --format csv >"$tmp/compare-consensus.csv"
costed=$(awk -F, 'NR == 3 {printf "%.6f", $5 * $8}' "$tmp/compare-consensus.csv")
[ "$stated" = "$costed" ] || { echo "the consensus states cost $stated, compare measures $costed"; exit 1; }
echo "proposal loads back; cost $measured as announced; the consensus too ($costed)"
