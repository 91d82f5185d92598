#!/bin/sh
# The browser test: renders the sample deck and runs
# tests/browser/check.js on it in headless Chromium and Firefox ESR from
# Debian. puppeteer-core, pinned by tests/browser/package-lock.json, is
# installed once by `npm ci` (no browser download: --ignore-scripts).
set -eu
. tests/lib.sh
dir=tests/browser
npm_once "$dir" browser
echo "== browser: Chromium at 1280/640/320 px, fallback fonts, forced colours, print (Chromium, Firefox)"
"$BUILD/deckgen" -o "$T/out" --format pdf,html templates/genai-2024.xml
html=$(find "$T/out" -name index.html | head -n 1)
pdf=$(find "$T/out" -name genai-2024.pdf | head -n 1)
node "$dir/check.js" "$(dirname "$html")" "$pdf"
