#!/bin/sh
# Writes doc/functions.md, the reference of the expression language's
# built-in functions, from their table (ex_builtins in src/expr/expr_fn.c).
# tests/check_expr.c fails when the file and the table differ: run this
# after changing a built-in. Needs `make build` first.
set -eu
BUILD=${BUILD:-out/build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cat >"$T/gen.c" <<'C'
#include <stdio.h>

#include "expr/expr.h"

int main(void) {
  dg_buf b = {0};
  dg_expr_functions_markdown(&b);
  fwrite(b.data, 1, b.len, stdout);
  dg_buf_free(&b);
  return ferror(stdout) != 0;
}
C
cc -std=c11 -D_GNU_SOURCE -Isrc -o "$T/gen" "$T/gen.c" "$BUILD/libdeckgen.a" \
  $(pkg-config --libs pango pangoft2 cairo cairo-ft libpng harfbuzz \
    harfbuzz-subset fontconfig libxml-2.0 zlib minizip libwoff2enc nettle) \
  -lstdc++ -lm -lpthread
mkdir -p doc
"$T/gen" >doc/functions.md
echo "wrote doc/functions.md"
