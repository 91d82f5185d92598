#!/usr/bin/python3
"""pptx_edit: edits a PPTX deckgen wrote the way a PowerPoint user does,
so that tests/pptx.sh can render the result in LibreOffice and read back
what the edited slides say.

  pptx_edit.py charts IN.pptx OUT.pptx EXPECT.txt
      For each chart, changes one value in its embedded workbook, as
      「データの編集」 does: the cell gets the new number, every formula
      cell of the sheet is computed again (pptx_check.recompute) and every
      cache of the chart part (values, categories, series names, the
      labels taken from cells and their fields) is refilled from the
      cells. The first 100% chart's first value goes down by 11 (41 → 30
      on the sample deck); a doughnut's first slice by a fifth; every
      other chart's first value becomes 1.3 times its largest value, past
      the value axis the PDF drew. A value axis with a fixed maximum
      below the new value is an error (the bar would be cut). EXPECT.txt
      gets one line per chart: "PAGE<TAB>must<TAB>TEXT" for each text
      the slide must show after the edit (the new value as its label's
      number format prints it, the labels and totals computed from it),
      "PAGE<TAB>gone<TAB>TEXT" for a label the edit replaced.

  pptx_edit.py insert IN.pptx OUT.pptx AFTER
      Inserts a new slide after slide AFTER: its own part on the deck's
      title-only layout (title and slide number placeholders, the number
      a field), listed in presentation.xml, its relationships and the
      content types, as PowerPoint's 「新しいスライド」 adds one.

  pptx_edit.py number-style IN.pptx LO.pdf PAGE REF
      IN.pptx: the file with a slide inserted at PAGE (as insert makes
      it), LO.pdf: LibreOffice's drawing of it. The inserted slide's
      number, whose field says nothing of its style, takes from its layout
      and master the size, weight, colour and typeface that slide REF's
      number is written in (its title likewise REF's title's); and
      LibreOffice draws the number at REF's corner, as
      tall, as far right and in REF's colour. Prints what differs, exits
      1 when anything does.

  pptx_edit.py apart LO.pdf PAGE...
      No two words LibreOffice drew on one line of these pages overlap or
      touch (0.5 pt apart at least, 3 pt after a share such as "5.0%",
      where the next label starts): data labels that LibreOffice widens
      with its space between Japanese and Latin letters must still stand
      apart. Prints each pair that does not, exits 1 when any.

  pptx_edit.py band IN.pptx LO.pdf OURS.pdf PAGE...
      Each slide PAGE highlights a category of its line or column chart:
      a rectangle right before the chart's frame (behind it), which
      LibreOffice must draw in its colour at the top of the plot, where
      our PDF draws the band in the same colour. Exits 1 when a slide has
      no such rectangle or either drawing differs.

  pptx_edit.py same-place OURS.pdf LO.pdf PAGE WORD...
      Each WORD (a data label) is drawn once on page PAGE of both PDFs,
      and LibreOffice draws it as far right as our PDF does: its middle
      within 4 pt (a label set beside its segment, not over it; heights
      differ, since the PPTX's value axis follows the data). Exits 1
      otherwise.

  pptx_edit.py same-colour OURS.pdf LO.pdf PAGE X,Y...
      LibreOffice draws each point (pt) of page PAGE in the colour our PDF
      draws it (12 levels apart at most per channel). Exits 1 otherwise.

  pptx_edit.py check-text PAGES.txt EXPECT.txt
      PAGES.txt: pdftotext's output (pages split by form feeds). Prints a
      line per expectation that fails, exits 1 when any does. Spaces and
      line breaks are ignored (LibreOffice wraps category names).
"""
import math
import posixpath
import re
import sys
import zipfile
import io
from xml.sax.saxutils import escape

sys.path.insert(0, posixpath.dirname(posixpath.abspath(__file__)))
import pptx_check as pc  # noqa: E402

C15 = pc.C15


