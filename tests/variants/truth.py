#!/usr/bin/python3
"""Reads every lead sentence of a rendered genai deck back from its PDF and
checks it is TRUE for the survey's CSVs.

Usage: truth.py DATA_DIR PREVIOUS_DIR PDF

The truth is computed here from the CSV files with Python's csv and decimal
modules -- never from deckgen's expressions: who leads (and whether several
tie), the direction of each change at the printed precision, thresholds,
whether two groups print the same share. From those facts it builds the one
sentence that is true and requires it, word for word, on the slide's page
(NFKC, whitespace removed, as pdftotext reads it). It also refuses phrases
that are false for any data (「0件と最も多かった」, a signed change). It knows
the survey, not the template: the catch-all answer その他 is never ranked,
a label's own 「」 nest as 『』, dates may be written as Excel saves them and
fall in any era from 明治 on. Exit status 1 lists every sentence not found.
"""
import csv
import re
import os
import subprocess
import sys
import unicodedata
from decimal import ROUND_HALF_UP, Decimal


def read(folder, name):
    path = os.path.join(folder, name)
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp932")  # Excel's 「CSV (コンマ区切り)」
    rows = list(csv.DictReader(text.splitlines()))
    for r in rows:
        for k, v in list(r.items()):
            if k in ("count", "no", "hours"):
                r[k] = Decimal(v.replace(",", ""))
    return rows


def fixed(x, d):
    q = Decimal(1).scaleb(-d)
    v = Decimal(x).quantize(q, rounding=ROUND_HALF_UP)
    s = f"{abs(v):,.{d}f}"
    return ("-" if v < 0 else "") + s


def pshare(a, b, d):
    """a share as a true sentence prints it: d decimals, but a share that
    is not exactly 0 or 100 never reads 0 or 100 (more decimals instead)"""
    x = pct(a, b)
    while d < 6 and 0 < x < 100 and Decimal(fixed(x, d).replace(",", "")) in (0, 100):
        d += 1
    return fixed(x, d)


def pct(a, b):
    return Decimal(a) * 100 / Decimal(b)


def q1(label):
    """One label in 「」: quotation marks inside it become 『』, as Japanese
    nests them."""
    return "「" + label.replace("「", "『").replace("」", "』") + "」"


def quote(labels):
    return "、".join(q1(l) for l in labels)


def quote_and(labels):
    q = [q1(l) for l in labels]
    return q[0] if len(q) == 1 else "、".join(q[:-1]) + "と" + q[-1]


# The catch-all answer of the survey's questions. It is never an answer of
# its own: no ranking and no 「最も多かった」 names it, on any slide, and it
# is recognised here by the survey's own wording, not by the template.
CATCHALL = "その他"


def answers(rows, key):
    """The rows that are answers of their own (the catch-all left out)."""
    return [r for r in rows if r[key] != CATCHALL and r.get("kind") != "other"]


def ranked(rows, key, n):
    """Labels by value, descending, file order among equals; the n first
    plus every label tied with the n-th."""
    rows = answers(rows, key)
    order = sorted(range(len(rows)), key=lambda i: (-rows[i]["count"], i))
    vals = [rows[i]["count"] for i in order]
    assert vals and max(vals) > 0, "nothing to rank"
    k = n
    while k < len(vals) and vals[k] == vals[k - 1]:
        k += 1
    return [rows[i][key] for i in order[:k]], vals[:k]


def most(rows, key, unit=None):
    """The subject of 「…最も多かった」 as the facts make it true."""
    rows = answers(rows, key)
    m = max(r["count"] for r in rows)
    assert m > 0, "nothing leads"
    lead = [r[key] for r in rows if r["count"] == m]
    s = quote_and(lead) + "が"
    if unit is None:
        return s + ("同数で" if len(lead) > 1 else "")
    n = fixed(m, 0)
    return s + (f"同数の{n}{unit}で" if len(lead) > 1 else f"{n}{unit}と")


def strictly_ordered(values, n):
    v = sorted(values, reverse=True)
    return all(v[i] > v[i + 1] for i in range(min(n, len(v) - 1)))


