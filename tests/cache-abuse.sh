#!/bin/sh
# Cache abuse: whatever is done to the cache between or
# during runs — random damage, entries cut short while renders read them,
# FIFOs, symlinks and folders in place of entries, a cache that cannot be
# written (full disk, folders in the way, an over-long XDG_CACHE_HOME, a
# path that cannot exist), a thousand stale entries — every run exits 0
# and its outputs are byte-identical to a run with DECKGEN_CACHE=off. No
# crash, no hang (each run under `timeout`; no timed assertion). Seeded
# randomness: the same damage every time.
set -u
. tests/lib.sh
DECK=templates/genai-2024.xml
MNT=
cleanup() {
  [ -n "$MNT" ] && { umount "$MNT" 2> /dev/null || umount -l "$MNT" 2> /dev/null; }
  [ -n "${bg:-}" ] && kill "$bg" 2>/dev/null
  chmod -R u+w "$T" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT

DECKGEN_CACHE=off "$DG" -o "$T/ref" "$DECK" || no "reference run (DECKGEN_CACHE=off) fails"
REF="$T/ref/genai-2024"
n=0
# run NAME CACHE-HOME: one render with that cache; exit 0, no message,
# outputs identical to the reference
run() {
  n=$((n + 1))
  rm -rf "$T/o"
  XDG_CACHE_HOME="$2" timeout 60 "$DG" -o "$T/o" "$DECK" > /dev/null 2> "$T/err"
  code=$?
  if [ "$code" != 0 ]; then
    no "$1: exit $code $(head -c 300 "$T/err")"
    return
  fi
  [ -s "$T/err" ] && no "$1: says $(head -c 300 "$T/err")" || ok
  diff -r "$REF" "$T/o/genai-2024" > /dev/null && ok || no "$1: outputs differ from DECKGEN_CACHE=off"
}
entries() { find "$1/deckgen" -maxdepth 1 -type f ! -name '.*' 2> /dev/null | sort; }
# a deterministic random number generator (seeded LCG): rnd N -> 0..N-1
seed=20261130
rnd() { seed=$(((seed * 1103515245 + 12345) % 2147483648)); echo $((seed / 65536 % $1)); }

echo "== cache-abuse: cold, warm"
C="$T/c"
run cold "$C"
run warm "$C"
[ "$(entries "$C" | wc -l)" -ge 3 ] && ok || no "the cache keeps $(entries "$C" | wc -l) entries after two runs"

# fewer rounds under the sanitizers (each run is several times slower)
case "$DG" in *build-san*) ROUNDS=12 ;; *) ROUNDS=40 ;; esac
echo "== cache-abuse: random damage ($ROUNDS rounds)"
r=0
while [ $r -lt $ROUNDS ]; do
  for f in $(entries "$C"); do
    size=$(stat -c %s "$f")
    [ "$size" -gt 8 ] || continue
    case $(rnd 7) in
      0) off=$(rnd "$size"); printf '\377' | dd of="$f" bs=1 seek="$off" conv=notrunc 2> /dev/null ;;
      1) truncate -s "$(rnd "$size")" "$f" ;;
      2) printf 'garbage' >> "$f" ;;
      3) # two 4-byte words swapped (a sum of words does not see it)
         a=$(($(rnd $((size / 8))) * 4)); b=$((a + 4))
         dd if="$f" of="$T/w1" bs=1 skip="$a" count=4 2> /dev/null
         dd if="$f" of="$T/w2" bs=1 skip="$b" count=4 2> /dev/null
         dd if="$T/w2" of="$f" bs=1 seek="$a" count=4 conv=notrunc 2> /dev/null
         dd if="$T/w1" of="$f" bs=1 seek="$b" count=4 conv=notrunc 2> /dev/null ;;
      4) # another entry's file under this name
         o=$(entries "$C" | head -n 1); [ "$o" != "$f" ] && cp "$o" "$f" ;;
      5) head -c "$size" /dev/zero > "$f" ;;
      6) : > "$f" ;;
    esac
  done
  run "damage round $r" "$C"
  r=$((r + 1))
done