def unesc(s):
    return (s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def read_zip(path):
    z = zipfile.ZipFile(path)
    return [(i, z.read(i.filename)) for i in z.infolist()]


def write_zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            z.writestr(info, data)


# ---------- the workbook ----------

def sheet_name(parts):
    """The worksheet part of an embedded workbook (Sheet1)."""
    book = pc.Package(zip_bytes(parts), "book")
    book.check()
    wb = book.xml["xl/workbook.xml"]
    sh = wb.findall("s:sheets/s:sheet", pc.NS)[0]
    return book.rels["xl/workbook.xml"][sh.get(pc.R_ID)][1], book


def zip_bytes(entries):
    b = io.BytesIO()
    write_zip(b, entries)
    return b.getvalue()


def num_text(v):
    return f"{v:g}" if v != int(v) else str(int(v))


def set_sheet(xml, cells, formulas, ref, value):
    """The worksheet's text with cell ref set to value and every formula
    cell's cached value replaced by cells' (already recomputed)."""
    xml = xml.decode()
    pat = re.compile(r'<c r="%s"([^>]*)><v>[^<]*</v></c>' % ref)
    if not pat.search(xml):
        raise SystemExit(f"pptx_edit: no plain number in cell {ref}")
    xml = pat.sub(lambda m: f'<c r="{ref}"{m.group(1)}><v>{num_text(value)}</v></c>', xml, 1)
    for r in formulas:
        v = cells[r]
        text = v if isinstance(v, str) else num_text(v)
        xml = re.sub(r'(<c r="%s"[^>]*>(?:<f>[^<]*</f>))<v>[^<]*</v>' % r,
                     lambda m: m.group(1) + "<v>" + escape(text) + "</v>", xml, 1)
    return xml.encode()


# ---------- the chart part ----------

def refill(chart, cells):
    """The chart part's text with every cache refilled from cells, as
    PowerPoint refreshes it when the data editor closes."""
    def pts(r, num):
        out = ""
        for k, ref in enumerate(r):
            v = cells.get(ref)
            if v is None or v == "":
                continue
            t = num_text(v) if num else (v if isinstance(v, str) else num_text(v))
            out += f'<c:pt idx="{k}"><c:v>{escape(t)}</c:v></c:pt>'
        return out

    def ref_cache(m):
        r = pc.refs(unesc(m.group(2)))
        if r is None:
            return m.group(0)
        num = m.group(1) == "num"
        head = re.match(r"(<c:%sCache>(?:<c:formatCode>[^<]*</c:formatCode>)?<c:ptCount val=\"\d+\"/>)"
                        % m.group(1), m.group(3)).group(1)
        return (f"<c:{m.group(1)}Ref><c:f>{m.group(2)}</c:f>" + head + pts(r, num)
                + f"</c:{m.group(1)}Cache></c:{m.group(1)}Ref>")
    chart = re.sub(r"<c:(str|num)Ref><c:f>([^<]*)</c:f>(<c:\1Cache>.*?)</c:\1Cache></c:\1Ref>",
                   ref_cache, chart, flags=re.S)

    # labels from cells: the range's cache and each label's field text
    def ser(m):
        s = m.group(0)
        f = re.search(r"<c15:datalabelsRange><c15:f>([^<]*)</c15:f>", s)
        if not f:
            return s
        r = pc.refs(unesc(f.group(1)))
        s = re.sub(r"(<c15:dlblRangeCache><c:ptCount val=\"\d+\"/>).*?(</c15:dlblRangeCache>)",
                   lambda n: n.group(1) + "".join(
                       f'<c:pt idx="{k}"><c:v>{escape(cells.get(x) or "")}</c:v></c:pt>'
                       for k, x in enumerate(r)) + n.group(2), s, flags=re.S)

        def lbl(n):
            k = int(n.group(1))
            return re.sub(r'(type="CELLRANGE">.*?<a:t>)[^<]*(</a:t>)',
                          lambda o: o.group(1) + escape(cells.get(r[k]) or "") + o.group(2),
                          n.group(0), flags=re.S)
        return re.sub(r'<c:dLbl><c:idx val="(\d+)"/>.*?</c:dLbl>', lbl, s, flags=re.S)
    return re.sub(r"<c:ser>.*?</c:ser>", ser, chart, flags=re.S)


def fmt_of(chart_xml, ser_xml):
    """The number format a series' value labels print with."""
    m = re.search(r'<c:dLbls>(?:<c:dLbl>.*?</c:dLbl>)*<c:numFmt formatCode="([^"]*)"', ser_xml, re.S) \
        or re.search(r'<c:dLbls><c:numFmt formatCode="([^"]*)"', chart_xml)
    return unesc(m.group(1)).split(";")[0] if m else None


def text_of(v, fmt):
    return pc.text_fmt(v, fmt if fmt and fmt != "General" else "0")


def edit_charts(src, dst, expect_path):
    entries = read_zip(src)
    data = {i.filename: d for i, d in entries}
    errors, charts = pc.check_pptx(open(src, "rb").read(), src)
    if errors:
        raise SystemExit("pptx_edit: " + "; ".join(errors[:3]))
    # chart part → slide number
    pres = data["ppt/_rels/presentation.xml.rels"].decode()
    order = re.findall(r'<p:sldId id="\d+" r:id="(rId\d+)"/>', data["ppt/presentation.xml"].decode())
    target = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="slides/(slide\d+\.xml)"', pres))
    page_of = {}
    for k, rid in enumerate(order):
        rels = data.get(f"ppt/slides/_rels/{target[rid]}.rels", b"").decode()
        for c in re.findall(r'Target="\.\./charts/(chart\d+\.xml)"', rels):
            page_of["ppt/charts/" + c] = k + 1
    expect = []
    first100 = True
    for ch in charts:
        part = ch["part"]
        xml = data[part].decode()
        rels = data[posixpath.join("ppt/charts/_rels", posixpath.basename(part) + ".rels")].decode()
        book_part = posixpath.normpath(posixpath.join(
            "ppt/charts", re.search(r'Target="([^"]*\.xlsx)"', rels).group(1)))
        book_entries = read_zip(io.BytesIO(data[book_part]))
        sheet, book = sheet_name(book_entries)
        formulas = {}
        cells = pc.cells_of(book, formulas)
        old = dict(cells)
        sers = re.findall(r"<c:ser>.*?</c:ser>", xml, re.S)
        main = [s for s in sers  # not the totals' carrier, drawn as nothing
                if not s.split("</c:tx>", 1)[-1].startswith("<c:spPr><a:noFill/>")]
        vref = pc.refs(unesc(re.search(r"<c:val><c:numRef><c:f>([^<]*)</c:f>", main[0]).group(1)))
        ref = vref[0]
        allv = [v for s in main for x in pc.refs(unesc(re.search(
            r"<c:val><c:numRef><c:f>([^<]*)</c:f>", s).group(1))) for v in [cells[x]]]
        kind = ch["kind"]
        fmt = fmt_of(xml, main[0])
        if kind.endswith("percentStacked") and first100:
            new = cells[ref] - 11
            first100 = False
        elif kind.endswith("percentStacked") or kind == "doughnut":
            new = math.floor(cells[ref] * 0.8)
        else:
            m = re.search(r"\.(0+)", fmt or "")
            dec = len(m.group(1)) if m else 0
            new = round(max(allv) * 1.3 + 0.5 * 10 ** -dec, dec)
            if dec == 0:
                new = float(int(new))
        cells[ref] = new
        pc.recompute(cells, formulas)
        page = page_of[part]
        # an axis fixed below the new value would cut its bar
        for m in re.finditer(r'<c:valAx>.*?<c:max val="([^"]*)"', xml, re.S):
            if float(m.group(1)) < new and not kind.endswith("percentStacked"):
                raise SystemExit(f"pptx_edit: {part}: the value axis stops at {m.group(1)}, "
                                 f"under the edited value {new:g}")
        # what the slide must show now
        row = re.fullmatch(r"[A-Z]+(\d+)", ref).group(1)
        changed = [r for r in formulas if cells[r] != old[r]]
        labelled = re.search(r"<c15:datalabelsRange>", xml) is not None
        if kind == "doughnut":
            share = new / sum(cells[x] for x in vref)
            expect.append((page, "must", pc.text_fmt(share, "0.0%")))
            for r in changed:
                expect.append((page, "must", str(cells[r]).split("\n")[-1]))
        else:
            if "<c:showVal val=\"1\"/>" in main[0] or not labelled:
                expect.append((page, "must", text_of(new, fmt)))
            for r in changed:
                if re.fullmatch(r"[A-Z]+" + row, r) and cells[r]:
                    expect.append((page, "must", str(cells[r])))
            if labelled:  # the label the edit replaced is gone
                for r in changed:
                    if re.fullmatch(r"[A-Z]+" + row, r) and old[r] and "，" in str(old[r]):
                        expect.append((page, "gone", str(old[r])))
        ch["new"] = (ref, new)
        book_entries = [(i, set_sheet(d, cells, formulas, ref, new) if i.filename == sheet else d)
                        for i, d in book_entries]
        data[book_part] = zip_bytes(book_entries)
        data[part] = refill(xml, cells).encode()
    write_zip(dst, [(i, data[i.filename]) for i, _ in entries])
    errors, _ = pc.check_pptx(open(dst, "rb").read(), dst)
    if errors:
        raise SystemExit("pptx_edit: the edited file fails its checks: " + "; ".join(errors[:3]))
    with open(expect_path, "w") as f:
        for page, how, text in expect:
            f.write(f"{page}\t{how}\t{text}\n")
    for ch in charts:
        print(f"pptx_edit: {ch['part']}: {ch['new'][0]} = {ch['new'][1]:g}")
    return 0


# ---------- a new slide ----------

NEW_SLIDE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" \
xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree>\
<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>\
<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>\
<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>\
<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title 1"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>\
<p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>\
<a:p><a:r><a:rPr lang="ja-JP"/><a:t>挿入したスライド</a:t></a:r></a:p></p:txBody></p:sp>\
<p:sp><p:nvSpPr><p:cNvPr id="3" name="Slide Number 2"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>\
<p:nvPr><p:ph type="sldNum" sz="quarter" idx="12"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody>\
<a:bodyPr/><a:lstStyle/><a:p><a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum">\
<a:rPr lang="ja-JP"/><a:t>‹#›</a:t></a:fld></a:p></p:txBody></p:sp>\
</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"""


def insert_slide(src, dst, after):
    entries = read_zip(src)
    data = {i.filename: d for i, d in entries}
    layouts = {}
    for n, d in data.items():
        m = re.fullmatch(r"ppt/slideLayouts/(slideLayout\d+\.xml)", n)
        if m:
            layouts[re.search(r'<p:sldLayout[^>]* type="([^"]*)"', d.decode()).group(1)] = m.group(1)
    if "titleOnly" not in layouts:
        raise SystemExit("pptx_edit: the deck has no title-only layout")
    k = 1
    while f"ppt/slides/slide{k}.xml" in data:
        k += 1
    name = f"slide{k}.xml"
    pres = data["ppt/presentation.xml"].decode()
    prels = data["ppt/_rels/presentation.xml.rels"].decode()
    rid = 1 + max(int(x) for x in re.findall(r'Id="rId(\d+)"', prels))
    ids = re.findall(r'<p:sldId id="(\d+)" r:id="rId\d+"/>', pres)
    if not 1 <= after <= len(ids):
        raise SystemExit(f"pptx_edit: no slide {after}")
    new_id = 1 + max(int(x) for x in ids)
    prev = re.findall(r'<p:sldId id="\d+" r:id="rId\d+"/>', pres)[after - 1]
    pres = pres.replace(prev, prev + f'<p:sldId id="{new_id}" r:id="rId{rid}"/>', 1)
    prels = prels.replace("</Relationships>",
                          f'<Relationship Id="rId{rid}" Type="{pc.REL}slide" '
                          f'Target="slides/{name}"/></Relationships>')
    ct = data["[Content_Types].xml"].decode().replace(
        "</Types>", f'<Override PartName="/ppt/slides/{name}" ContentType="{pc.CT_SLIDE}"/></Types>')
    srels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             f'<Relationships xmlns="{pc.NS["rel"]}"><Relationship Id="rId1" '
             f'Type="{pc.REL}slideLayout" Target="../slideLayouts/{layouts["titleOnly"]}"/>'
             "</Relationships>")
    out = []
    for info, d in entries:
        n = info.filename
        d = {"ppt/presentation.xml": pres.encode(), "ppt/_rels/presentation.xml.rels": prels.encode(),
             "[Content_Types].xml": ct.encode()}.get(n, d)
        out.append((info, d))
    out.append((zipfile.ZipInfo(f"ppt/slides/{name}", (1980, 1, 1, 0, 0, 0)), NEW_SLIDE.encode()))
    out.append((zipfile.ZipInfo(f"ppt/slides/_rels/{name}.rels", (1980, 1, 1, 0, 0, 0)), srels.encode()))
    write_zip(dst, out)
    errors, _ = pc.check_pptx(open(dst, "rb").read(), dst)
    if errors:
        raise SystemExit("pptx_edit: the file with the new slide fails its checks: "
                         + "; ".join(errors[:3]))
    return 0


