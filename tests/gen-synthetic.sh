#!/bin/sh
# Writes data/synthetic/responses.csv: a SYNTHETIC response-level data set
# for the 1,788 local governments (47 prefectures, 20 designated cities,
# 1,721 other municipalities), one row each, for benchmarks and batch
# tests. Statuses are drawn with a fixed seed from shares close to the
# survey's; nothing in it is an official figure (source column: SYN).
set -eu
out=${1:-data/synthetic/responses.csv}
mkdir -p "$(dirname "$out")"
LC_ALL=C awk -v seed=20241231 '
BEGIN {
  srand(seed)
  split("北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県 新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県", pref, " ")
  # other municipalities per prefecture (designated cities excluded): 1,721
  split("178 40 33 34 25 35 59 44 25 35 62 53 62 30 29 15 19 17 27 77 42 33 53 29 19 25 41 40 39 30 19 19 26 22 19 24 17 20 34 58 20 21 44 18 26 43 41", nmun, " ")
  split("01 04 11 12 14 14 14 15 22 22 23 26 27 27 28 33 34 40 40 43", dpref, " ")
  split("導入済|実証実験中|導入検討中（導入予定あり）|首長レベルで検討|幹部レベルで検討|担当課レベルで検討|検討・実証したが導入に至らず|導入予定もなく、検討もしていない", st, "|")
  print "code,pref_code,pref_name,name,type,status_no,status,guideline,source"
  total = 0
  for (p = 1; p <= 47; p++) {
    pc = sprintf("%02d", p)
    emit(pc "0000", pc, pref[p], pref[p], "都道府県")
    for (d = 1; d <= 20; d++) if (dpref[d] == pc) emit(sprintf("%s%02d00", pc, 90 + d), pc, pref[p], sprintf("指定都市%02d", d), "指定都市")
    for (m = 1; m <= nmun[p]; m++) emit(sprintf("%s%04d", pc, m), pc, pref[p], sprintf("%s第%d市町村", pref[p], m), "その他の市区町村")
  }
}
function draw(cum, n,    r, i) { r = rand(); for (i = 1; i <= n; i++) if (r < cum[i]) return i; return n }
function emit(code, pc, pn, name, type,    s, g, c, k) {
  if (type == "都道府県") { c[1] = .87; c[2] = .97; c[3] = 1 }
  else if (type == "指定都市") { c[1] = .90; c[2] = .95; c[3] = 1 }
  else { c[1] = .30; c[2] = .42; c[3] = .51; c[4] = .52; c[5] = .55; c[6] = .76; c[7] = .78; c[8] = 1 }
  s = draw(c, type == "その他の市区町村" ? 8 : 3)
  delete c
  if (s == 1) { c[1] = .83; c[2] = .93; c[3] = 1 } else if (s == 2) { c[1] = .45; c[2] = .69; c[3] = 1 } else { c[1] = .1; c[2] = .2; c[3] = 1 }
  g = draw(c, 3)
  split("策定済 策定中 未策定", k, " ")
  printf "%s,%s,%s,%s,%s,%d,%s,%s,SYN\n", code, pc, pn, name, type, s, st[s], k[g]
}' > "$out.tmp"
mv "$out.tmp" "$out"
echo "gen-synthetic: $(($(wc -l < "$out") - 1)) rows in $out (synthetic, seed 20241231)"
