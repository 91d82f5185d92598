#!/usr/bin/python3
"""pptx_check: the OPC rules whose breach makes PowerPoint refuse or
"repair" a file, checked on a PPTX deckgen wrote:

  - every part has a content type, and every override names a part;
  - every part that is XML is well formed;
  - every relationship's target exists, relationship ids are unique per
    part, and the parts PowerPoint requires are there and linked (the
    presentation, a slide master with a layout and a theme, each slide's
    layout); slide, master and layout ids are unique and in range, and
    shape ids are unique on each slide;
  - each chart part points (c:externalData) at an embedded workbook, which
    is itself a valid package, and every cached value, category and series
    name of the chart equals the cell its formula (c:f) names;
  - the series of a chart (a doughnut's points) differ without colour:
    the first plain, each other a preset pattern of its own whose ink
    stands out from its colour, and a label inside a patterned segment
    sits on a chip of the plain colour at 4.6:1 or more;
  - with --template, the cached values equal the sums computed here from
    the deck's CSVs (for every chart bound with data=).

Usage:
  pptx_check.py FILE.pptx [--template DECK.xml --root PROJECT]
  pptx_check.py --break KIND IN.pptx OUT.pptx   (writes a broken copy)

Prints one line per problem and exits 1 when there is any.
"""
import csv
import io
import posixpath
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

NS = {
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
}
C15 = "http://schemas.microsoft.com/office/drawing/2012/chart"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT_SLIDE = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"


class Package:
    """An OPC package read from bytes; problems go to self.errors."""

    def __init__(self, data, label):
        self.label = label
        self.errors = []
        self.z = zipfile.ZipFile(io.BytesIO(data))
        self.names = [n for n in self.z.namelist() if not n.endswith("/")]
        self.xml = {}
        self.rels = {}  # part name -> {id: (type, target part)}
        self.types = {}

    def err(self, msg):
        self.errors.append(f"{self.label}: {msg}")

    def read(self, name):
        return self.z.read(name)

    def check(self):
        if len(set(self.names)) != len(self.names):
            self.err("a part name occurs twice in the zip")
        if "[Content_Types].xml" not in self.names:
            self.err("no [Content_Types].xml")
            return
        for n in self.names:
            if n.endswith(".xml") or n.endswith(".rels"):
                try:
                    self.xml[n] = ET.fromstring(self.read(n))
                except ET.ParseError as e:
                    self.err(f"{n}: XML not well formed: {e}")
        ct = self.xml.get("[Content_Types].xml")
        if ct is None:
            return
        defaults = {d.get("Extension").lower(): d.get("ContentType")
                    for d in ct.findall("ct:Default", NS)}
        overrides = {o.get("PartName"): o.get("ContentType")
                     for o in ct.findall("ct:Override", NS)}
        for pn in overrides:
            if pn.lstrip("/") not in self.names:
                self.err(f"content type override for a missing part {pn}")
        for n in self.names:
            if n == "[Content_Types].xml":
                continue
            t = overrides.get("/" + n) or defaults.get(n.rsplit(".", 1)[-1].lower())
            if not t:
                self.err(f"{n}: no content type")
            self.types[n] = t
        for n in self.names:
            if n.endswith(".rels"):
                self.read_rels(n)

    def read_rels(self, n):
        root = self.xml.get(n)
        if root is None:
            return
        d, f = posixpath.split(n)
        src_dir = posixpath.dirname(d)  # the folder above _rels
        source = posixpath.join(src_dir, f[: -len(".rels")])
        if f != ".rels" and source not in self.names:
            self.err(f"{n}: relationships of a missing part {source}")
        ids = {}
        for r in root.findall("rel:Relationship", NS):
            rid = r.get("Id")
            if not rid or rid in ids:
                self.err(f"{n}: relationship id {rid!r} missing or repeated")
            if r.get("TargetMode") == "External":
                continue
            t = r.get("Target", "")
            target = t.lstrip("/") if t.startswith("/") else posixpath.normpath(
                posixpath.join(src_dir, t))
            if target not in self.names:
                self.err(f"{n}: {rid} points at a missing part {target}")
            ids[rid] = (r.get("Type", ""), target)
        self.rels[source if f != ".rels" else ""] = ids

    def rel_of(self, part, kind):
        return [t for (ty, t) in self.rels.get(part, {}).values()
                if ty == REL + kind]