# ---------- the inserted slide's number ----------

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def slide_parts(data):
    """The slide parts in presentation order."""
    pres = data["ppt/presentation.xml"].decode()
    rels = dict(re.findall(r'Id="(rId\d+)"[^>]* Target="([^"]*)"',
                           data["ppt/_rels/presentation.xml.rels"].decode()))
    return ["ppt/" + rels[r] for r in re.findall(r'<p:sldId id="\d+" r:id="(rId\d+)"/>', pres)]


def num_sp(root, kind="sldNum"):
    """The placeholder of that type (a title's has type "title")."""
    for sp in root.iter(P + "sp"):
        ph = sp.find(f"{P}nvSpPr/{P}nvPr/{P}ph")
        if ph is not None and ph.get("type") == kind:
            return sp
    return None


def rpr_style(rpr):
    """(size, bold, colour, typeface) an rPr or defRPr sets (None: unset)."""
    if rpr is None:
        return (None, None, None, None)
    clr = rpr.find(f"{A}solidFill/{A}srgbClr")
    ea = rpr.find(f"{A}ea")
    b = rpr.get("b")
    return (rpr.get("sz"), None if b is None else b in ("1", "true"),
            None if clr is None else clr.get("val"), None if ea is None else ea.get("typeface"))


def number_style(pptx, pdf, page, ref):
    import xml.etree.ElementTree as ET
    import subprocess
    z = zipfile.ZipFile(pptx)
    data = {n: z.read(n) for n in z.namelist()}
    slides = slide_parts(data)
    bad = []

    def layout_of(part):
        rels = data[posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")].decode()
        t = re.search(r'Type="[^"]*/slideLayout" Target="([^"]*)"', rels) or \
            re.search(r'Target="([^"]*)"[^>]*Type="[^"]*/slideLayout"', rels)
        return posixpath.normpath(posixpath.join(posixpath.dirname(part), t.group(1)))

    # what the inserted slide's field inherits: its own rPr, then the
    # layout's placeholder, then the master's (each attribute from the
    # first that sets it)
    new = ET.fromstring(data[slides[page - 1]])
    lay = layout_of(slides[page - 1])
    # the number's field and, likewise, the title's run
    for kind, run, what_ in (("sldNum", f"{A}fld/{A}rPr", "number"), ("title", f"{A}r/{A}rPr", "title")):
        chain = [num_sp(new, kind).find(f"{P}txBody/{A}p/{run}")]
        for part in (lay, "ppt/slideMasters/slideMaster1.xml"):
            sp = num_sp(ET.fromstring(data[part]), kind)
            if sp is None:
                bad.append(f"{part} has no {kind} placeholder")
                continue
            chain.append(sp.find(f"{P}txBody/{A}lstStyle/{A}lvl1pPr/{A}defRPr"))
        # then the master's text styles: titles' for a title, the others'
        # for a number
        master = ET.fromstring(data["ppt/slideMasters/slideMaster1.xml"])
        chain.append(master.find(f"{P}txStyles/{P}{'titleStyle' if kind == 'title' else 'otherStyle'}"
                                 f"/{A}lvl1pPr/{A}defRPr"))
        got = [None] * 4
        for r in chain:
            for k, v in enumerate(rpr_style(r)):
                if got[k] is None:
                    got[k] = v
        want = rpr_style(num_sp(ET.fromstring(data[slides[ref - 1]]), kind).find(f"{P}txBody/{A}p/{run}"))
        for k, what in enumerate(("size", "bold", "colour", "typeface")):
            if got[k] != want[k]:
                bad.append(f"slide {page}'s {what_} inherits {what} {got[k]}, slide {ref}'s is {want[k]}")

    # as LibreOffice draws them: the number's box in the top right corner
    def box(p):
        out = subprocess.run(["pdftotext", "-bbox", "-f", str(p), "-l", str(p), pdf, "-"],
                             capture_output=True, text=True).stdout
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(\d+)</word>', out):
            b = [float(m.group(i)) for i in range(1, 5)]
            if b[0] > 860 and b[1] < 70 and int(m.group(5)) == p:
                return b
        return None

    def ink(p, b):
        """The darkest pixel in box b of page p at 150 dpi, as (r, g, b)."""
        s = 150 / 72
        ppm = subprocess.run(["pdftoppm", "-r", "150", "-f", str(p), "-l", str(p),
                              "-x", str(int(b[0] * s)), "-y", str(int(b[1] * s)),
                              "-W", str(int((b[2] - b[0]) * s) + 1), "-H", str(int((b[3] - b[1]) * s) + 1),
                              pdf], capture_output=True).stdout
        head = ppm.split(b"\n", 3)
        px = head[3]
        best = min(range(0, len(px) - 2, 3), key=lambda i: sum(px[i:i + 3]))
        return tuple(px[best:best + 3])

    bn, br = box(page), box(ref)
    if bn is None or br is None:
        bad.append(f"no number in the top right corner of page {page if bn is None else ref}")
    else:
        if abs((bn[3] - bn[1]) - (br[3] - br[1])) > 0.5:
            bad.append(f"page {page}'s number is {bn[3] - bn[1]:.1f} pt tall, page {ref}'s {br[3] - br[1]:.1f}")
        if abs(bn[2] - br[2]) > 1.5 or abs(bn[1] - br[1]) > 1.5:
            bad.append(f"page {page}'s number ends at ({bn[2]:.1f}, {bn[1]:.1f}), page {ref}'s at ({br[2]:.1f}, {br[1]:.1f})")
        cn, cr = ink(page, bn), ink(ref, br)
        if max(abs(a - b) for a, b in zip(cn, cr)) > 48:
            bad.append(f"page {page}'s number is drawn in {cn}, page {ref}'s in {cr}")
    for b in bad:
        print(b)
    print(f"pptx_edit: the inserted slide's number {'differs' if bad else 'is styled as the others'}")
    return 1 if bad else 0


def apart(pdf, pages):
    import subprocess
    bad = 0
    for p in pages:
        out = subprocess.run(["pdftotext", "-bbox", "-f", str(p), "-l", str(p), pdf, "-"],
                             capture_output=True, text=True).stdout
        lines = {}
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out):
            x0, y0, x1 = float(m.group(1)), float(m.group(2)), float(m.group(3))
            lines.setdefault(round(y0, 1), []).append((x0, x1, unesc(m.group(5))))
        for y, ws in sorted(lines.items()):
            ws.sort()
            for a, b in zip(ws, ws[1:]):
                # after a label's share ("5.0%") the next label, 3 pt off
                if b[0] < a[1] + (3 if a[2].endswith("%") else 0.5):
                    bad += 1
                    print(f"page {p}: {a[2]!r} (to {a[1]:.1f}) and {b[2]!r} (from {b[0]:.1f}) "
                          f"touch at y {y}")
    print(f"pptx_edit: {bad} words touching on pages {', '.join(map(str, pages))}")
    return 1 if bad else 0


