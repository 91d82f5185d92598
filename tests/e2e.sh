#!/bin/sh
# End-to-end tests on rendered output: page count, text, fonts, data
# binding, ranking, reproducibility, HTML structure, bad inputs.
set -u
. tests/lib.sh

echo "== e2e: sample deck"
"$DG" -o "$T/out" templates/genai-2024.xml || no "sample deck does not render"
PDF="$T/out/genai-2024/genai-2024.pdf"
pages=$(pdfinfo "$PDF" | awk '/^Pages:/ {print $2}')
[ "$pages" = 17 ] && ok || no "page count $pages, expected 17"
pdfinfo "$PDF" | grep -q "Page size: *960 x 540 pts" && ok || no "page size is not 960 x 540"
pdfinfo "$PDF" | grep -q "^Title: *自治体における生成AI導入状況" && ok || no "PDF title"
pdfinfo "$PDF" | grep -q "^Creator: *deckgen " && ok || no "PDF creator"
# every font embedded and subset, with a Unicode map, and only BIZ UDPGothic
pdffonts "$PDF" | tail -n +3 > "$T/fonts.txt"
[ -s "$T/fonts.txt" ] && ok || no "pdffonts lists no fonts"
awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") bad = 1 } END { exit bad }' "$T/fonts.txt" \
  && ok || { no "a font is not embedded+subset+unicode"; cat "$T/fonts.txt"; }
grep -v "BIZUDPGothic" "$T/fonts.txt" && no "a font other than BIZ UDPGothic" || ok
# structure: language, tags, an outline entry and a chart /Alt per figure
qpdf --check "$PDF" >/dev/null 2>&1 && ok || no "qpdf --check"
grep -aq "/Lang (ja)" "$PDF" && ok || no "no /Lang (ja)"
grep -aq "/StructTreeRoot" "$PDF" && ok || no "not tagged"
[ "$(grep -ac '/S /Figure' "$PDF")" = "$(grep -ac '/Alt <FEFF' "$PDF")" ] && ok || no "a Figure without /Alt"
[ "$(grep -ac '/S /TR' "$PDF")" -gt 10 ] && ok || no "table rows are not tagged"

# the lead sentences of slides 1-3 come back exactly as in the seed
pdftotext -f 1 -l 3 "$PDF" - | nows > "$T/p13.txt"
for s in \
  "生成AIを導入済みの団体は、都道府県で87％、指定都市で90%、その他の市区町村で30%となった。" \
  "実証中、導入予定を含めると、都道府県・指定都市は100%、その他の市区町村は51％が生成AIの導入に向けて取り組んでいる。" \
  "生成AIを導入済みの団体は、都道府県で87.2%、指定都市で90.0%、その他の市区町村で29.9%となった。" \
  "生成AIの活用事例は、回答の多い順に「あいさつ文案の作成」、「議事録の要約」、「企画書案の作成」、「メール文案の作成」となった。" \
  "※回答があった各自治体からの複数回答をとりまとめたもの。" \
  "件数（件）" "団体数，全体に占める％" "１導入済" "８導入予定もなく、検討もしていない"; do
  grep -qF "$s" "$T/p13.txt" && ok || no "slides 1-3 lack: $s"
done
# slide 8: the title and its number read as one line
pdftotext -f 8 -l 8 "$PDF" - | nows | grep -qF "生成ＡＩ利用におけるガイドライン策定状況8" && ok || no "slide 8 title+number"

# every figure marked S, B or C in ../shared/reference/genai-r6-figures.md
# is on its slide with its exact value
while IFS='|' read -r page want; do
  [ -n "$page" ] || continue
  pdftotext -f "$page" -l "$page" "$PDF" - | nows | grep -qF "$want" && ok || no "slide $page lacks $want"
done <<'FIGS'
1|87％
1|90%
1|30%
1|100%
1|51％
2|41，87.2%
2|18，90.0%
2|514，29.9%
2|212，12.3%
2|都道府県（47団体）
2|指定都市（20団体）
2|その他の市区町村（1,721団体）
3|875
3|755
3|638
3|635
3|602
3|541
4|2800時間から1400時間に50％削減
4|1.5時間
4|5時間の削減×年間質問50件=250時間
4|48,333時間を削減（97％減）
4|775.35時間
4|4.7万人
4|10.4万人
4|1,000時間を超える
7|「策定済」が647団体
7|「未策定」が1,004団体と最も多かった
8|82.7％の団体が策定済
8|45.0％の団体が策定済
8|474，82.7%
8|98，45.0%
8|導入済（573団体）
8|実証実験中（218団体）
8|導入検討中（154団体）
9|最も多い503団体
9|365団体であった
10|235団体
10|925団体
10|20.3%
10|79.7%
11|244件と最も多かった
11|41
14|857件と最も多かった
14|88
14|203
15|「０円」が669件
15|「０円」が496件
16|347件と最も多く
16|340件と最も多かった
17|都道府県で36.1ポイント
17|指定都市で50.0ポイント
17|その他の市区町村で20.5ポイント
17|51.1%
17|40.0%
17|9.4%
17|都道府県導入済24
17|指定都市導入済8
17|その他の市区町村導入済162
17|その他の市区町村実証実験中271
17|その他の市区町村導入検討中（導入予定あり）248
FIGS

echo "== e2e: HTML"
H="$T/out/genai-2024/index.html"
[ -f "$H" ] && ok || no "no index.html"
n=$(grep -o 'data-slide="[0-9]*"' "$H" | wc -l)
[ "$n" = 17 ] && ok || no "HTML has $n slides"
grep -q '<html lang="ja">' "$H" && ok || no "html lang"
grep -q '<script' "$H" && no "HTML has a script" || ok
grep -Eq '(src|href)="(https?:)?//' "$H" && no "HTML references the network" || ok
[ -f "$T/out/genai-2024/fonts/deck-regular.woff2" ] && ok || no "web font missing"
# every chart: an accessible name, a description, a data table and a CSV
nfig=$(grep -o 'role="img" aria-labelledby="slide-[0-9]*-fig-[0-9]*-t" aria-describedby=' "$H" | wc -l)
[ "$nfig" = 16 ] && ok || no "$nfig charts with name and description (want 16)"
[ "$(grep -o '<desc id=' "$H" | wc -l)" = 16 ] && ok || no "chart descriptions"
[ "$(ls "$T/out/genai-2024/data/"*.csv | wc -l)" = 16 ] && ok || no "chart CSV files"
grep -q 'あいさつ文案の作成,875' "$T/out/genai-2024/data/slide-3-fig-1.csv" && ok || no "slide 3 CSV content"
size=$(du -sb "$T/out/genai-2024" | cut -f1)
[ "$size" -lt 1500000 ] && ok || no "site is $size bytes (limit 1.5 MB)"
# web fonts are WOFF2; captions unique; one description per chart
# (no hidden copy of its data table in the figure); og:image only absolute
for w in regular bold; do
  head -c 4 "$T/out/genai-2024/fonts/deck-$w.woff2" | grep -q wOF2 && ok || no "deck-$w.woff2 is not WOFF2"
