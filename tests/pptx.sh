#!/bin/sh
# PPTX tests: the package checker on the sample deck's .pptx
# and on broken copies of it (each must fail with its own message), the
# cached chart values against the CSVs, reproducible bytes, and one
# LibreOffice Impress conversion: 17 pages, the seed's text, each page
# near our own PDF's.
set -u
. tests/lib.sh
PY=/usr/bin/python3
CHECK="$PY tests/pptx_check.py"

echo "== pptx: package"
"$DG" -o "$T/a" --format pdf,pptx templates/genai-2024.xml || no "the sample deck does not render to pptx"
X="$T/a/genai-2024/genai-2024.pptx"
PDF="$T/a/genai-2024/genai-2024.pdf"
[ -s "$X" ] && [ -s "$PDF" ] && ok || no "no .pptx beside the PDF in out/genai-2024/"
$CHECK "$X" --template templates/genai-2024.xml --root . > "$T/check.txt" 2>&1 \
  && ok || { no "package check"; cat "$T/check.txt"; }
grep -q "^pptx_check: 16 charts, " "$T/check.txt" && ok || { no "not 16 charts"; cat "$T/check.txt"; }

# each broken copy fails, and for the reason it was broken
while IFS='|' read -r kind msg; do
  $CHECK --break "$kind" "$X" "$T/broken.pptx"
  if $CHECK "$T/broken.pptx" --template templates/genai-2024.xml --root . > "$T/b.txt" 2>&1; then
    no "the checker passes a package broken by $kind"
  else
    grep -qF "$msg" "$T/b.txt" && ok || { no "$kind: expected \"$msg\""; cat "$T/b.txt"; }
  fi