def check_pptx(data, label="pptx"):
    """Returns (errors, charts): charts in slide order, each a dict
    {part, series: [(name, [cats], [values])]}."""
    p = Package(data, label)
    p.check()
    charts = []
    if p.errors and "[Content_Types].xml" not in p.names:
        return p.errors, charts
    pres = (p.rel_of("", "officeDocument") or [None])[0]
    if pres is None or pres not in p.xml:
        p.err("no presentation part (officeDocument relationship)")
        return p.errors, charts
    proot = p.xml[pres]
    prels = p.rels.get(pres, {})
    # masters: ids >= 2^31, each with a theme and its layouts
    seen_ids = set()
    masters = proot.findall("p:sldMasterIdLst/p:sldMasterId", NS)
    if not masters:
        p.err("presentation has no slide master")
    for m in masters:
        i = int(m.get("id", "0"))
        if i < 2**31 or i in seen_ids:
            p.err(f"slide master id {i} out of range or repeated")
        seen_ids.add(i)
        mpart = prels.get(m.get(R_ID), ("", None))[1]
        if mpart not in p.xml:
            p.err("a slide master id names no master part")
            continue
        if not p.rel_of(mpart, "theme"):
            p.err(f"{mpart}: no theme")
        for lay in p.xml[mpart].findall("p:sldLayoutIdLst/p:sldLayoutId", NS):
            li = int(lay.get("id", "0"))
            if li < 2**31 or li in seen_ids:
                p.err(f"slide layout id {li} out of range or repeated")
            seen_ids.add(li)
            lpart = p.rels.get(mpart, {}).get(lay.get(R_ID), ("", None))[1]
            if lpart not in p.xml or not p.rel_of(lpart, "slideMaster"):
                p.err(f"{mpart}: layout {lay.get(R_ID)} missing or without master")
    if not p.rel_of(pres, "theme"):
        p.err("presentation has no theme")
    slide_ids = set()
    title_of = {}
    for s in proot.findall("p:sldIdLst/p:sldId", NS):
        i = int(s.get("id", "0"))
        if not 256 <= i < 2**31 or i in slide_ids:
            p.err(f"slide id {i} out of range or repeated")
        slide_ids.add(i)
        spart = prels.get(s.get(R_ID), ("", None))[1]
        if spart not in p.xml:
            p.err(f"slide {i} names no slide part")
            continue
        if p.types.get(spart) != CT_SLIDE:
            p.err(f"{spart}: content type {p.types.get(spart)}")
        if len(p.rel_of(spart, "slideLayout")) != 1:
            p.err(f"{spart}: not exactly one slide layout")
        titles = [ph for ph in p.xml[spart].iter("{%s}ph" % NS["p"])
                  if ph.get("type") in ("title", "ctrTitle")]
        if len(titles) != 1:  # PowerPoint's outline and screen readers
            p.err(f"{spart}: {len(titles)} title placeholders, not one")
        else:  # PowerPoint's accessibility checker: each title its own
            sp = next(e for e in p.xml[spart].iter("{%s}sp" % NS["p"])
                      if titles[0] in e.iter("{%s}ph" % NS["p"]))
            text = "".join(t.text or "" for t in sp.iter("{%s}t" % NS["a"]))
            if text in title_of:
                p.err(f"{spart}: title {text!r} repeats {title_of[text]}'s")
            title_of.setdefault(text, spart)
        shape_ids = [e.get("id") for e in p.xml[spart].iter(
            "{%s}cNvPr" % NS["p"])]
        if len(shape_ids) != len(set(shape_ids)):
            p.err(f"{spart}: shape ids repeat")
        srels = p.rels.get(spart, {})
        for ch in p.xml[spart].iter("{%s}chart" % NS["c"]):
            cpart = srels.get(ch.get(R_ID), ("", None))[1]
            if cpart not in p.xml:
                p.err(f"{spart}: chart {ch.get(R_ID)} names no part")
                continue
            if p.types.get(cpart) != CT_CHART:
                p.err(f"{cpart}: content type {p.types.get(cpart)}")
            charts.append(check_chart(p, cpart))
    return p.errors, charts


