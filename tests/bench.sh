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