done
grep -q 'format("truetype")' "$H" && no "a web font is still TrueType" || ok
caps=$(grep -o '<caption>[^<]*</caption>' "$H" | sort | uniq -d)
[ -z "$caps" ] && ok || no "captions shared by tables: $caps"
grep -q '<table class="sr">' "$H" && no "a chart's data table hidden in its figure" || ok
grep -q 'og:image' "$H" && no "og:image without --base-url" || ok
"$DG" -o "$T/og" --format html,png --base-url https://example.go.jp/decks templates/genai-2024.xml
grep -q '<meta property="og:image" content="https://example.go.jp/decks/genai-2024/slide-01.png">' "$T/og/genai-2024/index.html" \
  && ok || no "og:image is not the absolute address of slide 1"
"$DG" -o "$T/og2" --format html,png templates/genai-2024.xml
grep -q 'og:image' "$T/og2/genai-2024/index.html" && no "og:image without --base-url (png)" || ok
"$DG" -o "$T/og3" --base-url example.go.jp templates/genai-2024.xml 2> "$T/og3.err"
[ $? = 2 ] && grep -q 'error: --base-url "example.go.jp" is not an absolute address' "$T/og3.err" && ok || no "a relative --base-url is accepted"

echo "== e2e: one folder per deck, replaced whole"
O="$T/out"
[ -f "$O/genai-2024/.deckgen" ] && ok || no "no .deckgen marker in the output folder"
grep -q '<a href="genai-2024.pdf">' "$O/genai-2024/index.html" && ok || no "the page does not link its PDF"
[ "$(ls -A "$O")" = genai-2024 ] && ok || no "OUTDIR holds more than the deck's folder: $(ls -A "$O" | tr '\n' ' ')"
# the folder holds what the last run made: a PDF-only run leaves no old page
"$DG" -o "$T/fmt" templates/genai-2024.xml && "$DG" -o "$T/fmt" --format pdf templates/genai-2024.xml
[ -f "$T/fmt/genai-2024/genai-2024.pdf" ] && [ ! -e "$T/fmt/genai-2024/index.html" ] && ok || no "a PDF-only run kept the old page"
# a site of the layout before the marker (no .deckgen) is still replaced
rm "$T/fmt/genai-2024/.deckgen" "$T/fmt/genai-2024/genai-2024.pdf"
cp "$O/genai-2024/index.html" "$T/fmt/genai-2024/"
"$DG" -o "$T/fmt" templates/genai-2024.xml && [ -f "$T/fmt/genai-2024/.deckgen" ] && ok || no "an old site without the marker is refused"
# without RENAME_EXCHANGE (forced): a link deckgen made to a versioned folder
F="$T/noexch"
for i in 1 2 3; do
  DECKGEN_NO_RENAME_EXCHANGE=1 "$DG" -o "$F" templates/genai-2024.xml || no "run $i without RENAME_EXCHANGE fails"
done
[ "$(readlink "$F/genai-2024")" = .genai-2024.v3 ] && [ "$(ls -A "$F" | tr '\n' ' ')" = ".genai-2024.v3 genai-2024 " ] \
  && ok || no "without RENAME_EXCHANGE: $(ls -lA "$F")"
