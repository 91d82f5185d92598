#!/usr/bin/env python3
"""The shape of src/: one folder per stage, arrows one way, no circles.

Builds the graph of files from what the compiler and the linker see:
  - includes: `cc -MM -MG -Isrc FILE` for every .c, .cc and .h under src/;
  - calls: `nm` on every object in BUILD: a file that uses a symbol another
    file defines stands above it.
Every file is a node: a .c stands above the headers it includes and the
files whose functions it calls.

Fails (exit 1) when
  - the files form a circle (a strongly connected component of two or more
    modules), naming every edge inside it and why it is there;
  - a file includes a header of, or calls a function of, a later stage
    (STAGES below), or of a sibling folder of the same stage (render/pdf
    and render/html know nothing of each other).
Prints the floors (longest path from the bottom) either way.

usage: layers.py BUILD          check src/ against the objects in BUILD
       layers.py --self-test    prove the check fails on a circle, an arrow
                                up and a sibling call
"""
import os
import re
import subprocess
import sys

# Stages, bottom first. A file may use files of its own folder and of
# folders earlier in this list; render/<backend> folders share a rank and
# may not use one another.
STAGES = [
    ["base"],
    ["data"],
    ["deck"],
    ["expr"],
    ["bind"],
    ["text"],
    ["layout"],
    ["render"],
    ["render/pdf", "render/html", "render/png", "render/pptx"],
    ["output"],
    ["cli"],
]
RANK = {folder: i for i, row in enumerate(STAGES) for folder in row}


def module_of(path):
    """A node of the graph: a file, by its path below src/."""
    return os.path.relpath(path, "src")


def folder_of(module):
    return os.path.dirname(module)


def source_files():
    out = []
    for root, _, names in os.walk("src"):
        for n in names:
            if n.endswith((".c", ".cc", ".h")):
                out.append(os.path.join(root, n))
    return sorted(out)


def include_edges(files):
    """(from module, to module, reason) for every header a file includes,
    directly or not, as cc -MM lists them."""
    edges = []
    for f in files:
        lang = ["-x", "c++"] if f.endswith(".cc") else ["-x", "c"]
        out = subprocess.run(["cc", "-MM", "-MG", "-Isrc", *lang, f],
                             capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit("layers.py: cc -MM %s failed:\n%s" % (f, out.stderr))
        deps = out.stdout.replace("\\\n", " ").split(":", 1)[1].split()
        for d in deps:
            d = os.path.normpath(d)
            if d == os.path.normpath(f) or not d.startswith("src/"):
                continue
            edges.append((module_of(f), module_of(d),
                          "%s includes %s" % (os.path.relpath(f, "src"),
                                              os.path.relpath(d, "src"))))
    return edges


def call_edges(build):
    """(from module, to module, reason) for every symbol an object uses
    that another object defines."""
    defined, used = {}, []
    for root, _, names in os.walk(build):
        for n in names:
            if not n.endswith(".o"):
                continue
            obj = os.path.join(root, n)
            stem = os.path.relpath(obj, build)[:-2]
            rel = next((stem + e for e in (".c", ".cc") if os.path.exists("src/" + stem + e)),
                       None)
            if rel is None:
                continue
            out = subprocess.run(["nm", obj], capture_output=True, text=True,
                                 check=True).stdout
            for line in out.splitlines():
                parts = line.split()
                if len(parts) == 2 and parts[0] == "U":
                    used.append((rel, parts[1]))
                elif len(parts) == 3 and parts[1] in "TDBRWVCG":
                    defined.setdefault(parts[2], rel)
    if not defined:
        sys.exit("layers.py: no objects of src/ in %s (build first)" % build)
    return [(mod, defined[sym], "%s calls %s (%s)" % (mod, sym, defined[sym]))
            for mod, sym in used if sym in defined and defined[sym] != mod]


def sccs(nodes, adj):
    """Tarjan's strongly connected components, iteratively."""
    index, low, on, stack, comps = {}, {}, set(), [], []
    counter = [0]
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(adj.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(adj.get(w, ())))))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                comps.append(sorted(comp))
    return comps


def check(edges, nodes):
    """Returns (problems, floors)."""
    problems = []
    adj, why = {}, {}
    for a, b, reason in edges:
        if a == b:
            continue
        adj.setdefault(a, set()).add(b)
        why.setdefault((a, b), reason)
    for comp in sccs(nodes, adj):
        if len(comp) < 2:
            continue
        inside = set(comp)
        lines = ["  %s" % why[(a, b)] for a in comp for b in sorted(adj.get(a, ()))
                 if b in inside]
        problems.append("circle of %d files: %s\n%s" % (len(comp), ", ".join(comp),
                                                         "\n".join(lines)))
    for (a, b), reason in sorted(why.items()):
        fa, fb = folder_of(a), folder_of(b)
        if fa not in RANK or fb not in RANK:
            problems.append("%s: folder %s is not a stage (tests/layers.py STAGES)"
                            % (reason, fa if fa not in RANK else fb))
            continue
        if fa == fb:
            continue
        if RANK[fb] > RANK[fa]:
            problems.append("arrow up: %s (%s is a later stage than %s)" % (reason, fb, fa))
        elif RANK[fb] == RANK[fa]:
            problems.append("sibling: %s (%s and %s are separate backends)" % (reason, fa, fb))
    # floors: longest path down, over the graph without its circles
    floor = {}

    def depth(n, seen=()):
        if n in floor:
            return floor[n]
        if n in seen:
            return 0
        d = 1 + max([depth(m, seen + (n,)) for m in adj.get(n, ()) if m != n] or [0])
        floor[n] = d
        return d

    for n in nodes:
        depth(n)
    return problems, floor


def self_test():
    nodes = ["base/util.c", "data/csv.c", "layout/layout.c", "layout/layout.h",
             "layout/chart.c", "render/pdf/pdf.c", "render/html/html.c"]
    good = [("data/csv.c", "base/util.c", "csv.c calls dg_x"),
            ("layout/chart.c", "layout/layout.h", "chart.c includes layout.h"),
            ("layout/layout.c", "layout/chart.c", "layout.c calls lo_chart"),
            ("render/pdf/pdf.c", "layout/chart.c", "pdf.c calls lo_y")]
    cases = {
        "circle": [("layout/chart.c", "layout/layout.c", "chart.c calls lo_emit")],
        "arrow up": [("base/util.c", "data/csv.c", "util.c calls dg_csv_read")],
        "sibling": [("render/pdf/pdf.c", "render/html/html.c", "pdf.c calls html_z")],
    }
    p, _ = check(good, nodes)
    if p:
        sys.exit("self-test: a good graph was refused: %s" % p)
    for name, extra in cases.items():
        p, _ = check(good + extra, nodes)
        if not any(name in x for x in p):
            sys.exit("self-test: a graph with a %s passed" % name)
    print("layers self-test: a circle, an arrow up and a sibling call each fail")


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--self-test":
        self_test()
        return
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    files = source_files()
    edges = include_edges(files) + call_edges(sys.argv[1])
    nodes = sorted({module_of(f) for f in files})
    problems, floor = check(edges, nodes)
    floors = max(floor.values()) if floor else 0
    for p in problems:
        print("layers: " + p)
    print("layers: %d modules on %d floors, %d problems" % (len(nodes), floors, len(problems)))
    by = {}
    for n, d in floor.items():
        by.setdefault(d, []).append(n)
    for d in sorted(by, reverse=True):
        print("  %2d  %s" % (d, " ".join(sorted(by[d]))))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
