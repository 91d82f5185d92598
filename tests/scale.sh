#!/bin/sh
# Scale test: every aggregate over a selection of
# 200,000 rows (the CSV reader's row limit) in linear time and memory —
# the run must finish within a 512 MB address-space limit (ulimit -v) and
# a generous timeout (no timed assertion: `timeout` only stops a runaway);
# out of memory is a message and exit 1, never an abort; and --group-by
# over 40,000 groups is not quadratic. Prints what it measured.
set -u
. tests/lib.sh
# AddressSanitizer reserves terabytes of address space: under SANITIZE=1
# the memory limit cannot apply (the time limit still does)
case "$DG" in *build-san*) VMEM=unlimited ;; *) VMEM=524288 ;; esac

P="$T/p"
mkdir -p "$P/fonts" "$P/data/big"
cp -r templates "$P/"
cp fonts/fonts.conf fonts/*.ttf "$P/fonts/"
rows=200000
# kind a/b/c, count 1..1000, a decimal share, a region of 40,000 groups
LC_ALL=C awk -v n=$rows 'BEGIN {
  print "id,kind,count,share,region,source"
  for (i = 1; i <= n; i++)
    printf "%d,%s,%d,%d.%02d,r%05d,SYN\n", i, substr("abc", i % 3 + 1, 1), (i * 7919) % 1000 + 1, i % 50, i % 100, i % 40000
}' > "$P/data/big/rows.csv"
# the expected figures, computed here independently of deckgen
LC_ALL=C awk -F, 'NR > 1 { s += $3; c++; if (min == "" || $3 < min) min = $3; if ($3 > max) max = $3
    if ($2 == "a") { sa += $3; ca++ } }
  END { printf "%d %d %d %d %d %d\n", s, c, min, max, sa, ca }' "$P/data/big/rows.csv" > "$T/want"
read -r S C MIN MAX SA CA < "$T/want"
cat > "$P/templates/big.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<deck id="big" lang="ja" theme="theme.xml">
  <meta><title>大きな表</title><author>deckgen tests</author></meta>
  <dataset id="big" file="data/big/rows.csv"><column name="id" type="integer"/><column name="count" type="integer"/><column name="share" type="decimal"/></dataset>
  <check name="件数" expr="count(big.count) = 200000"/>
  <slide id="one">
    <title>集計</title>
    <lead>
      <p>合計{sum(big.count)}、件数{count(big.count)}、最小{min(big.count)}、最大{max(big.count)}。</p>
      <p>aの合計{sum(big.count[kind='a'])}、件数{count(big.count[kind='a'])}、割合{fixed(pct(sum(big.count[kind='a']), sum(big.count)), 1)}%。</p>
      <p>上位{quote(top(big.region, big.id, 2))}、平均の分子{sum(big.share)}。</p>
    </lead>
  </slide>
</deck>
XML

echo "== scale: aggregates over $rows rows (ulimit -v $VMEM KB)"
(cd "$P" && ulimit -v $VMEM && exec timeout 120 /usr/bin/time -f "%e s %M KB" "$DG" -o out --format html templates/big.xml) \
  > "$T/out.txt" 2> "$T/err.txt"
code=$?
[ "$code" = 0 ] && ok || { no "aggregates over $rows rows: exit $code"; head -c 2000 "$T/err.txt"; }
echo "  $(tail -n 1 "$T/err.txt")"
html="$P/out/big/index.html"
[ -f "$html" ] || html="$P/out/big/big.html"
fmt() { LC_ALL=C echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
for want in "合計$(fmt "$S")" "件数$(fmt "$C")" "最小$(fmt "$MIN")" "最大$(fmt "$MAX")" \
  "aの合計$(fmt "$SA")" "件数$(fmt "$CA")" "上位「r00000」、「r39999」"; do
  grep -qF "$want" "$html" 2>/dev/null && ok || no "the page lacks $want"
done
(cd "$P" && ulimit -v $VMEM && exec timeout 120 "$DG" --explain templates/big.xml) > "$T/explain.txt" 2>&1 \
  && ok || { no "--explain over $rows rows fails"; head -c 2000 "$T/explain.txt"; }
# provenance is bounded but says how many cells it leaves out
lines=$(wc -l < "$T/explain.txt")
[ "$lines" -lt 5000 ] && ok || no "--explain printed $lines lines"
grep -q "more cells of data/big/rows.csv" "$T/explain.txt" && ok || no "--explain does not say how many cells it left out"

echo "== scale: out of memory is an error, not an abort"
if [ "$VMEM" = unlimited ]; then
  echo "scale: SKIP out of memory under the sanitizers (AddressSanitizer cannot start under ulimit -v)"
else
  # 96 MB: the linked libraries alone map about 69 MB before main (64 MB
  # was enough before librsvg, its Rust code and its GIO stack); the run
  # needs 170 MB
  (cd "$P" && ulimit -v 98304 && exec timeout 120 "$DG" -o out2 --format html templates/big.xml) > /dev/null 2> "$T/oom.txt"
  code=$?
  [ "$code" = 1 ] && ok || no "out of memory: exit $code (want 1)"
  grep -q "error: out of memory" "$T/oom.txt" && ok || { no "out of memory: no message"; head -c 500 "$T/oom.txt"; }
fi

echo "== scale: --group-by over 40,000 groups (CPU-time limit 20 s; quadratic grouping took 40 s)"
cat > "$P/templates/group.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<deck id="g" lang="ja" theme="theme.xml">
  <meta><title>地域別</title><author>deckgen tests</author></meta>
  <dataset id="big" file="data/big/rows.csv"><column name="count" type="integer"/><column name="share" type="decimal"/></dataset>
  <slide id="one">
    <title>地域{first(big.region)}</title>
    <lead><p>件数{count(big.count)}、合計{sum(big.count)}、最初の行{first(big.id)}。</p></lead>
  </slide>
</deck>
XML
# one deck of each shard's first group: the cost measured is the grouping;
# 40,000 groups of 5 rows; the first to appear, r00001, holds ids 1, 40001, …
(cd "$P" && ulimit -v $VMEM && ulimit -t 20 && exec timeout 120 /usr/bin/time -f "%e s %M KB" \
  "$DG" -o out3 --format html --jobs 1 --shard 0/40000 --group-by big.region templates/group.xml) \
  > "$T/g.txt" 2> "$T/g.err"
code=$?
[ "$code" = 0 ] && ok || { no "--group-by over 40,000 groups: exit $code"; head -c 2000 "$T/g.err"; }
echo "  $(tail -n 1 "$T/g.err")"
g=$(find "$P/out3" -name index.html | head -n 1)
grep -qF "件数5、合計" "$g" 2>/dev/null && ok || no "group r00001 does not have its 5 rows"
grep -qF "最初の行1。" "$g" 2>/dev/null && ok || no "group r00001 does not start at row 1"
n=$(find "$P/out3" -name index.html | wc -l)
[ "$n" = 1 ] && ok || no "--shard 0/40000 rendered $n decks (want 1)"

echo "e2e-scale: $pass passed, $fail failed"
[ "$fail" = 0 ]
