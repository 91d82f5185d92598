#!/bin/sh
# End-to-end test of the layout blocks and inline text in every output:
# the constructed deck tests/fixtures/blocks/templates/blocks.xml (a cover,
# bold words, written line breaks and kept phrases, lists, lists nested
# three levels deep and numbered from start="N", columns, PNG,
# JPEG and SVG images, a decorative one) rendered to PDF, HTML, PNG and
# PPTX, each read back.
set -u
. tests/lib.sh

echo "== blocks: the layout blocks deck in every output"
P="$T/proj"
mkdir -p "$P/fonts"
cp -r tests/fixtures/blocks/. "$P/"
cp fonts/fonts.conf fonts/*.ttf "$P/fonts/"
(cd "$P" && "$DG" -o out -f pdf,html,png,pptx templates/blocks.xml) \
  || no "the blocks deck does not render"
O="$P/out/blocks"
PDF="$O/blocks.pdf"
H="$O/index.html"
X="$O/blocks.pptx"

# PDF: six pages; the tagged text reads the bold words in their sentence,
# a written break as a line feed; lists tagged L/LI/Lbl/LBody; three image
# XObjects (a JPEG passed through, two drawn), one Figure per image that
# says something; PDF/UA
pages=$(pdfinfo "$PDF" | awk '/^Pages:/ {print $2}')
[ "$pages" = 7 ] && ok || no "blocks.pdf has $pages pages, expected 7"
pdftotext -f 2 -l 2 "$PDF" - | grep -q "^導入済みの団体は2,746団体で、前回調査から大きく増加した。$" \
  && ok || no "a line with bold runs does not read as one sentence"
pdftotext -f 2 -l 2 "$PDF" - | grep -q "^次の行は書かれた改行の後に始まる。$" \
  && ok || no "the written line break does not start a line"
pdftotext -f 1 -l 1 "$PDF" - | grep -qx "1" && no "the cover shows a slide number" || ok
qpdf --qdf --object-streams=disable "$PDF" "$T/q.pdf" 2>/dev/null
for tag in L LI Lbl LBody Figure; do
  grep -aq "/S /$tag\b" "$T/q.pdf" && ok || no "no $tag element in the structure tree"
done
grep -aq "/ListNumbering /Decimal" "$T/q.pdf" && grep -aq "/ListNumbering /Disc" "$T/q.pdf" \
  && ok || no "a list without /ListNumbering"
pdfimages -list "$PDF" > "$T/images.txt" 2>&1
[ "$(awk '$3 == "image"' "$T/images.txt" | wc -l)" = 4 ] && ok || { no "image XObjects:"; cat "$T/images.txt"; }
grep " jpeg " "$T/images.txt" | grep -q " 320 *200 " && ok || no "the JPEG is not passed through at its own size"
grep -q " smask " "$T/images.txt" && ok || no "no soft mask for the images' alpha"
grep -aiq "/Alt <FEFF" "$T/q.pdf" && ok || no "no Figure /Alt"
/usr/bin/python3 -B tests/pdfua.py "$PDF" --html "$H" > "$T/pdfua.txt" 2>&1 \
  && ok || { no "PDF/UA:"; cat "$T/pdfua.txt"; }
# slide 7's lists as the structure tree nests them: each nested L inside
# the LBody of its item, after that item's text
/usr/bin/python3 - "$PDF" > "$T/nest.txt" <<'EOF'
import pikepdf, sys
pdf = pikepdf.open(sys.argv[1])
def kids(n):
    k = n.get("/K")
    return [c for c in (k if isinstance(k, pikepdf.Array) else [k])
            if isinstance(c, pikepdf.Dictionary) and "/S" in c]
def text(n):
    return "".join(text(c) for c in kids(n)) if kids(n) else ""
def show(n, depth):
    s = str(n.S)[1:]
    if s in ("L", "LI", "Lbl", "LBody"):
        print("  " * depth + s, str(n.A.ListNumbering)[1:] if s == "L" else "")
        depth += 1
    for c in kids(n):
        show(c, depth)
root = pdf.Root.StructTreeRoot
pages = {p.objgen: i + 1 for i, p in enumerate(pdf.pages)}
def on7(n):
    if "/Pg" in n and pages.get(n.Pg.objgen) == 7 and str(n.S) == "/L":
        show(n, 0)
        return
    for c in kids(n):
        on7(c)
on7(root)
EOF
cat > "$T/nest.want" <<'EOF'
L Disc
  LI 
    Lbl 
    LBody 
      L Decimal
        LI 
          Lbl 
          LBody 
            L Disc
              LI 
                Lbl 
                LBody 
        LI 
          Lbl 
          LBody 
  LI 
    Lbl 
    LBody 
L Decimal
  LI 
    Lbl 
    LBody 
  LI 
    Lbl 
    LBody 
EOF
diff "$T/nest.want" "$T/nest.txt" > /dev/null && ok || { no "slide 7's list structure:"; diff "$T/nest.want" "$T/nest.txt"; }

# HTML: bold runs as <b> inside their line, a kept phrase unbreakable when
# the text reflows, real lists, images as <img> with their alt copied into
# img/, the decorative one in the decoration only
grep -q '<b class="f[0-9]*">2,746団体</b>' "$H" && ok || no "no <b> run in the HTML"
grep -q 'class="f[0-9]* nb">「一行に収める語句」<' "$H" && ok || no "no kept phrase in the HTML"
grep -q '<ul class="g lf ft" style="[^"]*"><li style="--m:0px">' "$H" &&
  grep -q '<ol class="g lf ft" style="[^"]*"><li style="--m:0px">' "$H" \
  && ok || no "no flowing <ul>/<ol> with <li> in the HTML"
[ "$(grep -o '<li style="--m:[0-9.]*px"><span class="l f[0-9]* ll"' "$H" | wc -l)" = 24 ] \
  && ok || no "the HTML's lists do not have 24 items, each with its label"
# slide 7: the nested lists inside their items' <li>, numbered from 3 and 7
# (below the title, in the box that follows it, after its decoration),
# each item flowing (its top margin, the gap from the item before, aside)
sed -n 's/.*\(<section[^>]*id="slide-7".*\)/\1/p' "$H" | sed 's/<\/section>.*//; s/<span[^>]*>//g; s/<\/span>//g' \
  | perl -pe 's/<svg class="deco".*?<\/svg>//g; s/ style="[^"]*"//g' \
  | sed 's/.*<\/h2>//; s/^<div class="bd">//; s/<\/div>$//' > "$T/s7.html"
