# Sourced by the test scripts, from the project's root: the deckgen under
# test ($DG, from $BUILD), a scratch folder ($T) removed on exit (kept and
# named when KEEP is set), the pass/fail counters with ok and no, and the
# helpers several scripts use. A script with more to clean up sets its own
# EXIT trap after sourcing this file, and removes $T there too.
BUILD=${BUILD:-out/build}
DG="$PWD/$BUILD/deckgen"
T=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "scratch: $T"
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*"; }
# the text without white space: PDF text comes broken into lines
nows() { perl -CSD -0777 -pe 's/\s+//g'; }

# project DIR: a scratch copy of the project (templates, data, fonts)
project() {
  mkdir -p "$1/fonts"
  cp -r templates data "$1/"
  cp fonts/fonts.conf fonts/*.ttf "$1/fonts/"
}

# checkers_ready: the shared checkers (../shared/checks, or $CHECKS) with
# their npm packages. A clean clone (CI) has the checkers but not those
# packages; their own install script is idempotent (under a second once
# installed) and puts them beside the checkers or, where that folder is
# read-only, in ~/.cache/deckgen-checks. Fails (counted) when it cannot;
# returns 1 when there are no checkers.
CHECKS=${CHECKS:-../shared/checks}
checkers_ready() {
  [ -x "$CHECKS/html-vs-pdf" ] || return 1
  if [ -x "$CHECKS/install" ] && ! "$CHECKS/install" > "$T/install.txt" 2>&1; then
    no "the shared checkers could not be installed"; cat "$T/install.txt"
  fi
}

# npm_once DIR NAME: `npm ci` in DIR (pinned by its package-lock.json,
# no install scripts) when the lock file changed since the last install
npm_once() {
  sum=$(sha256sum "$1/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$1/node_modules/.deckgen-lock" 2>/dev/null)" != "$sum" ]; then
    echo "$2: npm ci"
    (cd "$1" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null) || {
      echo "$2: npm ci failed"; exit 1; }
    echo "$sum" > "$1/node_modules/.deckgen-lock"
  fi
}
