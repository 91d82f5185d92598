/* exprvalue: what the evaluator and the built-in functions share — values
 * and their provenance (the CSV cells they came from, for --explain), a
 * lookup reduced to its one cell, the checks of a value's kind, a value
 * formatted as text, and the error naming the expression. Calls nothing
 * above it: the evaluator (expr/expr_eval.c) and the built-ins sit on it. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr_int.h"

int ex_err(dg_env *env, const dg_expr *e, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  dg_error(env->ctx, env->pos, "%s in expression {%s} at column %d", msg,
           env->src ? env->src : "",
           e && env->src ? ex_char_col(env->src, e->off) : 1);
  return -1;
}

const char *ex_kind_name(dg_valkind k) {
  switch (k) {
  case DG_VAL_NUM:
    return "number";
  case DG_VAL_TEXT:
    return "text";
  case DG_VAL_BOOL:
    return "condition";
  case DG_VAL_LIST:
    return "list";
  default:
    return "selection";
  }
}

static void count_more(dg_value *v, int n, const char *file) {
  if (n <= 0)
    return;
  if (!v->more_file)
    v->more_file = file ? file : "";
  else if (file && strcmp(v->more_file, file))
    v->more_file = "";
  v->src_more = v->src_more > INT_MAX - n ? INT_MAX : v->src_more + n;
}

/* Copies the list at most once per call and never past DG_SRC_MAX: a copy
 * of the whole list for every cell an aggregate added made memory and time
 * grow with the square of the rows (tests/scale.sh: 200,000 rows). */
void ex_add_src(dg_env *env, dg_value *v, const dg_cell *const *s, int n) {
  if (n <= 0)
    return;
  int room = DG_SRC_MAX - v->nsrc, k = n < room ? n : room;
  if (k > 0) {
    const dg_cell **ns =
        dg_alloc_array(env->a, (size_t)(v->nsrc + k), sizeof(dg_cell *));
    if (v->nsrc)
      memcpy(ns, v->src, sizeof(dg_cell *) * (size_t)v->nsrc);
    memcpy(ns + v->nsrc, s, sizeof(dg_cell *) * (size_t)k);
    v->src = ns;
    v->nsrc += k;
  } else
    k = 0;
  if (n > k)
    count_more(v, n - k, s[k] ? s[k]->pos.file : NULL);
}

void ex_add_prov(dg_env *env, dg_value *v, const dg_value *from) {
  ex_add_src(env, v, from->src, from->nsrc);
  if (from->src_more > 0) {
    const char *f = from->more_file;
    count_more(v, from->src_more, f && *f ? f : NULL);
    if (f && !*f)
      v->more_file = "";
  }
}

void ex_add_sel(dg_env *env, dg_value *v, const dg_value *sel) {
  if (sel->kind != DG_VAL_SEL || sel->nrows <= 0)
    return;
  int room = DG_SRC_MAX - v->nsrc;
  int k = sel->nrows < room ? sel->nrows : room < 0 ? 0 : room;
  const dg_cell **c =
      dg_alloc_array(env->a, (size_t)(k ? k : 1), sizeof(dg_cell *));
  for (int i = 0; i < k; i++)
    c[i] = dg_table_cell(sel->table, sel->rows[i], sel->col);
  ex_add_src(env, v, c, k);
  if (sel->nrows > k)
    count_more(v, sel->nrows - k, sel->table->path);
}

void ex_cell_value(const dg_table *t, int r, int c, dg_value *v) {
  const dg_cell *cell = dg_table_cell(t, r, c);
  memset(v, 0, sizeof *v);
  if (t->types[c] == DG_COL_TEXT) {
    v->kind = DG_VAL_TEXT;
    v->text = cell->text;
  } else {
    v->kind = DG_VAL_NUM;
    v->num = cell->num;
  }
}

static int desc_of_sel(const dg_value *v, dg_buf *b) {
  dg_buf_printf(b, "%s.%s", v->table->id, v->table->colnames[v->col]);
  return 0;
}

/* Does some row of t hold text in column col? */
static int holds(const dg_table *t, int col, const char *text) {
  for (int r = 0; r < t->nrows; r++)
    if (!strcmp(dg_table_cell(t, r, col)->text, text))
      return 1;
  return 0;
}

/* The two sides of an equality c, the name first ('text' = name too). */
static void key_sides(const dg_expr *c, const dg_expr **name,
                      const dg_expr **lit) {
  int swap = c->args[0]->kind == E_STR;
  *name = c->args[swap];
  *lit = c->args[!swap];
}

/* The first condition column = 'text' (either way round, looking through
 * "and") in c whose text no row of t holds at all; NULL if none. */
static const dg_expr *missing_key(const dg_expr *c, const dg_table *t) {
  if (c->kind != E_BIN || c->nargs != 2)
    return NULL;
  if (c->op == OP_AND) {
    const dg_expr *k = missing_key(c->args[0], t);
    return k ? k : missing_key(c->args[1], t);
  }
  if (c->op != OP_EQ)
    return NULL;
  const dg_expr *name, *lit;
  key_sides(c, &name, &lit);
  if (name->kind != E_NAME || lit->kind != E_STR)
    return NULL;
  int col = dg_table_col(t, name->s);
  return col >= 0 && !holds(t, col, lit->s) ? c : NULL;
}

/* For a lookup that matched no row because one of its conditions
 * column = 'text' names a value no row holds (as when a row of the CSV was
 * renamed): "; no row has status = '…' (its values: a, b, c)" into out,
 * the column's first 8 distinct values in row order. Nothing when every
 * condition holds on some row and only their combination matches none. */