def pixel(pdf, page, x, y):
    """(r, g, b) of the pixel at (x, y) pt of page, drawn at 72 dpi."""
    import subprocess
    ppm = subprocess.run(["pdftoppm", "-r", "72", "-f", str(page), "-l", str(page), "-x", str(int(x)),
                          "-y", str(int(y)), "-W", "1", "-H", "1", pdf], capture_output=True).stdout
    return tuple(ppm.split(b"\n", 3)[3][:3])


def band(pptx, lo, ours, pages):
    import xml.etree.ElementTree as ET
    z = zipfile.ZipFile(pptx)
    data = {n: z.read(n) for n in z.namelist()}
    slides = slide_parts(data)
    bad = 0
    emu = 12700.0
    for p in pages:
        tree = ET.fromstring(data[slides[p - 1]]).find(f"{P}cSld/{P}spTree")
        kids = list(tree)
        rect = None
        for k, el in enumerate(kids):
            if el.tag == P + "graphicFrame" and b"chart" in ET.tostring(el) and k and kids[k - 1].tag == P + "sp":
                sp = kids[k - 1]
                off, clr = sp.find(f".//{A}xfrm/{A}off"), sp.find(f"{P}spPr/{A}solidFill/{A}srgbClr")
                ext = sp.find(f".//{A}xfrm/{A}ext")
                if off is not None and clr is not None and sp.find(f"{P}txBody") is None:
                    rect = (int(off.get("x")) / emu, int(off.get("y")) / emu,
                            int(ext.get("cx")) / emu, clr.get("val"))
        if rect is None:
            bad += 1
            print(f"slide {p}: no band behind its chart")
            continue
        x, y = rect[0] + rect[2] / 2, rect[1] + 4
        want = tuple(int(rect[3][i:i + 2], 16) for i in (0, 2, 4))
        for name, pdf in (("LibreOffice", lo), ("our PDF", ours)):
            got = pixel(pdf, p, x, y)
            if max(abs(a - b) for a, b in zip(got, want)) > 12:
                bad += 1
                print(f"slide {p}: {name} draws {got} at ({x:.0f}, {y:.0f}), the band is {want}")
    print(f"pptx_edit: {len(pages)} bands checked, {bad} wrong")
    return 1 if bad else 0


