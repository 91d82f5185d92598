#!/bin/sh
# make bench: wall time and peak memory of deckgen on this machine. Prints
# figures; asserts nothing. Runs from the project root after `make`.
set -eu
DG=out/build/deckgen
DECK=templates/genai-2024.xml
RUNS=${RUNS:-15}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

stats() { # name, then one "ms kb" line per run on stdin
  sort -n | awk -v name="$1" '{ t[NR] = $1; if ($2 > m) m = $2 }
    END { med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
          printf "  %-10s median %6.1f ms   min %6.1f   max %6.1f   peak RSS %5.1f MiB   (%d runs)\n",
                 name, med, t[1], t[NR], m / 1024, NR }'
}

echo "deckgen bench — $(uname -m), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "sample deck: $DECK (17 slides)"
for f in pdf html pdf,html; do
  i=0
  while [ $i -lt "$RUNS" ]; do
    t0=$(date +%s%N)
    kb=$(/usr/bin/time -f %M "$DG" -o "$T/o" --format "$f" "$DECK" 2>&1 >/dev/null | tail -n 1)
    echo "$(ms "$t0") $kb"
    i=$((i + 1))
  done | stats "$f"
done

echo "where a PDF+HTML run spends its time (DECKGEN_TIMINGS=1, mean of $RUNS runs; html-thread"
echo "runs beside pdf, and commit includes waiting for it):"
i=0
while [ $i -lt "$RUNS" ]; do
  DECKGEN_TIMINGS=1 "$DG" -o "$T/o" "$DECK" 2>&1 >/dev/null
  i=$((i + 1))
done | awk '$1 == "timing" { split($0, a, ": "); split(a[2], b, " "); sub(":", "", $3);
    if ($3 != "start") { if (!($3 in sum)) order[n++] = $3; sum[$3] += b[1]; cnt[$3]++ } }
  END { for (i = 0; i < n; i++) printf "  %s %.1f ms", order[i], sum[order[i]] / cnt[order[i]]; print "" }'
t0=$(date +%s%N); "$DG" --version >/dev/null; echo "  (process start-up alone, deckgen --version: $(ms "$t0") ms)"

echo "--watch: a one-number edit of data/genai-2024/usecases.csv, saved ${WATCH_SAVES:=10} times:"
W="$T/w"
mkdir -p "$W"
cp -r templates data fonts "$W/"
(cd "$W" && "$OLDPWD/$DG" --watch --watch-runs "$WATCH_SAVES" -o out "$DECK" 2> watch.err) &
wpid=$!
i=0; while [ ! -f "$W/out/genai-2024/genai-2024.pdf" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
k=0
while [ $k -lt "$WATCH_SAVES" ]; do
  sleep 0.3
  awk -F, 'BEGIN { OFS = "," } $1 == "議事録の要約" { $2 = $2 + 1 } { print }' \
    "$W/data/genai-2024/usecases.csv" > "$W/data/genai-2024/usecases.csv.new"
  mv "$W/data/genai-2024/usecases.csv.new" "$W/data/genai-2024/usecases.csv"
  k=$((k + 1))
done
wait $wpid || true
grep "rendered in" "$W/watch.err" | tail -n +2 | awk '{ print $4 }' | sort -n |
  awk '{ t[NR] = $1 } END { med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
    printf "  re-render  median %6.1f ms   min %6.1f   max %6.1f   (%d saves; time from the\n  save being noticed to both outputs in place, as --watch reports it)\n", med, t[1], t[NR], NR }'

echo "batch (synthetic data, tests/gen-synthetic.sh):"
sh tests/gen-synthetic.sh >/dev/null
for spec in "me.pref_code templates/synthetic-pref.xml per-prefecture" "me.code templates/synthetic-city.xml per-municipality"; do
  set -- $spec
  rm -rf "$T/b"
  t0=$(date +%s%N)
  line=$("$DG" -o "$T/b" --group-by "$1" "$2" 2>&1 | tail -n 1)
  echo "  $3: $line (wall $(ms "$t0") ms)"
done

if [ -x ../shared/peers/compare ]; then
  echo "side by side with Typst 0.10 on the same deck (../shared/peers/compare):"
  RUNS=10 ../shared/peers/compare "$DG" -o "$T/c" --format pdf,html "$DECK" 2>&1 | sed 's/^/  /'
fi
