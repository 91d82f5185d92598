/* expr: the expression stage. It takes an expression's text (from {…} in
 * slide text, a chart's or check's attribute, a <let> or a premise) and
 * the deck's data tables, and gives a value — an exact number, a text, a
 * condition or a list — that remembers the CSV cells it came from (for
 * --explain), or an error naming the expression and the column in it.
 * This file holds the entry points the bind stage calls: they hand the
 * evaluator (expr/expr_eval.c) the table of built-in functions
 * (expr/expr_fn.c). Parsing is in expr/expr_parse.c, named values and
 * premises in expr/expr_let.c. */
#include <stdlib.h>
#include <string.h>

#include "expr/expr_int.h"

/* Calls name the built-in functions unless the caller chose a table. */
static void use_builtins(dg_env *env) {
  if (!env->fns)
    env->fns = ex_builtins;
}

int dg_expr_eval(dg_env *env, const dg_expr *e, dg_value *out) {
  use_builtins(env);
  return ex_eval(env, e, NULL, out);
}

int dg_eval_num(dg_env *env, const char *src, dg_num *out, dg_value *full) {
  use_builtins(env);
  const char *saved = env->src;
  env->src = src;
  dg_expr *e = dg_expr_parse(env->ctx, env->a, src, env->pos);
  dg_value v;
  int rc = -1;
  if (e && !dg_expr_eval(env, e, &v) && !ex_want_num(env, e, &v)) {
    *out = v.num;
    if (full)
      *full = v;
    rc = 0;
  }
  env->src = saved;
  return rc;
}

int dg_eval_row(dg_env *env, const char *src, const dg_table *t, int row,
                const char *alias, const dg_table *jt, int jrow,
                dg_value *out) {
  use_builtins(env);
  const char *saved = env->src;
  env->src = src;
  dg_expr *e = dg_expr_parse(env->ctx, env->a, src, env->pos);
  rowctx rc = {t, row, NULL, alias, jt, jrow, 1};
  int rc_ = e && !ex_eval(env, e, &rc, out) ? 0 : -1;
  env->src = saved;
  return rc_;
}

/* Parses src and evaluates it as a truth into *ok; then, with env->src
 * still src, why(env, e, *ok, found) says what was found. Returns 0, or -1
 * after reporting. */
static int eval_truth(dg_env *env, const char *src, int *ok, dg_buf *found,
                      void (*why)(dg_env *env, const dg_expr *e, int ok,
                                  dg_buf *found)) {
  use_builtins(env);
  const char *saved = env->src;
  env->src = src;
  int rc = -1;
  dg_expr *e = dg_expr_parse(env->ctx, env->a, src, env->pos);
  dg_value v;
  if (e && !ex_eval(env, e, NULL, &v)) {
    int t = ex_truth(env, e, &v);
    if (t >= 0) {
      *ok = t;
      rc = 0;
      why(env, e, t, found);
    }
  }
  env->src = saved;
  return rc;
}

#define CELLS_NAMED 4 /* cells of each side a failed check names */

/* The first cells a side was computed from, "file:line:col 18, :11:4 1 and
 * 6 more cells", so that a failed check says which rows to compare. */
static void side_cells(const dg_value *v, dg_buf *out) {
  const char *file = NULL;
  int n = v->nsrc < CELLS_NAMED ? v->nsrc : CELLS_NAMED;
  for (int i = 0; i < n; i++) {
    const dg_cell *c = v->src[i];
    if (!c)
      continue;
    dg_buf_puts(out, i ? ", " : "");
    if (!file || strcmp(file, c->pos.file))
      dg_buf_puts(out, c->pos.file);
    file = c->pos.file;
    dg_buf_printf(out, ":%d:%d %s", c->pos.line, c->pos.col, c->text);
  }
  int more = v->nsrc - n + v->src_more;
  if (more > 0)
    dg_buf_printf(out, " and %d more cell%s", more, more == 1 ? "" : "s");
}

/* "the left side from FILE:2:2 30, …" or "the left side is a constant". */
static void side(const char *which, const dg_value *v, dg_buf *out) {
  if (!v->nsrc && !v->src_more) {
    dg_buf_printf(out, "the %s side is a constant", which);
    return;
  }
  dg_buf_printf(out, "the %s side from ", which);
  side_cells(v, out);
}

/* One side of a check as found: a fraction with the decimals it has (up to
 * 6, so that 49.3 and 49.31 read apart), where printing it in a sentence
 * would demand fixed(). */
static void side_value(dg_env *env, const dg_value *v, dg_buf *out) {
  if (v->kind != DG_VAL_NUM || dg_num_is_int(v->num)) {
    dg_value_format(env, v, out);
    return;
  }
  size_t start = out->len;
  dg_num_format(v->num, 6, 1, out);
  while (out->len > start + 2 && out->data[out->len - 1] == '0' &&
         out->data[out->len - 2] != '.')
    out->data[--out->len] = '\0';
}

/* A comparison's two sides, as found, and when it fails the cells each
 * side read (tests/variants/check-total). */
static void check_found(dg_env *env, const dg_expr *e, int ok, dg_buf *found) {
  if (e->kind == E_BIN && e->op >= OP_EQ && e->op <= OP_GE) {
    dg_value l, r;
    if (!ex_eval(env, e->args[0], NULL, &l) &&
        !ex_eval(env, e->args[1], NULL, &r) && !ex_scalar(env, e, &l) &&
        !ex_scalar(env, e, &r)) {
      side_value(env, &l, found);
      dg_buf_puts(found, " and ");
      side_value(env, &r, found);
      if (!ok) {
        dg_buf_puts(found, " (");
        side("left", &l, found);
        dg_buf_puts(found, "; ");
        side("right", &r, found);
        dg_buf_puts(found, ")");
      }
    }
  }
}

int dg_eval_check(dg_env *env, const char *src, int *ok, dg_buf *found) {
  return eval_truth(env, src, ok, found, check_found);
}

int dg_eval_premise(dg_env *env, const char *src, int *ok, dg_buf *found) {
  return eval_truth(env, src, ok, found, ex_premise_found);
}
