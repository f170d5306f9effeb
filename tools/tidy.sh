#!/usr/bin/env bash
# Runs clang-tidy (the checks of .clang-tidy, every warning an error) over
# the library and the command line, with the compile commands of BUILD_DIR.
#
#   tools/tidy.sh [BUILD_DIR]    (default: build/dev; configure it first)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/dev}
if [ ! -f "$build/compile_commands.json" ]; then
  echo "tidy: no $build/compile_commands.json; configure that build first" >&2
  exit 2
fi
# The generated version header must exist for the sources to parse.
cmake --build "$build" --target policygraph_lib -j2 >/dev/null
run-clang-tidy -p "$build" -j "$(nproc)" -quiet "$PWD/src/" >"$build/tidy.log" 2>&1 || {
  grep -E "(warning|error):" "$build/tidy.log" | sed 's/\x1b\[[0-9;]*m//g' | sort -u >&2
  echo "tidy: clang-tidy found problems (full log: $build/tidy.log)" >&2
  exit 1
}
echo "tidy: no problems in src/"