def cells_of(book, formulas=None):
    """Sheet1 of a workbook as {"B2": value} (numbers as float; a formula
    cell's cached text as a string, its formula into formulas)."""
    wb = book.xml.get("xl/workbook.xml")
    sheets = wb.findall("s:sheets/s:sheet", NS) if wb is not None else []
    if not sheets or sheets[0].get("name") != "Sheet1":
        book.err("no Sheet1")
        return {}
    target = book.rels.get("xl/workbook.xml", {}).get(sheets[0].get(R_ID))
    ws = book.xml.get(target[1]) if target else None
    if ws is None:
        book.err("Sheet1 names no worksheet part")
        return {}
    out = {}
    for c in ws.iter("{%s}c" % NS["s"]):
        f = c.find("s:f", NS)
        if f is not None and formulas is not None:
            formulas[c.get("r")] = f.text
        if c.get("t") == "inlineStr":
            out[c.get("r")] = "".join(t.text or "" for t in c.iter("{%s}t" % NS["s"]))
        else:
            v = c.find("s:v", NS)
            out[c.get("r")] = (v.text or "") if c.get("t") == "str" else \
                float(v.text) if v is not None else None
    return out


# ---------- the workbook's formulas, computed as a spreadsheet would ----------

TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"]|"")*")|(?P<num>\d+(?:\.\d+)?)|'
                   r'(?P<rng>\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?\d+)|'
                   r'(?P<ref>\$?[A-Z]+\$?\d+)(?![A-Z(])|(?P<fn>[A-Z]+)\(|'
                   r'(?P<op>[&/=,)]))')


def cell_name(r):
    return r.replace("$", "")


def text_fmt(v, fmt):
    """TEXT(v, fmt) for the formats deckgen writes: literals in quotes,
    0 or #,##0 with decimals, a trailing %."""
    from decimal import Decimal, ROUND_HALF_UP
    parts = re.split(r'("[^"]*")', fmt)
    code = "".join(p for p in parts if not p.startswith('"'))
    pct = code.endswith("%")
    dec = len(code.split(".")[1].rstrip("%")) if "." in code else 0
    x = Decimal(repr(v * 100 if pct else v)).quantize(
        Decimal(1).scaleb(-dec), rounding=ROUND_HALF_UP)
    num = f"{x:,.{dec}f}" if "," in code else f"{x:.{dec}f}"
    out, done = "", False
    for p in parts:
        if p.startswith('"'):
            out += p[1:-1]
        elif p and not done:
            out += num + ("%" if pct else "")
            done = True
    return out


