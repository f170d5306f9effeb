#!/usr/bin/env bash
# Writes the template of every translatable message of src/ to $1: the
# strings passed to tr, trf, trn (singular and plural) and N_.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$1
cd "$root"
find src include -name '*.cpp' -o -name '*.hpp' | LC_ALL=C sort > "${out}.files"
xgettext --language=C++ --from-code=UTF-8 --keyword= --keyword=tr --keyword=trf \
  --keyword=trn:1,2 --keyword=N_ --add-comments=TRANSLATORS: --sort-by-file \
  --package-name=policygraph --msgid-bugs-address=none \
  --files-from="${out}.files" --output="$out"
rm -f "${out}.files"
