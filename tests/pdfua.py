#!/usr/bin/python3
"""PDF/UA-1 test for deckgen's PDF: the Matterhorn protocol's
machine-checkable failure conditions that can apply to a deck, plus
deckgen's own conditions (deckgen-7 … deckgen-13), read back from the
file with pikepdf.

  pdfua.py FILE.pdf [--html INDEX.html]   check a PDF; exit 1 on a failure

With --html, the PDF's table cells and chart descriptions are compared
with the HTML's. tests/pdfua_negative.py shows that each check can fail.

tests/README.md ("The PDF/UA test") lists the conditions. Debian's
python3-pikepdf.
"""
import html.parser
import re
import struct
import sys
import unicodedata
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

import pikepdf
from pikepdf import Array, Dictionary, Name, String

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}

# ISO 32000-1 14.8.4: the standard structure types
STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index
NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead
TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP
Warichu WT WP Figure Formula Form""".split())

# ISO 32000-1 Tables 333, 336-338: where the grouping types may stand
PARENTS = {
    "TR": {"Table", "THead", "TBody", "TFoot"},
    "TH": {"TR"}, "TD": {"TR"},
    "THead": {"Table"}, "TBody": {"Table"}, "TFoot": {"Table"},
    "LI": {"L"}, "Lbl": {"LI"}, "LBody": {"LI"},
    "TOCI": {"TOC"},
    "RB": {"Ruby"}, "RT": {"Ruby"}, "RP": {"Ruby"},
    "WT": {"Warichu"}, "WP": {"Warichu"},
}
KIDS = {
    "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
    "THead": {"TR"}, "TBody": {"TR"}, "TFoot": {"TR"},
    "TR": {"TH", "TD"},
    "L": {"LI", "L", "Caption"}, "LI": {"Lbl", "LBody"},
    "TOC": {"TOCI", "TOC", "Caption"},
    "Ruby": {"RB", "RT", "RP"}, "Warichu": {"WT", "WP"},
}
SYNTAX_CP = {"Table": "09-004", "THead": "09-004", "TBody": "09-004",
             "TFoot": "09-004", "TR": "09-004", "TH": "09-004",
             "TD": "09-004", "L": "09-005", "LI": "09-005", "Lbl": "09-005",
             "LBody": "09-005", "TOC": "09-006", "TOCI": "09-006",
             "Ruby": "09-007", "RB": "09-007", "RT": "09-007", "RP": "09-007",
             "Warichu": "09-008", "WT": "09-008", "WP": "09-008"}

PAINT = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b",
         "b*", "sh", "Do", "EI", "INLINE IMAGE"}
PATH_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh"}
TEXT_SHOW = {"Tj", "TJ", "'", '"'}
TABLE_TYPES = {"Table", "THead", "TBody", "TFoot", "TR", "TH", "TD"}


def norm(s):
    """Whitespace runs to one space, ends trimmed: how text is compared."""
    return re.sub(r"\s+", " ", s).strip()


class Checker:
    def __init__(self, pdf, html_text=None):
        self.pdf = pdf
        self.html = html_text
        self.fails = []
        self.ran = set()

    def fail(self, cp, msg):
        self.fails.append((cp, msg))

    def run(self, cp):
        self.ran.add(cp)

    # ---------- document level: 01-007, 06, 07, 11, 20, 21, 25, 26 ----------

    def document(self):
        root = self.pdf.Root
        self.run("01-007")
        mi = root.get("/MarkInfo")
        if mi is None or not bool(mi.get("/Marked", False)):
            self.fail("01-007", "MarkInfo /Marked is not true")
        elif bool(mi.get("/Suspects", False)):
            self.fail("01-007", "MarkInfo /Suspects is true")
        self.run("07-001")
        self.run("07-002")
        vp = root.get("/ViewerPreferences")
        if vp is None or "/DisplayDocTitle" not in vp:
            self.fail("07-001", "no ViewerPreferences /DisplayDocTitle")
        elif not bool(vp.DisplayDocTitle):
            self.fail("07-002", "DisplayDocTitle is false")
        self.run("11-001")
        lang = str(root.get("/Lang", ""))
        if not re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", lang):
            self.fail("11-001", "catalog /Lang missing or not a language "
                      "tag: %r (text, Alt, outline and metadata have no "
                      "language: 11-002, 11-003, 11-006)" % lang)
        self.lang = lang
        self.run("20-001")
        self.run("20-003")
        oc = root.get("/OCProperties")
        if oc is not None:
            for cfg in [oc.get("/D")] + list(oc.get("/Configs", [])):
                if cfg is not None and not str(cfg.get("/Name", "")):
                    self.fail("20-001", "optional content config without "
                              "/Name")
                if cfg is not None and "/AS" in cfg:
                    self.fail("20-003", "optional content config with /AS")
        self.run("21-001")
        names = root.get("/Names")
        if names is not None and "/EmbeddedFiles" in names:
            self.fail("21-001", "embedded files are not examined by this "
                      "test (none expected)")
        self.run("25-001")
        acro = root.get("/AcroForm")
        if acro is not None and "/XFA" in acro:
            self.fail("25-001", "XFA form present")
        self.run("26-002")
        enc = self.pdf.trailer.get("/Encrypt")
        if enc is not None and not int(enc.get("/P", 0)) & (1 << 9):
            self.fail("26-002", "encrypted without content extraction for "
                      "accessibility (P bit 10)")

    def metadata(self):
        for cp in ("06-001", "06-002", "06-003", "06-info"):
            self.run(cp)
        md = self.pdf.Root.get("/Metadata")
        if md is None or not isinstance(md, pikepdf.Stream):
            self.fail("06-001", "no XMP metadata stream in the catalog")
            return
        try:
            x = ET.fromstring(md.read_bytes())
        except ET.ParseError as e:
            self.fail("06-001", "XMP is not well-formed XML: %s" % e)
            return
        vals = {}
        for d in x.iter("{%s}Description" % NS["rdf"]):
            for k, v in d.attrib.items():
                vals.setdefault(k, v)
            for el in d:
                lis = [li.text or "" for li in el.iter("{%s}li" % NS["rdf"])]
                vals.setdefault(el.tag, lis if lis else (el.text or ""))
        q = lambda p, n: "{%s}%s" % (NS[p], n)
        part = vals.get(q("pdfuaid", "part"))
        if part != "1":
            self.fail("06-002", "XMP has no pdfuaid:part 1 (%r)" % part)
        title = vals.get(q("dc", "title"))
        if not title or not title[0].strip():
            self.fail("06-003", "XMP has no dc:title")
        self.xmp_title = title[0] if title else ""
        # PDF/A-style agreement of Info and XMP (ISO 19005-1 6.7.3)
        info = self.pdf.trailer.get("/Info")
        first = lambda v: v[0] if isinstance(v, list) and v else v
        pairs = [("/Title", q("dc", "title")), ("/Author", q("dc", "creator")),
                 ("/Subject", q("dc", "description")),
                 ("/Keywords", q("pdf", "Keywords")),
                 ("/Producer", q("pdf", "Producer")),
                 ("/Creator", q("xmp", "CreatorTool"))]
        for key, tag in pairs:
            iv = str(info.get(key)) if info is not None and key in info \
                else None
            xv = first(vals.get(tag))
            if iv is not None and iv != xv:
                self.fail("06-info", "Info %s %r but XMP %s %r" %
                          (key, iv, tag, xv))
        for key, tag in (("/CreationDate", q("xmp", "CreateDate")),
                         ("/ModDate", q("xmp", "ModifyDate"))):
            if info is None or key not in info:
                continue
            a = pdf_date(str(info[key]))
            b = xmp_date(vals.get(tag, ""))
            if a is None or a != b:
                self.fail("06-info", "Info %s %s but XMP %s %s" %
                          (key, info[key], tag, vals.get(tag)))

    # ---------- structure tree: 02, 09, 13, 14, 15, 17, 19 ----------

    def structure(self):
        root = self.pdf.Root.get("/StructTreeRoot")
        self.elems = []          # dicts in document order (depth first)
        self.mcid_owner = {}     # (page objgen, mcid) -> elem index
        if root is None:
            self.fail("01-005", "no structure tree: nothing is tagged")
            return
        rm = root.get("/RoleMap", Dictionary())
        self.role = {}
        for cp in ("02-001", "02-003", "02-004"):
            self.run(cp)
        for k in rm.keys():
            src, seen, t = k[1:], set(), k[1:]
            if src in STANDARD:
                self.fail("02-004", "standard type %s is role-mapped" % src)
            while t not in STANDARD:
                if t in seen:
                    self.fail("02-003", "circular role map at %s" % src)
                    break
                seen.add(t)
                nxt = rm.get("/" + t)
                if nxt is None:
                    self.fail("02-001", "%s maps to no standard type" % src)
                    break
                t = str(nxt)[1:]
            self.role[src] = t
        self.page_of = {p.objgen: i for i, p in enumerate(self.pdf.pages)}
        seen = set()

        def visit(node, parent, pg):
            if node.objgen != (0, 0):
                if node.objgen in seen:
                    self.fail("09-004", "a structure element is reached "
                              "twice")
                    return
                seen.add(node.objgen)
            s = str(node.get("/S", ""))[1:]
            t = self.role.get(s, s)
            if t not in STANDARD:
                self.fail("02-001", "structure type %s is not standard" % s)
            pg = node.get("/Pg", pg)
            e = {"node": node, "type": t, "parent": parent, "kids": [],
                 "idx": len(self.elems)}
            self.elems.append(e)
            k = node.get("/K")
            kids = list(k) if isinstance(k, Array) else ([] if k is None
                                                         else [k])
            for kid in kids:
                if isinstance(kid, int) or (
                        not isinstance(kid, Dictionary) and
                        kid.__class__.__name__ in ("int", "Integer")):
                    key = (pg.objgen if pg is not None else None, int(kid))
                    self.own(key, e)
                elif isinstance(kid, Dictionary) and kid.get("/Type") == \
                        Name.MCR:
                    kp = kid.get("/Pg", pg)
                    key = (kp.objgen if kp is not None else None,
                           int(kid.MCID))
                    self.own(key, e)
                elif isinstance(kid, Dictionary) and kid.get("/Type") == \
                        Name.OBJR:
                    e["kids"].append(("objr", kid.Obj))
                elif isinstance(kid, Dictionary):
                    c = visit(kid, e, pg)
                    if c is not None:
                        e["kids"].append(("elem", c))
            return e

        top = root.get("/K")
        tops = list(top) if isinstance(top, Array) else [top]
        self.tops = [visit(t, None, None) for t in tops if t is not None]
        self.tree_syntax()
        self.figures_formulas_notes()

    def own(self, key, e):
        if key in self.mcid_owner:
            self.fail("01-005", "MCID %d of page %s belongs to two "
                      "elements" % (key[1], self.page_of.get(key[0])))
        self.mcid_owner[key] = e["idx"]
        e["kids"].append(("mcid", key))

    def tree_syntax(self):
        self.run("09-004")
        self.run("09-005")
        self.run("09-006")
        self.run("09-007")
        self.run("09-008")
        for e in self.elems:
            t = e["type"]
            ptype = e["parent"]["type"] if e["parent"] else None
            if t in PARENTS and ptype not in PARENTS[t]:
                self.fail(SYNTAX_CP[t], "%s inside %s" % (t, ptype))
            if t in KIDS:
                for kind, k in e["kids"]:
                    if kind == "elem" and k["type"] not in KIDS[t]:
                        self.fail(SYNTAX_CP[t], "%s holds %s" %
                                  (t, k["type"]))
            if t == "Table":  # regular: as many cells in every row
                rows = [k for kind, k in e["kids"]
                        if kind == "elem" and k["type"] == "TR"]
                for kind, k in e["kids"]:
                    if kind == "elem" and k["type"] in ("THead", "TBody",
                                                       "TFoot"):
                        rows += [r for kd, r in k["kids"] if kd == "elem"]
                # a merged cell fills its /ColSpan columns, and its
                # /RowSpan rows below it (ISO 32000-1, 14.8.5.7)
                widths, below = set(), []
                for r in rows:
                    cells = [c for kd, c in r["kids"] if kd == "elem"]
                    w = sum(n for n, _ in below)
                    below = [(n, left - 1) for n, left in below if left > 1]
                    for c in cells:
                        cs, rs = self.span(c["node"], "/ColSpan"), \
                            self.span(c["node"], "/RowSpan")
                        w += cs
                        if rs > 1:
                            below.append((cs, rs - 1))
                    widths.add(w)
                if len(widths) > 1:
                    self.fail("09-004", "irregular table: rows of %s cells"
                              % sorted(widths))

    def figures_formulas_notes(self):
        for cp in ("13-004", "14-002", "14-003", "14-006", "14-007",
                   "15-003", "17-002", "19-003", "19-004"):
            self.run(cp)
        levels, ids = [], set()
        has_h = has_hn = False
        for e in self.elems:
            n, t = e["node"], e["type"]
            if t in ("Figure", "Formula"):
                alt = str(n.get("/Alt", "")) or str(n.get("/ActualText", ""))
                if not alt.strip():
                    self.fail("13-004" if t == "Figure" else "17-002",
                              "%s without /Alt" % t)
            if t == "Note":
                i = str(n.get("/ID", ""))
                if not i:
                    self.fail("19-003", "Note without /ID")
                elif i in ids:
                    self.fail("19-004", "Note /ID %r twice" % i)
                ids.add(i)
            if re.fullmatch(r"H[1-6]", t):
                has_hn = True
                levels.append((int(t[1]), e))
            if t == "H":
                has_h = True
            hk = sum(1 for kind, k in e["kids"]
                     if kind == "elem" and k["type"] == "H")
            if hk > 1:
                self.fail("14-006", "%s holds %d H elements" % (t, hk))
            if t == "TH" and not self.scoped(n):
                self.fail("15-003", "TH without /Scope")
        if has_h and has_hn:
            self.fail("14-007", "both H and H1-H6")
        if levels and levels[0][0] != 1:
            self.fail("14-002", "the first heading is H%d" % levels[0][0])
        for (a, _), (b, _) in zip(levels, levels[1:]):
            if b > a + 1:
                self.fail("14-003", "H%d follows H%d" % (b, a))
        self.levels = levels

    def span(self, n, key):
        a = n.get("/A")
        attrs = list(a) if isinstance(a, Array) else ([a] if a is not None
                                                      else [])
        for d in attrs:
            if isinstance(d, Dictionary) and d.get("/O") == Name.Table and \
                    key in d:
                return int(d[key])
        return 1

    def scoped(self, n):
        a = n.get("/A")
        attrs = list(a) if isinstance(a, Array) else ([a] if a is not None
                                                      else [])
        for d in attrs:
            if isinstance(d, Dictionary) and d.get("/O") == Name.Table and \
                    "/Scope" in d:
                return True
        return "/Headers" in n  # tables organised with Headers and IDs

    # ---------- content: 01, 10, 28, 30, 31 ----------

    def content(self):
        for cp in ("01-003", "01-004", "01-005", "10-001", "31-030",
                   "deckgen-9", "deckgen-12", "28-008", "28-009", "28-002", "28-010",
                   "28-011", "28-012", "28-007", "30-001", "30-002"):
            self.run(cp)
        self.text = {}       # (page objgen, mcid) -> tagged text
        self.painted = {}    # (page objgen, mcid) -> set of "text"/"path"
        self.used = {}       # font objgen -> set of codes shown
        seen_mcids = set()
        pt = self.pdf.Root.StructTreeRoot.get("/ParentTree") \
            if "/StructTreeRoot" in self.pdf.Root else None
        parents = number_tree(pt) if pt is not None else {}
        for pi, page in enumerate(self.pdf.pages):
            fonts = {}
            res = page.obj.get("/Resources", Dictionary())
            for name, f in res.get("/Font", Dictionary()).items():
                fonts[name] = self.font(f)
            props = res.get("/Properties", Dictionary())
            stack, font = [], None
            for ins in pikepdf.parse_content_stream(page):
                op = str(ins.operator) if hasattr(ins, "operator") else \
                    "INLINE IMAGE"
                ops = list(ins.operands) if hasattr(ins, "operands") else []
                if op in ("BDC", "BMC"):
                    tag = str(ops[0])
                    d = ops[1] if op == "BDC" and len(ops) > 1 else None
                    if isinstance(d, Name):
                        d = props.get(str(d))
                    mcid = int(d.MCID) if isinstance(d, Dictionary) and \
                        "/MCID" in d else None
                    at = str(d.ActualText) if isinstance(d, Dictionary) and \
                        "/ActualText" in d else None
                    kind = "art" if tag == "/Artifact" else \
                        ("mcid" if mcid is not None else "other")
                    outer = [s[0] for s in stack]
                    if kind == "art" and "mcid" in outer:
                        self.fail("01-003", "page %d: artifact inside "
                                  "tagged content" % (pi + 1))
                    if kind == "mcid" and "art" in outer:
                        self.fail("01-004", "page %d: MCID %d inside an "
                                  "artifact" % (pi + 1, mcid))
                    key = (page.objgen, mcid)
                    # deckgen-12: ISO 32000-1 14.9.4 gives /ActualText
                    # to Span marked content (and structure elements)
                    if at is not None and tag != "/Span":
                        self.fail("deckgen-12", "page %d: /ActualText on "
                                  "%s marked content, not Span" %
                                  (pi + 1, tag))
                    if kind == "mcid":
                        seen_mcids.add(key)
                        if at is not None:
                            self.text[key] = self.text.get(key, "") + at
                    stack.append((kind, key, at))
                    continue
                if op == "EMC":
                    if stack:
                        stack.pop()
                    continue
                if op == "Tf":
                    font = fonts.get(str(ops[0]))
                if op not in PAINT:
                    continue
                kinds = [s for s in stack if s[0] in ("art", "mcid")]
                if not kinds:
                    self.fail("01-005", "page %d: %s neither artifact nor "
                              "tagged" % (pi + 1, op))
                    continue
                inner = kinds[-1]
                if op in TEXT_SHOW and font is not None:
                    codes = shown_codes(ops, font["bytes"])
                    self.used.setdefault(font["id"], set()).update(codes)
                    if 0 in codes and font["cid"]:
                        self.fail("31-030", "page %d: a .notdef glyph is "
                                  "shown" % (pi + 1))
                    txt = ""
                    for c in codes:
                        u = font["map"].get(c)
                        if u is None:
                            self.fail("10-001", "page %d: code %04X of %s "
                                      "has no Unicode" % (pi + 1, c,
                                                          font["name"]))
                        else:
                            txt += u
                    if inner[0] == "mcid" and inner[2] is None:
                        self.text[inner[1]] = self.text.get(inner[1], "") + \
                            txt
                if inner[0] == "mcid":
                    self.painted.setdefault(inner[1], set()).add(
                        "path" if op in PATH_PAINT else "text")
            if stack:
                self.fail("01-005", "page %d: marked content left open"
                          % (pi + 1))
            # parent tree: each MCID of the page names its element
            sp = page.obj.get("/StructParents")
            arr = parents.get(int(sp)) if sp is not None else None
            for (pg, mcid) in [k for k in seen_mcids if k[0] == page.objgen]:
                owner = self.mcid_owner.get((pg, mcid))
                if owner is None:
                    self.fail("01-005", "page %d: MCID %d is in no "
                              "structure element" % (pi + 1, mcid))
                    continue
                if arr is None or mcid >= len(arr) or \
                        arr[mcid].objgen != self.elems[owner]["node"].objgen:
                    self.fail("01-005", "page %d: parent tree does not lead "
                              "MCID %d to its element" % (pi + 1, mcid))
            self.annotations(pi, page)
            self.xobjects(pi, res)
        for key in self.mcid_owner:
            if key not in seen_mcids:
                self.fail("01-005", "the structure names MCID %d of page %s "
                          "that is not in its content" %
                          (key[1], self.page_of.get(key[0])))
        # deckgen-9: nothing is painted as table content but text
        for key, kinds in self.painted.items():
            e = self.elems[self.mcid_owner[key]] if key in self.mcid_owner \
                else None
            if e is not None and e["type"] in TABLE_TYPES and "path" in kinds:
                self.fail("deckgen-9", "page %s: a fill or rule is %s "
                          "content, not an artifact" %
                          (self.page_of.get(key[0]) + 1, e["type"]))

    def annotations(self, pi, page):
        annots = page.obj.get("/Annots", Array())
        if len(annots) and page.obj.get("/Tabs") is None:
            self.fail("28-008", "page %d has annotations and no /Tabs" %
                      (pi + 1))
        elif len(annots) and page.obj.get("/Tabs") != Name.S:
            self.fail("28-009", "page %d: /Tabs is not /S" % (pi + 1))
        pt = self.pdf.Root.StructTreeRoot.get("/ParentTree")
        parents = number_tree(pt) if pt is not None else {}
        for a in annots:
            sub = str(a.get("/Subtype", ""))
            if sub == "/TrapNet":
                self.fail("28-007", "TrapNet annotation")
            if sub == "/PrinterMark":
                continue
            sp = a.get("/StructParent")
            el = parents.get(int(sp)) if sp is not None else None
            t = None
            for e in getattr(self, "elems", []):
                if el is not None and e["node"].objgen == el.objgen:
                    t = e["type"]
            want = {"/Link": ("Link", "28-011"), "/Widget": ("Form", "28-010")
                    }.get(sub, ("Annot", "28-002"))
            if t != want[0]:
                self.fail(want[1], "page %d: %s annotation not in a %s "
                          "element" % (pi + 1, sub, want[0]))
            if sub == "/Link" and not str(a.get("/Contents", "")):
                self.fail("28-012", "page %d: link without /Contents" %
                          (pi + 1))

    def xobjects(self, pi, res):
        for name, x in res.get("/XObject", Dictionary()).items():
            if "/Ref" in x:
                self.fail("30-001", "page %d: reference XObject %s" %
                          (pi + 1, name))
            if x.get("/Subtype") == Name.Form and b"/MCID" in x.read_bytes():
                self.fail("30-002", "page %d: form XObject %s holds MCIDs "
                          "(not examined by this test)" % (pi + 1, name))

    def font(self, f):
        """What text extraction and the font checks need of a font."""
        sub = str(f.get("/Subtype", ""))
        info = {"id": f.objgen, "name": str(f.get("/BaseFont", "?")),
                "obj": f, "bytes": 2 if sub == "/Type0" else 1,
                "cid": sub == "/Type0", "map": {}}
        tu = f.get("/ToUnicode")
        if isinstance(tu, pikepdf.Stream):
            info["map"], info["bad_uni"] = parse_cmap(tu.read_bytes())
        return info

    def fonts(self):
        for cp in ("31-001", "31-004", "31-005", "31-006", "31-009",
                   "31-011", "31-016", "31-017", "31-027", "31-028",
                   "31-029"):
            self.run(cp)
        done = set()
        for page in self.pdf.pages:
            res = page.obj.get("/Resources", Dictionary())
            for name, f in res.get("/Font", Dictionary()).items():
                if f.objgen in done:
                    continue
                done.add(f.objgen)
                self.one_font(f)

    def one_font(self, f):
        sub = str(f.get("/Subtype", ""))
        name = str(f.get("/BaseFont", "?"))
        if sub == "/Type3":
            return
        if sub != "/Type0":
            self.fail("31-017", "%s: simple %s font, not examined by this "
                      "test (deckgen writes Type0 fonts only)" % (name, sub))
            return
        enc = f.get("/Encoding")
        if isinstance(enc, Name) and str(enc) not in ("/Identity-H",
                                                       "/Identity-V"):
            self.fail("31-006", "%s: CMap %s not examined" % (name, enc))
        if "/ToUnicode" not in f:
            self.fail("31-027", "%s has no ToUnicode" % name)
        else:
            _, bad = parse_cmap(f.ToUnicode.read_bytes())
            for cp, what in bad:
                self.fail(cp, "%s: ToUnicode maps to %s" % (name, what))
        d = f.DescendantFonts[0]
        dsub = str(d.get("/Subtype", ""))
        if dsub == "/CIDFontType2":
            m = d.get("/CIDToGIDMap")
            if m is None:
                self.fail("31-005", "%s has no CIDToGIDMap" % name)
            elif not (m == Name.Identity or isinstance(m, pikepdf.Stream)):
                self.fail("31-004", "%s: CIDToGIDMap is neither Identity "
                          "nor a stream" % name)
        fd = d.get("/FontDescriptor", Dictionary())
        prog = next((fd[k] for k in ("/FontFile2", "/FontFile3",
                                     "/FontFile") if k in fd), None)
        if prog is None:
            self.fail("31-009", "%s is not embedded" % name)
            return
        if dsub != "/CIDFontType2" or d.get("/CIDToGIDMap") != Name.Identity:
            return  # the glyph checks below read TrueType with CID = GID
        try:
            tt = truetype(prog.read_bytes())
        except (ValueError, struct.error) as e:
            self.fail("31-011", "%s: font program unreadable: %s" % (name, e))
            return
        used = self.used.get(f.objgen, set())
        uni = self.font(f)["map"]
        widths = cid_widths(d)
        dw = float(d.get("/DW", 1000))
        for g in sorted(used):
            if g >= tt["n"]:
                self.fail("31-011", "%s: glyph %d is not in the font program"
                          % (name, g))
                continue
            if tt["len"][g] == 0 and not (uni.get(g, "").isspace()):
                self.fail("31-011", "%s: glyph %d (%r) has no outline in "
                          "the program" % (name, g, uni.get(g)))
            pw = widths.get(g, dw)
            fw = tt["adv"][min(g, len(tt["adv"]) - 1)] * 1000.0 / tt["upem"]
            if abs(pw - fw) > 1:
                self.fail("31-016", "%s: glyph %d is %g wide in /W, %g in "
                          "the program" % (name, g, pw, fw))

    # ---------- deckgen's own conditions (deckgen-7 … deckgen-13) ----------

    def element_text(self, e):
        n = e["node"]
        if "/ActualText" in n:
            return str(n.ActualText)
        out = ""
        for kind, k in e["kids"]:
            if kind == "mcid":
                out += self.text.get(k, "")
            elif kind == "elem":
                out += self.element_text(k)
        return out

    def deckgen_conditions(self):
        for cp in ("deckgen-7", "deckgen-8", "deckgen-10", "deckgen-11",
                   "deckgen-13"):
            self.run(cp)
        if not getattr(self, "elems", None):
            return
        # 13: no line break inside a word in any tagged text. A break
        # between two characters of one script (kanji, hiragana,
        # katakana, Latin letters and digits) splits a word unless it was
        # written in the data: then the HTML's cell has it too (as <br>).
        # Without --html every such break fails.
        written = {c for c in self.html["cells"]} if self.html else set()
        seen = set()
        for e in self.elems:
            t = self.element_text(e)
            for m in re.finditer(r"(?=(.)\n(.))", t):
                a, b = m.group(1), m.group(2)
                if script(a) is None or script(a) != script(b):
                    continue
                ctx = t[max(0, m.start() - 3):m.start() + 5]
                if any(ctx in c for c in written) or ctx in seen:
                    continue
                seen.add(ctx)
                self.fail("deckgen-13", "%s: a line break inside a word: %r"
                          % (e["type"], ctx))
        # 8: one H1, the deck's title page's title (the first outline
        # entry); every other slide a Sect under the Document, led by its H2
        h1 = [e for lv, e in self.levels if lv == 1]
        title = str(self.pdf.trailer.Info.get("/Title", "")) \
            if "/Info" in self.pdf.trailer else ""
        ol = self.pdf.Root.get("/Outlines")
        first = str(ol.First.Title) if ol is not None and "/First" in ol \
            else None
        if len(h1) != 1:
            self.fail("deckgen-8", "%d H1 elements, want 1" % len(h1))
        elif first is not None and \
                norm(self.element_text(h1[0])) != norm(first):
            self.fail("deckgen-8", "the H1 reads %r, the first slide is %r"
                      % (self.element_text(h1[0]), first))
        for lv, e in self.levels:
            if lv == 2:
                p = e["parent"]
                first = next((k for kind, k in p["kids"] if kind == "elem"),
                             None) if p else None
                if not p or p["type"] != "Sect" or first is not e or \
                        not p["parent"] or p["parent"]["type"] != "Document":
                    self.fail("deckgen-8", "an H2 does not lead a Sect of "
                              "the Document")
        # 7: the XMP title is the document's title
        if title and getattr(self, "xmp_title", None) is not None and \
                self.xmp_title != title:
            self.fail("deckgen-7", "XMP dc:title %r, Info /Title %r" %
                      (self.xmp_title, title))
        if self.html is None:
            return
        # 10: every PDF table cell reads as the same cell in the HTML
        # (line breaks as spaces), so written breaks survive in the tags
        cells = {norm(c) for c in self.html["cells"]}
        for e in self.elems:
            if e["type"] in ("TH", "TD"):
                t = norm(self.element_text(e))
                if t not in cells:
                    self.fail("deckgen-10", "cell %r is not a cell of the "
                              "HTML" % t)
        # 11: a Figure's /Alt is its name then its data sentence, the data
        # sentence being the one the HTML gives
        body = norm(self.html["text"])
        for e in self.elems:
            if e["type"] != "Figure":
                continue
            alt = str(e["node"].get("/Alt", ""))
            if not self.element_text(e).strip():
                # a picture (<image>): no text drawn, no data to give; its
                # /Alt says what it shows (31-xxx checks it is there)
                continue
            name, _, data = alt.partition("。")
            data = norm(data.rstrip("。"))
            if not data or not re.search(r"\d", data):
                self.fail("deckgen-11", "Figure /Alt %r has no data" % alt)
            elif data not in body:
                self.fail("deckgen-11", "Figure /Alt data %r is not the "
                          "HTML's description" % data[:60])


def script(c):
    """The script of a word character, or None for anything else."""
    o = ord(c)
    if 0x3041 <= o <= 0x309F:
        return "hiragana"
    if 0x30A1 <= o <= 0x30FA or 0x31F0 <= o <= 0x31FF or o == 0x30FC:
        return "katakana"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or o == 0x3005:
        return "han"
    if c.isascii() and c.isalnum() or 0xFF10 <= o <= 0xFF5A and \
            unicodedata.category(c)[0] in "LN":
        return "latin"
    return None


def number_tree(node):
    """A number tree as a dict (Nums and Kids)."""
    out = {}
    nums = node.get("/Nums", Array())
    for i in range(0, len(nums) - 1, 2):
        out[int(nums[i])] = nums[i + 1]
    for k in node.get("/Kids", Array()):
        out.update(number_tree(k))
    return out


def shown_codes(ops, nbytes):
    data = b""
    for o in ops:
        if isinstance(o, String):
            data += bytes(o)
        elif isinstance(o, Array):
            for x in o:
                if isinstance(x, String):
                    data += bytes(x)
    if nbytes == 2:
        return [data[i] << 8 | data[i + 1] for i in range(0, len(data) - 1, 2)]
    return list(data)


def utf16(hexstr):
    b = bytes.fromhex(hexstr)
    return b.decode("utf-16-be", errors="replace")


def parse_cmap(data):
    """A ToUnicode CMap: code -> text, and any forbidden values found."""
    s = data.decode("latin-1")
    m, bad = {}, []

    def add(code, text):
        m[code] = text
        for ch in text:
            if ch == "\0":
                bad.append(("31-028", "U+0000"))
            if ch in "\ufeff\ufffe":
                bad.append(("31-029", "U+%04X" % ord(ch)))

    for block in re.findall(r"beginbfchar(.*?)endbfchar", s, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>",
                                   block):
            add(int(src, 16), utf16(dst))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", s, re.S):
        for lo, hi, rest in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]*>)",
                block):
            lo, hi = int(lo, 16), int(hi, 16)
            if rest.startswith("["):
                for i, d in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", rest)):
                    add(lo + i, utf16(d))
            else:
                base = bytes.fromhex(rest[1:-1])
                for i in range(hi - lo + 1):
                    v = int.from_bytes(base, "big") + i
                    add(lo + i, utf16(v.to_bytes(len(base), "big").hex()))
    return m, bad


def cid_widths(d):
    out, w = {}, list(d.get("/W", Array()))
    i = 0
    while i < len(w):
        c = int(w[i])
        if isinstance(w[i + 1], Array):
            for k, v in enumerate(w[i + 1]):
                out[c + k] = float(v)
            i += 2
        else:
            for g in range(c, int(w[i + 1]) + 1):
                out[g] = float(w[i + 2])
            i += 3
    return out


def truetype(b):
    """The few TrueType facts the glyph checks need."""
    n = struct.unpack(">H", b[4:6])[0]
    tables = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack(">4sIII", b[12 + 16 * i:28 + 16 * i])
        tables[tag.decode("latin-1")] = (off, ln)
    for t in ("head", "maxp", "hhea", "hmtx", "loca", "glyf"):
        if t not in tables:
            raise ValueError("no %s table" % t)
    ho = tables["head"][0]
    upem = struct.unpack(">H", b[ho + 18:ho + 20])[0]
    longloca = struct.unpack(">h", b[ho + 50:ho + 52])[0]
    mo = tables["maxp"][0]
    ng = struct.unpack(">H", b[mo + 4:mo + 6])[0]
    hh = tables["hhea"][0]
    nhm = struct.unpack(">H", b[hh + 34:hh + 36])[0]
    xo = tables["hmtx"][0]
    adv = [struct.unpack(">H", b[xo + 4 * i:xo + 4 * i + 2])[0]
           for i in range(nhm)]
    lo = tables["loca"][0]
    if longloca:
        loca = struct.unpack(">%dI" % (ng + 1), b[lo:lo + 4 * (ng + 1)])
    else:
        loca = [2 * v for v in
                struct.unpack(">%dH" % (ng + 1), b[lo:lo + 2 * (ng + 1)])]
    return {"n": ng, "upem": upem, "adv": adv,
            "len": [loca[i + 1] - loca[i] for i in range(ng)]}


def pdf_date(s):
    m = re.fullmatch(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?"
                     r"(Z|[+-]\d\d'?\d\d'?)?.*", s)
    if not m:
        return None
    p = [int(x) if x else d for x, d in zip(m.groups()[:6],
                                           (0, 1, 1, 0, 0, 0))]
    return datetime(*p, tzinfo=timezone.utc) if m.group(7) in (None, "Z") \
        else None


def xmp_date(s):
    if isinstance(s, list):
        s = s[0] if s else ""
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None


class HtmlText(html.parser.HTMLParser):
    """The HTML's text and its table cells (a <br> counts as a break)."""

    def __init__(self):
        super().__init__()
        self.text, self.cells, self.cell = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag in ("th", "td"):
            self.cell = []
        if tag == "br":
            self.handle_data("\n")

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.cells.append("".join(self.cell))
            self.cell = None

    def handle_data(self, d):
        self.text.append(d)
        if self.cell is not None:
            self.cell.append(d)


def read_html(path):
    p = HtmlText()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return {"text": " ".join(p.text), "cells": p.cells}


def check(pdf, html_text):
    c = Checker(pdf, html_text)
    c.document()
    c.metadata()
    c.structure()
    c.content()
    c.fonts()
    c.deckgen_conditions()
    return c


def main(argv):
    args = argv[1:]
    if not args or args[0].startswith("-"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path, html_path = args[0], None
    if "--html" in args:
        html_path = args[args.index("--html") + 1]
    html_text = read_html(html_path) if html_path else None
    c = check(pikepdf.open(path), html_text)
    for cp, msg in c.fails:
        print("FAIL %s: %s" % (cp, msg))
    print("pdfua: %d conditions checked (%s), %d failures" %
          (len(c.ran), " ".join(sorted(c.ran)), len(c.fails)))
    return 1 if c.fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
