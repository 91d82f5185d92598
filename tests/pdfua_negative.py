#!/usr/bin/python3
"""Negative cases for tests/pdfua.py: breaks a copy of a good PDF in each
of the ways listed in NEGATIVE and expects each copy to fail the condition
named there, so the PDF/UA test is shown not to be vacuous.

  pdfua_negative.py GOOD.pdf INDEX.html   exit 1 if a broken copy passes
"""
import io
import os
import re
import sys

import pikepdf
from pikepdf import Array, Dictionary, Name, String

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfua import check, read_html  # noqa: E402

def elems_of(pdf, s):
    out, todo = [], [pdf.Root.StructTreeRoot.K]
    while todo:
        n = todo.pop(0)
        if isinstance(n, Array):
            todo[0:0] = list(n)
            continue
        if not isinstance(n, Dictionary):
            continue
        if n.get("/S") == Name("/" + s):
            out.append(n)
        k = n.get("/K")
        if k is not None:
            todo[0:0] = list(k) if isinstance(k, Array) else [k]
    return out


def edit_content(pdf, page, f):
    p = pdf.pages[page]
    data = b"".join(c.read_bytes() for c in (
        p.obj.Contents if isinstance(p.obj.Contents, Array)
        else [p.obj.Contents]))
    p.obj.Contents = pdf.make_stream(f(data))


def edit_xmp(pdf, f):
    pdf.Root.Metadata = pdf.make_stream(f(pdf.Root.Metadata.read_bytes()))


def first_font(pdf):
    return pdf.pages[0].obj.Resources.Font.F0


def set_w(pdf):
    d = first_font(pdf).DescendantFonts[0]
    w = list(d.W)
    w[1] = Array([float(w[1][0]) + 50])
    d.W = Array(w)


NEGATIVE = [
    ("no XMP metadata", "06-001",
     lambda p: p.Root.__delattr__("Metadata")),
    ("XMP without pdfuaid:part", "06-002",
     lambda p: edit_xmp(p, lambda b: re.sub(
         rb"<pdfuaid:part>1</pdfuaid:part>", b"", b))),
    ("XMP without dc:title", "06-003",
     lambda p: edit_xmp(p, lambda b: re.sub(
         rb"<dc:title>.*?</dc:title>", b"", b, flags=re.S))),
    ("Info /Title not the XMP title", "06-info",
     lambda p: setattr(p.trailer.Info, "Title", String("x"))),
    ("DisplayDocTitle false", "07-002",
     lambda p: setattr(p.Root.ViewerPreferences, "DisplayDocTitle", False)),
    ("no ViewerPreferences", "07-001",
     lambda p: p.Root.__delattr__("ViewerPreferences")),
    ("no /Lang", "11-001", lambda p: p.Root.__delattr__("Lang")),
    ("MarkInfo /Suspects true", "01-007",
     lambda p: setattr(p.Root.MarkInfo, "Suspects", True)),
    ("H1 role-mapped to P", "02-004",
     lambda p: setattr(p.Root.StructTreeRoot, "RoleMap",
                       Dictionary(H1=Name.P))),
    ("a Figure lacking /Alt", "13-004",
     lambda p: elems_of(p, "Figure")[0].__delattr__("Alt")),
    ("a Figure's /Alt only its title (as decks once had it)", "deckgen-11",
     lambda p: [setattr(f, "Alt", String(str(f.Alt).partition("。")[0]))
                for f in elems_of(p, "Figure")]),
    ("the first heading an H2", "14-002",
     lambda p: setattr(elems_of(p, "H1")[0], "S", Name.H2)),
    ("an H2 turned H4", "14-003",
     lambda p: setattr(elems_of(p, "H2")[0], "S", Name.H4)),
    ("two H1", "deckgen-8",
     lambda p: setattr(elems_of(p, "H2")[0], "S", Name.H1)),
    ("a TH without /Scope", "15-003",
     lambda p: elems_of(p, "TH")[0].__delattr__("A")),
    ("a TR tagged TD", "09-004",
     lambda p: setattr(elems_of(p, "TR")[0], "S", Name.TD)),
    ("page 1 untagged (marked content removed)", "01-005",
     lambda p: edit_content(p, 0, lambda b: re.sub(
         rb"(?m)^(/Artifact BMC|/\w+ <<[^\n]*>> BDC|EMC)\n", b"", b))),
    ("an artifact inside tagged content", "01-003",
     lambda p: edit_content(p, 0, lambda b: re.sub(
         rb"(/H1 <</MCID 0>> BDC\n)", rb"\1/Artifact BMC\n0 0 1 1 re f\nEMC\n",
         b, count=1))),
    ("a rule drawn as table content", "deckgen-9",
     lambda p: edit_content(p, 3, lambda b: re.sub(
         rb"(/TD <</MCID \d+>> BDC\n)", rb"\g<1>0 0 1 1 re f\n", b,
         count=1))),
    ("a cell's line break lost (no ActualText)", "deckgen-10",
     lambda p: [edit_content(p, i, lambda b: re.sub(
         rb" /ActualText <[0-9A-F]*>", b"", b)) for i in range(len(p.pages))]),
    ("/ActualText on TD marked content", "deckgen-12",
     lambda p: edit_content(p, 3, lambda b: b.replace(b"/Span <<", b"/TD <<"))),
    ("a cell's written break moved inside a word (企⏎画)", "deckgen-13",
     lambda p: edit_content(p, 3, lambda b: b.replace(
         b"/ActualText <FEFF000A4F01753B", b"/ActualText <FEFF4F01000A753B"))),
    ("a font without ToUnicode", "31-027",
     lambda p: first_font(p).__delattr__("ToUnicode")),
    ("a font not embedded", "31-009",
     lambda p: first_font(p).DescendantFonts[0].FontDescriptor.__delattr__(
         "FontFile2")),
    ("a width unlike the program's", "31-016", set_w),
    ("a .notdef glyph shown", "31-030",
     lambda p: edit_content(p, 0, lambda b: b.replace(b"[<", b"[<0000", 1))),
    ("a link annotation outside a Link element", "28-011",
     lambda p: setattr(p.pages[0].obj, "Annots", p.make_indirect(Array([
         p.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link,
                                    Rect=Array([0, 0, 10, 10])))])))),
]


def negative(path, html_text):
    bad = 0
    for what, cp, mutate in NEGATIVE:
        pdf = pikepdf.open(path)
        mutate(pdf)
        buf = io.BytesIO()
        pdf.save(buf)
        c = check(pikepdf.open(io.BytesIO(buf.getvalue())), html_text)
        hit = [m for k, m in c.fails if k == cp]
        if hit:
            print("negative ok: %s -> %s %s" % (what, cp, hit[0][:70]))
        else:
            bad += 1
            print("NEGATIVE FAIL: %s passed %s (failures: %s)" %
                  (what, cp, sorted({k for k, _ in c.fails})))
    print("pdfua negative: %d of %d broken copies caught" %
          (len(NEGATIVE) - bad, len(NEGATIVE)))
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(negative(sys.argv[1], read_html(sys.argv[2])))
