#!/bin/sh
# Installs the Debian packages deckgen needs when run as root; otherwise
# prints the exact apt-get line. Quiet when everything is present.
# libwoff-dev: WOFF2 web fonts (libwoff2enc); chromium and firefox-esr
# run the browser test (tests/browser.sh), which needs node and npm too
# (any install of them: checked as commands);
# libreoffice-impress opens the PPTX in tests/pptx.sh; fontconfig's fc-cache
# makes the fontconfig cache files tests/cache-abuse.sh damages;
# librsvg2-dev and libjpeg-dev read a deck's SVG and JPEG images;
# default-jre-headless runs the shared checkers' Nu Html Checker (vnu.jar,
# tests/trend.sh);
# libminizip-dev packs the PPTX (zlib's minizip; its unzip reads it back in
# tests/check_pptx.c); nettle-dev: the cache's SHA-256
PKGS="build-essential pkg-config libcairo2-dev libpng-dev libpango1.0-dev libharfbuzz-dev libxml2-dev libfontconfig-dev libwoff-dev zlib1g-dev check time fonts-morisawa-bizud-gothic poppler-utils qpdf imagemagick python3-pikepdf chromium firefox-esr libminizip-dev nettle-dev librsvg2-dev libjpeg-dev libreoffice-impress unzip fontconfig"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "deps: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
    echo "deps: apt-get failed"; exit 1; }
else
  echo "deps: missing packages; run: sudo apt-get install -y$missing"
  exit 1
fi
