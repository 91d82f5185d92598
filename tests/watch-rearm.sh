#!/bin/sh
# --watch after a watched folder is replaced: editors and
# sync tools replace whole folders (rm -r data/x; cp -r copy data/x, or
# mv copy data/x); the watch must follow the path, say so, render from the
# new folder, and keep watching it. Waits poll with a bound (no timing
# assertion); `timeout` only stops a runaway.
set -u
BUILD=${BUILD:-out/build}
DG="$PWD/$BUILD/deckgen"
T=$(mktemp -d)
trap 'kill "$wpid" 2>/dev/null; rm -rf "$T"' EXIT
wpid=
pass=0
fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*"; }
P="$T/p"
mkdir -p "$P/fonts"
cp -r templates data "$P/"
cp fonts/fonts.conf fonts/*.ttf "$P/fonts/"
pdf() { # the deck's PDF, in either output layout
  if [ -f "$P/out/genai-2024/genai-2024.pdf" ]; then echo "$P/out/genai-2024/genai-2024.pdf"; else echo "$P/out/genai-2024.pdf"; fi
}
renders() { grep -c "rendered in" "$T/watch.err"; }
wait_renders() { i=0; while [ "$(renders)" -lt "$1" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done; }
slide3() { pdftotext -f 3 -l 3 "$(pdf)" - 2>/dev/null | grep -q "^$1$"; }

echo "== watch-rearm: a watched data folder replaced, then edited"
(cd "$P" && exec timeout 60 "$DG" --watch --watch-runs 3 -o out templates/genai-2024.xml 2> "$T/watch.err") &
wpid=$!
wait_renders 1
sleep 0.3
D="$P/data/genai-2024"
# 1. rm -r and cp -r a copy holding a new figure
cp -r "$D" "$T/copy"
sed -i 's/^議事録の要約,755,B/議事録の要約,766,B/' "$T/copy/usecases.csv"
rm -r "$D"
cp -r "$T/copy" "$D"
wait_renders 2
grep -q "^deckgen: data/genai-2024 was replaced; watching it again$" "$T/watch.err" && ok || no "--watch does not say it watches the new folder: $(cat "$T/watch.err")"
slide3 766 && ok || no "--watch did not render from the replaced folder"
# 2. an edit inside the new folder is seen
sleep 0.2
sed -i 's/^議事録の要約,766,B/議事録の要約,777,B/' "$D/usecases.csv"
wait_renders 3
slide3 777 && ok || no "--watch missed an edit in the replaced folder: $(cat "$T/watch.err")"
# 3. the folder moved away and another moved in
cp -r "$D" "$T/copy2"
sed -i 's/^議事録の要約,777,B/議事録の要約,788,B/' "$T/copy2/usecases.csv"
mv "$D" "$P/data/old"
mv "$T/copy2" "$D"
wait_renders 4
slide3 788 && ok || no "--watch did not follow a folder moved into place: $(cat "$T/watch.err")"
wait "$wpid"
code=$?
wpid=
[ "$code" = 0 ] && ok || no "--watch exited $code: $(cat "$T/watch.err")"
[ "$(renders)" = 4 ] && ok || no "--watch rendered $(renders) times (want 4): $(cat "$T/watch.err")"

echo "watch-rearm: $pass passed, $fail failed"
[ "$fail" = 0 ]
