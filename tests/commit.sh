#!/bin/sh
# The output commit under kills and concurrent writers:
#  1. KILLS runs killed (SIGKILL, whole process group) at random moments —
#     single deck, batch, the sample deck, without RENAME_EXCHANGE, and
#     without it and symbolic links (exFAT) — after each, every deck folder
#     is exactly the complete old or the complete new output (sha256 of
#     every file; without links it may also be missing for the moment
#     between two renames, the complete old one aside), and the next run
#     leaves no temporary file in OUTDIR or $TMPDIR;
#  2. ROUNDS rounds of 4 writers into one OUTDIR at once: all succeed and
#     the folder is exactly one writer's complete output.
# Kill moments are random (SEED prints so a failure can be replayed); what
# is asserted holds whenever the kill lands, so no assertion depends on
# timing.
set -u
. tests/lib.sh
KILLS=${KILLS:-200}
ROUNDS=${ROUNDS:-50}
SEED=${SEED:-$(date +%s)}
echo "== commit: seed $SEED"

# projects: the small deck of tests/bad in variants 1-4 (one number
# differs), the sample deck in variants 1-2
mkdir -p "$T/tmp" "$T/cache"
export TMPDIR="$T/tmp" XDG_CACHE_HOME="$T/cache"
for v in 1 2 3 4; do
  P="$T/mini$v"
  mkdir -p "$P/fonts"
  cp -r templates data "$P/"
  cp fonts/fonts.conf fonts/*.ttf "$P/fonts/"
  cp -r tests/bad/_base/. "$P/"
  sed -i "s/^議事録の要約,755,B/議事録の要約,75$v,B/" "$P/data/bad/uses.csv"
  printf 'm1 templates/bad.xml .\nm2 templates/bad.xml .\nm3 templates/bad.xml .\n' > "$P/decks.txt"
done
for v in 1 2; do
  P="$T/sample$v"
  mkdir -p "$P/fonts"
  cp -r templates data "$P/"
  cp fonts/fonts.conf fonts/*.ttf "$P/fonts/"
  sed -i "s/^議事録の要約,755,B/議事録の要約,76$v,B/" "$P/data/genai-2024/usecases.csv"
done

# sums DIR: one line per file under DIR (through a link deckgen made)
sums() { (cd "$1" 2>/dev/null && find . -type f -exec sha256sum {} + | sort) | sha256sum | cut -c1-16; }
# run KIND VARIANT OUTDIR [env...]: the command line of one run
cmd() {
  case $1 in
    mini) echo "cd '$T/mini$2' && exec '$DG' -o '$3' templates/bad.xml" ;;
    batch) echo "cd '$T/mini$2' && exec '$DG' -o '$3' --jobs 2 --manifest decks.txt" ;;
    sample) echo "cd '$T/sample$2' && exec '$DG' -o '$3' templates/genai-2024.xml" ;;
  esac
}
ids() { case $1 in mini) echo bad ;; batch) echo "m1 m2 m3" ;; sample) echo genai-2024 ;; esac; }

# the complete outputs, and how long a run takes
for k in mini batch sample; do
  for v in 1 2 3 4; do
    [ $k = sample ] && [ $v -gt 2 ] && continue
    sh -c "$(cmd $k $v "$T/ref-$k-$v")" 2>/dev/null || no "reference run $k $v fails"
    for id in $(ids $k); do sums "$T/ref-$k-$v/$id" > "$T/ref-$k-$v-$id.sum"; done
  done
  t0=$(date +%s%N)
  for i in 1 2 3; do sh -c "$(cmd $k 1 "$T/time")" 2>/dev/null; done
  echo $(( ($(date +%s%N) - t0) / 3000 )) > "$T/us-$k"
  echo "   $k run: $(( $(cat "$T/us-$k") / 1000 )) ms"
done
[ "$(cat "$T/ref-mini-1-bad.sum")" != "$(cat "$T/ref-mini-2-bad.sum")" ] && ok || no "the variants render the same"

# which variant (1-4) of deck ID the folder DIR holds, or "mixed"
which_variant() { # kind dir id
  s=$(sums "$2")
  for v in 1 2 3 4; do
    [ -f "$T/ref-$1-$v-$3.sum" ] && [ "$s" = "$(cat "$T/ref-$1-$v-$3.sum")" ] && { echo $v; return; }
  done
  echo mixed
}
# no temporary names left: OUTDIR holds only the deck folders (and, in
# link mode, each one's published version); $TMPDIR is empty
clean() { # outdir ids...
  o=$1
  shift
  want=""
  for id in "$@"; do
    want="$want $id"
    [ -L "$o/$id" ] && want="$want $(readlink "$o/$id")"
  done
  got=$(ls -A "$o" | tr '\n' ' ')
  want=$(echo $want | tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ')
  got=$(echo $got | tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ')
  [ "$got" = "$want" ] && [ -z "$(ls -A "$TMPDIR")" ]
}

echo "== commit: $KILLS runs killed at random moments"
# slots: (kind, outdir, env); each deck folder starts at variant 1
for s in mini mini-noexch mini-nolinks batch sample; do
  k=${s%-no*}
  env=""
  [ "$s" = mini-noexch ] && env="DECKGEN_NO_RENAME_EXCHANGE=1"
  [ "$s" = mini-nolinks ] && env="DECKGEN_NO_RENAME_EXCHANGE=1 DECKGEN_NO_SYMLINKS=1"
  env $env sh -c "$(cmd $k 1 "$T/o-$s")" 2>/dev/null
  for id in $(ids $k); do echo 1 > "$T/state-$s-$id"; done
done
killed=0 finished=0 old=0 new=0 aside_n=0 i=0
awk -v seed="$SEED" -v n=$((KILLS * 4)) 'BEGIN { srand(seed); for (i = 0; i < n; i++) print rand() }' > "$T/rand"
while [ $killed -lt "$KILLS" ] && [ $i -lt $((KILLS * 4)) ]; do
  i=$((i + 1))
  r=$(sed -n "${i}p" "$T/rand")
  case $((i % 10)) in
    0) s=sample ;; 1 | 5) s=batch ;; 3 | 7) s=mini-noexch ;; 9) s=mini-nolinks ;; *) s=mini ;;
  esac
  k=${s%-no*}
  env=""
  [ "$s" = mini-noexch ] && env="DECKGEN_NO_RENAME_EXCHANGE=1"
  [ "$s" = mini-nolinks ] && env="DECKGEN_NO_RENAME_EXCHANGE=1 DECKGEN_NO_SYMLINKS=1"
  [ $((i % 3)) = 0 ] && env="$env DECKGEN_CACHE=off"
  o="$T/o-$s"
  first=$(ids $k | cut -d' ' -f1)
  cur=$(cat "$T/state-$s-$first")
  next=$((3 - cur)) # 1 <-> 2
  # killed somewhere in [0, 0.7 x a whole run], as long as runs take now
  # (the time measured includes starting the shell: the run is shorter)
  delay=$(awk -v r="$r" -v us="$(cat "$T/us-$k")" 'BEGIN { printf "%.4f", r * 0.7 * us / 1e6 }')
  env $env setsid sh -c "$(cmd $k $next "$o")" 2>/dev/null &
  pid=$!
  sleep "$delay"
  kill -KILL -$pid 2>/dev/null
  wait $pid 2>/dev/null
  code=$?
  # the batch's workers die with it: wait until the whole group is gone
  n=0; while kill -0 -$pid 2>/dev/null && [ $n -lt 500 ]; do sleep 0.01; n=$((n + 1)); done
  if [ $code = 0 ]; then finished=$((finished + 1)); else killed=$((killed + 1)); fi
  for id in $(ids $k); do
    c=$(cat "$T/state-$s-$id")
    got=$(which_variant $k "$o/$id" $id)
    # without links or exchange, a kill between the two renames leaves the
    # folder missing and the complete old one aside, put back by the next
    # run
    aside=$(ls -d "$o/.$id.prev-"* 2>/dev/null | head -n 1)
    if [ ! -e "$o/$id" ] && [ -n "$aside" ] && [ "$(which_variant $k "$aside" $id)" = "$c" ]; then old=$((old + 1)); aside_n=$((aside_n + 1)); ok
    elif [ "$got" = "$c" ]; then old=$((old + 1)); ok
    elif [ "$got" = $((3 - c)) ]; then new=$((new + 1)); ok; echo "$got" > "$T/state-$s-$id"
    else no "run $i ($s, exit $code, killed after ${delay}s): $o/$id is $got, neither variant $c nor $((3 - c))"; ls -lA "$o" "$o/$id"; fi
  done
  # the next run cleans up after the killed one and leaves nothing behind
  # (its output is checked as the "old" one after the next kill there)
  c=$(cat "$T/state-$s-$first")
  t0=$(date +%s%N)
  env $env sh -c "$(cmd $k $((3 - c)) "$o")" 2>/dev/null || no "run after kill $i ($s) fails"
  # the machine's load changes: the kill window follows the runs' time
  echo $(( ($(cat "$T/us-$k") + ($(date +%s%N) - t0) / 1000) / 2 )) > "$T/us-$k"
  for id in $(ids $k); do echo $((3 - c)) > "$T/state-$s-$id"; done
  clean "$o" $(ids $k) && ok || no "after kill $i ($s), the next run left: $(ls -A "$o" | tr '\n' ' ') / tmp: $(ls -A "$TMPDIR" | tr '\n' ' ')"
done
echo "   $killed killed ($finished more finished before the kill); deck folders after a kill: $old old ($aside_n of them aside, without links), $new new, never mixed"
[ $killed -ge "$KILLS" ] && ok || no "only $killed of $KILLS runs were killed"

echo "== commit: 4 writers into one OUTDIR, $ROUNDS rounds"
waited=0
r=0
while [ $r -lt "$ROUNDS" ]; do
  r=$((r + 1))
  k=mini
  env=""
  [ $((r % 10)) = 0 ] && k=sample
  [ $((r % 5)) = 2 ] && env="DECKGEN_NO_RENAME_EXCHANGE=1"
  [ $((r % 5)) = 4 ] && env="DECKGEN_NO_RENAME_EXCHANGE=1 DECKGEN_NO_SYMLINKS=1"
  [ $((r % 7)) = 3 ] && k=batch
  o="$T/c-$r"
  # the folder exists from an earlier run (or not, every other round)
  [ $((r % 2)) = 0 ] && env $env sh -c "$(cmd $k 1 "$o")" 2>/dev/null
  for w in 1 2 3 4; do
    v=$w
    [ $k = sample ] && v=$(((w + 1) / 2))
    env $env sh -c "$(cmd $k $v "$o")" 2> "$T/w$w.err" &
    eval "p$w=\$!"
  done
  for w in 1 2 3 4; do
    eval "wait \$p$w" || no "round $r: writer $w failed: $(cat "$T/w$w.err")"
    grep -q "^deckgen: another deckgen (pid [0-9]*) is writing $o/" "$T/w$w.err" && waited=$((waited + 1))
  done
  for id in $(ids $k); do
    got=$(which_variant $k "$o/$id" $id)
    [ "$got" != mixed ] && ok || no "round $r ($k): $o/$id is no writer's complete output"
  done
  clean "$o" $(ids $k) && ok || no "round $r: left $(ls -A "$o" | tr '\n' ' ')"
  rm -rf "$o"
done
# (a figure, not an assertion: how often writers overlapped is timing)
echo "   $((ROUNDS * 4)) writers; $waited of them waited for another's lock and said so"

echo "commit: $pass passed, $fail failed"
[ "$fail" = 0 ]
