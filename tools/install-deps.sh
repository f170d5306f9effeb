#!/usr/bin/env bash
# Installs what policygraph needs to build, test and draw, from Debian's
# packages. Run as root on Debian 12 (bookworm). Does nothing when all is there.
set -euo pipefail
packages=(
  cmake g++ make                      # build
  libboost-graph-dev libboost-program-options-dev nlohmann-json3-dev
  pkg-config libxlsxwriter-dev        # Excel workbooks (--format xlsx)
  libigraph-dev                       # Leiden communities (the work's grouping, `groups`)
  gettext                             # msgfmt compiles the translations (po/)
  libgtest-dev libbenchmark-dev       # tests and benchmarks
  graphviz fonts-noto-cjk             # rendering DOT, with Korean glyphs
  python3 python3-networkx python3-igraph  # independent reference values in tests
  python3-openpyxl                    # reads the workbooks back in a test
  pybind11-dev python3-dev            # the Python module (python/, docs/python.md)
  python3-pandas python3-pytest       # its tables as DataFrames; its tests
  python3-venv python3-setuptools python3-wheel  # its offline install into an environment
  python3-numpy                       # the igraph peer of tools/bench/run_bench.sh
  chromium                            # renders the HTML report; drives the workbench's tests
  libcpp-httplib-dev                  # the workbench's HTTP server (policygraph serve)
  time                                # peak memory in tools/bench/run_bench.sh
  clang-14 libclang-rt-14-dev         # libFuzzer targets (tools/fuzz.sh)
  clang-tidy                          # tools/tidy.sh, run by .ci/run
)
# Node.js and npm run the workbench's browser tests; a machine that has its
# own npm keeps it.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# playwright-core for the browser tests (tests/web), at the lockfile's
# version; it drives Debian's Chromium and downloads no browser.
web="$(dirname "$0")/../tests/web"
wanted=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["packages"]["node_modules/playwright-core"]["version"])' "$web/package-lock.json")
have=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' \
         "$web/node_modules/playwright-core/package.json" 2>/dev/null || true)
if [ "$have" != "$wanted" ]; then
  echo "installing playwright-core $wanted into tests/web"
  npm ci --prefix "$web" --no-audit --no-fund --loglevel=error >/dev/null
fi
