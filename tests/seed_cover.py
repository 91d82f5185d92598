#!/usr/bin/python3
"""seed_cover: how much of the seed deck's text is in a PDF's text
(pdftotext output), line by line, as ../shared/checks/seed-coverage
measures it: both texts NFKC-normalised with all white space removed; the
seed's empty lines, lone page numbers and axis-tick runs (3 or more
numbers in arithmetic progression) are not counted.

Usage: seed_cover.py TEXT SEED MIN   (exit 1 below MIN, missing lines listed)
"""
import re
import sys
import unicodedata


def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def ticks(line):
    nums = line.split()
    if len(nums) < 3 or not all(re.fullmatch(r"[\d,.]+", n) for n in nums):
        return False
    v = [float(n.replace(",", "")) for n in nums]
    return all(abs((v[i + 1] - v[i]) - (v[1] - v[0])) < 1e-9 for i in range(len(v) - 1))


def main(argv):
    text = norm(open(argv[0], encoding="utf-8").read())
    lines = []
    for raw in open(argv[1], encoding="utf-8"):
        s = raw.strip()
        if not s or re.fullmatch(r"\d{1,2}", s) or ticks(s) or s.startswith("スライド番号"):
            continue
        lines.append(s)
    missing = [s for s in lines if norm(s) not in text]
    share = 1 - len(missing) / len(lines)
    for s in missing:
        print("missing:", s)
    print(f"seed_cover: {len(lines) - len(missing)}/{len(lines)} = {share:.3f} (min {argv[2]})")
    return 0 if share >= float(argv[2]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