[ "$(cat "$T/s7.html")" = '<ul class="g lf ft"><li>・一段目の一つ目の項目。<ol start="3"><li>(3)二段目の番号付きの項目で、この文は長く、字下げされた幅を超えて折り返されることと、折り返された行も二段目の本文の字下げの位置から始まることを確かめるための文章である。<ul><li>・三段目の項目</li></ul></li><li>(4)二段目の二つ目</li></ol></li><li>・一段目の二つ目の項目。</li></ul><ol class="g lf ft" start="7"><li>7.七番目から数える。</li><li>8.八番目。</li></ol>' ] \
  && ok || { no "slide 7's HTML lists:"; cat "$T/s7.html"; }
grep -q '<img class="im" src="img/slide-6-img-1.jpg" alt="緑の円が描かれた写真の例"' "$H" \
  && ok || no "the photo is no <img> with its alt"
grep -q '<img class="im" src="img/slide-1-img-1.svg" alt="検証用のロゴ（SVG）"' "$H" \
  && ok || no "the cover's logo is no <img> with its alt"
grep -q '<image href="img/slide-6-img-3.png"' "$H" && ok || no "the decorative image is not in the decoration"
grep -q 'img/slide-6-img-3.png" alt' "$H" && no "the decorative image has an <img>" || ok
for pair in slide-1-img-1.svg:logo.svg slide-6-img-1.jpg:photo.jpg \
            slide-6-img-2.svg:logo.svg slide-6-img-3.png:mark.png; do
  cmp -s "$O/img/${pair%%:*}" "$P/templates/img/${pair#*:}" \
    && ok || no "img/${pair%%:*} is not the template's ${pair#*:}"
done
grep -q "<script" "$H" && no "the HTML has a script" || ok

# PNG: six slides; the images drawn where the PDF draws them (the photo's
# dark green circle at its centre in both)
[ "$(ls "$O"/slide-*.png | wc -l)" = 7 ] && ok || no "not seven PNG slides"
(cd "$P" && "$DG" --dump-layout templates/blocks.xml) > "$T/layout.txt"
# the nested items drawn where layout put them: ink in the box of each
# of slide 7's labels, none in the outer labels' column on the rows of the
# nested items (the PNG is 4/3 px per pt)
awk '/^page 7 /{p=1} /^page 8 /{p=0} p && $1 == "text" && ($NF == "\"(3)\"" || $NF == "\"(4)\"" || $NF == "\"7.\"") {print $2, $3, $5}' \
  "$T/layout.txt" | sed 's/w//' > "$T/labels7.txt"
[ "$(wc -l < "$T/labels7.txt")" = 3 ] && ok || no "slide 7's dumped labels: $(cat "$T/labels7.txt")"
while read -r x y w; do
  ink=$(convert "$O/slide-07.png" -crop "$(echo "$w * 4 / 3" | bc)x16+$(echo "$x * 4 / 3" | bc)+$(echo "($y - 12) * 4 / 3" | bc)" \
        -colorspace gray -format "%[fx:mean]" info:)
  blank=$(convert "$O/slide-07.png" -crop "16x16+$(echo "40 * 4 / 3" | bc)+$(echo "($y - 12) * 4 / 3" | bc)" \
          -colorspace gray -format "%[fx:mean]" info:)
  case "$x" in 40.0) blank=1 ;; esac
  perl -e 'exit !($ARGV[0] < 0.9 && $ARGV[1] > 0.99)' "$ink" "$blank" \
    && ok || no "slide-07.png: label at ($x, $y) pt has mean $ink, outer column $blank"
