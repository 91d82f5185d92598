#!/bin/sh
# --watch after a watched folder is replaced: editors and
# sync tools replace whole folders (rm -r data/x; cp -r copy data/x, or
# mv copy data/x) or switch a link to one (ln -sfn); the watch must follow
# the path, say so, render from the new folder, and keep watching it. A
# file written in place piece by piece is rendered once it is whole. Waits poll with a bound (no timing
# assertion); `timeout` only stops a runaway.
set -u
. tests/lib.sh
trap 'kill "$wpid" 2>/dev/null; rm -rf "$T"' EXIT
wpid=
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

echo "== watch-rearm: a data folder reached through a link that is switched"
# the data folder is a link into store/ (allowed with --allow-links);
# `ln -sfn` points it at another copy: the watch must follow the link, not
# the folder it first led to
P="$T/q"
mkdir -p "$P/fonts" "$P/store"
cp -r templates data "$P/"
cp fonts/fonts.conf fonts/*.ttf "$P/fonts/"
mv "$P/data/genai-2024" "$P/store/v1"
cp -r "$P/store/v1" "$P/store/v2"
sed -i 's/^議事録の要約,755,B/議事録の要約,766,B/' "$P/store/v2/usecases.csv"
ln -s ../store/v1 "$P/data/genai-2024"
(cd "$P" && exec timeout 60 "$DG" --watch --watch-runs 3 --allow-links store -o out templates/genai-2024.xml 2> "$T/watch.err") &
wpid=$!
wait_renders 1
sleep 0.3
ln -sfn ../store/v2 "$P/data/genai-2024"
wait_renders 2
grep -q "^deckgen: data/genai-2024 leads to another folder now; watching it$" "$T/watch.err" && ok || no "--watch does not say it follows the switched link: $(cat "$T/watch.err")"
slide3 766 && ok || no "--watch did not render from the folder the link leads to now: $(cat "$T/watch.err")"
# an edit in the folder the link leads to now is seen
sleep 0.2
sed -i 's/^議事録の要約,766,B/議事録の要約,777,B/' "$P/store/v2/usecases.csv"
wait_renders 3
slide3 777 && ok || no "--watch missed an edit behind the switched link: $(cat "$T/watch.err")"
# a CSV written in place piece by piece (each piece opened, appended,
# closed, 20 ms apart; QUIET_MS is 100) is rendered once, whole
sleep 0.2
sed 's/^議事録の要約,777,B/議事録の要約,788,B/' "$P/store/v2/usecases.csv" > "$T/whole.csv"
head -n 2 "$T/whole.csv" > "$P/store/v2/usecases.csv"
for r in 3,5 6,8 9,11; do
  sleep 0.02
  sed -n "${r}p" "$T/whole.csv" >> "$P/store/v2/usecases.csv"
done
wait "$wpid"
code=$?
wpid=
[ "$code" = 0 ] && ok || no "--watch exited $code: $(cat "$T/watch.err")"
slide3 788 && ok || no "--watch did not render the CSV once it was whole: $(cat "$T/watch.err")"
[ "$(renders)" = 4 ] && ! grep -q "failed in" "$T/watch.err" && ok || no "--watch rendered a CSV being written (want 4 renders, none failed): $(cat "$T/watch.err")"

echo "watch-rearm: $pass passed, $fail failed"
[ "$fail" = 0 ]