def same_place(ours, lo, page, words):
    import subprocess
    def boxes(pdf):
        out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-"],
                             capture_output=True, text=True).stdout
        got = {}
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out):
            b = [float(m.group(i)) for i in range(1, 5)]
            got.setdefault(unesc(m.group(5)), []).append(((b[0] + b[2]) / 2, (b[1] + b[3]) / 2))
        return got
    a, b = boxes(ours), boxes(lo)
    bad = 0
    for w in words:
        if len(a.get(w, [])) != 1 or len(b.get(w, [])) != 1:
            bad += 1
            print(f"page {page}: {w!r} drawn {len(a.get(w, []))} times in ours, {len(b.get(w, []))} in LibreOffice's")
            continue
        (x0, y0), (x1, y1) = a[w][0], b[w][0]
        if abs(x0 - x1) > 4:
            bad += 1
            print(f"page {page}: {w!r} at ({x0:.1f}, {y0:.1f}) in ours, ({x1:.1f}, {y1:.1f}) in LibreOffice's")
    print(f"pptx_edit: {len(words)} labels placed, {bad} elsewhere")
    return 1 if bad else 0


def same_colour(ours, lo, page, points):
    bad = 0
    for pt in points:
        x, y = (float(v) for v in pt.split(","))
        a, b = pixel(ours, page, x, y), pixel(lo, page, x, y)
        if max(abs(p - q) for p, q in zip(a, b)) > 12:
            bad += 1
            print(f"page {page} at ({x:g}, {y:g}): {a} in ours, {b} in LibreOffice's")
    print(f"pptx_edit: {len(points)} points compared, {bad} differ")
    return 1 if bad else 0


