#!/usr/bin/env bash
# The offline install of docs/python.md, as written there: a virtual
# environment on Debian's setuptools, pip kept off the network, then the
# package imported from elsewhere and measuring the tiny model by hand.
#
#   python_install_test.sh PYTHON PACKAGE_DIR SOURCE_DIR
#   (PACKAGE_DIR: build/<preset>/python, what the doc calls build/release/python)
set -euo pipefail
python=$1
package=$2
src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A copy, so that the build's folder gets none of setuptools' leftovers.
cp -r "$package" "$tmp/package"
command=$(grep -m1 '^python3 -m venv ' "$src/docs/python.md")
command=${command//\~\/pg-env/$tmp/env}
command=${command//build\/release\/python/$tmp/package}
command=${command/#python3 /$python }
(cd "$tmp" && PIP_NO_INDEX=1 PIP_FIND_LINKS= PIP_CONFIG_FILE=/dev/null eval "$command") >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log" >&2; exit 1; }
cd "$tmp"
# tests/data/tiny.json, structure hand: cross-unit weight 3 of 5 (worked out
# in tests/reference/README.md).
out=$(env -u PYTHONPATH "$tmp/env/bin/python" - "$src/tests/data/tiny.json" <<'PY'
import sys
import policygraph
assert policygraph.__file__.startswith(sys.prefix), policygraph.__file__
print(policygraph.load(sys.argv[1]).metrics("hand")["cross_unit_share"])
PY
)
[ "$out" = "0.6" ] || { echo "expected 0.6, got: $out" >&2; exit 1; }
echo "installed into a virtual environment offline and ran"
