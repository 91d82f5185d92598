#!/bin/sh
# The second example deck (templates/rpa-ai-trend.xml, synthetic data in
# data/rpa-ai-trend/): a cover with a logo (SVG), a list with key figures,
# a paragraph and a list beside a line chart over six survey years,
# grouped columns in the sequential palette with a reference line, a table
# with a merged two-level header and decimal alignment from derived
# datasets, stacked columns whose category without rows shows as 0, a
# 47-row ranking with a highlighted prefecture, a picture beside a
# numbered list. Rendered to PDF, HTML, PNG and PPTX; each output checked
# for what the slides say, the PPTX's charts native, LibreOffice's pages
# near ours, and the shared checkers (installed by their own install
# script on first use: it is idempotent and takes under a second after).
set -u
. tests/lib.sh
PY=/usr/bin/python3
has() { grep -qF -- "$2" "$1" && ok || no "$3: no \"$2\""; }

echo "== trend: every output"
"$DG" -o "$T/o" --format pdf,html,png,pptx templates/rpa-ai-trend.xml 2> "$T/err" \
  && ok || { no "the trend deck does not render"; cat "$T/err"; }
[ -s "$T/err" ] && { no "the trend deck warns"; cat "$T/err"; } || ok
D="$T/o/rpa-ai-trend"
PDF="$D/rpa-ai-trend.pdf"
X="$D/rpa-ai-trend.pptx"
NS=8
for f in rpa-ai-trend.pdf rpa-ai-trend.pptx index.html; do
  [ -s "$D/$f" ] && ok || no "no $f"
done
for n in $(seq 1 $NS); do
  [ -s "$D/slide-0$n.png" ] && ok || no "no slide-0$n.png"
done
[ -e "$D/slide-0$((NS + 1)).png" ] && no "more PNGs than slides" || ok
# a PNG's size: 1280 x 720, as the sample's
[ "$(od -An -tu1 -j16 -N8 "$D/slide-04.png" | tr -s ' ' | sed 's/^ //')" = "0 0 5 0 0 0 2 208" ] \
  && ok || no "slide-04.png is not 1280 x 720"

echo "== trend: what the charts say (PDF text, display list)"
pdftotext -layout "$PDF" "$T/pdf.txt"
# every point of the line chart is labelled, the 令和6年 values too
for v in 11.3% 17.5% 24.6% 31.2% 37.0% 42.4% 7.9% 12.6% 19.1% 27.4% 35.8% 49.3%; do
  has "$T/pdf.txt" "$v" "line chart"
done
has "$T/pdf.txt" "RPA（42.4%）を上回った" "the paragraph beside the line chart"
# the words computed from the data: the list, the key figures, the lead
# over the columns, the table's sums, the premise on the bands' slide
has "$T/pdf.txt" "AIを導入済みの市区町村は859団体（49.3%）で、令和元年の7.9%から41.4ポイント増加した。" "the list"
has "$T/pdf.txt" "「都道府県」と「指定都市」が同率の100.0%で最も高く" "the list's tie"
has "$T/pdf.txt" "「町村」が12.3ポイントと" "the largest increase (a derived column)"
has "$T/pdf.txt" "「千葉県」が74.1%と最も高い。" "the list's top prefecture"
has "$T/pdf.txt" "1,741団体中（49.3%）" "a key figure"
has "$T/pdf.txt" "全国（49.3%）を下回る区分は「町村」である。" "the groups' lead"
has "$T/pdf.txt" "本運用が677団体、実証中が229団体" "the table's lead"
has "$T/pdf.txt" "人口5千人未満の団体には、本運用・実証中とも導入例がない。" "the bands' premise"
has "$T/pdf.txt" "令和6年4月1日現在" "the cover's date (survey.csv)"
# the cover has no slide number; every other slide has its own
head -8 "$T/pdf.txt" | grep -qE '^ *1$' && no "the cover has a slide number" || ok
# the merged-header table: each row's values, the rates with one decimal
for r in "その他の市区 +733 +280 +89 +369 +41.2 +50.3 +9.1" \
  "町村 +926 +294 +126 +420 +33.1 +45.4 +12.3" "都道府県 +47 +45 +2 +47 +97.9 +100.0 +2.1"; do
  grep -qE "$r" "$T/pdf.txt" && ok || no "the table has no row /$r/"