# ---------- what the pages say ----------

def check_text(pages_path, expect_path):
    pages = open(pages_path, encoding="utf-8").read().split("\f")
    flat = [re.sub(r"\s+", "", p) for p in pages]
    bad = 0
    n = 0
    for line in open(expect_path, encoding="utf-8"):
        page, how, text = line.rstrip("\n").split("\t")
        want = re.sub(r"\s+", "", text)
        p = int(page)
        there = p <= len(flat) and want in flat[p - 1]
        n += 1
        if (how == "must") != there:
            bad += 1
            print(f"page {p}: {'lacks' if how == 'must' else 'still shows'} {text!r}")
    print(f"pptx_edit: {n} texts checked, {bad} wrong")
    return 1 if bad else 0


def main(argv):
    if argv[:1] == ["charts"]:
        return edit_charts(argv[1], argv[2], argv[3])
    if argv[:1] == ["insert"]:
        return insert_slide(argv[1], argv[2], int(argv[3]))
    if argv[:1] == ["number-style"]:
        return number_style(argv[1], argv[2], int(argv[3]), int(argv[4]))
    if argv[:1] == ["apart"]:
        return apart(argv[1], [int(x) for x in argv[2:]])
    if argv[:1] == ["band"]:
        return band(argv[1], argv[2], argv[3], [int(x) for x in argv[4:]])
    if argv[:1] == ["same-place"]:
        return same_place(argv[1], argv[2], int(argv[3]), argv[4:])
    if argv[:1] == ["same-colour"]:
        return same_colour(argv[1], argv[2], int(argv[3]), argv[4:])
    if argv[:1] == ["check-text"]:
        return check_text(argv[1], argv[2])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