def evaluate(formula, cells):
    """The value of one of deckgen's formulas over cells ({"B2": 41.0})."""
    toks = []
    pos = 0
    while pos < len(formula):
        m = TOKEN.match(formula, pos)
        if not m or m.end() == pos:
            raise ValueError(f"formula {formula!r}: cannot read at {pos}")
        toks.append((m.lastgroup, m.group(m.lastgroup)))
        pos = m.end()
    toks.append(("end", ""))
    i = [0]

    def peek():
        return toks[i[0]]

    def take(kind=None, val=None):
        t = toks[i[0]]
        if (kind and t[0] != kind) or (val and t[1] != val):
            raise ValueError(f"formula {formula!r}: unexpected {t[1]!r}")
        i[0] += 1
        return t

    def rng(r):
        a, b = [cell_name(x) for x in r.split(":")]
        ca, ra = re.fullmatch(r"([A-Z]+)(\d+)", a).groups()
        cb, rb = re.fullmatch(r"([A-Z]+)(\d+)", b).groups()
        col = lambda c: sum((ord(ch) - 64) * 26 ** k for k, ch in enumerate(reversed(c)))
        name = lambda n: (name((n - 1) // 26) if n > 26 else "") + chr(65 + (n - 1) % 26)
        return [cells.get(f"{name(cc)}{rr}") or 0
                for cc in range(col(ca), col(cb) + 1)
                for rr in range(int(ra), int(rb) + 1)]

    def primary():
        k, v = take()
        if k == "str":
            return v[1:-1].replace('""', '"')
        if k == "num":
            return float(v)
        if k == "ref":
            x = cells.get(cell_name(v))
            return 0.0 if x is None else x
        if k == "fn":
            args = []
            while peek()[1] != ")":
                args.append(rng(take()[1]) if peek()[0] == "rng" else compare())
                if peek()[1] == ",":
                    take()
            take("op", ")")
            if v == "SUM":
                return float(sum(sum(a) if isinstance(a, list) else a for a in args))
            if v == "TEXT":
                return text_fmt(args[0], args[1])
            if v == "IF":
                return args[1] if args[0] else args[2]
            if v == "CHAR":
                return chr(int(args[0]))
            raise ValueError(f"formula {formula!r}: unknown function {v}")
        raise ValueError(f"formula {formula!r}: unexpected {v!r}")

    def quotient():
        x = primary()
        while peek()[1] == "/":
            take()
            x = x / primary()
        return x

    def concat():
        x = quotient()
        while peek()[1] == "&":
            take()
            y = quotient()
            x = (x if isinstance(x, str) else f"{x:g}") + (y if isinstance(y, str) else f"{y:g}")
        return x

    def compare():
        x = concat()
        if peek()[1] == "=":
            take()
            return x == concat()
        return x

    v = compare()
    take("end")
    return v


def recompute(cells, formulas):
    """Every formula cell computed again from cells (in place); formulas
    may name formula cells (A of a total), which are computed first."""
    for _ in range(3):
        for r, f in formulas.items():
            cells[r] = evaluate(f, cells)
    return cells


def refs(f):
    """'Sheet1!$A$2:$A$5' → ['A2', 'A3', 'A4', 'A5'] (one column)."""
    m = re.fullmatch(r"Sheet1!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?", f or "")
    if not m or (m.group(3) and m.group(3) != m.group(1)):
        return None
    a, b = int(m.group(2)), int(m.group(4) or m.group(2))
    return [f"{m.group(1)}{r}" for r in range(a, b + 1)]


def cache(el, kind):
    """(formula, [values]) of a c:strRef or c:numRef."""
    if el is None:
        return None, []
    f = el.find("c:f", NS)
    pts = el.findall(f"c:{kind}/c:pt", NS)
    vals = [p.find("c:v", NS).text for p in sorted(pts, key=lambda p: int(p.get("idx")))]
    return (f.text if f is not None else None), vals


def chart_kind(root):
    """The native chart a part holds: "bar", "col", "line", "doughnut"
    (with "+stacked"/"+percentStacked"), "?" when none of them."""
    plot = root.find("c:chart/c:plotArea", NS)
    if plot is None:
        return "?"
    for el in plot:
        tag = el.tag.split("}")[1]
        if tag == "barChart":
            d = el.find("c:barDir", NS)
            g = el.find("c:grouping", NS)
            kind = d.get("val") if d is not None else "?"
            g = g.get("val") if g is not None else ""
            return kind + ("+" + g if g in ("stacked", "percentStacked") else "")
        if tag in ("lineChart", "doughnutChart"):
            return tag[:-5]
    return "?"


def check_chart(p, cpart):
    root = p.xml[cpart]
    info = {"part": cpart, "series": [], "kind": chart_kind(root)}
    ext = root.find("c:externalData", NS)
    book_part = p.rels.get(cpart, {}).get(ext.get(R_ID) if ext is not None else None)
    if not book_part or book_part[0] != REL + "package":
        p.err(f"{cpart}: no embedded workbook (c:externalData → package)")
        return info
    book = Package(p.read(book_part[1]), f"{p.label}:{book_part[1]}")
    book.check()
    formulas = {}
    cells = cells_of(book, formulas)
    p.errors += book.errors
    # each formula gives its cached text again (the labels, totals and
    # legends are computed by the application, not typed)
    try:
        again = recompute(dict(cells), formulas)
    except (ValueError, ZeroDivisionError) as e:
        p.err(f"{cpart}: {e}")
        again = cells
    for r in formulas:
        if again[r] != cells[r]:
            p.err(f"{cpart}: cell {r} caches {cells[r]!r}, its formula gives {again[r]!r}")
    info["formulas"] = len(formulas)
    info["labels"] = []
    for ser in root.iter("{%s}ser" % NS["c"]):
        rng_f = ser.find(".//{%s}datalabelsRange/{%s}f" % (C15, C15))
        if rng_f is not None:  # labels from cells: the range's cache and the fields
            r = refs(rng_f.text)
            pts = ser.findall(".//{%s}dlblRangeCache/c:pt" % C15, NS)
            got = [pt.find("c:v", NS).text or "" for pt in pts]
            want = [cells.get(x) for x in r] if r else None
            if want != got:
                p.err(f"{cpart}: label cache {got} differs from the workbook {want}")
            fields = {int(d.find("c:idx", NS).get("val")): "".join(
                t.text or "" for t in d.iter("{%s}t" % NS["a"]))
                for d in ser.findall("c:dLbls/c:dLbl", NS)
                if d.find("c:tx/c:rich//a:fld[@type='CELLRANGE']", NS) is not None}
            if want and fields != {k: v for k, v in enumerate(want)}:
                p.err(f"{cpart}: label fields {fields} are not the cells {want}")
            info["labels"] += got
        helper = ser.find("c:spPr/a:noFill", NS) is not None
        tf, tv = cache(ser.find("c:tx/c:strRef", NS), "strCache")
        cf, cv = cache(ser.find("c:cat/c:strRef", NS), "strCache")
        vf, vv = cache(ser.find("c:val/c:numRef", NS), "numCache")
        nums = [float(v) for v in vv]
        for f, got, isnum in ((tf, tv, 0), (cf, cv, 0), (vf, nums, 1)):
            r = refs(f)
            if r is None or len(r) != len(got):
                p.err(f"{cpart}: formula {f!r} does not match its cache")
                continue
            want = [cells.get(x) for x in r]
            if want != got:
                p.err(f"{cpart}: cache {got} differs from the workbook {want} ({f})")
        if helper:  # the totals' carrier: zeros, drawn as nothing
            if any(nums):
                p.err(f"{cpart}: the helper series {tv} is not all zeros")
            continue
        # a doughnut's legend: the name, then its figures on a line below
        info["series"].append((tv[0] if tv else "", [c.split("\n")[0] for c in cv], nums))
    check_looks(p, cpart, root)
    return info


def luminance(hexrgb):
    v = []
    for i in range(3):
        x = int(hexrgb[2 * i:2 * i + 2], 16) / 255
        v.append(x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4)
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]


def contrast(a, b):
    x, y = sorted((luminance(a), luminance(b)))
    return (y + 0.05) / (x + 0.05)


def look(sp_pr):
    """A fill as (pattern, background colour, ink): ("solid", colour, None)."""
    if sp_pr is None:
        return None
    solid = sp_pr.find("a:solidFill/a:srgbClr", NS)
    if solid is not None:
        return ("solid", solid.get("val"), None)
    patt = sp_pr.find("a:pattFill", NS)
    if patt is not None:
        fg = patt.find("a:fgClr/a:srgbClr", NS)
        bg = patt.find("a:bgClr/a:srgbClr", NS)
        return (patt.get("prst"), bg.get("val") if bg is not None else None,
                fg.get("val") if fg is not None else None)
    return None


def check_looks(p, cpart, root):
    """Series (a doughnut's points) told apart without colour: the first
    plain, the others each a pattern of its own in an ink that stands out
    from the colour, and a label inside a patterned segment on a chip of
    the plain colour, its text at 4.6:1 or more against it."""
    lines = root.findall(".//c:lineChart/c:ser", NS)
    if lines:
        # a line has no area to pattern: its marker's shape (symbol, and
        # filled or white inside) tells it apart
        seen = {}
        for ser in lines:
            order = int(ser.find("c:order", NS).get("val"))
            sym = ser.find("c:marker/c:symbol", NS)
            fill = ser.find("c:marker/c:spPr/a:solidFill/a:srgbClr", NS)
            mk = (sym.get("val") if sym is not None else None,
                  fill is not None and fill.get("val") == "FFFFFF")
            if mk[0] in (None, "none"):
                p.err(f"{cpart}: line {order + 1} has no marker")
            elif mk in seen:
                p.err(f"{cpart}: lines {seen[mk]} and {order + 1} have the same marker {mk[0]}")
            seen[mk] = order + 1
        return
    looks = []  # (name, look, the series' dLbls)
    for ser in root.iter("{%s}ser" % NS["c"]):
        if ser.find("c:spPr/a:noFill", NS) is not None:
            continue  # the totals' helper
        dpts = ser.findall("c:dPt", NS)
        if dpts:
            for d in dpts:
                idx = int(d.find("c:idx", NS).get("val"))
                looks.append((f"point {idx + 1}", look(d.find("c:spPr", NS)),
                               [l for l in ser.findall("c:dLbls/c:dLbl", NS)
                                if int(l.find("c:idx", NS).get("val")) == idx]))
        else:
            order = int(ser.find("c:order", NS).get("val"))
            looks.append((f"series {order + 1}", look(ser.find("c:spPr", NS)),
                           ser.findall("c:dLbls/c:dLbl", NS)))
    if len(looks) < 2:
        return
    if looks[0][1] is None or looks[0][1][0] != "solid":
        p.err(f"{cpart}: the first series is not plain")
    seen = {}
    for name, lk, lbls in looks:
        if lk is None:
            p.err(f"{cpart}: {name} has no fill")
            continue
        if lk[0] in seen:
            p.err(f"{cpart}: {seen[lk[0]]} and {name} look alike without colour ({lk[0]})")
        seen[lk[0]] = name
        if lk[0] == "solid":
            continue
        if not lk[2] or contrast(lk[1], lk[2]) < 3:
            p.err(f"{cpart}: {name}'s pattern does not stand out from its colour")
        for l in lbls:
            if l.find("c:layout", NS) is not None:
                continue  # moved above the bar, on the slide's white
            chip = look(l.find("c:spPr", NS))
            ink = l.find("c:txPr//a:defRPr/a:solidFill/a:srgbClr", NS)
            if chip is None or chip[:2] != ("solid", lk[1]):
                p.err(f"{cpart}: a label of {name} is over its pattern, not on a chip")
            elif ink is None or contrast(ink.get("val"), chip[1]) < 4.6:
                p.err(f"{cpart}: a label of {name} reads below 4.6:1 on its chip")


# ---------- values from the CSVs ----------

def read_csv(path):
    raw = open(path, "rb").read()
    for enc in ("utf-8-sig", "cp932"):
        try:
            return list(csv.DictReader(io.StringIO(raw.decode(enc))))
        except UnicodeDecodeError:
            pass
    raise SystemExit(f"{path}: cannot decode")


def csv_charts(template, root):
    """For each <chart> of the deck in order: None (not bound with data=)
    or {(category, series): sum} computed from its dataset."""
    t = ET.parse(template).getroot()
    survey = t.find("survey")
    folders = {"": survey.get("data", "") if survey is not None else "",
               "previous": survey.get("previous", "") if survey is not None else ""}
    files = {}
    # a sorted chart draws its category column's catch-all (other=) last
    others = {(d.get("id"), c.get("name")): c.get("other")
              for d in t.iter("dataset") for c in d.iter("column") if c.get("other")}
    for d in t.iter("dataset"):
        f = d.get("file")
        if f is None:  # a derived dataset: computed by the deck, no file
            continue
        base = folders.get(d.get("from", ""), "")
        files[d.get("id")] = posixpath.join(root, base, f) if "/" not in f or base \
            else posixpath.join(root, f)
    out = []
    for ch in t.iter("chart"):
        if not ch.get("data") or ch.get("data") not in files:
            out.append(None)
            continue
        rows = read_csv(files[ch.get("data")])
        conds = re.findall(r"(\w+)\s*=\s*'([^']*)'", ch.get("where", ""))
        sums = {}
        for r in rows:
            if all(r.get(k) == v for k, v in conds):
                key = (r[ch.get("category")], r[ch.get("series")] if ch.get("series") else "")
                sums[key] = sums.get(key, 0) + float(r[ch.get("value")].replace(",", ""))
        # categories="a,b,c": each listed category is charted, 0 without rows
        fixed = [c.strip() for c in ch.get("categories", "").split(",") if c.strip()]
        names = {k[1] for k in sums} or {""}
        for c in fixed:
            for n in names:
                sums.setdefault((c, n), 0.0)
        out.append({"sums": sums, "series": bool(ch.get("series")),
                    "kind": want_kind(ch),
                    "unit": ch.get("total-unit"),
                    "numbered": ch.get("legend") == "numbered",
                    "sort": ch.get("sort"),
                    "last": ch.get("last") or others.get((ch.get("data"), ch.get("category")))})
    return out


def want_kind(ch):
    """The native chart a <chart> bound with data= must become."""
    t, mode = ch.get("type"), ch.get("mode")
    multi = bool(ch.get("series"))
    if t == "pie":
        return "doughnut"
    if t == "line":
        return "line"
    if t == "stacked100":
        return "bar+percentStacked"
    d = "col" if t == "column" else "bar"
    if mode == "percent":
        return d + "+percentStacked"
    return d + ("+stacked" if multi and mode != "group" else "")


def norm(s):
    return unicodedata.normalize("NFKC", s).strip()


def compare(charts, want):
    errs = []
    if len(charts) != len(want):
        return [f"{len(charts)} charts in the file, {len(want)} in the deck"]
    for ch, w in zip(charts, want):
        if w is None:
            continue
        if ch["kind"] != w["kind"]:
            errs.append(f"{ch['part']}: a native {ch['kind']} chart where the deck "
                        f"has {w['kind']}")
        got = {}
        for name, cats, vals in ch["series"]:
            if w["numbered"]:  # "１ 導入済": the legend's number goes
                name = re.sub(r"^\S+ ", "", name, count=1)
            for c, v in zip(cats, vals):
                if w["unit"]:  # "都道府県（47団体）": the total must be the sum
                    m = re.fullmatch(r"(.*)（([\d,]+)%s）" % re.escape(w["unit"]), c)
                    if not m:
                        errs.append(f"{ch['part']}: category {c!r} lacks its total")
                        continue
                    c = m.group(1)
                    total = sum(x for (k, _), x in w["sums"].items() if k == c)
                    if float(m.group(2).replace(",", "")) != total:
                        errs.append(f"{ch['part']}: {c}: total {m.group(2)} is not {total:g}")
                got[(c, name if w["series"] else "")] = v
        if got != w["sums"]:
            diff = sorted(set(got.items()) ^ set(w["sums"].items()))[:4]
            errs.append(f"{ch['part']}: cached values differ from the CSV sums: {diff}")
        if w["sort"] == "desc" and ch["series"]:
            _, cats, vals = ch["series"][0]
            body = [v for c, v in zip(cats, vals) if c != w["last"]]
            if body != sorted(body, reverse=True):
                errs.append(f"{ch['part']}: categories not in descending order")
    return errs


# ---------- broken copies for the negative tests ----------

def rewrite(src, dst, edit):
    zin = zipfile.ZipFile(src)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info, data)


