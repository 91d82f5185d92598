/* exprfn: the built-in functions of the expression language — aggregates,
 * shares, rounding and formats, lists and conditionals (ranking and the
 * wording that follows the data are in expr/expr_phrase.c). Called by
 * the evaluator (expr.c) with the arguments' expressions unevaluated. */
#include <stdlib.h>
#include <string.h>

#include "expr/expr_int.h"

static void fullwidth(const char *s, dg_buf *b) {
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int k = dg_utf8_decode(s + i, n - i, &cp);
    if (k <= 0)
      break;
    if ((cp >= '0' && cp <= '9') || cp == '%' || cp == '.' || cp == ',' ||
        cp == '-' || cp == '+')
      cp = cp == ',' ? 0xFF0C : cp == '.' ? 0xFF0E : cp + 0xFEE0;
    dg_utf8_put(b, cp);
    i += (size_t)k;
  }
}

static void text_value(dg_env *env, dg_value *out, dg_buf *b) {
  memset(out, 0, sizeof *out);
  out->kind = DG_VAL_TEXT;
  out->text = dg_strdup(env->a, b->data ? b->data : "");
  dg_buf_free(b);
}

static int nargs_ok(dg_env *env, const dg_expr *e, int lo, int hi,
                    const char *usage) {
  if (e->nargs < lo || e->nargs > hi)
    return ex_err(env, e, "wrong number of arguments (expected %s)", usage);
  return 0;
}