cmp -s "$PDF" "$F/genai-2024/genai-2024.pdf" && diff -r "$O/genai-2024" "$F/genai-2024" >/dev/null && ok || no "the linked output differs"
# ... and with it again, the link stays deckgen's own and is replaced
"$DG" -o "$F" templates/genai-2024.xml && [ "$(readlink "$F/genai-2024")" = .genai-2024.v4 ] && ok || no "a link made without RENAME_EXCHANGE is not taken up again"
# a real folder cannot be replaced atomically without exchange: refused, untouched
(cd "$O/genai-2024" && find . -type f -exec sha256sum {} + | sort) > "$T/o.sum"
if DECKGEN_NO_RENAME_EXCHANGE=1 "$DG" -o "$O" templates/genai-2024.xml 2> "$T/noexch.err"; then no "a folder replaced without RENAME_EXCHANGE"; else ok; fi
grep -q "^$O/genai-2024: error: this file system cannot exchange two folders atomically" "$T/noexch.err" && ok || no "no-exchange message: $(cat "$T/noexch.err")"
(cd "$O/genai-2024" && find . -type f -exec sha256sum {} + | sort) | cmp -s - "$T/o.sum" && [ "$(ls -A "$O")" = genai-2024 ] && ok || no "a refused run changed $O"
# a second writer waits for the lock, says so, and gives up after DECKGEN_LOCK_WAIT
L="$T/lock"
"$DG" -o "$L" templates/genai-2024.xml
flock "$L/.genai-2024.lock" sh -c "touch '$T/held'; while [ ! -e '$T/release' ]; do sleep 0.05; done" &
hpid=$!
i=0; while [ ! -e "$T/held" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
DECKGEN_LOCK_WAIT=0 "$DG" -o "$L" templates/genai-2024.xml 2> "$T/lock.err"
code=$?
[ "$code" = 1 ] && grep -q "^$L/genai-2024: error: another deckgen is writing this output; gave up after 0 s$" "$T/lock.err" \
  && ok || no "lock timeout: exit $code, $(cat "$T/lock.err")"
"$DG" -o "$L" templates/genai-2024.xml 2> "$T/lock2.err" &
dpid=$!
i=0; while ! grep -q "waiting" "$T/lock2.err" 2>/dev/null && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
grep -q "^deckgen: another deckgen is writing $L/genai-2024; waiting for it (at most 120 s)$" "$T/lock2.err" && ok || no "lock wait message: $(cat "$T/lock2.err")"
touch "$T/release"
wait $hpid
wait $dpid && ok || no "the waiting writer failed: $(cat "$T/lock2.err")"
[ "$(ls -A "$L")" = genai-2024 ] && ok || no "lock or temp files left: $(ls -A "$L" | tr '\n' ' ')"

echo "== e2e: PDF/UA-1 (tests/pdfua.py: Matterhorn conditions and deckgen's own)"
# the conditions are listed in tests/README.md; each negative case breaks one
/usr/bin/python3 -B tests/pdfua.py "$PDF" --html "$H" > "$T/pdfua.txt" 2>&1 \
  && ok || { no "PDF/UA:"; cat "$T/pdfua.txt"; }
/usr/bin/python3 -B tests/pdfua_negative.py "$PDF" "$H" > "$T/pdfua-neg.txt" 2>&1 \
  && ok || { no "a broken PDF passes the PDF/UA test:"; grep -v "^negative ok" "$T/pdfua-neg.txt"; }

echo "== e2e: nothing left in TMPDIR, no fontconfig cache read or written"
mkdir -p "$T/i14/xdg"
# no temporary folder at all: a TMPDIR that does not exist is no obstacle
TMPDIR="$T/i14/none/x" XDG_CACHE_HOME="$T/i14/xdg" "$DG" -o "$T/i14/out" --format pdf,html,png \
  templates/genai-2024.xml 2> "$T/i14/err" && ok || { no "render with TMPDIR missing"; cat "$T/i14/err"; }
[ ! -s "$T/i14/err" ] && ok || { no "a render printed to stderr"; cat "$T/i14/err"; }
[ ! -e "$T/i14/xdg/fontconfig" ] && ok || no "fontconfig wrote a cache under XDG_CACHE_HOME"
# the working subsets are /proc/self/fd/N, a name the next font set of the
# process reuses: a batch whose second deck needs new characters (so new
# subsets) draws its PNGs exactly as that deck alone (the PNG renderer once
# kept Cairo faces by name and drew it with the first subset's glyph numbers)
project "$T/i14p"
sed '0,/<title>/s//<title>鬱蒼麒麟 /' "$T/i14p/templates/genai-2024.xml" > "$T/i14p/templates/b.xml"
printf 'a templates/genai-2024.xml .\nb templates/b.xml .\n' > "$T/i14p/two.txt"
printf 'b templates/b.xml .\n' > "$T/i14p/one.txt"
"$DG" --manifest "$T/i14p/two.txt" --jobs 1 --format png --dpi 24 -o "$T/i14p/o2" >/dev/null 2>&1 \
  && "$DG" --manifest "$T/i14p/one.txt" --jobs 1 --format png --dpi 24 -o "$T/i14p/o1" >/dev/null 2>&1 \
  && ok || no "PNG batch runs"
n=0
for f in "$T"/i14p/o1/b/slide-*.png; do cmp -s "$f" "$T/i14p/o2/b/${f##*/}" || n=$((n + 1)); done
[ -e "$T/i14p/o1/b/slide-01.png" ] && [ $n = 0 ] && ok || no "batch PNGs of a later font set differ from the deck alone ($n pages)"
# no /proc/self/fd: the subsets cannot be reached, and the run says why
# (needs a user and mount namespace to hide /proc; skipped where there is none)
if command -v unshare >/dev/null 2>&1 && unshare -r -m true 2>/dev/null; then
  unshare -r -m sh -c "mount -t tmpfs none /proc 2>/dev/null || exit 99; exec \"$DG\" -o \"$T/i14/np\" templates/genai-2024.xml" \
    2> "$T/i14/np.err"
  rc=$?
  if [ $rc = 99 ]; then
    echo "e2e: SKIP the run without /proc (cannot mount over /proc here)"
  else
    [ $rc = 1 ] && ok || no "a run without /proc: exit $rc, expected 1"
    grep -q "cannot keep the font's subset in memory" "$T/i14/np.err" && ok \
      || { no "no clear message without /proc"; cat "$T/i14/np.err"; }
  fi
else
  echo "e2e: SKIP the run without /proc (no unshare -r -m here)"
fi

echo "== e2e: reproducible"
"$DG" -o "$T/out2" templates/genai-2024.xml
cmp -s "$PDF" "$T/out2/genai-2024/genai-2024.pdf" && ok || no "two runs give different PDFs"
diff -r "$T/out/genai-2024" "$T/out2/genai-2024" >/dev/null && ok || no "two runs give different sites"
# a second run over the same out/ keeps identical files as they are (the
# site's are linked, not rewritten) but marks them as new
ino=$(stat -c %i "$T/out/genai-2024/fonts/deck-regular.woff2")
touch -d 2001-01-01 "$PDF" "$T/out/genai-2024/fonts/deck-regular.woff2"
"$DG" -o "$T/out" templates/genai-2024.xml
[ "$(stat -c %i "$T/out/genai-2024/fonts/deck-regular.woff2")" = "$ino" ] && ok || no "an unchanged web font was rewritten"
[ "$(stat -c %Y "$PDF")" -gt 1000000000 ] && ok || no "an unchanged PDF kept its old time"
[ "$(stat -c %Y "$T/out/genai-2024/fonts/deck-regular.woff2")" -gt 1000000000 ] && ok || no "an unchanged site file kept its old time"
cmp -s "$PDF" "$T/out2/genai-2024/genai-2024.pdf" && ok || no "the kept PDF differs"
# the cache between runs never changes a byte: cold, warm, damaged, off
C="$T/cache"
XDG_CACHE_HOME="$C" "$DG" -o "$T/c1" templates/genai-2024.xml
XDG_CACHE_HOME="$C" "$DG" -o "$T/c2" templates/genai-2024.xml
[ "$(ls "$C/deckgen" | wc -l)" -ge 4 ] && ok || no "cache holds $(ls "$C/deckgen" | wc -l) entries"
for f in "$C"/deckgen/*; do  # flip a byte in the middle of every entry
  n=$(stat -c %s "$f"); printf 'Z' | dd of="$f" bs=1 seek=$((n / 2)) conv=notrunc 2>/dev/null
done
XDG_CACHE_HOME="$C" "$DG" -o "$T/c3" templates/genai-2024.xml || no "a damaged cache breaks the run"
DECKGEN_CACHE=off "$DG" -o "$T/c4" templates/genai-2024.xml
for k in c1 c2 c3 c4; do
  cmp -s "$PDF" "$T/$k/genai-2024/genai-2024.pdf" && ok || no "PDF differs with cache state $k"
  diff -r "$T/out/genai-2024" "$T/$k/genai-2024" >/dev/null && ok || no "site differs with cache state $k"
done
SOURCE_DATE_EPOCH=1700000000 "$DG" -o "$T/out3" --format pdf templates/genai-2024.xml
pdfinfo "$T/out3/genai-2024/genai-2024.pdf" | grep -q "CreationDate: *Tue Nov 14 22:13:20 2023 UTC" && ok || no "SOURCE_DATE_EPOCH not used"

echo "== e2e: the display list against tests/golden/genai-2024.layout"
# every text run, rule and wedge with its position: any change in shaping,
# line breaking or layout shows here first, to the tenth of a point
"$DG" --dump-layout templates/genai-2024.xml > "$T/layout.txt" || no "--dump-layout fails"
diff -u tests/golden/genai-2024.layout "$T/layout.txt" > "$T/layout.diff" && ok || { no "display list differs from tests/golden/genai-2024.layout (make update-golden if intended):"; head -20 "$T/layout.diff"; }

echo "== e2e: PNG pages against tests/golden (tolerance as in cairo's test suite)"
# A page matches when at most 0.05% of its pixels differ by more than 10%
# (anti-aliasing noise); a layout change of one pixel moves thousands.
"$DG" -o "$T/png" --format png --dpi 72 templates/genai-2024.xml || no "PNG render fails"
n=$(ls "$T/png/genai-2024"/slide-*.png 2>/dev/null | wc -l)
[ "$n" = 17 ] && ok || no "PNG render wrote $n pages"
pixdiff() { compare -metric AE -fuzz 10% "$1" "$2" null: 2>&1 | cut -d' ' -f1; }
for g in tests/golden/slide-*.png; do
  new="$T/png/genai-2024/$(basename "$g")"
  d=$(pixdiff "$g" "$new")
  [ "${d%.*}" -le 259 ] 2>/dev/null && ok || no "$(basename "$g") differs from its golden in $d pixels (run make update-golden only if the change is intended)"
done
g=tests/golden/slide-02.png
convert "$T/png/genai-2024/slide-02.png" -roll +1+0 "$T/shifted.png"
d=$(pixdiff "$g" "$T/shifted.png")
[ "${d%.*}" -gt 259 ] 2>/dev/null && ok || no "a one-pixel shift of slide 2 went unnoticed ($d pixels)"
convert "$T/png/genai-2024/slide-04.png" -roll +0+1 "$T/shifted.png"
d=$(pixdiff tests/golden/slide-04.png "$T/shifted.png")
[ "${d%.*}" -gt 259 ] 2>/dev/null && ok || no "a one-pixel shift of slide 4 went unnoticed ($d pixels)"

# the named stack, linked plainly: no plugin, no dlopen
for lib in libpango-1.0 libpangoft2-1.0 libcairo libpng16; do
  ldd "$DG" | grep -q "$lib\.so" && ok || no "deckgen is not linked with $lib"
done
grep -rn --include='*.c' --include='*.h' --include='*.cc' dlopen src/ && no "src/ calls dlopen" || ok
[ -z "$(ls "$(dirname "$DG")"/*.so 2>/dev/null)" ] && ok || no "a plugin file beside deckgen"

echo "== e2e: A4 print variant"
"$DG" -o "$T/a4" --format pdf,html --paper a4 templates/genai-2024.xml || no "--paper a4 fails"
pdfinfo "$T/a4/genai-2024/genai-2024.pdf" | grep -q "Page size: *841.89 x 595.28 pts (A4)" && ok || no "A4 page size"
pdftotext -f 2 -l 2 "$T/a4/genai-2024/genai-2024.pdf" - | nows | grep -qF "団体数，全体に占める％" && ok || no "A4 page lost text"
/usr/bin/python3 -B tests/pdfua.py "$T/a4/genai-2024/genai-2024.pdf" --html "$T/a4/genai-2024/index.html" > "$T/pdfua-a4.txt" 2>&1 \
  && ok || { no "PDF/UA (A4):"; cat "$T/pdfua-a4.txt"; }

echo "== e2e: numbers follow the data"
P="$T/p1"
project "$P"
# 都道府県: 41 → 40 導入済, 5 → 6 実証実験中 (the total stays 47)
sed -i 's/^都道府県,1,"導入済",41,B/都道府県,1,"導入済",40,B/; s/^都道府県,2,"実証実験中",5,P/都道府県,2,"実証実験中",6,P/' "$P/data/genai-2024/adoption.csv"
sed -i 's/^導入済,策定済,474,C/導入済,策定済,473,C/; s/^実証実験中,策定中,52,P/実証実験中,策定中,53,P/' "$P/data/genai-2024/guideline_by_adoption.csv"
(cd "$P" && "$DG" -o out templates/genai-2024.xml) || no "edited data does not render"
pdftotext -f 1 -l 2 "$P/out/genai-2024/genai-2024.pdf" - | nows > "$T/p.txt"
grep -qF "都道府県で85％" "$T/p.txt" && ok || no "slide 1 does not follow the data (85％)"
grep -qF "都道府県で85.1%" "$T/p.txt" && ok || no "slide 2 does not follow the data (85.1%)"
grep -qF "40，85.1%" "$T/p.txt" && ok || no "chart label does not follow the data"
git diff --quiet HEAD -- templates 2>/dev/null; ok

echo "== e2e: ranking follows the data"
P="$T/p2"
project "$P"
sed -i 's/^議事録の要約,755,B/議事録の要約,900,B/' "$P/data/genai-2024/usecases.csv"
(cd "$P" && "$DG" -o out templates/genai-2024.xml) || no "edited ranking does not render"
pdftotext -f 3 -l 3 "$P/out/genai-2024/genai-2024.pdf" - | nows | grep -qF "回答の多い順に「議事録の要約」、「あいさつ文案の作成」、「企画書案の作成」" \
  && ok || no "ranking on slide 3 does not follow the data"

echo "== e2e: next year's deck from a new data folder"
# README, "Making next year's deck": copy the folder, new dates, point, render
P="$T/year"
project "$P"
cp -r "$P/data/genai-2024" "$P/data/genai-2025"
if (cd "$P" && "$DG" -o out --data data/genai-2025 --previous data/genai-2024 templates/genai-2024.xml 2> "$T/year.err"); then
  no "a copied survey.csv with last year's date rendered"
else ok; fi
[ "$(head -1 "$T/year.err")" = "data/genai-2025/survey.csv:2:1: error: this survey's date 2024-12-31 is not after the previous survey's date 2024-12-31 (data/genai-2024/survey.csv:2:1)" ] \
  && ok || no "stale survey.csv: $(head -1 "$T/year.err")"
printf 'date,published,source\n2025-12-31,2026-06-30,B\n' > "$P/data/genai-2025/survey.csv"
(cd "$P" && "$DG" -o out --data data/genai-2025 --previous data/genai-2024 templates/genai-2024.xml) || no "next year's deck does not render"
Y="$P/out/genai-2025/genai-2025.pdf"
[ -f "$Y" ] && ok || no "next year's deck is not out/genai-2025/genai-2025.pdf"
pdftotext "$Y" - | nows > "$T/y.txt"
for s in "前回調査（令和6年12月31日現在）との比較" "前回調査（令和6年12月31日現在）と比べ" \
  "令和6年12月31日現在令和7年12月31日現在" "区分（令和6年）" \
  "導入状況等調査」（令和７年度12月31日現在）"; do
  grep -qF "$s" "$T/y.txt" && ok || no "next year's PDF lacks $s"
done
[ "$(grep -o "令和７年度12月31日現在" "$T/y.txt" | wc -l)" = 2 ] && ok || no "source lines of slides 14 and 16"
grep -q "令和5\|令和６年度" "$T/y.txt" && no "next year's PDF still has a date of this year's deck" || ok
pdfinfo "$Y" > "$T/y.info"
grep -q "^Subject: .*（令和７年12月31日現在）" "$T/y.info" && ok || no "next year's subject"
grep -q "^Keywords: .*令和7年度" "$T/y.info" && ok || no "next year's keywords"
grep -q "^CreationDate: *Tue Jun 30 00:00:00 2026 UTC" "$T/y.info" && ok || no "next year's PDF date"
YH="$P/out/genai-2025/index.html"
grep -qF "令和6年と令和7年の比較" "$YH" && ok || no "next year's chart name in the HTML"
grep -qF "前回調査（令和6年12月31日現在）との比較" "$YH" && ok || no "next year's title in the HTML"
grep -q "令和5\|令和６年" "$YH" && no "next year's HTML still has a date of this year's deck" || ok
# the other way of step 3: the <survey> line of the template points at it
sed -i 's|<survey data="data/genai-2024" previous="data/genai-2023"/>|<survey data="data/genai-2025" previous="data/genai-2024"/>|' "$P/templates/genai-2024.xml"
(cd "$P" && "$DG" -o out2 templates/genai-2024.xml) || no "the re-pointed template does not render"
cmp -s "$Y" "$P/out2/genai-2025/genai-2025.pdf" && ok || no "--data and the <survey> line give different decks"
# the era is computed: 令和元年 and the 平成 before it
cp -r "$P/data/genai-2024" "$P/data/r1"
cp -r "$P/data/genai-2024" "$P/data/h30"
printf 'date,published,source\n2019-12-31,2020-06-30,B\n' > "$P/data/r1/survey.csv"
printf 'date,published,source\n2018-12-31,,B\n' > "$P/data/h30/survey.csv"
(cd "$P" && "$DG" -o out3 --data data/r1 --previous data/h30 templates/genai-2024.xml) || no "the 2019 deck does not render"
pdftotext "$P/out3/genai-2019/genai-2019.pdf" - | nows > "$T/r1.txt"
for s in "前回調査（平成30年12月31日現在）との比較" "平成30年12月31日現在令和元年12月31日現在" "調査」（令和元年度12月31日現在）"; do
  grep -qF "$s" "$T/r1.txt" && ok || no "2019 deck lacks $s"
done
pdfinfo "$P/out3/genai-2019/genai-2019.pdf" | grep -q "^Keywords: .*令和元年度" && ok || no "2019 keywords"

echo "== e2e: a vocabulary from a values file"
# values-file= on adoption's status column, the eight answers one a row:
# the same deck as values="…", and a CSV value outside it is refused naming
# the file's line and the file to add it to
P="$T/valuesfile"
project "$P"
mkdir -p "$P/templates/values"
python3 - "$P/templates" <<'PY'
import re, sys
p = sys.argv[1] + "/genai-2024.xml"
s = open(p).read()
m = re.search(r'<column name="status" values="(導入済\|実証実験中\|[^"]*)"/>', s)
open(sys.argv[1] + "/values/adoption-status.csv", "w").write(
    "status\n" + m.group(1).replace("|", "\n") + "\n")
s = s.replace(m.group(0), '<column name="status" values-file="templates/values/adoption-status.csv"/>', 1)
open(p, "w").write(s)
PY
[ "$(wc -l < "$P/templates/values/adoption-status.csv")" = 9 ] && ok || no "values file: the eight answers were not found"
grep -q 'values-file="templates/values/adoption-status.csv"' "$P/templates/genai-2024.xml" && ok || no "values file: the template was not edited"
(cd "$P" && "$DG" -o out --format pdf templates/genai-2024.xml) || no "a deck with a values file does not render"
cmp -s "$P/out/genai-2024/genai-2024.pdf" "$PDF" && ok || no "a values file gives another deck than values=\"…\""
sed -i 's/,"導入済",/,"導入済み",/' "$P/data/genai-2024/adoption.csv"
(cd "$P" && "$DG" -o out --format pdf templates/genai-2024.xml) 2> "$T/vf.err" && no "a status outside the values file rendered"
[ "$(head -1 "$T/vf.err")" = 'data/genai-2024/adoption.csv:2:3: error: status "導入済み" is not a value the template knows (expected "導入済", "実証実験中", "導入検討中（導入予定あり）", "導入(実証実験含む)予定はないが、首長レベルで検討している", "導入(実証実験も含む）予定はないが、幹部レベルで検討している", "導入(実証実験も含む)予定はないが、担当課レベルで検討している", "導入の検討を行った、または実証実験を実施したが導入には至らなかった", "導入予定もなく、検討もしていない", declared at templates/values/adoption-status.csv:2, the values-file of templates/genai-2024.xml:30); correct the cell, or add the value to the values-file templates/values/adoption-status.csv and make the sentences that read adoption.status say it (templates/genai-2024.xml:98, 99, 109, 110, 111, 113 and 11 more)' ] \
  && ok || no "values file: $(head -1 "$T/vf.err")"

echo "== e2e: a CSV saved by Excel on Japanese Windows (CP932, CRLF)"
P="$T/excel"
project "$P"
# 「CSV (コンマ区切り)」: CP932 and CRLF, no declaration in the deck; a new
# figure in it must reach the slide
sed 's/^議事録の要約,755,B/議事録の要約,900,B/; s/$/\r/' data/genai-2024/usecases.csv |
  iconv -f UTF-8 -t CP932 > "$P/data/genai-2024/usecases.csv"
head -c 200 "$P/data/genai-2024/usecases.csv" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 && no "the Excel file is valid UTF-8" || ok
(cd "$P" && "$DG" -o out templates/genai-2024.xml) || no "a CP932 CRLF CSV does not render"
pdftotext -f 3 -l 3 "$P/out/genai-2024/genai-2024.pdf" - | nows > "$T/excel.txt"
grep -qF "回答の多い順に「議事録の要約」、「あいさつ文案の作成」" "$T/excel.txt" && ok || no "the CP932 file's figures do not reach slide 3"
grep -qF "議事録の要約900" "$T/excel.txt" && ok || no "the CP932 file's label and value on the chart"
(cd "$P" && "$DG" --explain templates/genai-2024.xml) > "$T/excel.explain"
grep -qF "dataset	usecases	data/genai-2024/usecases.csv	CP932 (detected: not valid UTF-8; Excel's 「CSV (コンマ区切り)」), CRLF line ends, 10 rows" "$T/excel.explain" \
  && ok || no "--explain does not say the file was read as CP932"
grep -q "^dataset	groups	.*	UTF-8, 3 rows" "$T/excel.explain" && ok || no "--explain: encoding of a UTF-8 file"

echo "== e2e: explain"
"$DG" --explain templates/genai-2024.xml > "$T/explain.txt" || no "--explain fails"
grep -q "data/genai-2024/adoption.csv:2:4	41	B" "$T/explain.txt" && ok || no "--explain lacks the source cell of 41"
grep -q "= 87.2" "$T/explain.txt" && ok || no "--explain lacks 87.2"

echo "== e2e: batch (--group-by, --shard) and --watch"
P="$T/batch"
project "$P"
(cd "$P" && sh "$OLDPWD/tests/gen-synthetic.sh" >/dev/null)
(cd "$P" && XDG_CACHE_HOME="$T/bcache" "$DG" -o out --jobs 2 --shard 0/10 --group-by me.pref_code templates/synthetic-pref.xml) 2> "$T/batch.err" \
  && ok || { no "batch shard failed"; cat "$T/batch.err"; }
# the workers keep their web fonts and font programs: the same shard
# again makes and writes no cache entry (every entry keeps its inode) and
# gives the same bytes
ls "$T/bcache/deckgen" | grep -q '\.woff2$' && ok || no "batch workers kept no web font: $(ls "$T/bcache/deckgen" | tr '\n' ' ')"
ls -i "$T/bcache/deckgen" | sort > "$T/bcache.1"
(cd "$P" && XDG_CACHE_HOME="$T/bcache" "$DG" -o out2 --jobs 2 --shard 0/10 --group-by me.pref_code templates/synthetic-pref.xml) 2> "$T/batch2.err" \
  && ok || { no "batch shard, second run, failed"; cat "$T/batch2.err"; }
ls -i "$T/bcache/deckgen" | sort > "$T/bcache.2"
cmp -s "$T/bcache.1" "$T/bcache.2" && ok || no "a second run of the same shard wrote the cache again: $(diff "$T/bcache.1" "$T/bcache.2" | tr '\n' ' ')"
(cd "$P/out" && find . -type f | sort | xargs sha256sum) > "$T/b1.sums"
(cd "$P/out2" && find . -type f | sort | xargs sha256sum) > "$T/b2.sums"
cmp -s "$T/b1.sums" "$T/b2.sums" && ok || no "a warm shard's outputs differ from the cold one's"
n=$(ls "$P/out"/pref-*/pref-*.pdf 2>/dev/null | wc -l)
[ "$n" = 5 ] && ok || no "shard 0/10 of 47 decks wrote $n PDFs (want 5)"
grep -q "5 decks in .* (5 ok, 0 failed)" "$T/batch.err" && ok || no "batch summary: $(tail -n 1 "$T/batch.err")"
# the output folder is listed once for the batch, not once or twice per
# deck (O(decks²) names over a batch): 5 decks into a new folder with one
# worker open it as a folder 3 times (the batch's listing, then the first
# deck's two looks, until the worker knows the file system exchanges; 10
# before), and the worker's one lock file, renamed from deck to deck, is
# gone at the end (LeakSanitizer cannot run under ptrace: off for this
# run under SANITIZE=1; AddressSanitizer still checks)
if command -v strace >/dev/null; then
  (cd "$P" && export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" XDG_CACHE_HOME="$T/bcache" &&
    strace -f -e trace=openat -o "$T/batch.strace" "$DG" -o out3 --jobs 1 --shard 0/10 \
      --group-by me.pref_code templates/synthetic-pref.xml) 2>/dev/null && ok || no "batch shard under strace failed"
  n=$(grep -c '"out3", O_RDONLY[^"]*O_DIRECTORY' "$T/batch.strace")
  [ "$n" = 3 ] && ok || no "a batch of 5 decks opened its output folder as a folder $n times (want 3: the batch's listing and the first deck's two)"
  [ "$(ls -A "$P/out3" | tr '\n' ' ')" = "pref-01 pref-11 pref-21 pref-31 pref-41 " ] && ok || no "a batch left: $(ls -A "$P/out3" | tr '\n' ' ')"
  (cd "$P/out3" && find . -type f | sort | xargs sha256sum) > "$T/b3.sums"
  cmp -s "$T/b1.sums" "$T/b3.sums" && ok || no "a batch with one worker gives other bytes"
