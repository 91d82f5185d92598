#!/bin/sh
# End-to-end test of the layout blocks and inline text in every output:
# the constructed deck tests/fixtures/blocks/templates/blocks.xml (a cover,
# bold words, written line breaks and kept phrases, lists, columns, PNG,
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
[ "$pages" = 6 ] && ok || no "blocks.pdf has $pages pages, expected 6"
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

# HTML: bold runs as <b> inside their line, a kept phrase unbreakable when
# the text reflows, real lists, images as <img> with their alt copied into
# img/, the decorative one in the decoration only
grep -q '<b class="f[0-9]*">2,746団体</b>' "$H" && ok || no "no <b> run in the HTML"
grep -q 'class="f[0-9]* nb">「一行に収める語句」<' "$H" && ok || no "no kept phrase in the HTML"
grep -q '<ul class="g"><li>' "$H" && grep -q '<ol class="g"><li>' "$H" \
  && ok || no "no <ul>/<ol> with <li> in the HTML"
[ "$(grep -o '<li><span class="l' "$H" | wc -l)" = 17 ] && ok || no "the HTML's lists do not have 17 items"
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
[ "$(ls "$O"/slide-*.png | wc -l)" = 6 ] && ok || no "not six PNG slides"
(cd "$P" && "$DG" --dump-layout templates/blocks.xml) > "$T/layout.txt"
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
unzip -p "$X" ppt/slides/slide2.xml | grep -q '<a:rPr[^>]*b="1"[^>]*>.*<a:t>2,746団体</a:t>' \
  && ok || no "the bold words are not a bold run"
unzip -p "$X" ppt/slides/slide6.xml > "$T/s6.xml"
[ "$(grep -o '<p:pic>' "$T/s6.xml" | wc -l)" = 3 ] && ok || no "slide 6 has not three pictures"
grep -q 'descr="緑の円が描かれた写真の例"' "$T/s6.xml" && ok || no "the photo's picture has no descr"
grep -q 'adec:decorative[^>]*val="1"' "$T/s6.xml" && ok || no "the decorative picture is not marked"
unzip -l "$X" | grep -q "ppt/media/slide-6-img-2.png" && ok || no "the SVG is not a PNG in the package"

echo "blocks: $pass passed, $fail failed"
[ "$fail" = 0 ]
