#!/bin/sh
# The browser test: renders the sample deck and runs
# tests/browser/check.js on it in headless Chromium and Firefox ESR from
# Debian, and the WCAG 1.4.12 text-spacing check on the trend deck and
# the layout blocks deck (lists, nested and numbered from any start).
# puppeteer-core, pinned by tests/browser/package-lock.json, is
# installed once by `npm ci` (no browser download: --ignore-scripts).
set -eu
. tests/lib.sh
dir=tests/browser
npm_once "$dir" browser
echo "== browser: Chromium at 1280/640/320 px, fallback fonts, forced colours, print (Chromium, Firefox)"
"$BUILD/deckgen" -o "$T/out" --format pdf,html templates/genai-2024.xml
html=$(find "$T/out" -name index.html | head -n 1)
pdf=$(find "$T/out" -name genai-2024.pdf | head -n 1)
# the PDF's link states its size (check.js checks the page above, written
# on a thread while the PDF was made); written after the PDF (with PNGs
# there is no thread), it states the same
"$BUILD/deckgen" -o "$T/seq" --format pdf,html,png templates/genai-2024.xml
n=$(stat -c %s "$T/seq/genai-2024/genai-2024.pdf")
grep -q "<a href=\"genai-2024.pdf\">PDF版（PDF、$(( (n + 1023) / 1024 ))KB）</a>" \
  "$T/seq/genai-2024/index.html" || {
  echo "FAIL: written after the PDF, the page's link does not state its $n bytes:"
  grep -o '<p class="pdf">.*</p>' "$T/seq/genai-2024/index.html"; exit 1; }
node "$dir/check.js" "$(dirname "$html")" "$pdf"
echo "== browser: text spacing on the trend deck and the blocks deck at 1280/640/320 px"
"$BUILD/deckgen" -o "$T/trend" --format html templates/rpa-ai-trend.xml
node "$dir/check.js" --spacing "$T/trend/rpa-ai-trend"
mkdir -p "$T/proj/fonts"
cp -r tests/fixtures/blocks/. "$T/proj/"
cp fonts/fonts.conf fonts/*.ttf "$T/proj/fonts/"
(cd "$T/proj" && "$DG" -o out --format html templates/blocks.xml)
node "$dir/check.js" --spacing "$T/proj/out/blocks"