static void key_values(const dg_value *v, dg_buf *out) {
  const dg_expr *f = v->filter, *c = NULL;
  for (int k = 1; f && !c && k < f->nargs; k++)
    c = missing_key(f->args[k], v->table);
  if (!c)
    return;
  const dg_expr *name, *lit;
  key_sides(c, &name, &lit);
  int col = dg_table_col(v->table, name->s);
  dg_buf_printf(out, "; no row has %s = '%s' (its values: ", name->s, lit->s);
  /* at most 8 distinct values, each row compared with those 8 only:
   * linear in the table, whatever its size */
  const char *seen[8];
  int listed = 0, more = 0;
  for (int r = 0; r < v->table->nrows && !more; r++) {
    const char *t = dg_table_cell(v->table, r, col)->text;
    int dup = 0;
    for (int q = 0; q < listed && !dup; q++)
      dup = !strcmp(seen[q], t);
    if (dup)
      continue;
    if (listed == 8) {
      more = 1;
      continue;
    }
    dg_buf_printf(out, "%s%s", listed ? ", " : "", t);
    seen[listed++] = t;
  }
  if (more)
    dg_buf_puts(out, ", …");
  dg_buf_puts(out, ")");
}

int ex_scalar(dg_env *env, const dg_expr *e, dg_value *v) {
  if (v->kind != DG_VAL_SEL)
    return 0;
  if (v->nrows != 1) {
    dg_buf b = {0};
    desc_of_sel(v, &b);
    if (v->nrows == 0) {
      /* a key that names no row, as when a row of the CSV was renamed:
       * the values its column does hold say what to change */
      dg_buf held = {0};
      key_values(v, &held);
      ex_err(env, e, "lookup %s matches no row of %s (expected exactly one)%s",
             b.data, v->table->path, held.data ? held.data : "");
      dg_buf_free(&held);
    } else
      ex_err(env, e,
             "lookup %s matches %d rows of %s (expected exactly one; add a "
             "condition or use sum())",
             b.data, v->nrows, v->table->path);
    dg_buf_free(&b);
    return -1;
  }
  const dg_cell *c = dg_table_cell(v->table, v->rows[0], v->col);
  dg_value r;
  ex_cell_value(v->table, v->rows[0], v->col, &r);
  ex_add_src(env, &r, &c, 1);
  *v = r;
  return 0;
}

int dg_value_scalar(dg_env *env, dg_value *v) {
  return ex_scalar(env, NULL, v);
}

int ex_want_num(dg_env *env, const dg_expr *e, dg_value *v) {
  if (ex_scalar(env, e, v))
    return -1;
  if (v->kind != DG_VAL_NUM)
    return ex_err(env, e, "expected a number, found %s%s%s%s",
                  ex_kind_name(v->kind), v->kind == DG_VAL_TEXT ? " \"" : "",
                  v->kind == DG_VAL_TEXT ? v->text : "",
                  v->kind == DG_VAL_TEXT ? "\"" : "");
  return 0;
}

int ex_want_sel(dg_env *env, const dg_expr *e, dg_value *v, const char *fn) {
  if (v->kind != DG_VAL_SEL)
    return ex_err(env, e,
                  "%s() expects a column such as table.column, found %s", fn,
                  ex_kind_name(v->kind));
  return 0;
}

int ex_numerr(dg_env *env, const dg_expr *e, int rc) {
  return ex_err(env, e,
                rc == DG_NUM_DIVZERO ? "division by zero"
                                     : "number too large (overflow)");
}

int ex_want_int(dg_env *env, const dg_expr *e, dg_value *v, int lo, int hi,
                const char *what) {
  if (ex_want_num(env, e, v))
    return -1;
  if (!dg_num_is_int(v->num) || v->num.n < lo || v->num.n > hi)
    return ex_err(env, e, "%s must be an integer from %d to %d", what, lo, hi);
  return 0;
}

int ex_truth(dg_env *env, const dg_expr *e, dg_value *v) {
  if (ex_scalar(env, e, v))
    return -1;
  if (v->kind != DG_VAL_BOOL)
    return ex_err(env, e, "expected a condition, found %s",
                  ex_kind_name(v->kind));
  return v->b;
}

int dg_value_format(dg_env *env, const dg_value *v0, dg_buf *out) {
  dg_value v = *v0;
  if (ex_scalar(env, NULL, &v))
    return -1;
  switch (v.kind) {
  case DG_VAL_NUM:
    if (!dg_num_is_int(v.num)) {
      dg_buf t = {0};
      dg_num_format(v.num, 4, 0, &t);
      dg_error(env->ctx, env->pos,
               "value %s is not a whole number; say how many decimals with "
               "fixed(x, N) in expression {%s}",
               t.data, env->src ? env->src : "");
      dg_buf_free(&t);
      return -1;
    }
    dg_num_format(v.num, 0, 1, out);
    return 0;
  case DG_VAL_TEXT:
    dg_buf_puts(out, v.text);
    return 0;
  case DG_VAL_BOOL:
    dg_error(env->ctx, env->pos,
             "a condition cannot be printed; use if(cond, 'a', 'b') in "
             "expression {%s}",
             env->src ? env->src : "");
    return -1;
  case DG_VAL_LIST:
    for (int i = 0; i < v.nitems; i++) {
      if (i)
        dg_buf_puts(out, "、");
      if (dg_value_format(env, &v.items[i], out))
        return -1;
    }
    return 0;
  default:
    return -1;
  }
}

void ex_put_quoted(dg_buf *b, const char *s) {
  dg_buf_puts(b, "「");
  for (const char *p = s; *p;) {
    if (!strncmp(p, "「", 3) || !strncmp(p, "」", 3)) {
      dg_buf_puts(b, p[2] == '\x8c' ? "『" : "』");
      p += 3;
    } else {
      dg_buf_put(b, p, 1);
      p++;
    }
  }
  dg_buf_puts(b, "」");
}
