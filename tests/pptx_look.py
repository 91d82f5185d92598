#!/usr/bin/python3
"""pptx_look: how far each page of LibreOffice's PDF of our PPTX is from
the same page of our own PDF. Both are rasterised small and
grey (pdftoppm -gray at DPI, 12 by default: 160 x 90 pixels for a 960 x
540 pt slide), which blurs away what LibreOffice is free to do its own way
(glyph shapes, label placement, line widths), and compared as the mean
absolute difference of their pixels, in percent of full scale.

Usage: pptx_look.py OURS.pdf THEIRS.pdf MAX_PERCENT [DPI]

Each page must be within MAX_PERCENT of its own page, and farther from
the next slide's page than from its own (so a shuffled or blank page
fails: the tolerance is loose, not blind). Prints one line per page.
"""
import os
import subprocess
import sys
import tempfile


def pages(pdf, dpi, d, prefix):
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), pdf,
                    os.path.join(d, prefix)], check=True)
    names = sorted(n for n in os.listdir(d) if n.startswith(prefix + "-"))
    return [read_pgm(os.path.join(d, n)) for n in names]


def read_pgm(path):
    data = open(path, "rb").read()
    parts, pos = [], 0
    while len(parts) < 4:  # magic, width, height, maxval
        while data[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        parts.append(data[pos:end])
        pos = end
    assert parts[0] == b"P5"
    w, h = int(parts[1]), int(parts[2])
    return w, h, data[pos + 1:pos + 1 + w * h]


def diff(a, b):
    (wa, ha, pa), (wb, hb, pb) = a, b
    w, h = min(wa, wb), min(ha, hb)
    total = 0
    for y in range(h):
        ra, rb = pa[y * wa:y * wa + w], pb[y * wb:y * wb + w]
        total += sum(abs(x - z) for x, z in zip(ra, rb))
    return 100.0 * total / (255.0 * w * h)


def main(argv):
    ours, theirs, limit = argv[0], argv[1], float(argv[2])
    dpi = int(argv[3]) if len(argv) > 3 else 12
    with tempfile.TemporaryDirectory() as d:
        a, b = pages(ours, dpi, d, "ours"), pages(theirs, dpi, d, "lo")
    if len(a) != len(b):
        print(f"pptx_look: {len(a)} pages against {len(b)}")
        return 1
    bad = 0
    for i in range(len(a)):
        own = diff(a[i], b[i])
        other = diff(a[i], b[(i + 1) % len(b)])
        ok = own <= limit and own < other
        bad += not ok
        print(f"slide {i + 1:2d}: {own:5.2f}% from its page, {other:5.2f}% from "
              f"the next slide's{'' if ok else '  FAIL'}")
    print(f"pptx_look: {len(a) - bad}/{len(a)} pages within {limit}%")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