done
has "$T/pdf.txt" "全国（令和6年） 49.3%" "the columns' reference line"
has "$T/pdf.txt" "全国 49.3%" "the ranking's reference line"
has "$T/pdf.txt" "5千人未満" "the category without rows"
"$DG" --dump-layout templates/rpa-ai-trend.xml > "$T/dump.txt" 2>&1 && ok || no "dump-layout"
# 47 prefectures, each once, and the highlighted one in the highlight colour
n=$(cut -d, -f1 data/rpa-ai-trend/prefs.csv | tail -n +2 | while read -r p; do
  grep -c "\"$p\"" "$T/dump.txt"; done | awk '$1 >= 1 { n++ } END { print n }')
[ "$n" = 47 ] && ok || no "the ranking shows $n of 47 prefectures"
grep -q "D55E00" "$T/dump.txt" && ok || no "no bar in the highlight colour"
# the PDF's figures: four, each with its /Alt
figs=$($PY - "$PDF" <<'EOF'
import re, sys, zlib
data = open(sys.argv[1], "rb").read()
print(len(re.findall(rb"/S\s*/Figure\b[^>]*?/Alt", data)) or
      sum(1 for m in re.finditer(rb"/S\s*/Figure", data)))
EOF
)
[ "$figs" -ge 6 ] && ok || no "the PDF has $figs Figure elements, expected 6 (4 charts, 2 images)"
# the tagged PDF: the two images' /Alt, list items, merged header cells
$PY - "$PDF" > "$T/tags.txt" <<'EOF'
import pikepdf, sys
pdf = pikepdf.open(sys.argv[1])
seen = {}
def walk(n, depth=0, parent=""):
    if depth > 60 or not isinstance(n, pikepdf.Dictionary):
        return
    s = str(n.get("/S", ""))
    seen[s] = seen.get(s, 0) + 1
    if s == "/L" and parent:
        # a nested list: in its item's LBody, with its own items
        items = [c for c in (n.K if isinstance(n.K, pikepdf.Array) else [n.K])
                 if isinstance(c, pikepdf.Dictionary) and str(c.get("/S")) == "/LI"]
        print("L in", parent[1:], "with", len(items), "LI")
    if s == "/Figure" and "/Alt" in n:
        print("alt", str(n.Alt)[:40])
    a = n.get("/A")
    for d in (a if isinstance(a, pikepdf.Array) else [a] if a is not None else []):
        if isinstance(d, pikepdf.Dictionary):
            for k in ("/ColSpan", "/RowSpan"):
                if k in d:
                    print(k[1:], int(d[k]))
    k = n.get("/K")
    for c in (k if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
        walk(c, depth + 1, s if s.startswith("/L") else "")
walk(pdf.Root.StructTreeRoot)
for s in ("/L", "/LI", "/Lbl", "/LBody", "/TH"):
    print("count", s[1:], seen.get(s, 0))
EOF
has "$T/tags.txt" "alt 例示資料のロゴ" "the cover's logo"
has "$T/tags.txt" "alt 申請書が、RPA（歯車）とAI（吹き出し）" "the picture"
has "$T/tags.txt" "ColSpan 3" "the table's merged header"
has "$T/tags.txt" "RowSpan 2" "the table's merged header"
# 5 + 2 + 4 + 2 + 2 items: the summary, beside the line chart, the
# numbered steps and the two lists nested in steps 2 and 3
has "$T/tags.txt" "count LI 15" "the lists"
has "$T/tags.txt" "count L 5" "the lists"
[ "$(grep -c '^L in LBody with 2 LI$' "$T/tags.txt")" = 2 ] && ok \
  || no "the PDF's nested lists are not two L of 2 LI inside an LBody"
grep -q '^L in L[IL]' "$T/tags.txt" && no "a nested L outside its item's LBody" || ok
/usr/bin/python3 -B tests/pdfua.py "$PDF" --html "$D/index.html" > "$T/pdfua.txt" 2>&1 \
  && ok || { no "PDF/UA:"; cat "$T/pdfua.txt"; }

echo "== trend: the picture and the list share the slide's height (slide 8)"
# columns of text and images only are centred against each other and in
# the room under the lead: the picture's middle is the list's, and the
# list reaches below the page's middle (it used to sit at the top over an
# empty lower half); the same place in the PDF, the HTML, the PNG and
# the PPTX. The 47-row ranking's labels start at the margin (slide 7).
"$DG" --dump-layout templates/rpa-ai-trend.xml > "$T/layout.txt"
awk '/^page 8 /{p=1} /^page 9 /{p=0} p' "$T/layout.txt" > "$T/p8.txt"
set -- $(awk '$1 == "image" {print $3, $5}' "$T/p8.txt")
iy=${1:-0} ih=${2:-0}
set -- $(awk '$1 == "text" && $2 > 480 && $2 < 900 && $3 > 150 && $3 < 500 {print $3}' "$T/p8.txt" | sort -n | sed -n '1p;$p')
ly0=${1:-0} ly1=${2:-0}
# the list's middle: from its first line's top (ascent 0.88 of 18 pt) to
# its last line's bottom (descent 0.12)
perl -e '($iy, $ih, $a, $b) = @ARGV; $im = $iy + $ih / 2; $lm = ($a - 15.8 + $b + 2.2) / 2;
         exit !(abs($im - $lm) < 3 && $b > 300 && $iy > 200)' "$iy" "$ih" "$ly0" "$ly1" \
  && ok || no "slide 8: the picture (y $iy, h $ih) is not level with the list ($ly0-$ly1) in the lower half"
# PDF: the list's last item below the middle of the 540 pt page
pdftotext -f 8 -l 8 -bbox "$PDF" - | grep -F "職員が結果を確認し" | grep -o 'yMin="[0-9.]*"' \
  | grep -o '[0-9.]*' | perl -ne 'exit !($_ > 300)' && ok || no "slide 8's PDF: the last step is not in the lower half"
# HTML: the picture where layout put it
grep -o '<img class="im" src="img/slide-8-img-1.svg"[^>]*>' "$D/index.html" | grep -o 'top:[0-9.]*px' \
  | grep -o '[0-9.]*' | perl -ne "exit !(abs(\$_ - $iy) < 0.2)" \
  && ok || no "slide 8's HTML picture is not at top $iy"
# PPTX: the picture's offset, in EMU
unzip -p "$X" ppt/slides/slide8.xml | grep -o '<p:pic>.*</p:pic>' | grep -o '<a:off x="[0-9]*" y="[0-9]*"/>' \
  | grep -o 'y="[0-9]*"' | grep -o '[0-9]*' | perl -ne "exit !(abs(\$_ / 12700 - $iy) < 0.2)" \
  && ok || no "slide 8's PPTX picture is not at y $iy"
# PNG: the picture drawn there (ink in its box, 4/3 px a pt), none in the
# same columns above it
ink=$(convert "$D/slide-08.png" -crop "560x$(perl -e 'printf "%d", $ARGV[0] * 4 / 3 - 8' "$ih")+60+$(perl -e 'printf "%d", $ARGV[0] * 4 / 3 + 4' "$iy")" \
      -colorspace gray -format "%[fx:mean]" info:)
above=$(convert "$D/slide-08.png" -crop "560x60+60+$(perl -e 'printf "%d", $ARGV[0] * 4 / 3 - 70' "$iy")" \
        -colorspace gray -format "%[fx:mean]" info:)
perl -e 'exit !($ARGV[0] < 0.9 && $ARGV[1] > 0.995)' "$ink" "$above" \
  && ok || no "slide-08.png: the picture's box has mean $ink, above it $above"
# slide 7: the labels' column as wide as its 7 pt labels
pdftotext -f 7 -l 7 -bbox "$PDF" - | grep -F ">鹿児島県<" | grep -o 'xMin="[0-9.]*"' | grep -o '[0-9.]*' \
  | perl -ne 'exit !($_ < 50)' && ok || no "slide 7: the ranking's labels do not start at the margin"

echo "== trend: --explain of computed cells"
# the largest increase (12.3 points) is a cell of a dataset derived from
# derived ones: --explain names the line of each <column expr> that
# computed it, down to the CSV cells (a cell whose provenance was never
# set once crashed it here)
X_="templates/rpa-ai-trend.xml"
"$DG" --explain "$X_" > "$T/explain.txt" 2> "$T/explain.err" && ok \
  || { no "--explain of the trend deck fails"; head -5 "$T/explain.err"; }
line() { grep -n -F -- "$1" "$X_" | head -1 | cut -d: -f1; }
diff_l=$(line 'name="diff" expr="rate - rate5"')
rate_l=$(line 'name="rate" expr="round(pct(adopted, total), 1)"')
adopted_l=$(line 'name="adopted" expr="production + pilot"')
rate5_l=$(line 'name="rate5" expr="p.rate5"')
g_l=$(line 'name="rate5" expr="g.rate"')
printf '%s\n' \
  "		$X_:$diff_l	12.3	computed: {rate - rate5}, dataset \"table\" row 5" \
  "			$X_:$rate_l	45.4	computed: {round(pct(adopted, total), 1)}, dataset \"ad6\" row 5" \
  "				$X_:$adopted_l	420	computed: {production + pilot}, dataset \"ad6\" row 5" \
  "					data/rpa-ai-trend/adoption.csv:6:3	294	(no provenance)" \
  "					data/rpa-ai-trend/adoption.csv:6:4	126	(no provenance)" \
  "				data/rpa-ai-trend/adoption.csv:6:2	926	(no provenance)" \
  "			$X_:$rate5_l	33.1	computed: {p.rate5}, dataset \"table\" row 5" \
  "				$X_:$g_l	33.1	computed: {g.rate}, dataset \"prev\" row 5" \
  "					data/rpa-ai-trend/groups.csv:15:3	33.1	(no provenance)" > "$T/explain.want"
grep -A 9 -F "{most(table.group, table.diff, 'ポイント')}	= 「町村」が12.3ポイントと" "$T/explain.txt" \
  | head -10 | tail -9 > "$T/explain.got"
diff "$T/explain.want" "$T/explain.got" > /dev/null && ok \
  || { no "--explain of the largest increase:"; diff "$T/explain.want" "$T/explain.got"; }

echo "== trend: HTML (the reflowed charts for phones)"
# a second SVG per chart for the narrow layout: four charts, four reflows
r=$(grep -o '<svg class="nw"' "$D/index.html" | wc -l)
[ "$r" -ge 4 ] && ok || no "the HTML has $r reflowed charts, expected 4"
has "$D/index.html" "令和6年（RPA 42.4%、AI 49.3%）" "the line chart's description"
has "$D/index.html" 'colspan="3">' "the HTML table's merged header"
has "$D/index.html" 'alt="例示資料のロゴ' "the logo's alt"
for f in img/slide-1-img-1.svg img/slide-8-img-1.svg; do
  [ -s "$D/$f" ] && ok || no "no $f beside the page"
done
[ "$(grep -o '<ul' "$D/index.html" | wc -l)" -ge 2 ] && ok || no "the HTML has fewer than 2 <ul>"
has "$D/index.html" "<ol" "the numbered steps"
# the nested lists: a <ul> inside the <li> of steps 2 and 3, its items
# labelled with the dash, the step's own <li> closed after it (each
# item's top margin, the gap from the one before, aside)
$PY - "$D/index.html" > "$T/nest.txt" <<'EOF'
import re, sys
h = re.sub(r"<(/?)(span|b)\b[^>]*>", "", open(sys.argv[1], encoding="utf-8").read())
h = re.sub(r'<li style="--m:[0-9.-]+px">', "<li>", h)
for m in re.finditer(r"<li>([^<]*)<ul>(.*?)</ul></li>", h):
    print("nested", m.group(1), "|", " ".join(re.findall(r"<li>([^<]*)</li>", m.group(2))))
EOF
has "$T/nest.txt" "nested 2.RPAが、決まった手順の作業を自動で行う。 | －システムへの転記 －台帳や名簿との照合" "the HTML's nested list"
has "$T/nest.txt" "nested 3.AIが、文書の理解や作成を支援する。 | －文書の要約や分類 －問合せへの回答案の作成" "the HTML's nested list"

echo "== trend: PPTX (native charts)"
$PY tests/pptx_check.py "$X" --template templates/rpa-ai-trend.xml --root . > "$T/check.txt" 2>&1 \
  && ok || { no "package check"; cat "$T/check.txt"; }
has "$T/check.txt" "pptx_check: kinds line col col+stacked bar" "pptx_check"
unzip -p "$X" ppt/charts/chart1.xml > "$T/c1.xml"
has "$T/c1.xml" "<c:lineChart>" "chart1"
# the pictures as p:pic, the table's merged header, real bullets
unzip -p "$X" ppt/slides/slide1.xml > "$T/s1.xml"
has "$T/s1.xml" "<p:pic>" "the cover's logo"
unzip -p "$X" ppt/slides/slide8.xml > "$T/s8.xml"
has "$T/s8.xml" "<p:pic>" "the picture"
has "$T/s8.xml" "<a:buAutoNum" "the numbered steps"
# the nested items: paragraphs of level 1 with their own bullet, indented
# under the step's text
$PY - "$T/s8.xml" > "$T/s8p.txt" <<'EOF'
import re, sys
x = open(sys.argv[1], encoding="utf-8").read()
for p in re.findall(r"<a:p>(.*?)</a:p>", x):
    m = re.search(r'<a:pPr marL="(\d+)"(?: lvl="(\d)")? indent="(-?\d+)"', p)
    if m and "<a:bu" in p:
        bu = re.search(r'<a:bu(AutoNum type|Char char)="([^"]+)"', p).group(2)
        text = "".join(re.findall(r"<a:t>([^<]*)</a:t>", p))
        print(m.group(2) or 0, bu, int(m.group(1)) + int(m.group(3)), int(m.group(1)), text)
EOF
$PY - "$T/s8p.txt" <<'EOF' && ok || no "the PPTX's nested list items"
import sys
rows = [l.split(" ", 4) for l in open(sys.argv[1], encoding="utf-8").read().splitlines()]
lv = [(r[0], r[1]) for r in rows]
assert lv == [("0", "arabicPeriod")] * 2 + [("1", "－")] * 2 + [("0", "arabicPeriod")] \
    + [("1", "－")] * 2 + [("0", "arabicPeriod")], lv
# a nested item's bullet stands under its step's text, its text further in
assert int(rows[2][2]) == int(rows[1][3]) and int(rows[2][3]) > int(rows[1][3]), rows
EOF
unzip -p "$X" ppt/slides/slide2.xml > "$T/s2.xml"
has "$T/s2.xml" "<a:buChar" "the list's bullets"
unzip -p "$X" ppt/slides/slide5.xml > "$T/s5.xml"
has "$T/s5.xml" 'gridSpan="3"' "the table's merged header"
has "$T/s5.xml" 'rowSpan="2"' "the table's merged header"
has "$T/s5.xml" 'vMerge="1"' "the table's merged header"
has "$T/c1.xml" '<c:symbol val="square"/>' "chart1's markers"
unzip -p "$X" ppt/charts/chart2.xml > "$T/c2.xml"
has "$T/c2.xml" '<c:barDir val="col"/>' "chart2"
unzip -p "$X" ppt/charts/chart3.xml > "$T/c3.xml"
has "$T/c3.xml" '<c:grouping val="stacked"/>' "chart3"
has "$T/c3.xml" "5千人未満" "chart3's zero category"
# the stacked columns' totals: a helper series whose labels are the cells'
# formulas (as the bars' "計 …"), bare over a column as drawn, and no
# legend entry (a column chart counts its entries from the first series)
has "$T/c3.xml" '<c:v>292</c:v>' "chart3's totals"
has "$T/c3.xml" 'type="CELLRANGE"' "chart3's labels from cells"
has "$T/c3.xml" '<c:legendEntry><c:idx val="2"/><c:delete val="1"/>' "chart3's legend"
# a reference line is a shape where layout drew it: its chart keeps the
# scale layout chose, or the line would stand at another value
for n in 2 4; do
  unzip -p "$X" ppt/charts/chart$n.xml > "$T/c$n.xml"
  has "$T/c$n.xml" '<c:max val="100"/><c:min val="0"/>' "chart$n's scale"
done
grep -q '<c:max ' "$T/c1.xml" && no "chart1 has a fixed maximum" || ok
if command -v soffice >/dev/null 2>&1; then
  soffice -env:UserInstallation=file://$T/lo-profile --headless --norestore \
    --convert-to pdf --outdir "$T/lo" "$X" > "$T/lo.txt" 2>&1
  LO="$T/lo/rpa-ai-trend.pdf"
  if [ -s "$LO" ]; then
    pages=$(pdfinfo "$LO" | awk '/^Pages:/ {print $2}')
    [ "$pages" = $NS ] && ok || no "LibreOffice's PDF has $pages pages, expected $NS"
    # as in tests/pptx.sh, but 12%: LibreOffice draws the ranking's 47 bars
    # thicker than their gapWidth says (measured 2.7, 5.3, 2.9, 10.1%; each
    # page still 16-19% from the next one's)
    $PY tests/pptx_look.py "$PDF" "$LO" 12 > "$T/look.txt" \
      && ok || { no "LibreOffice's pages against ours"; cat "$T/look.txt"; }
    tail -1 "$T/look.txt"
  else
    no "LibreOffice did not convert the .pptx"
    cat "$T/lo.txt"
  fi
else
  no "soffice not found (tests/deps.sh installs libreoffice-impress)"
fi

echo "== trend: the shared checkers"
if checkers_ready; then
  "$CHECKS/pdf-audit" "$PDF" --strict --pages $NS > "$T/a.txt" 2>&1 && ok \
    || { no "pdf-audit"; cat "$T/a.txt"; }
  "$CHECKS/html-audit" "$D" --slides $NS > "$T/h.txt" 2>&1 && ok \
    || { no "html-audit"; tail -20 "$T/h.txt"; }
  "$CHECKS/html-vs-pdf" "$PDF" "$D/index.html" > "$T/v.txt" 2>&1 && ok \
    || { no "html-vs-pdf"; cat "$T/v.txt"; }
  grep -h "^SUMMARY" "$T/a.txt" "$T/h.txt" "$T/v.txt" | cut -c1-110
else
  echo "trend: $CHECKS not installed; the shared checkers skipped"
fi

echo "trend: $pass passed, $fail failed"
[ "$fail" = 0 ]