int ex_eval_call(dg_env *env, const dg_expr *e, const rowctx *rc,
                 dg_value *out) {
  const char *f = e->s;
  dg_value a[16];
  for (int i = 0; i < e->nargs; i++)
    if (ex_eval(env, e->args[i], rc, &a[i]))
      return -1;
  memset(out, 0, sizeof *out);
  if (!strcmp(f, "sum") || !strcmp(f, "min") || !strcmp(f, "max") ||
      !strcmp(f, "count")) {
    if (nargs_ok(env, e, 1, 1, "one column such as table.column"))
      return -1;
    if (ex_want_sel(env, e->args[0], &a[0], f))
      return -1;
    out->kind = DG_VAL_NUM;
    out->num = dg_num_int(0);
    if (!strcmp(f, "count")) {
      out->num = dg_num_int(a[0].nrows);
      return 0;
    }
    if (a[0].table->types[a[0].col] == DG_COL_TEXT)
      return ex_err(env, e, "%s() needs a numeric column, \"%s\" is text", f,
                    a[0].table->colnames[a[0].col]);
    if (a[0].nrows == 0 && strcmp(f, "sum"))
      return ex_err(env, e, "%s() over no rows", f);
    ex_add_sel(env, out, &a[0]);
    for (int i = 0; i < a[0].nrows; i++) {
      const dg_cell *c = dg_table_cell(a[0].table, a[0].rows[i], a[0].col);
      if (i == 0 && strcmp(f, "sum")) {
        out->num = c->num;
        continue;
      }
      if (!strcmp(f, "sum")) {
        int r = dg_num_add(out->num, c->num, &out->num);
        if (r)
          return ex_numerr(env, e, r);
      } else if ((!strcmp(f, "min") && dg_num_cmp(c->num, out->num) < 0) ||
                 (!strcmp(f, "max") && dg_num_cmp(c->num, out->num) > 0))
        out->num = c->num;
    }
    return 0;
  }
  if (!strcmp(f, "pct") || !strcmp(f, "ratio")) {
    if (nargs_ok(env, e, 2, 2, "two numbers: part, whole"))
      return -1;
    if (ex_want_num(env, e->args[0], &a[0]) ||
        ex_want_num(env, e->args[1], &a[1]))
      return -1;
    if (a[1].num.n == 0)
      return ex_err(env, e, "%s() of a zero total (division by zero)", f);
    dg_num q;
    int r = dg_num_div(a[0].num, a[1].num, &q);
    if (!r && f[0] == 'p')
      r = dg_num_mul(q, dg_num_int(100), &q);
    if (r)
      return ex_numerr(env, e, r);
    out->kind = DG_VAL_NUM;
    out->num = q;
    ex_add_prov(env, out, &a[0]);
    ex_add_prov(env, out, &a[1]);
    return 0;
  }
  if (!strcmp(f, "share")) {
    /* share(part, whole, n): the percentage as text with n decimals, where
     * a share strictly between 0 and 100 never prints as 0 or 100 — the
     * decimals grow instead (1,720 of 1,721 is 99.9, not 100: 「100％が
     * 取り組んでいる」 would be false; hostile12) */
    if (nargs_ok(env, e, 3, 3, "part, whole, a count of decimals 0..6"))
      return -1;
    if (ex_want_num(env, e->args[0], &a[0]) ||
        ex_want_num(env, e->args[1], &a[1]) ||
        ex_want_int(env, e->args[2], &a[2], 0, 6, "the count of decimals"))
      return -1;
    if (a[1].num.n <= 0 || a[0].num.n < 0 ||
        dg_num_cmp(a[0].num, a[1].num) > 0) {
      dg_buf pb = {0}, wb = {0};
      dg_num_format(a[0].num, dg_num_is_int(a[0].num) ? 0 : 2, 1, &pb);
      dg_num_format(a[1].num, dg_num_is_int(a[1].num) ? 0 : 2, 1, &wb);
      /* a data fact: named with the slide and sentence, like the phrase
       * functions' errors */
      ex_err(env, e,
             "%s%sshare() of %s in %s: a share needs a whole above 0 and a "
             "part from 0 to the whole",
             env->where ? env->where : "", env->where ? ": " : "", pb.data,
             wb.data);
      dg_buf_free(&pb);
      dg_buf_free(&wb);
      return -1;
    }
    dg_num q;
    int rc = dg_num_div(a[0].num, a[1].num, &q);
    if (!rc)
      rc = dg_num_mul(q, dg_num_int(100), &q);
    if (rc)
      return ex_numerr(env, e, rc);
    int d = dg_num_share_decimals(q, (int)a[2].num.n);
    dg_buf b = {0};
    dg_num_format(q, d, 1, &b);
    text_value(env, out, &b);
    ex_add_prov(env, out, &a[0]);
    ex_add_prov(env, out, &a[1]);
    return 0;
  }
  if (!strcmp(f, "round") || !strcmp(f, "fixed") || !strcmp(f, "plain")) {
    if (nargs_ok(env, e, 1, 2, "a number and a count of decimals 0..6"))
      return -1;
    if (ex_want_num(env, e->args[0], &a[0]))
      return -1;
    int d = 0;
    if (e->nargs == 2) {
      if (ex_want_int(env, e->args[1], &a[1], 0, 6, "the count of decimals"))
        return -1;
      d = (int)a[1].num.n;
    }
    if (!strcmp(f, "round")) {
      *out = a[0];
      int r = dg_num_round(a[0].num, d, &out->num);
      return r ? ex_numerr(env, e, r) : 0;
    }
    dg_buf b = {0};
    dg_num_format(a[0].num, d, f[0] == 'f', &b);
    text_value(env, out, &b);
    ex_add_prov(env, out, &a[0]);
    return 0;
  }
  if (!strcmp(f, "floorto")) {
    if (nargs_ok(env, e, 2, 2, "a number and a step"))
      return -1;
    if (ex_want_num(env, e->args[0], &a[0]) ||
        ex_want_int(env, e->args[1], &a[1], 1, 1000000000, "the step"))
      return -1;
    *out = a[0];
    int r = dg_num_floor_to(a[0].num, a[1].num.n, &out->num);
    return r ? ex_numerr(env, e, r) : 0;
  }
  if (!strcmp(f, "fw")) {
    if (nargs_ok(env, e, 1, 1, "one value"))
      return -1;
    dg_buf t = {0}, b = {0};
    if (dg_value_format(env, &a[0], &t)) {
      dg_buf_free(&t);
      return -1;
    }
    fullwidth(t.data ? t.data : "", &b);
    dg_buf_free(&t);
    text_value(env, out, &b);
    ex_add_prov(env, out, &a[0]);
    return 0;
  }
  if (!strcmp(f, "quote") || !strcmp(f, "join")) {
    int isq = f[0] == 'q';
    if (nargs_ok(env, e, isq ? 1 : 2, isq ? 3 : 2,
                 isq ? "a list, and optionally a separator and open quote"
                     : "a list and a separator"))
      return -1;
    if (a[0].kind == DG_VAL_SEL) {
      /* a selection of several rows becomes a list of its cells */
      dg_value l = {0};
      l.kind = DG_VAL_LIST;
      l.nitems = a[0].nrows;
      l.items =
          dg_alloc_array(env->a, (size_t)a[0].nrows + 1, sizeof(dg_value));
      for (int i = 0; i < a[0].nrows; i++)
        ex_cell_value(a[0].table, a[0].rows[i], a[0].col, &l.items[i]);
      ex_add_sel(env, &l, &a[0]);
      a[0] = l;
    }
    if (a[0].kind != DG_VAL_LIST) {
      dg_value one = a[0];
      a[0].kind = DG_VAL_LIST;
      a[0].items = dg_alloc(env->a, sizeof(dg_value));
      a[0].items[0] = one;
      a[0].nitems = 1;
    }
    const char *sep = isq ? "、" : NULL;
    if (e->nargs >= 2) {
      if (ex_scalar(env, e->args[1], &a[1]))
        return -1;
      if (a[1].kind != DG_VAL_TEXT)
        return ex_err(env, e->args[1], "the separator must be text");
      sep = a[1].text;
    }
    dg_buf b = {0};
    for (int i = 0; i < a[0].nitems; i++) {
      if (i)
        dg_buf_puts(&b, sep);
      if (isq)
        dg_buf_puts(&b, "「");
      if (dg_value_format(env, &a[0].items[i], &b)) {
        dg_buf_free(&b);
        return -1;
      }
      if (isq)
        dg_buf_puts(&b, "」");
    }
    text_value(env, out, &b);
    ex_add_prov(env, out, &a[0]);
    return 0;
  }
  if (!strcmp(f, "first")) {
    if (nargs_ok(env, e, 1, 1, "one column such as table.column"))
      return -1;
    if (ex_want_sel(env, e->args[0], &a[0], f))
      return -1;
    if (a[0].nrows == 0)
      return ex_err(env, e, "first() over no rows");
    const dg_cell *c = dg_table_cell(a[0].table, a[0].rows[0], a[0].col);
    ex_cell_value(a[0].table, a[0].rows[0], a[0].col, out);
    ex_add_src(env, out, &c, 1);
    return 0;
  }
  if (!strcmp(f, "nth")) {
    if (nargs_ok(env, e, 2, 2, "a list and a position from 1"))
      return -1;
    if (a[0].kind != DG_VAL_LIST)
      return ex_err(env, e, "nth() expects a list such as top(...)");
    if (ex_want_int(env, e->args[1], &a[1], 1, a[0].nitems ? a[0].nitems : 1,
                    "the position"))
      return -1;
    *out = a[0].items[a[1].num.n - 1];
    ex_add_prov(env, out, &a[0]);
    return 0;
  }
  if (!strcmp(f, "if")) {
    if (nargs_ok(env, e, 3, 3,
                 "a condition, a value if true, a value if "
                 "false"))
      return -1;
    int t = ex_truth(env, e->args[0], &a[0]);
    if (t < 0)
      return -1;
    *out = t ? a[1] : a[2];
    ex_add_prov(env, out, &a[0]);
    return 0;
  }
  if (!strcmp(f, "concat")) {
    dg_buf b = {0};
    dg_value acc = {0};
    for (int i = 0; i < e->nargs; i++) {
      if (dg_value_format(env, &a[i], &b)) {
        dg_buf_free(&b);
        return -1;
      }
      ex_add_prov(env, &acc, &a[i]);
    }
    text_value(env, out, &b);
    ex_add_prov(env, out, &acc);
    return 0;
  }
  if (!strcmp(f, "abs")) {
    if (nargs_ok(env, e, 1, 1, "one number"))
      return -1;
    if (ex_want_num(env, e->args[0], &a[0]))
      return -1;
    *out = a[0];
    if (out->num.n < 0)
      out->num.n = -out->num.n;
    return 0;
  }
  int r = ex_eval_date(env, e, a, out);
  if (r != 1)
    return r;
  r = ex_eval_phrase(env, e, a, out);
  if (r != 1)
    return r;
  return ex_err(
      env, e,
      "unknown function \"%s\" (expected sum, count, min, max, pct, "
      "ratio, share, round, fixed, plain, floorto, fw, top, quote, join, "
      "nth, first, if, concat, abs, wareki, year, month, day, "
      "change, direction, magnitude, most, leaders, ranked, "
      "distinct_top, threshold, atleast, same, contains)",
      f);
}
