#!/usr/bin/env bash
# Installs the build into a fresh prefix, builds tests/consumer (a project of
# its own that finds the package with find_package(policygraph CONFIG)) from
# examples/what_if.cpp, and runs it.
#
#   consumer_test.sh BUILD_DIR SOURCE_DIR [FLAGS]   (FLAGS: e.g. the sanitizers)
set -euo pipefail
build=$1
src=$2
flags=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
test -f "$tmp/prefix/include/policygraph/policygraph.hpp"
test -f "$tmp/prefix/include/policygraph/version.hpp"
test -x "$tmp/prefix/bin/policygraph"
cmake -S "$src/tests/consumer" -B "$tmp/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
      -DEXAMPLE_SOURCE="$src/examples/what_if.cpp" -DCMAKE_CXX_FLAGS="$flags" \
      -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$tmp/build" -j2 >/dev/null
out=$("$tmp/build/app" "$src/tests/data/tiny.json" hand d Y)
# Expected figures: worked out by hand in examples/CMakeLists.txt.
grep -qx "cross_unit_share: 0.6 -> 0.3" <<<"$out"
grep -qx "coordination_distance_mean: 1 -> 0.6" <<<"$out"
# The installed tool runs too.
"$tmp/prefix/bin/policygraph" validate "$src/tests/data/tiny.json" >/dev/null
echo "consumer project built against the installed package and ran"
