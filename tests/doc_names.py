#!/usr/bin/python3
"""Every element and attribute name of the schema is in the reference.

  doc_names.py [templates/deck.rng [doc/template.md]]
  doc_names.py --self-test   the reference less one element, one attribute
                             and one role must fail naming each

Lists each <element name> and <attribute name> of deck.rng, and each value
of the theme's role names, and fails naming those doc/template.md does not
mention: an element as <name, an attribute as name= or as a word in an
attribute list (`<chart type data …>`), a role name as name="…" or in
backquotes. Run by make check, so a schema change without its documentation
fails."""
import re
import sys
import xml.etree.ElementTree as ET

RNG = "{http://relaxng.org/ns/structure/1.0}"


def self_test():
    import os
    import subprocess
    import tempfile
    doc = open("doc/template.md", encoding="utf-8").read()
    cut = doc.replace("<leadbox", "<leadbx").replace("rule-width=", "rule-wid=") \
             .replace('`keyfigure`', '`keyfig`')
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "template.md")
        open(path, "w", encoding="utf-8").write(cut)
        r = subprocess.run([sys.executable, __file__, "templates/deck.rng", path],
                           capture_output=True, text=True)
    want = ["element <leadbox>", "attribute rule-width=", "theme role keyfigure",
            "3 missing"]
    bad = [w for w in want if w not in r.stdout]
    if r.returncode != 1 or bad:
        print("doc_names self-test: FAIL (exit %d, not found: %s)\n%s"
              % (r.returncode, bad, r.stdout))
        return 1
    print("doc_names self-test: ok")
    return 0


def main(argv):
    if argv[:1] == ["--self-test"]:
        return self_test()
    rng = argv[0] if argv else "templates/deck.rng"
    doc_path = argv[1] if len(argv) > 1 else "doc/template.md"
    root = ET.parse(rng).getroot()
    elements, attributes, roles = set(), set(), set()
    for e in root.iter(RNG + "element"):
        elements.add(e.get("name"))
    for a in root.iter(RNG + "attribute"):
        attributes.add(a.get("name"))
        if a.get("name") == "name":
            # the theme's role names are values of <role name>
            for v in a.iter(RNG + "value"):
                roles.add(v.text)
    doc = open(doc_path, encoding="utf-8").read()
    # the words of the attribute lists written as `<chart type data …>`
    listed = set()
    for m in re.finditer(r"<([a-z][\w-]*)((?:\s+[a-z][\w-]*)+)\s*/?>", doc):
        listed.update(m.group(2).split())
    missing = []
    for name in sorted(elements):
        if not re.search(r"<%s[\s>/]" % re.escape(name), doc):
            missing.append("element <%s>" % name)
    for name in sorted(attributes):
        if not re.search(r"\b%s=" % re.escape(name), doc) and name not in listed:
            missing.append("attribute %s=" % name)
    for name in sorted(roles):
        if not re.search(r"(name=\"%s\"|`%s`)" % (re.escape(name), re.escape(name)), doc):
            missing.append("theme role %s" % name)
    for m in missing:
        print("%s: %s is not described (it is in %s)" % (doc_path, m, rng))
    print("doc_names: %d elements, %d attributes, %d roles; %d missing"
          % (len(elements), len(attributes), len(roles), len(missing)))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
