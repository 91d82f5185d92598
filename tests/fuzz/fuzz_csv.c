/* libFuzzer target: the CSV reader with every column typing path. */
#include <stddef.h>
#include <stdint.h>

#include "data/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const dg_colspec cols[] = {{"count", DG_COL_INT, {0}},
                                    {"v", DG_COL_DEC, {0}}};
  FILE *devnull = fopen("/dev/null", "w");
  dg_ctx ctx = {0, devnull, NULL};
  dg_arena *a = dg_arena_new();
  /* first byte picks the encoding and whether columns are declared */
  int sel = size ? data[0] : 0;
  const char *enc = (sel & 1) ? "cp932" : NULL;
  int n = (sel & 2) ? 2 : (sel & 4) ? 1 : 0;
  dg_csv_parse(&ctx, a, "f.csv", (const char *)data + (size ? 1 : 0),
               size ? size - 1 : 0, enc, cols, n, (sel & 8) ? "source" : NULL);
  dg_arena_free(a);
  fclose(devnull);
  return 0;
}
