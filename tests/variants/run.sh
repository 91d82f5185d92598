#!/bin/sh
# Next year's data variants. Each folder here holds only the CSVs
# that differ from data/genai-2024, an `about` line and, for a variant that
# must not render, `expect-error` (lines that must all appear in the
# message, each line word for word). Each is rendered as the survey of
# 2025-12-31 (unless it brings its own survey.csv) with --data and
# --previous data/genai-2024 (or its previous/ folder over it) and the
# template untouched; truth.py then reads every lead sentence back from the
# PDF and checks it against the CSVs. Adding a variant = adding a folder.
set -u
. tests/lib.sh
# a cache of our own: other runs sharing ~/.cache/deckgen may evict an
# entry between our look-up and our read
export XDG_CACHE_HOME="$T/cache"

echo "== variants: next year's data, every lead sentence read back (tests/variants)"
P="$T/p"
mkdir -p "$P/fonts"
cp -r templates data "$P/"
cp fonts/fonts.conf fonts/*.ttf "$P/fonts/"

# the sample data itself: the truth test agrees with this year's deck
(cd "$P" && "$DG" -o out0 --format pdf templates/genai-2024.xml) 2> "$T/err" ||
  no "sample deck: $(cat "$T/err")"
/usr/bin/python3 tests/variants/truth.py data/genai-2024 data/genai-2023 \
  "$P/out0/genai-2024/genai-2024.pdf" && ok || no "sample deck: a lead sentence is not true"

n=0
for v in tests/variants/*/; do
  name=$(basename "$v")
  D="$P/data/v-$name"
  cp -r data/genai-2024 "$D"
  printf 'date,published,source\n2025-12-31,2026-06-30,B\n' > "$D/survey.csv"
  for f in "$v"*.csv; do [ -e "$f" ] && cp "$f" "$D/"; done
  # a variant's previous/ folder holds the previous survey's CSVs that
  # differ from data/genai-2024 (a group missing there, an older date)
  PREV=data/genai-2024
  if [ -d "$v/previous" ]; then
    PREV="data/p-$name"
    cp -r data/genai-2024 "$P/$PREV"
    cp "$v"previous/*.csv "$P/$PREV/"
  fi
  rm -rf "$P/out"
  (cd "$P" && "$DG" -o out --format pdf --data "data/v-$name" \
    --previous "$PREV" templates/genai-2024.xml) > "$T/out" 2> "$T/err"
  rc=$?
  n=$((n + 1))
  if [ -f "$v/expect-error" ]; then
    [ $rc -ne 0 ] && ok || no "$name: rendered although it must stop"
    ls "$P"/out/*/*.pdf > /dev/null 2>&1 && no "$name: a PDF was written" || ok
    while IFS= read -r line; do
      grep -qF -- "$line" "$T/err" && ok || no "$name: message lacks: $line (got: $(cat "$T/err"))"
    done < "$v/expect-error"
    continue
  fi
  if [ $rc -ne 0 ]; then
    no "$name: does not render: $(cat "$T/err")"
    continue
  fi
  pdf=$(ls "$P"/out/*/*.pdf)
  /usr/bin/python3 tests/variants/truth.py "$D" "$P/$PREV" "$pdf" > "$T/truth" && ok ||
    no "$name: $(cat "$T/truth")"
  last="$D"
done
[ "$n" -ge 63 ] && ok || no "only $n variants (the corpus had 32, and every kind of next-year change since adds one: 63 or more)"
cmp -s templates/genai-2024.xml "$P/templates/genai-2024.xml" && ok || no "the template was changed"
# the truth test can fail: the last variant's data against the sample deck
/usr/bin/python3 tests/variants/truth.py "$last" data/genai-2024 \
  "$P/out0/genai-2024/genai-2024.pdf" > /dev/null 2>&1 && no "truth.py accepts a deck made from other data" || ok

echo "variants: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
