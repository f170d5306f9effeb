#!/usr/bin/env bash
# Gathers every translatable message of src/ into po/policygraph.pot and
# merges it into each po/LANG.po, so that new messages appear there (with an
# empty msgstr) and messages no longer used are marked obsolete.
# Usage: po/update.sh   (from anywhere; needs xgettext and msgmerge)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
po/extract.sh po/policygraph.pot
for po in po/*.po; do
  msgmerge --quiet --update --backup=none --no-fuzzy-matching --sort-by-file "$po" po/policygraph.pot
done