done <<'CASES'
content-type|ppt/slides/slide3.xml: content type application/xml
dangling|rId3 points at a missing part ppt/slides/slide99.xml
dup-id|slide id 256 out of range or repeated
no-workbook|ppt/charts/chart1.xml: no embedded workbook
malformed|ppt/slides/slide1.xml: XML not well formed
cache|ppt/charts/chart2.xml: cache [12345.0,
no-theme|points at a missing part ppt/theme/theme1.xml
label|ppt/charts/chart1.xml: label cache ['41，80.0%'
pattern|ppt/charts/chart1.xml: series 2 and series 3 look alike without colour (wdUpDiag)
same-title|ppt/slides/slide8.xml: title '生成ＡＩ利用におけるガイドライン策定状況（1）' repeats ppt/slides/slide7.xml's
CASES
# slide numbers are fields of the slide number placeholder, which the
# master and its layout carry with the title and body placeholders
unzip -p "$X" ppt/slides/slide5.xml | grep -qF '<p:ph type="sldNum" sz="quarter" idx="12"/>' && ok || no "slide 5 has no slide number placeholder"
unzip -p "$X" ppt/slides/slide5.xml | grep -qF 'type="slidenum"' && ok || no "slide 5's number is no field"
# 「新しいスライド」 offers the deck's slide, a cover and a title only
for l in 'slideLayout2.xml|<p:sldLayout xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" type="title" preserve="1"><p:cSld name="表紙">' \
         'slideLayout3.xml|<p:sldLayout xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" type="titleOnly" preserve="1"><p:cSld name="タイトルのみ">'; do
  unzip -p "$X" "ppt/slideLayouts/${l%%|*}" | grep -qF "${l#*|}" && ok || no "no layout ${l#*|}"
done
# slide 1's cards: one group each, the figure and its unit in one paragraph
[ "$(unzip -p "$X" ppt/slides/slide1.xml | grep -o '<p:grpSp>' | wc -l)" = 6 ] && ok || no "slide 1 has not 6 grouped cards"
unzip -p "$X" ppt/slides/slide1.xml | grep -qF '<a:t>87</a:t></a:r><a:r>' && ok || no "slide 1's 87 and % are not one paragraph"
# slides 7 and 8 share their heading; their PPTX titles are numbered
unzip -p "$X" ppt/slides/slide8.xml | grep -qF '<a:t>生成ＡＩ利用におけるガイドライン策定状況（2）</a:t>' && ok || no "slide 8's title is not numbered"
for t in title body dt ftr sldNum; do
  unzip -p "$X" ppt/slideMasters/slideMaster1.xml | grep -qF "<p:ph type=\"$t\"" && ok || no "the master has no $t placeholder"
  unzip -p "$X" ppt/slideLayouts/slideLayout1.xml | grep -qF "<p:ph type=\"$t\"" && ok || no "the layout has no $t placeholder"
done
# a paragraph is one text box that wraps (no line breaks where layout wrapped)
unzip -p "$X" ppt/slides/slide5.xml | grep -qF 'wrap="square"' && ok || no "slide 5's lead does not wrap"
unzip -p "$X" ppt/slides/slide5.xml | grep -qF '<a:br>' && no "slide 5 has hard line breaks" || ok
unzip -p "$X" ppt/slides/slide1.xml | grep -qF 'adec:decorative' && ok || no "slide 1's frames are not decorative"
# alt text: the table's headers, the chart's name with its data sentence
unzip -p "$X" ppt/slides/slide4.xml | grep -qF 'descr="表：活用事例、導入効果、人口規模"' && ok || no "slide 4's table has no alt text"
unzip -p "$X" ppt/slides/slide3.xml | grep -qF 'descr="生成AIの具体的な活用事例の件数（横棒グラフ）。' && ok || no "slide 3's chart lost its template alt"
# data that changed after the file was written: only the CSV sums see it
mkdir -p "$T/p"
cp -r templates data "$T/p/"
sed -i 's/^あいさつ文案の作成,875/あいさつ文案の作成,876/' "$T/p/data/genai-2024/usecases.csv"
grep -q "876" "$T/p/data/genai-2024/usecases.csv" && ok || no "usecases.csv has no 875 to change"
$CHECK "$X" --template "$T/p/templates/genai-2024.xml" --root "$T/p" > "$T/b.txt" 2>&1 \
  && no "the checker misses a value that differs from the CSV" \
  || { grep -qF "differ from the CSV sums" "$T/b.txt" && ok || { no "CSV mismatch message"; cat "$T/b.txt"; }; }

# what the file says about itself, and what it leaves out
unzip -p "$X" docProps/core.xml > "$T/core.xml"
for s in "<dc:title>自治体における生成AI導入状況</dc:title>" "<dc:creator>総務省" \
  "<cp:keywords>生成AI, 地方自治体" "<dc:subject>地方自治体における" "<dcterms:created xsi:type=\"dcterms:W3CDTF\">20"; do
  grep -qF "$s" "$T/core.xml" && ok || no "core properties lack $s"
done
unzip -l "$X" | grep -q "ppt/fonts/" && no "a font is embedded" || ok
unzip -p "$X" ppt/slides/slide1.xml | grep -qF 'typeface="BIZ UDPGothic"' && ok || no "slide 1 does not name BIZ UDPGothic"
unzip -p "$X" ppt/slides/slide4.xml | grep -qF '<a:tbl>' && ok || no "slide 4 has no native table"
[ "$(unzip -l "$X" | grep -c 'ppt/embeddings/chart[0-9]*\.xlsx')" = 16 ] && ok || no "not one workbook per chart"
unzip -p "$X" ppt/notesSlides/notesSlide3.xml | grep -qF "usecases.csv" && ok || no "slide 3's notes do not name usecases.csv"
# a sentence beside a chart keeps its figures when the chart's data is
# edited (text is no formula): the notes of such a slide say so first;
# slide 4's (a table, nothing to edit) do not
note="<a:t>スライドの文章の数値は、グラフの「データの編集」で値を変えても更新されません。"
unzip -p "$X" ppt/notesSlides/notesSlide2.xml | grep -qF "$note" && ok || no "slide 2's notes do not say its sentences stay"
unzip -p "$X" ppt/notesSlides/notesSlide4.xml | grep -qF "$note" && no "slide 4's notes speak of a chart it has not" || ok
unzip -p "$X" ppt/charts/chart1.xml | grep -qF "41，87.2%" && ok || no "chart 1 lacks the label 41，87.2%"

echo "== pptx: reproducible"
# zip times are fixed (1980-01-01), so neither the clock nor TZ reaches the bytes
TZ=Pacific/Kiritimati "$DG" -o "$T/b" --format pptx templates/genai-2024.xml || no "second render"
cmp -s "$X" "$T/b/genai-2024/genai-2024.pptx" && ok || no "two runs give different .pptx bytes"
unzip -l "$X" | awk '$2 ~ /^[0-9][0-9][0-9][0-9]-/ && $2 != "1980-01-01" { bad = 1 } END { exit bad }' && ok \
  || no "a zip entry without the fixed date"
[ "$(unzip -Z1 "$X" | head -1)" = "[Content_Types].xml" ] && ok || no "[Content_Types].xml is not first"

echo "== pptx: LibreOffice Impress"
if ! command -v soffice >/dev/null 2>&1; then
  no "soffice not found (tests/deps.sh installs libreoffice-impress)"
else
  # one conversion with a private profile; LibreOffice opens the file
  # without asking to repair it or it would write no PDF
  soffice -env:UserInstallation=file://$T/lo-profile --headless --norestore \
    --convert-to pdf --outdir "$T/lo" "$X" > "$T/lo.txt" 2>&1
  LO="$T/lo/genai-2024.pdf"
  if [ -s "$LO" ]; then
    ok
    pages=$(pdfinfo "$LO" | awk '/^Pages:/ {print $2}')
    [ "$pages" = 17 ] && ok || no "LibreOffice's PDF has $pages pages, expected 17"
    pdftotext "$LO" "$T/lo.txt"
    $PY tests/seed_cover.py "$T/lo.txt" tests/fixtures/genai-2024-seed.txt 0.95 > "$T/cover.txt" \
      && ok || { no "seed coverage of LibreOffice's PDF"; cat "$T/cover.txt"; }
    tail -1 "$T/cover.txt"
    # LibreOffice draws charts its own way: each page only has to be
    # within 8% (mean grey difference at 12 dpi) of ours and nearer its own
    # page than the next one; measured 2.9-6.2%
    $PY tests/pptx_look.py "$PDF" "$LO" 8 > "$T/look.txt" \
      && ok || { no "LibreOffice's pages against ours"; cat "$T/look.txt"; }
    tail -1 "$T/look.txt"
    # LibreOffice sets Japanese and Latin letters apart, widening the
    # labels "1，5.0%" set side by side above slide 2's bars: they must
    # still stand apart, on every page
    $PY tests/pptx_edit.py apart "$LO" $(seq 1 17) > "$T/apart.txt" \
      && ok || { no "LibreOffice's labels touch"; cat "$T/apart.txt"; }
  else
    no "LibreOffice did not convert the .pptx"
    cat "$T/lo.txt"
  fi

  echo "== pptx: edited as in PowerPoint, drawn by LibreOffice"
  lo_pdf() { # FILE.pptx: LibreOffice's PDF of it into $T/lo/
    soffice -env:UserInstallation=file://$T/lo-profile --headless --norestore \
      --convert-to pdf --outdir "$T/lo" "$1" > "$T/lo-edit.txt" 2>&1
  }
  # one value per chart changed in its workbook, the formulas and the
  # chart's caches computed again as 「データの編集」 does; each slide must
  # then show the new value, the labels and totals computed from it, and
  # no longer the labels it replaced (41 → 30 on slide 2: 30，83.3%)
  if $PY tests/pptx_edit.py charts "$X" "$T/edited.pptx" "$T/expect.txt" > "$T/edit.txt" 2>&1; then
    ok
    grep -qF "$(printf '2\tmust\t30，83.3%%')" "$T/expect.txt" && ok || no "slide 2's edit does not expect 30，83.3%"
    grep -qF "$(printf '2\tmust\t都道府県（36団体）')" "$T/expect.txt" && ok || no "slide 2's edit does not expect the total 36団体"
    grep -qF "$(printf '6\tmust\t計 314')" "$T/expect.txt" && ok || no "slide 6's edit does not expect the total 計 314"
    grep -qF "$(printf '3\tmust\t1,138')" "$T/expect.txt" && ok || no "slide 3's edit does not go past the axis (1,138)"
    [ "$(cut -f1 "$T/expect.txt" | sort -u | wc -l)" = 15 ] && ok || no "not every chart's slide has an expected text"
    lo_pdf "$T/edited.pptx"
    if [ -s "$T/lo/edited.pdf" ]; then
      pdftotext "$T/lo/edited.pdf" "$T/edited.txt"
      $PY tests/pptx_edit.py check-text "$T/edited.txt" "$T/expect.txt" > "$T/et.txt" \
        && ok || { no "LibreOffice's pages of the edited file"; cat "$T/et.txt"; }
      tail -1 "$T/et.txt"
      # the same expectations fail on the file before the edit
      $PY tests/pptx_edit.py check-text "$T/lo.txt" "$T/expect.txt" > "$T/et0.txt" \
        && no "the edit's texts are on the unedited pages too" || ok
    else
      no "LibreOffice did not convert the edited .pptx"; cat "$T/lo-edit.txt"
    fi
  else
    no "pptx_edit charts"; cat "$T/edit.txt"
  fi
  # a slide inserted after slide 5 on the title-only layout: every later
  # slide's number (a field) reads one more, and its title moved down
  if $PY tests/pptx_edit.py insert "$X" "$T/inserted.pptx" 5 > "$T/ins.txt" 2>&1; then
    ok
    lo_pdf "$T/inserted.pptx"
    pages=$(pdfinfo "$T/lo/inserted.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    [ "$pages" = 18 ] && ok || no "LibreOffice's PDF with the new slide has $pages pages, expected 18"
    bad=""
    for p in $(seq 6 18); do # the number's corner: right of x 860, y 20-70 (pt)
      n=$(pdftotext -f $p -l $p -x 860 -y 20 -W 100 -H 50 "$T/lo/inserted.pdf" - | tr -d '\f\n ')
      [ "$n" = "$p" ] || bad="$bad page $p reads \"$n\";"
    done
    [ -z "$bad" ] && ok || no "slide numbers after the inserted slide:$bad"
    pdftotext -f 6 -l 6 "$T/lo/inserted.pdf" - | grep -qF "挿入したスライド" && ok || no "page 6 is not the inserted slide"
    # its number, a bare field, takes the deck's size, weight, colour and
    # font from the layout and master, and LibreOffice draws it where and
    # how it draws slide 7's
    $PY tests/pptx_edit.py number-style "$T/inserted.pptx" "$T/lo/inserted.pdf" 6 7 > "$T/num.txt" \
      && ok || { no "the inserted slide's number"; cat "$T/num.txt"; }
    pdftotext -f 7 -l 7 "$T/lo/inserted.pdf" - | tr -d ' \n' \
      | grep -qF "$(pdftotext -f 6 -l 6 "$LO" - | head -1 | tr -d ' ')" && ok || no "slide 6's title is not on page 7"
  else
    no "pptx_edit insert"; cat "$T/ins.txt"
  fi
fi

echo "== pptx: the trend deck"
# its cover is a slide on 表紙 (the title slide layout) whose title and
# subtitle are that layout's placeholders; the other slides on the deck's
"$DG" -o "$T/t" --format pdf,pptx templates/rpa-ai-trend.xml || no "the trend deck does not render to pptx"
TX="$T/t/rpa-ai-trend/rpa-ai-trend.pptx"
TPDF="$T/t/rpa-ai-trend/rpa-ai-trend.pdf"
cover_layout=$(unzip -p "$TX" ppt/slides/_rels/slide1.xml.rels | grep -o 'slideLayouts/slideLayout[0-9]*\.xml')
unzip -p "$TX" "ppt/$cover_layout" | grep -qF 'type="title" preserve="1"><p:cSld name="表紙">' \
  && ok || no "the cover is on $cover_layout, not 表紙"
unzip -p "$TX" ppt/slides/_rels/slide2.xml.rels | grep -qF 'slideLayouts/slideLayout1.xml' && ok || no "slide 2 is not on the deck's layout"
unzip -p "$TX" ppt/slides/slide1.xml | grep -qF '<p:ph type="ctrTitle"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="1320800" y="2737669"/>' \
  && unzip -p "$TX" ppt/slides/slide1.xml | grep -qF '<a:t>自治体におけるRPA・AIの導入状況の推移</a:t>' \
  && ok || no "the cover's title is not the layout's centred title placeholder"
unzip -p "$TX" ppt/slides/slide1.xml | grep -qF '<p:ph type="subTitle" sz="quarter" idx="1"/>' \
  && unzip -p "$TX" ppt/slides/slide1.xml | grep -qF '<a:t>令和元年〜令和6年の6回の調査から（合成データによる例示）</a:t>' \
  && ok || no "the cover's subtitle is not the layout's subtitle placeholder"
unzip -p "$TX" ppt/slides/slide1.xml | grep -qF 'type="sldNum"' && no "the cover has a slide number" || ok
# its SVG logo goes in as the SVG itself (Office 2016's svgBlip, the file's
# own bytes) with a PNG as the picture's blip for older readers, as
# PowerPoint writes an SVG picture
svg_rid=$(unzip -p "$TX" ppt/slides/slide1.xml | grep -o '<asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="rId[0-9]*"/>' | grep -o 'rId[0-9]*')
png_rid=$(unzip -p "$TX" ppt/slides/slide1.xml | grep -o '<a:blip r:embed="rId[0-9]*"><a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}">' | grep -o 'rId[0-9]*')
rels1=$(unzip -p "$TX" ppt/slides/_rels/slide1.xml.rels)
svg_part=$(echo "$rels1" | grep -o "Id=\"$svg_rid\" Type=\"[^\"]*/image\" Target=\"\.\./media/[^\"]*\.svg\"" | grep -o 'media/[^"]*')
echo "$rels1" | grep -qF "Id=\"$png_rid\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"../media/slide-1-img-1.png\"" \
  && [ -n "$svg_rid" ] && ok || no "the cover's logo has no PNG blip with an SVG extension"
[ -n "$svg_part" ] && unzip -p "$TX" "ppt/$svg_part" | cmp -s - templates/img/rpa-ai-logo.svg && ok || no "the SVG part is not the template's logo"
unzip -p "$TX" '\[Content_Types\].xml' | grep -qF '<Override PartName="/ppt/media/slide-1-img-1.svg" ContentType="image/svg+xml"/>' && ok || no "the SVG part has no content type"
# the layout's title and subtitle where the cover has them, in its sizes
unzip -p "$TX" "ppt/$cover_layout" | grep -qF '<p:ph type="ctrTitle"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="1320800" y="2737669"/>' \
  && unzip -p "$TX" "ppt/$cover_layout" | grep -qF '<a:defRPr lang="ja-JP" sz="3800" b="1">' \
  && ok || no "表紙's title placeholder is not where and as the cover has it"
if command -v soffice >/dev/null 2>&1; then
  soffice -env:UserInstallation=file://$T/lo-profile --headless --norestore \
    --convert-to pdf --outdir "$T/lo" "$TX" > "$T/lo-t.txt" 2>&1
  TLO="$T/lo/rpa-ai-trend.pdf"
  if [ -s "$TLO" ]; then
    # LibreOffice sets Japanese and Latin letters apart and breaks a
    # placeholder at its width: the subtitle must keep its one line
    n=$(pdftotext -f 1 -l 1 -bbox "$TLO" - | awk -F'"' '/<word/ && $4 > 280 && $4 < 360 { print $4 }' | sort -u | wc -l)
    [ "$n" = 1 ] && ok || no "LibreOffice breaks the cover's subtitle into $n lines"
    pdftotext -f 1 -l 1 "$TLO" - | tr -d ' \n' | grep -qF "自治体におけるRPA・AIの導入状況の推移" && ok || no "LibreOffice's cover lacks the title"
    # LibreOffice 7.4 draws the SVG picture from its PNG
    pdfimages -list -f 1 -l 1 "$TLO" | grep -q ' 400   240 ' && ok || no "LibreOffice does not draw the cover's logo"
    # the cover's date and organization are set flush right: LibreOffice's
    # wider text must end where ours does, not past it
    right() { pdftotext -f 1 -l 1 -bbox "$1" - | awk -F'"' '/<word/ && $4 > 465 && $4 < 500 && $6 > m { m = $6 } END { printf "%.1f", m }'; }
    awk -v a="$(right "$TLO")" -v b="$(right "$TPDF")" 'BEGIN { d = a - b; exit !(b > 0 && d < 1.5 && d > -1.5) }' \
      && ok || no "the cover's date ends at $(right "$TLO") pt in LibreOffice, $(right "$TPDF") pt in ours"
    # slide 5's table: the header's fill under both its rows (one
    # rectangle in the PDF spans the two)
    $PY tests/pptx_edit.py same-colour "$TPDF" "$TLO" 5 380,168 100,185 600,185 380,190 > "$T/head.txt" \
      && ok || { no "slide 5's header fill"; cat "$T/head.txt"; }
    # slide 6's stacked columns: the segments too short for their labels
    # (4, 15) have them beside the column, the others (70, 88) inside
    $PY tests/pptx_edit.py same-place "$TPDF" "$TLO" 6 4 15 70 88 31 72 > "$T/place.txt" \
      && ok || { no "slide 6's labels are not where the PDF has them"; cat "$T/place.txt"; }
  else
    no "LibreOffice did not convert the trend deck"; cat "$T/lo-t.txt"
  fi
  # a highlighted category on the line chart (slide 3) and the grouped
  # columns (slide 4): its band, which a native chart has not, is a shape
  # behind the chart, drawn by LibreOffice where and as our PDF draws it
  mkdir -p "$T/h"
  cp -r templates data "$T/h/"
  sed -i 's|<chart type="line" data="trend"|<chart type="line" highlight="令和4年" data="trend"|; s|<chart type="column" data="groups"|<chart type="column" highlight="町村" data="groups"|' \
    "$T/h/templates/rpa-ai-trend.xml"
  [ "$(grep -c 'highlight="令和4年"\|highlight="町村"' "$T/h/templates/rpa-ai-trend.xml")" = 2 ] && ok || no "no line and column chart to highlight"
  "$DG" -o "$T/h/o" --fonts "$PWD/fonts" --format pdf,pptx "$T/h/templates/rpa-ai-trend.xml" || no "the highlighted trend deck does not render"
  HX="$T/h/o/rpa-ai-trend/rpa-ai-trend.pptx"
  soffice -env:UserInstallation=file://$T/lo-profile --headless --norestore \
    --convert-to pdf --outdir "$T/h/lo" "$HX" > "$T/lo-h.txt" 2>&1
  $PY tests/pptx_edit.py band "$HX" "$T/h/lo/rpa-ai-trend.pdf" "$T/h/o/rpa-ai-trend/rpa-ai-trend.pdf" 3 4 > "$T/band.txt" \
    && ok || { no "the highlighted category's band"; cat "$T/band.txt"; }
fi

echo "pptx: $pass passed, $fail failed"
[ "$fail" = 0 ]