else
  echo "   (no strace: the output folder's listings not counted)"
fi
pdftotext "$P/out/pref-11/pref-11.pdf" - | nows | grep -qF "埼玉県における生成AI導入状況（合成データ）" && ok || no "group deck title"
/usr/bin/python3 -B tests/pdfua.py "$P/out/pref-11/pref-11.pdf" --html "$P/out/pref-11/index.html" > "$T/pdfua-g.txt" 2>&1 \
  && ok || { no "PDF/UA (a group deck):"; cat "$T/pdfua-g.txt"; }
# a deck that fails for some groups: the others still finish, exit 1
sed -i "s|<p>{first(me.pref_name)}の|<p>{me.name[type='指定都市']}。{first(me.pref_name)}の|" "$P/templates/synthetic-pref.xml"
rm -rf "$P/out"
(cd "$P" && "$DG" -o out --group-by me.pref_code templates/synthetic-pref.xml) 2> "$T/batch.err"
code=$?
[ "$code" = 1 ] && ok || no "a batch with failed decks exits $code (want 1)"
n=$(ls "$P/out"/pref-*/pref-*.pdf 2>/dev/null | wc -l)
[ "$n" = 11 ] && ok || no "decks with exactly one designated city: $n rendered (want 11)"
grep -q "^pref-01: templates/synthetic-pref.xml:.*matches no row" "$T/batch.err" && no "pref-01 has a designated city" || ok
grep -q "^pref-02: templates/synthetic-pref.xml:[0-9]*: error: lookup me.name matches no row" "$T/batch.err" && ok || no "failed deck not reported with its id"
# a worker that dies (here: SIGKILL, as the kernel ends one out of memory;
# SIGSEGV would meet the sanitizers' own handler under SANITIZE=1)
# names the deck it was rendering and counts the decks it never reached
rm -rf "$P/out"
# without the cache each deck compresses its web fonts (tens of ms): the
# batch outlasts the moment the kill needs, where warm decks take ~1 ms
(cd "$P" && export DECKGEN_CACHE=off && exec "$DG" -o out --jobs 2 --group-by me.pref_code templates/synthetic-pref.xml) 2> "$T/crash.err" &
bpid=$!
i=0; while [ -z "$(pgrep -P $bpid)" ] && [ $i -lt 200 ]; do sleep 0.01; i=$((i + 1)); done
kill -KILL $(pgrep -P $bpid | head -n 1)
wait $bpid
[ $? = 1 ] && ok || no "a batch whose worker crashed does not exit 1"
grep -q "^deckgen: pref-[0-9]*: error: the worker rendering this deck ended with signal 9 (Killed)$" "$T/crash.err" && ok || no "a crashed worker's deck is not named: $(cat "$T/crash.err")"
# the rest of its run of decks is counted; every other deck is rendered
# by the worker left
dead=$(grep -c "the worker rendering this deck ended" "$T/crash.err")
more=$(sed -n 's/^deckgen: error: \([0-9]*\) more decks\{0,1\} of that worker not rendered (after pref-[0-9]*, up to pref-[0-9]*)$/\1/p' "$T/crash.err")
# (the deck it died on may have been put in place before the kill)
d=$(sed -n 's/^deckgen: \(pref-[0-9]*\): error: the worker rendering this deck ended.*/\1/p' "$T/crash.err")
[ -n "$d" ] && [ -f "$P/out/$d/$d.pdf" ] && dead=0
n=$(ls "$P/out"/pref-*/pref-*.pdf 2>/dev/null | wc -l)
f=$(grep -o '^pref-[0-9]*:' "$T/crash.err" | sort -u | wc -l)
[ -n "$d" ] && [ $((n + f + dead + ${more:-0})) = 47 ] && ok || no "a crashed worker: $n rendered, $f failed, $dead + ${more:-0} not reached (want 47 in all): $(cat "$T/crash.err")"
# --watch: one re-render after a data change
P="$T/watch"
project "$P"
(cd "$P" && timeout 30 "$DG" --watch --watch-runs 6 -o out templates/genai-2024.xml 2> "$T/watch.err") &
wpid=$!
i=0; while [ ! -f "$P/out/genai-2024/genai-2024.pdf" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.3
sed -i 's/^議事録の要約,755,B/議事録の要約,766,B/' "$P/data/genai-2024/usecases.csv"
i=0; while [ "$(grep -c "rendered in" "$T/watch.err")" -lt 2 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
pdftotext -f 3 -l 3 "$P/out/genai-2024/genai-2024.pdf" - | grep -q "^766$" && ok || no "--watch did not re-render after a data change"
grep -q "rendered in .* ms (changed: slide 3)$" "$T/watch.err" && ok || no "--watch should name slide 3 alone: $(cat "$T/watch.err")"
# a file beside the inputs that is not one of them starts nothing
echo x > "$P/data/genai-2024/notes.txt"
sleep 0.3
[ "$(grep -c "rendered in" "$T/watch.err")" = 2 ] && ok || no "--watch rendered for an unrelated file"
# then the deck itself: the kept parse must not hide the edit
sed -i 's|<title>自治体における生成AIの導入効果</title>|<title>自治体における生成AIの導入効果（改）</title>|' "$P/templates/genai-2024.xml"
i=0; while [ "$(grep -c "rendered in" "$T/watch.err")" -lt 3 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
pdftotext -f 4 -l 4 "$P/out/genai-2024/genai-2024.pdf" - | grep -q "導入効果（改）" && ok || no "--watch did not see the deck edit"
grep -q "rendered in .* ms (changed: slide 4)$" "$T/watch.err" && ok || no "--watch should name slide 4 alone: $(cat "$T/watch.err")"
pdftotext -f 3 -l 3 "$P/out/genai-2024/genai-2024.pdf" - | grep -q "^766$" && ok || no "--watch lost the data edit"
sed -i 's/^議事録の要約,766,B/議事録の要約,777,B/' "$P/data/genai-2024/usecases.csv"
i=0; while [ "$(grep -c "rendered in" "$T/watch.err")" -lt 4 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
pdftotext -f 3 -l 3 "$P/out/genai-2024/genai-2024.pdf" - | grep -q "^777$" && ok || no "--watch missed the last data edit"
# the theme: its parse is kept only while its bytes stay the same
sed -i 's/accent="#1D4F91"/accent="#123456"/' "$P/templates/theme.xml"
i=0; while [ "$(grep -c "rendered in" "$T/watch.err")" -lt 5 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
grep -q 'fill="#123456"' "$P/out/genai-2024/favicon.svg" && ok || no "--watch did not see the theme edit: $(cat "$T/watch.err")"
sed -i 's/<theme/<thme/' "$P/templates/theme.xml"
i=0; while ! grep -q "failed in" "$T/watch.err" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
grep -Eq "^deckgen: failed in [0-9]+\.[0-9] ms$" "$T/watch.err" && ok || no "--watch's report of a failed render: $(cat "$T/watch.err")"
sed -i 's/<thme/<theme/' "$P/templates/theme.xml"
wait $wpid
[ "$(grep -c "rendered in" "$T/watch.err")" = 6 ] && ok || no "--watch report: $(cat "$T/watch.err")"
grep -q 'fill="#123456"' "$P/out/genai-2024/favicon.svg" && ok || no "--watch lost the theme edit after a failed render"

echo "== e2e: manifests"
# a user project without deck.rng and a second one, in a folder with a
# space, without fonts/: the schema and fonts come from this checkout
M="$T/man dir"
mkdir -p "$M/proj/templates" "$M/other proj/templates"
cp -r tests/bad/_base/data "$M/proj/"
cp tests/bad/_base/templates/bad.xml templates/theme.xml "$M/proj/templates/"
mkdir -p "$M/proj/fonts" && cp fonts/fonts.conf fonts/*.ttf "$M/proj/fonts/"
cp -r tests/bad/_base/data "$M/other proj/"
cp tests/bad/_base/templates/bad.xml templates/theme.xml "$M/other proj/templates/"
printf '<deck id="x"><broken>\n' > "$M/proj/templates/broken.xml"
printf '# two projects\n\na proj/templates/bad.xml proj\n\nb  "other proj/templates/bad.xml"\t"other proj"\nc proj/templates/broken.xml proj\n' > "$M/decks.txt"
(cd / && "$DG" --manifest "$M/decks.txt" -o "$M/out") 2> "$T/man.err"
code=$?
[ "$code" = 1 ] && ok || no "a manifest with one broken deck exits $code (want 1): $(cat "$T/man.err")"
[ -f "$M/out/a/a.pdf" ] && [ -f "$M/out/b/index.html" ] && ok || no "the good decks of a manifest did not render: $(cat "$T/man.err")"
[ ! -e "$M/out/c" ] && ok || no "the broken deck wrote output"
grep -q "^c: $M/proj/templates/broken.xml:[0-9]*: error: " "$T/man.err" && ok || no "the broken deck is not reported with its id and file:line: $(cat "$T/man.err")"
grep -q "(2 ok, 1 failed)" "$T/man.err" && grep -q "^deckgen: failed: c$" "$T/man.err" && ok || no "manifest summary: $(cat "$T/man.err")"
# line numbers count blank lines; a path with spaces must be quoted
printf '# decks\n\na proj/templates/bad.xml proj\n\nb other proj/templates/bad.xml other proj\n' > "$M/spaces.txt"
"$DG" --manifest "$M/spaces.txt" -o "$M/out2" 2> "$T/man.err"
code=$?
[ "$code" = 1 ] && [ "$(head -n 1 "$T/man.err")" = "$M/spaces.txt:5: error: more than three fields (a path that holds spaces goes in double quotes: \"my decks/a.xml\")" ] \
  && ok || no "unquoted spaces: exit $code, $(cat "$T/man.err")"
[ ! -e "$M/out2" ] && ok || no "a wrong manifest rendered something"
# two decks with one id: refused, naming both lines
printf 'a proj/templates/bad.xml proj\n\n# again\na "other proj/templates/bad.xml" "other proj"\n' > "$M/dup.txt"
"$DG" --manifest "$M/dup.txt" -o "$M/out3" --jobs 2 2> "$T/man.err"
code=$?
[ "$code" = 1 ] && [ "$(head -n 1 "$T/man.err")" = "$M/dup.txt:4: error: deck id \"a\" is used twice: here and at $M/dup.txt:1 (each deck needs its own output folder)" ] \
  && ok || no "duplicate ids: exit $code, $(cat "$T/man.err")"
[ ! -e "$M/out3" ] && ok || no "a manifest with duplicate ids rendered something"
# an id Windows keeps for a device cannot be a folder on a Windows share
printf 'a proj/templates/bad.xml proj\nLpt1 proj/templates/bad.xml proj\n' > "$M/dev.txt"
"$DG" --manifest "$M/dev.txt" -o "$M/out5" --jobs 1 2> "$T/man.err"
code=$?
[ "$code" = 1 ] && [ "$(head -n 1 "$T/man.err")" = "$M/dev.txt:2: error: deck id \"Lpt1\" cannot name a folder on Windows, which reserves CON, PRN, AUX, NUL, COM0-9 and LPT0-9 with any extension (choose another id)" ] \
  && ok || no "a device name as id: exit $code, $(cat "$T/man.err")"
[ ! -e "$M/out5" ] && ok || no "a manifest with a device name as id rendered something"
# ids that differ only in case are one folder on macOS, Windows and exFAT
printf 'b proj/templates/bad.xml proj\nReport proj/templates/bad.xml proj\nREPORT "other proj/templates/bad.xml" "other proj"\n' > "$M/case.txt"
"$DG" --manifest "$M/case.txt" -o "$M/out4" --jobs 2 2> "$T/man.err"
code=$?
[ "$code" = 1 ] && [ "$(head -n 1 "$T/man.err")" = "$M/case.txt:3: error: deck id \"REPORT\" and deck id \"Report\" at $M/case.txt:2 differ only in case or Unicode form: one output folder on macOS, Windows and exFAT (each deck needs its own output folder)" ] \
  && ok || no "ids differing in case: exit $code, $(cat "$T/man.err")"
[ ! -e "$M/out4" ] && ok || no "a manifest with ids differing in case rendered something"

echo "== e2e: tables (tests/fixtures/mini/templates/tables.xml)"
# merged header cells and a line break in a header, numbers aligned on
# their point, a long table continued in columns: in every output
TB="$T/tables"
"$DG" -o "$TB" --format pdf,html,png,pptx tests/fixtures/mini/templates/tables.xml \
  || no "the tables deck does not render"
TP="$TB/tables/tables.pdf"
# the structure elements are written uncompressed, one a line
grep -a -c '/S /TH .*/Scope /Column /RowSpan 2 >>' "$TP" | grep -qx 1 \
  && grep -a -c '/S /TH .*/Scope /Column /ColSpan 2 >>' "$TP" | grep -qx 2 \
  && ok || no "PDF: merged header cells without /ColSpan or /RowSpan"
/usr/bin/python3 -B tests/pdfua.py "$TP" --html "$TB/tables/index.html" > "$T/tables-ua.txt" 2>&1 \
  && ok || { no "PDF/UA (tables):"; cat "$T/tables-ua.txt"; }
pdftotext -f 1 -l 1 "$TP" - | grep -q '^（団体）$' && ok || no "PDF: the header's line break is lost"
pdftotext -f 2 -l 2 "$TP" - | grep -q '沖縄県' && ok || no "PDF: the continued table lost its last rows"
grep -q '<th scope="col" rowspan="2">団体区分</th><th scope="colgroup" colspan="2">導入団体数<br>（団体）</th>' \
  "$TB/tables/index.html" && ok || no "HTML: merged header cells"
[ "$(grep -o '<table>' "$TB/tables/index.html" | wc -l)" = 2 ] \
  && ok || no "HTML: a continued table is not one table"
[ -s "$TB/tables/slide-01.png" ] && [ -s "$TB/tables/slide-02.png" ] && ok || no "PNG: table slides"
unzip -p "$TB/tables/tables.pptx" ppt/slides/slide1.xml > "$T/tables-s1.xml"
grep -q 'a:tc gridSpan="2"' "$T/tables-s1.xml" && grep -q 'a:tc rowSpan="2"' "$T/tables-s1.xml" \
  && grep -q 'a:tc hMerge="1"' "$T/tables-s1.xml" && grep -q 'a:tc vMerge="1"' "$T/tables-s1.xml" \
  && ok || no "PPTX: merged cells without gridSpan, rowSpan, hMerge, vMerge"
[ "$(unzip -p "$TB/tables/tables.pptx" ppt/slides/slide2.xml | grep -o '<a:tbl>' | wc -l)" -ge 2 ] \
  && ok || no "PPTX: a continued table is not a native table per column"

echo "== e2e: bad inputs (tests/bad)"
# Each case mutates a small base project (tests/bad/_base) with its
# `prepare` script, runs deckgen on it with `args`, and expects the first
# line of stderr in `expected` and the exit code in `code` (default 1).
# A failing case must leave the previously rendered out/ untouched.
P="$T/bad"
project "$P"
cp -r tests/bad/_base/. "$P/"
(cd "$P" && "$DG" -o out templates/bad.xml) || no "bad-input baseline does not render"
(cd "$P/out" && find . -type f -exec sha256sum {} + | sort) > "$T/before.sum"
for case in tests/bad/*/; do
  name=$(basename "$case")
  [ "$name" = _base ] && continue
  W="$T/case-$name"
  rm -rf "$W"
  cp -r "$P" "$W"
  args=$(cat "$case/args" 2>/dev/null || echo "")
  (cd "$W" && "$OLDPWD/$case/prepare") || no "bad/$name: prepare failed"
  (cd "$W" && eval "\"$DG\" -o out $args templates/bad.xml") > "$T/stdout" 2> "$T/stderr"
  code=$?
  want_code=$(cat "$case/code" 2>/dev/null || echo 1)
  want=$(head -n 1 "$case/expected")
  got=$(head -n 1 "$T/stderr")
  if [ "$code" = "$want_code" ] && [ "$got" = "$want" ]; then ok; else
    no "bad/$name: exit $code (want $want_code), first line:"
    echo "   got:  $got"
    echo "   want: $want"
  fi
  if [ "$want_code" != 0 ]; then
    (cd "$W/out" && find . -type f -exec sha256sum {} + | sort) > "$T/after.sum"
    cmp -s "$T/before.sum" "$T/after.sum" && ok || no "bad/$name changed out/"
  fi
  if [ -x "$case/verify" ]; then
    (cd "$W" && "$OLDPWD/$case/verify") && ok || no "bad/$name: verify failed"
  fi
done

echo "== e2e: a FIFO in the fonts folder does not block"
# fontconfig opened every file of the folder and waited on a FIFO forever;
# each run here under `timeout`, so that a regression fails, not hangs
for f in BIZUDPGothic-Bold.ttf fonts.conf; do
  W="$T/fifo-$f"
  rm -rf "$W"
  cp -r "$P" "$W"
  rm "$W/fonts/$f"
  mkfifo "$W/fonts/$f"
  (cd "$W" && timeout 20 "$DG" -o out templates/bad.xml) > /dev/null 2> "$T/stderr"
  code=$?
  want="fonts/$f: error: not a regular file (a FIFO, which would block the run)"
  [ "$code" = 1 ] && [ "$(head -n 1 "$T/stderr")" = "$want" ] && ok ||
    no "a FIFO as fonts/$f: exit $code (124: it blocked), $(head -c 300 "$T/stderr")"
done

echo "e2e: $pass passed, $fail failed"
[ "$fail" = 0 ]