def round_down(x, step):
    while step > 1 and (x // step) * step == 0:
        step //= 10
    return (x // step) * step


# The eras from 明治 (Gregorian dates: the calendar of 明治6年 on), each
# from its first day.
ERAS = [("令和", (2019, 5, 1)), ("平成", (1989, 1, 8)), ("昭和", (1926, 12, 25)),
        ("大正", (1912, 7, 30)), ("明治", (1868, 10, 23))]


def parse_date(text):
    """YYYY-MM-DD, or as Excel saves a date: 2025/12/31, 2025/1/5, with or
    without a time (2025/12/31 0:00, 2025-12-31 09:30:00)."""
    day = text.strip().split(" ")[0].split("T")[0]
    y, m, d = (int(p) for p in re.split(r"[-/]", day))
    return y, m, d


def era_of(y, m, d):
    """(name, first day) of the era in effect on a day."""
    for name, start in ERAS:
        if (y, m, d) >= start:
            return name, start
    raise ValueError(f"no era for {y}-{m}-{d}")


def in_era(era, y):
    name, start = era
    n = y - start[0] + 1
    assert n >= 1, f"{name} had not begun in {y}"
    return f"{name}{'元' if n == 1 else n}年"


def era_year(y, m, d):
    return in_era(era_of(y, m, d), y)


def calendar(date):
    """The calendar date in its era: 令和8年3月31日."""
    y, m, d = parse_date(date)
    return f"{era_year(y, m, d)}{m}月{d}日"


def fiscal_year(date):
    """The fiscal year (April to March, since 明治19年度) as it was named on
    that day: in the era of the day (2019-04-30 平成31年度, 2019-05-01
    令和元年度), unless that era began after the fiscal year did (1989-03-31:
    昭和63年度)."""
    y, m, d = parse_date(date)
    assert (y, m, d) >= (1886, 4, 1), "no fiscal year April to March before 1886"
    fy = y if m >= 4 else y - 1
    era = era_of(y, m, d)
    if era[1][0] > fy:
        era = era_of(fy, 4, 1)
    return in_era(era, fy) + "度"


def source_date(date):
    """The date as the ministry's source line writes it, 令和6年度12月31日,
    only where that names the day: the fiscal year's spelling is the
    calendar year's (April to December, one era). Otherwise 令和7年度3月31日
    would read as March 2025 for 2026-03-31: the calendar date instead."""
    y, m, d = parse_date(date)
    if fiscal_year(date) == era_year(y, m, d) + "度":
        return f"{fiscal_year(date)}{m}月{d}日"
    return calendar(date)


def wareki(date, part="date"):
    y, m, d = parse_date(date)
    if part == "year":
        return era_year(y, m, d)
    return calendar(date)


def sentences(data, prev):
    """(slide number, sentence) pairs true for the CSVs."""
    out = []
    groups = {r["group"]: r["count"] for r in read(data, "groups.csv")}
    adoption = read(data, "adoption.csv")
    G = [r["group"] for r in read(data, "groups.csv")]
    assert len(G) == 3, "the deck states three groups: a fourth must stop the build"

    def adopted(g):
        return sum(r["count"] for r in adoption if r["group"] == g and r["status"] == "導入済")

    def engaged(g):
        return sum(r["count"] for r in adoption if r["group"] == g
                   and r["status"] in ("導入済", "実証実験中", "導入検討中（導入予定あり）"))

    p = {g: pct(adopted(g), groups[g]) for g in G}
    out.append((1, f"生成AIを導入済みの団体は、都道府県で{pshare(adopted(G[0]), groups[G[0]], 0)}％、指定都市で"
                f"{pshare(adopted(G[1]), groups[G[1]], 0)}%、その他の市区町村で"
                f"{pshare(adopted(G[2]), groups[G[2]], 0)}%となった。"))
    e = {g: pshare(engaged(g), groups[g], 0) for g in G}
    if e[G[0]] == e[G[1]]:
        pooled = pshare(engaged(G[0]) + engaged(G[1]), groups[G[0]] + groups[G[1]], 0)
        assert pooled == e[G[0]]
        out.append((1, f"実証中、導入予定を含めると、都道府県・指定都市は{pooled}%、その他の市区町村は"
                    f"{e[G[2]]}％が生成AIの導入に向けて取り組んでいる。"))
    else:
        out.append((1, f"実証中、導入予定を含めると、都道府県は{e[G[0]]}%、指定都市は{e[G[1]]}%、"
                    f"その他の市区町村は{e[G[2]]}％が生成AIの導入に向けて取り組んでいる。"))
    # the key figures' captions (by status name, not row number: hostile12)
    for g in G:
        out.append((1, f"導入済（{fixed(adopted(g), 0)}団体）"))
        out.append((1, f"導入済・実証中・導入予定（{fixed(engaged(g), 0)}団体）"))
    out.append((2, f"生成AIを導入済みの団体は、都道府県で{pshare(adopted(G[0]), groups[G[0]], 1)}%、指定都市で"
                f"{pshare(adopted(G[1]), groups[G[1]], 1)}%、その他の市区町村で"
                f"{pshare(adopted(G[2]), groups[G[2]], 1)}%となった。"))

    uses = answers(read(data, "usecases.csv"), "label")
    out.append((3, f"生成AIの活用事例は、回答の多い順に{quote(ranked(uses, 'label', 4)[0])}となった。"))

    hours = [r for r in read(data, "effects.csv") if r["case"] == "議事録の要約"][0]["hours"]
    assert hours > 0, "no effect: the deck must refuse"
    if hours < 1:  # half an hour is an effect, under one hour
        phrase = "1時間未満の"
    else:
        f = round_down(hours, 1000)
        assert f > 0
        phrase = f"{fixed(f, 0)}時間" + ("を超える" if hours > f else "以上の")
    minutes = [r["count"] for r in uses if r["label"] == "議事録の要約"][0]
    many = sum(1 for r in uses if r["count"] > minutes) < 4
    cases = ["".join(r["case"].split()) for r in read(data, "effects.csv")]
    shown = all(any(x in c for c in cases) for x in ("ポスター・チラシ等の画像生成", "ローコードの作成"))
    out.append((4, "生成AIの導入効果として、" + ("活用事例の多い" if many else "") +
                f"「議事録」で{phrase}業務削減効果があった" +
                ("ほか、ポスター・チラシ等の画像生成、ローコードの作成など各種活用事例で効果があがっている"
                 "様子が見受けられた。" if shown else "。")))

    ch = read(data, "challenges.csv")
    out.append((5, f"生成AIの導入における課題は、回答の多い順に{quote(ranked(ch, 'label', 3)[0])}となった。"))

    sv = [r for r in read(data, "services.csv") if r["phase"] == "本運用"]
    out.append((6, f"導入している生成AIのサービスは、本運用では{most(sv, 'service')}最も多かった。"))

    gl = {r["status"]: r["count"] for r in read(data, "guideline.csv")}
    done, notyet = fixed(gl["策定済"], 0), fixed(gl["未策定"], 0)
    if gl["未策定"] > gl["策定済"]:
        top = max(gl.values())
        unique = sum(1 for v in gl.values() if v == top) == 1
        tail = "と最も多かった" if gl["未策定"] == top and unique else "であった"
        out.append((7, f"生成AI利用におけるガイドライン策定状況は、「策定済」が{done}団体であったものの、"
                    f"「未策定」が{notyet}団体{tail}。"))
    else:
        out.append((7, f"生成AI利用におけるガイドライン策定状況は、「策定済」が{done}団体、"
                    f"「未策定」が{notyet}団体であった。"))

    gba = read(data, "guideline_by_adoption.csv")

    def share(a):
        tot = sum(r["count"] for r in gba if r["adoption"] == a)
        got = [r["count"] for r in gba if r["adoption"] == a and r["status"] == "策定済"][0]
        return pshare(got, tot, 1)

    out.append((8, "生成AI利用におけるガイドライン策定状況を導入状況別に見ると、生成AIを「導入済」の団体においては"
                f"{share('導入済')}％の団体が策定済、生成AIの「実証実験中」の団体においては"
                f"{share('実証実験中')}％の団体が策定済であった。"))
    undrafted = sum(r["count"] for r in gba if r["adoption"] in ("導入済", "実証実験中") and r["status"] == "未策定")
    assert undrafted > 0, "no undrafted adopters: the deck must refuse"
    out.append((8, "なお、「導入済」、「実証実験中」でガイドライン未策定団体については、各団体のセキュリティポリシー"
                "に則って生成AIの活用・実証を行っている。"))

    ct = read(data, "contract.csv")
    if strictly_ordered([r["count"] for r in ct], 2):
        (a, b), (va, vb) = ranked(ct, "label", 2)
        out.append((9, f"導入している生成AIの契約方法は{q1(a)}が最も多い{fixed(va, 0)}団体で、{q1(b)}は、"
                    f"{fixed(vb, 0)}団体であった。"))
    else:
        out.append((9, f"導入している生成AIの契約方法は、{most(ct, 'label', '団体')}最も多かった。"))

    cu = {r["label"]: r["count"] for r in read(data, "customize.csv")}
    out.append((10, f"導入している生成AIのカスタマイズ状況は、カスタマイズしている団体数が{fixed(cu['カスタマイズしている'], 0)}"
                f"団体、カスタマイズしていない団体数が{fixed(cu['カスタマイズしていない'], 0)}団体であった。"))

    me = read(data, "custom_method.csv")
    if max(r["count"] for r in me) > 0:
        out.append((11, f"導入しているカスタマイズ方法は、{most(me, 'label', '件')}最も多かった。"))
    else:
        out.append((11, "導入しているカスタマイズ方法の回答はなかった。"))

    kn = read(data, "knowledge.csv")
    labels, vals = ranked(kn, "label", 5)
    out.append((12, f"生成AIのカスタマイズ対象とした業務知識は、回答の多い順に{quote(labels)}となり、これらは"
                f"{fixed(round_down(min(vals), 10), 0)}件以上の事例があった。"))
    assert min(vals) >= round_down(min(vals), 10) > 0

    # the pie charts' legends: count and share (a share of some but not
    # all never reads 0.0% or 100.0%: hostile12)
    for n, f in ((9, "contract.csv"), (10, "customize.csv")):
        rows = read(data, f)
        tot = sum(r["count"] for r in rows)
        for r in rows:
            out.append((n, f"{fixed(r['count'], 0)}団体（{pshare(r['count'], tot, 1)}%）"))

    st = read(data, "staffing.csv")
    none = max(r["count"] for r in st if r["kind"] == "none")
    measures = [r for r in st if r["kind"] == "measure"]
    # a measure is named only when one was answered (hostile12)
    if none > max(r["count"] for r in measures) > 0:
        out.append((13, f"生成AIの活用に向けた人材確保の取組は、{most(st, 'label')}最も多かったものの、"
                    f"実施している取組としては{most(measures, 'label')}最も多かった。"))
    else:
        out.append((13, f"生成AIの活用に向けた人材確保の取組は、{most(st, 'label')}最も多かった。"))

    out.append((14, f"生成AIの活用パターンは、{most(read(data, 'patterns.csv'), 'label', '件')}最も多かった。"))

    costs = read(data, "costs.csv")
    ini = [r for r in costs if r["kind"] == "導入コスト"]
    run = [r for r in costs if r["kind"] == "年間ランニングコスト"]
    out.append((15, f"生成AIの導入コストは、{most(ini, 'band', '件')}最も多かった。"))

    def leaders(rows):
        m = max(r["count"] for r in rows)
        return [r["band"] for r in rows if r["count"] == m]

    if leaders(ini) == leaders(run):
        out.append((15, f"生成AIの年間のランニングコストも、導入コスト同様に{most(run, 'band', '件')}最も多かった。"))
    else:
        out.append((15, f"生成AIの年間のランニングコストは、{most(run, 'band', '件')}最も多かった。"))

    tu = read(data, "time_use.csv")
    head = "生成AI導入により得られた効果（業務削減時間）の活用方法は、"
    if strictly_ordered([r["count"] for r in answers(tu, "label")], 2):
        (a, b), (va, vb) = ranked(tu, "label", 2)
        out.append((16, f"{head}{q1(a)}が{fixed(va, 0)}件と最も多く、次いで{q1(b)}の回答が{fixed(vb, 0)}件と最も多かった。"))
    else:
        out.append((16, f"{head}{most(tu, 'label', '件')}最も多かった。"))

    pgroups = {r["group"]: r["count"] for r in read(prev, "groups.csv")}
    padopt = read(prev, "adoption.csv")
    when = wareki(read(prev, "survey.csv")[0]["date"])
    d = {}
    for g in G:
        assert g in pgroups, f"{g} is not in the previous survey: the deck must refuse"
        old = [r["count"] for r in padopt if r["group"] == g and r["status"] == "導入済"][0]
        d[g] = Decimal(fixed(p[g], 1)) - Decimal(fixed(pct(old, pgroups[g]), 1))
    # a group whose number of members changed is compared as a share of
    # other members: the sentence says so beside its name
    name = {g: g if pgroups[g] == groups[g] else
            f"{g}（団体数{fixed(pgroups[g], 0)}から{fixed(groups[g], 0)}）" for g in G}
    signs = {(x > 0) - (x < 0) for x in d.values()}
    head = f"生成AIを導入済みの団体の割合は、前回調査（{when}現在）と比べ、"
    if len(signs) == 1 and 0 not in signs:
        verb = "増加" if 1 in signs else "減少"
        out.append((17, head + "、".join(f"{name[g]}で{fixed(abs(d[g]), 1)}ポイント" for g in G) + f"{verb}した。"))
    else:
        def change(x):
            return "横ばい" if x == 0 else f"{fixed(abs(x), 1)}ポイント{'増加' if x > 0 else '減少'}"
        out.append((17, head + "、".join(f"{name[g]}で{change(d[g])}" for g in G) + "となった。"))
    # the dates: the title of slide 17, the chart's series, the table's
    # heading and the source lines (the survey's day as the ministry
    # writes it where that is one day, the calendar date otherwise)
    pdate = read(prev, "survey.csv")[0]["date"]
    date = read(data, "survey.csv")[0]["date"]
    out.append((17, f"前回調査（{calendar(pdate)}現在）との比較"))
    one_year = wareki(pdate, "year") == wareki(date, "year")
    pwhen = calendar(pdate) if one_year else wareki(pdate, "year")
    out.append((17, f"区分（{pwhen}）"))
    for n in (14, 16):
        out.append((n, f"実証実験・導入状況等調査」（{source_date(date)}現在）"))
    return out


def metadata(data, prev):
    """(field, text) the PDF's metadata and slide 17's chart description
    must contain: one spelling of the survey's date with the slides, the
    fiscal year only where 年度 is written."""
    pdate = read(prev, "survey.csv")[0]["date"]
    date = read(data, "survey.csv")[0]["date"]
    one_year = wareki(pdate, "year") == wareki(date, "year")
    when = (calendar(pdate), calendar(date)) if one_year else \
        (wareki(pdate, "year"), wareki(date, "year"))
    return [("Subject", f"実証実験・導入状況等調査（{calendar(date)}現在）のうち"),
            ("Keywords", f"総務省, {fiscal_year(date)}"),
            ("Alt", f"導入済の割合、{when[0]}と{when[1]}の比較（横棒グラフ）")]


ERA_NAMES = "|".join(name for name, _ in ERAS)


def false_dates(whole):
    """Dates no survey makes true: an era year that never was (令和0年,
    平成32年), and a 年度 with a month that reads as another day
    (令和7年度3月31日 for 2026-03-31: a 年度 is named with a day only from
    April to December, where the day is unambiguous)."""
    bad = []
    starts = {name: start for name, start in ERAS}
    nexts = {ERAS[i][0]: ERAS[i - 1][1] for i in range(1, len(ERAS))}
    for m in re.finditer(rf"({ERA_NAMES})(元|[0-9]+)年(度)?(?:([0-9]+)月)?", whole):
        name, n = m.group(1), 1 if m.group(2) == "元" else int(m.group(2))
        y = starts[name][0] + n - 1
        if n < 1 or (name in nexts and y > nexts[name][0]):
            bad.append(f"no such year: {m.group(0)}")
        if m.group(3) and m.group(4) and not 4 <= int(m.group(4)) <= 12:
            bad.append(f"a fiscal year with a month of the next calendar year: {m.group(0)}")
    return bad


def alt_texts(pdf):
    """The /Alt strings of the PDF's figures (UTF-16BE hex, as written)."""
    raw = open(pdf, "rb").read()
    return [bytes.fromhex(h.decode()).decode("utf-16-be").lstrip("\ufeff")
            for h in re.findall(rb"/Alt <([0-9A-Fa-f]+)>", raw)]


def info(pdf):
    text = subprocess.run(["pdfinfo", "-enc", "UTF-8", pdf], check=True,
                          capture_output=True).stdout.decode("utf-8")
    return {k.strip(): v.strip() for k, _, v in
            (line.partition(":") for line in text.splitlines())}
    return out


# phrases no data can make true: a zero that leads or bounds, a change that
# prints as none or with a sign
FALSE = [r"(?<![0-9,.])0(件|団体)と最も多", r"(?<![0-9,.])0(件|時間)(を超える|以上)",
         r"(?<![0-9,])0\.0ポイント(増加|減少)", r"-[0-9]", r"横ばいした"]


def norm(s):
    return "".join(unicodedata.normalize("NFKC", s).split())


def main():
    data, prev, pdf = sys.argv[1:4]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    pages = [norm(p) for p in text.split("\f")]
    bad = 0
    for n, s in sentences(data, prev):
        if n > len(pages) or norm(s) not in pages[n - 1]:
            print(f"slide {n}: missing or false: {s}")
            bad += 1
    whole = "".join(pages)
    fields = info(pdf)
    fields["Alt"] = "\n".join(alt_texts(pdf))
    for field, want in metadata(data, prev):
        if norm(want) not in norm(fields.get(field, "")):
            print(f"{field}: missing or false: {want} (got: {fields.get(field)})")
            bad += 1
    for b in false_dates(whole + norm(fields.get("Subject", "")) +
                         norm(fields.get("Keywords", "")) + norm(fields["Alt"])):
        print(f"false date in the deck: {b}")
        bad += 1
    for f in FALSE:
        if re.search(f, whole):
            print(f"false phrase in the deck: {f}")
            bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