def sub_first(pattern, repl, name_re):
    done = []

    def edit(name, data):
        if done or not re.fullmatch(name_re, name):
            return data
        new = re.sub(pattern, repl, data, count=1)
        if new != data:
            done.append(name)
        return new
    return edit


BREAKS = {
    # a part without a content type: its override is gone
    "content-type": sub_first(rb'<Override PartName="/ppt/slides/slide3.xml"[^>]*/>', b"",
                              r"\[Content_Types\]\.xml"),
    # a relationship to a part that is not there
    "dangling": sub_first(rb'Target="slides/slide2.xml"', b'Target="slides/slide99.xml"',
                          r"ppt/_rels/presentation\.xml\.rels"),
    # two slides with one id
    "dup-id": sub_first(rb'<p:sldId id="257"', b'<p:sldId id="256"', r"ppt/presentation\.xml"),
    # a chart that no longer refers to its workbook
    "no-workbook": sub_first(rb"<c:externalData.*?</c:externalData>", b"",
                             r"ppt/charts/chart1\.xml"),
    # a truncated XML part
    "malformed": lambda n, d: d[: len(d) // 2] if n == "ppt/slides/slide1.xml" else d,
    # a cached value that is not the workbook's (nor the CSV's)
    "cache": sub_first(rb"(<c:numCache>.*?<c:v>)[0-9.]+", rb"\g<1>12345", r"ppt/charts/chart2\.xml"),
    # a label that no longer is what its cell's formula gives
    "label": sub_first("<c:v>41，87.2%</c:v>".encode(), "<c:v>41，80.0%</c:v>".encode(),
                       r"ppt/charts/chart1\.xml"),
    # two series of one pattern: told apart by colour alone
    "pattern": sub_first(rb'prst="dots"|prst="pct20"', b'prst="wdUpDiag"',
                         r"ppt/charts/chart1\.xml"),
    # an element twice where the schema allows it once (for the validator)
    "twice": sub_first(rb"<a:noAutofit/>", b"<a:noAutofit/><a:noAutofit/>", r"ppt/slides/slide1\.xml"),
    # two slides with one title (the number that told them apart removed)
    "same-title": sub_first("策定状況（2）</a:t>".encode(), "策定状況（1）</a:t>".encode(),
                            r"ppt/slides/slide8\.xml"),
    # the theme a master needs, removed with its content type kept
    "no-theme": lambda n, d: None if n == "ppt/theme/theme1.xml" else d,
}


def main(argv):
    if argv[:1] == ["--break"]:
        rewrite(argv[2], argv[3], BREAKS[argv[1]])
        return 0
    data = open(argv[0], "rb").read()
    errors, charts = check_pptx(data, argv[0])
    if "--template" in argv:
        tpl = argv[argv.index("--template") + 1]
        root = argv[argv.index("--root") + 1] if "--root" in argv else "."
        errors += compare(charts, csv_charts(tpl, root))
    for e in errors:
        print(e)
    nvals = sum(len(v) for c in charts for _, _, v in c["series"])
    print(f"pptx_check: {len(charts)} charts, {nvals} cached values, "
          f"{len(errors)} problems")
    print("pptx_check: kinds " + " ".join(c["kind"] for c in charts))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