echo "== cache-abuse: entries cut and rewritten while renders read them"
( while :; do
    for f in $(entries "$C"); do
      truncate -s 100 "$f" 2> /dev/null
      truncate -s 0 "$f" 2> /dev/null
    done
  done ) &
bg=$!
r=0
while [ $r -lt 10 ]; do run "render $r under truncation" "$C"; r=$((r + 1)); done
kill "$bg" 2> /dev/null
wait "$bg" 2> /dev/null
bg=

echo "== cache-abuse: fontconfig's cache files damaged and cut during renders"
# fontconfig maps its cache files and trusts them; deckgen once pointed it
# at XDG_CACHE_HOME/fontconfig, and a damaged file there crashed a run or
# changed its output. Made here as fontconfig names them, then abused.
if command -v fc-cache > /dev/null; then
  cat > "$T/fc.conf" <<XML
<?xml version="1.0"?>
<fontconfig><dir>$PWD/fonts</dir><cachedir>$C/fontconfig</cachedir></fontconfig>
XML
  FONTCONFIG_FILE="$T/fc.conf" fc-cache -f > /dev/null 2>&1
  ls "$C"/fontconfig/*cache* > /dev/null 2>&1 && ok || no "fc-cache wrote no cache file"
  ( while :; do
      for f in "$C"/fontconfig/*cache*; do
        head -c 200 /dev/urandom > "$f" 2> /dev/null
        truncate -s 14000 "$f" 2> /dev/null
      done
    done ) &
  bg=$!
  r=0
  while [ $r -lt 6 ]; do run "render $r, fontconfig cache under damage" "$C"; r=$((r + 1)); done
  kill "$bg" 2> /dev/null
  wait "$bg" 2> /dev/null
  bg=
else
  echo "cache-abuse: SKIP fontconfig's cache files: no fc-cache here (Debian package fontconfig)"
fi

echo "== cache-abuse: FIFOs, symlinks, folders in place of entries"
run refill "$C"
names=$(entries "$C")
[ -n "$names" ] || no "no entries to replace"
for kind in fifo link-zero link-other link-dangling folder link-fifo; do
  first=
  for f in $names; do
    rm -rf "$f"
    case $kind in
      fifo) mkfifo "$f" ;;
      link-zero) ln -s /dev/zero "$f" ;;
      link-other) [ -n "$first" ] && ln -s "$first" "$f" || ln -s /dev/null "$f" ;;
      link-dangling) ln -s "$T/nowhere" "$f" ;;
      folder) mkdir "$f" ;;
      link-fifo) mkfifo "$f.fifo"; ln -s "$f.fifo" "$f" ;;
    esac
    first=${first:-$f}
  done
  run "$kind in place of every entry" "$C"
  for f in $names; do rm -rf "$f" "$f.fifo"; done
  run "after $kind" "$C"
done
# a folder in the way stays a folder: deckgen writes beside it, never into it
for f in $names; do rm -rf "$f"; mkdir "$f"; done
run "folders in the way (writes fail)" "$C"
for f in $names; do [ -d "$f" ] || no "a folder in place of $f was replaced"; done
for f in $names; do rm -rf "$f"; done

echo "== cache-abuse: a cache that cannot be written"
: > "$T/plainfile"
run "XDG_CACHE_HOME is a file" "$T/plainfile"
mkdir -p "$T/c2"; : > "$T/c2/deckgen"
run "the cache folder is a file" "$T/c2"
run "XDG_CACHE_HOME that cannot exist" /proc/self/no-such-place
long="$T/$(head -c 5000 /dev/zero | tr '\0' a)"
run "over-long XDG_CACHE_HOME" "$long"
mkdir -p "$T/ro/deckgen"
chmod 555 "$T/ro/deckgen"
run "read-only cache folder" "$T/ro"
# a full disk: a tiny tmpfs filled up (needs mount rights; skipped, and said,
# where the system does not give them — the cases above cover failing writes)
mkdir -p "$T/full"
if mount -t tmpfs -o size=32k,nr_inodes=64 tmpfs "$T/full" 2> /dev/null; then
  MNT="$T/full"
  mkdir -p "$T/full/deckgen"
  head -c 1000000 /dev/zero > "$T/full/fill" 2> /dev/null
  run "full disk under the cache" "$T/full"
  rm -f "$T/full/fill"
  run "full disk, freed" "$T/full"
  { umount "$T/full" || umount -l "$T/full"; } && MNT=
else
  echo "cache-abuse: SKIP full disk: cannot mount a tmpfs here (no mount rights); write failures are covered by the cases above"
fi

echo "== cache-abuse: bounded, and only its own files removed"
C3="$T/c3"
mkdir -p "$C3/deckgen"
# the bound counts bytes (64 MiB): a thousand stale entries of 100 KB
head -c 102400 /dev/zero > "$T/100k"
i=0
while [ $i -lt 1000 ]; do
  h=$(printf '%064x' $i)
  cp "$T/100k" "$C3/deckgen/$h.pdffont"
  i=$((i + 1))
done
touch -d 2001-01-01 "$C3"/deckgen/*
for k in ttf pdffont webfont valid; do echo old > "$C3/deckgen/0123456789abcdef.$k"; done
echo mine > "$C3/deckgen/notes.txt"
mkdir "$C3/deckgen/subfolder"
run "a thousand stale entries" "$C3"
left=$(entries "$C3" | grep '/[0-9a-f]\{64\}\.[a-z0-9-]*$' | xargs cat | wc -c)
[ "$left" -le $((65 << 20)) ] && ok || no "$left bytes of entries left (bound: 64 MiB, and what one run adds before it trims)"
entries "$C3" | grep -qv '/0\{40\}[0-9a-f]\{24\}\.pdffont$' && ok || no "the run's own entries were trimmed before the stale ones"
ls "$C3/deckgen" | grep -q '^0123456789abcdef\.' && no "entries of the old format stay" || ok
[ -f "$C3/deckgen/notes.txt" ] && [ -d "$C3/deckgen/subfolder" ] && ok || no "trimming removed what deckgen did not write"

echo "== cache-abuse: four runs at once on an empty cache"
C4="$T/c4"
for k in 1 2 3 4; do
  (XDG_CACHE_HOME="$C4" timeout 60 "$DG" -o "$T/p$k" "$DECK" > /dev/null 2> "$T/perr$k"; echo $? > "$T/pcode$k") &
done
wait
for k in 1 2 3 4; do
  [ "$(cat "$T/pcode$k")" = 0 ] && ok || no "concurrent run $k: exit $(cat "$T/pcode$k") $(head -c 300 "$T/perr$k")"
  diff -r "$REF" "$T/p$k/genai-2024" > /dev/null && ok || no "concurrent run $k: outputs differ"
done
run "after the concurrent runs" "$C4"

echo "== cache-abuse: trust (entries authenticated, the folder and key yours alone)"
C5="$T/c5"
run "trust: fill" "$C5"
# forged: each entry's content replaced by another entry's, under a header
# that hashes it correctly but has no HMAC of the user's key (as the
# format before keys, 2, and as the present one, 3): a web font or font
# program swapped, a deck's "validated" mark moved
for fmt in 2 3; do
  run "trust: fill" "$C5"
  list=$(entries "$C5" | grep -v '/hmac-key$')
  [ "$(echo "$list" | wc -l)" -ge 3 ] && ok || no "trust: too few entries to forge"
  prev=$(echo "$list" | tail -n 1)
  for f in $list; do
    tail -c +164 "$prev" > "$T/body"
    name=$(basename "$f" | cut -c1-64)
    printf 'deckgen-cache %s %s %016x %s\n' "$fmt" "$name" "$(stat -c %s "$T/body")" \
      "$(sha256sum < "$T/body" | cut -c1-64)" > "$f.new"
    cat "$T/body" >> "$f.new"
    prev=$f
  done
  for f in $list; do mv "$f.new" "$f"; done
  run "trust: every entry forged (hashed as format $fmt, not keyed)" "$C5"
done
# a key of someone else's beside their entries is the same forgery: made
# by a cache folder that others can write, which is refused whole
chmod 777 "$C5/deckgen"
# refused: exit 0, outputs as without a cache, and exactly this one line
refused() {
  rm -rf "$T/o"
  XDG_CACHE_HOME="$C5" timeout 60 "$DG" -o "$T/o" "$DECK" > /dev/null 2> "$T/err"
  code=$?
  [ "$code" = 0 ] && ok || no "trust: $1: exit $code $(head -c 300 "$T/err")"
  diff -r "$REF" "$T/o/genai-2024" > /dev/null && ok || no "trust: $1: outputs differ"
  want="$C5/deckgen: warning: cache not used: $2; deckgen uses a cache only when the folder and its key are yours alone"
  [ "$(wc -l < "$T/err")" = 1 ] && [ "$(cat "$T/err")" = "$want" ] && ok ||
    no "trust: $1: stderr is not one line: $want; got: $(head -c 600 "$T/err")"
}
before=$(ls -l --time-style=+%s.%N "$C5/deckgen" | sort)
refused "a folder writable by others" "the folder is writable by others (mode 0777)"
[ "$(ls -l --time-style=+%s.%N "$C5/deckgen" | sort)" = "$before" ] && ok ||
  no "trust: a refused folder was written to"
chmod 775 "$C5/deckgen"
refused "a group-writable folder" "the folder is writable by others (mode 0775)"
chmod 755 "$C5/deckgen"
chmod 644 "$C5/deckgen/hmac-key"
refused "a key others can read" "its key file hmac-key has mode 0644 (expected 0600)"
chmod 600 "$C5/deckgen/hmac-key"
if [ "$(id -u)" = 0 ]; then
  chown 65534 "$C5/deckgen"
  refused "another user's folder" "the folder belongs to another user (uid 65534)"
  chown 0 "$C5/deckgen"
else
  echo "cache-abuse: SKIP another user's folder: changing an owner needs root"
fi
run "trust: the folder set right again" "$C5"

echo "== cache-abuse: ulimit -f"
# SIGXFSZ once killed a run that wrote a cache entry past `ulimit -f`,
# without a word. Limit 0: no file can grow, yet --explain (whose output
# is a pipe here) writes only the cache, so it succeeds as without one:
# with no key yet (the key cannot be written), and with a key but an entry
# that cannot be. (The limit is in blocks of 512 bytes in sh, 1024 in bash.)
DECKGEN_CACHE=off "$DG" --explain "$DECK" > "$T/explain.ref"
C6="$T/c6"
for state in "no key" "a key"; do
  out=$( (ulimit -f 0; XDG_CACHE_HOME="$C6" timeout 60 "$DG" --explain "$DECK" 2>&1; echo "code=$?") | sha256sum)
  want=$( (cat "$T/explain.ref"; echo "code=0") | sha256sum)
  [ "$out" = "$want" ] && ok || no "ulimit -f 0, $state: --explain differs, fails or says something"
  run "ulimit: make the key" "$C6"
  rm -f "$C6"/deckgen/*.valid
done
# a limit the outputs need more than: an error naming the file, not a kill
got=$( (ulimit -f 16; XDG_CACHE_HOME="$C6" timeout 60 "$DG" -o "$T/u" "$DECK" 2>&1; echo "code=$?") | tail -n 2)
case $got in
  *"ulimit -f"*code=1 | *"File too large"*code=1) ok ;;
  *) no "ulimit -f 16: expected an error and exit 1, got: $got" ;;
esac
# at the largest output's size the run succeeds, outputs identical
blocks=$(( ($(find "$REF" -type f -printf '%s\n' | sort -n | tail -n 1) + 511) / 512 ))
rm -rf "$T/u"
got=$( (ulimit -f "$blocks"; XDG_CACHE_HOME="$T/c7" timeout 60 "$DG" -o "$T/u" "$DECK" 2>&1; echo "code=$?") )
[ "$got" = code=0 ] && ok || no "ulimit -f $blocks: $got"
diff -r "$REF" "$T/u/genai-2024" > /dev/null && ok || no "ulimit -f $blocks: outputs differ"

echo "cache-abuse: $pass passed, $fail failed ($n runs)"
[ "$fail" = 0 ]
