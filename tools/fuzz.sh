#!/usr/bin/env bash
# Builds the libFuzzer targets with clang 14 and runs each for SECONDS
# (default 30), seeded with every model, CSV and bad input of the repository.
# Crashes are written to build/fuzz/crashes/; add each as a regression test.
#
#   tools/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(model_json_fuzzer csv_fuzzer structures_fuzzer rules_fuzzer workbench_fuzzer)
build=$root/build/fuzz
cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPOLICYGRAPH_FUZZ=ON -DPOLICYGRAPH_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target "${targets[@]}" >/dev/null
mkdir -p "$build/crashes"
for target in "${targets[@]}"; do
  corpus=$build/corpus/$target
  mkdir -p "$corpus"
  case $target in
    csv_fuzzer) find "$root/tests" "$root/datasets" -name '*.csv' -exec cp {} "$corpus" \; ;;
    structures_fuzzer)
      # The structures arrays of the bundled models.
      for m in "$root"/datasets/*/model.json "$root"/tests/data/*.json; do
        python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["structures"]))' "$m" \
          >"$corpus/$(basename "$(dirname "$m")")-$(basename "$m")" 2>/dev/null || true
      done ;;
    workbench_fuzzer) cp "$root"/tests/serve/requests/* "$corpus" ;;
    *) find "$root/tests" "$root/datasets" -name '*.json' -exec cp {} "$corpus" \; ;;
  esac
  echo "== $target: $seconds s"
  "$build/fuzz/$target" "$corpus" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$build/crashes/$target-" -print_final_stats=1 2>&1 |
    grep -E "^(#[0-9]+ +DONE|stat::|==[0-9]+==ERROR|SUMMARY)" || true
done
if ls "$build/crashes"/* >/dev/null 2>&1; then
  echo "crashes found:"; ls "$build/crashes"; exit 1
fi
echo "no crash"
