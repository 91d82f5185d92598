/* libFuzzer target: the expression parser and evaluator (and text
 * interpolation) against two small tables. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bind/bind.h"
#include "expr/expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char t1[] = "label,count,source\nあ,875,B\nい,755,P\nう,0,S\n";
  static const char t2[] = "group,no,v\nx,1,1.5\nx,2,-2\ny,1,9223372036854775807\n";
  static const dg_colspec c1[] = {{"count", DG_COL_INT, {0}}};
  static const dg_colspec c2[] = {{"no", DG_COL_INT, {0}}, {"v", DG_COL_DEC, {0}}};
  FILE *devnull = fopen("/dev/null", "w");
  dg_ctx ctx = {0, devnull, NULL};
  dg_arena *a = dg_arena_new();
  dg_table *tabs[2];
  tabs[0] = dg_csv_parse(&ctx, a, "t1.csv", t1, sizeof t1 - 1, NULL, c1, 1, NULL);
  tabs[1] = dg_csv_parse(&ctx, a, "t2.csv", t2, sizeof t2 - 1, NULL, c2, 2, NULL);
  tabs[0]->id = "t";
  tabs[1]->id = "u";
  char *src = dg_strndup(a, (const char *)data, size);
  if (strlen(src) == size) {
    dg_env env = {.ctx = &ctx, .a = a, .tables = tabs, .ntables = 2,
                  .pos = {"f.xml", 1, 0}};
    dg_deck d;
    memset(&d, 0, sizeof d);
    dg_interpolate(&env, src, &d, 1, "fuzz");
    int ok;
    dg_buf found = {0};
    dg_eval_check(&env, src, &ok, &found);
    dg_buf_free(&found);
  }
  dg_arena_free(a);
  fclose(devnull);
  return 0;
}