done < "$T/labels7.txt"
set -- $(awk '$1 == "image" && $6 == "slide-6-img-1.jpg" {print $2 + $4 / 2, $3 + $5 / 2}' "$T/layout.txt")
cx=${1:-0} cy=${2:-0}
pdftoppm -f 6 -l 6 -r 96 -png "$PDF" "$T/pdf6"
for f in "$O/slide-06.png" "$T/pdf6-6.png"; do
  c=$(convert "$f" -crop "1x1+$(echo "$cx * 4 / 3" | bc)+$(echo "$cy * 4 / 3" | bc)" -depth 8 txt:- \
      | grep -o "#[0-9A-F]\{6\}" | head -1)
  perl -e '($r, $g, $b) = map hex, $ARGV[0] =~ /#(..)(..)(..)/;
           exit !(abs($r - 0x1B) < 12 && abs($g - 0x5E) < 12 && abs($b - 0x20) < 12)' "$c" \
    && ok || no "$f: the photo's circle is $c at its centre ($cx, $cy pt)"
done

# PPTX: the package's rules; bullets and numbers of the editor's own; the
# pictures with their descriptions, the decorative one marked so
python3 tests/pptx_check.py "$X" > "$T/pptx.txt" 2>&1 && ok || { no "pptx_check:"; cat "$T/pptx.txt"; }
unzip -p "$X" ppt/slides/slide3.xml > "$T/s3.xml"
grep -q '<a:buChar char="・"/>' "$T/s3.xml" && grep -q '<a:buAutoNum type="arabicPeriod"/>' "$T/s3.xml" \
  && ok || no "the lists have no real bullets or numbers"
[ "$(grep -o '<a:buAutoNum' "$T/s3.xml" | wc -l)" = 10 ] && ok || no "the numbered list is not 10 numbered paragraphs"
# slide 7: one paragraph per item, its lvl the depth of its list, the
# nested numbers (1) from startAt 3, the slide's second list from 7
unzip -p "$X" ppt/slides/slide7.xml | grep -o '<a:pPr marL[^>]*>\|<a:bu[AC][^>]*>' | tr -d '\n' > "$T/s7.txt"
[ "$(cat "$T/s7.txt")" = '<a:pPr marL="165100" indent="-165100"><a:buChar char="・"/><a:pPr marL="546100" lvl="1" indent="-381000"><a:buAutoNum type="arabicParenBoth" startAt="3"/><a:pPr marL="711200" lvl="2" indent="-165100"><a:buChar char="・"/><a:pPr marL="546100" lvl="1" indent="-381000"><a:buAutoNum type="arabicParenBoth" startAt="3"/><a:pPr marL="165100" indent="-165100"><a:buChar char="・"/><a:pPr marL="266700" indent="-266700"><a:buAutoNum type="arabicPeriod" startAt="7"/><a:pPr marL="266700" indent="-266700"><a:buAutoNum type="arabicPeriod" startAt="7"/>' ] \
  && ok || { no "slide 7's PPTX paragraphs:"; cat "$T/s7.txt"; echo; }
unzip -p "$X" ppt/slides/slide2.xml | grep -q '<a:rPr[^>]*b="1"[^>]*>.*<a:t>2,746団体</a:t>' \
  && ok || no "the bold words are not a bold run"
unzip -p "$X" ppt/slides/slide6.xml > "$T/s6.xml"
[ "$(grep -o '<p:pic>' "$T/s6.xml" | wc -l)" = 3 ] && ok || no "slide 6 has not three pictures"
grep -q 'descr="緑の円が描かれた写真の例"' "$T/s6.xml" && ok || no "the photo's picture has no descr"
grep -q 'adec:decorative[^>]*val="1"' "$T/s6.xml" && ok || no "the decorative picture is not marked"
unzip -l "$X" | grep -q "ppt/media/slide-6-img-2.png" && ok || no "the SVG is not a PNG in the package"

# the HTML's fixed slides draw what the PDF draws (its lists flowing as
# items, html_list.c), within the shared checker's 2% a slide
if checkers_ready; then
  "$CHECKS/html-vs-pdf" "$PDF" "$H" > "$T/v.txt" 2>&1 && ok \
    || { no "html-vs-pdf"; cat "$T/v.txt"; }
  grep -h "^SUMMARY" "$T/v.txt" | cut -c1-110
else
  echo "blocks: $CHECKS not installed; html-vs-pdf skipped"
fi

echo "blocks: $pass passed, $fail failed"
[ "$fail" = 0 ]
