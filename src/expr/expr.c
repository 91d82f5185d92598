/* expr: the evaluator of the deck's expressions — the heart of the bind
 * stage. Values are exact (num.c), remember the CSV cells they came from
 * (for --explain), and every error names the expression and the column in
 * it. Parsing is in expr/expr_parse.c, the built-in functions in expr/expr_fn.c. */
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

/* Issue 13: this once copied the whole list for every cell an aggregate
 * added — memory and time grew with the square of the rows. */
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

static const dg_table *find_table(dg_env *env, const char *name) {
  for (int i = 0; i < env->ntables; i++)
    if (env->tables[i] && strcmp(env->tables[i]->id, name) == 0)
      return env->tables[i];
  return NULL;
}

static void col_list(const dg_table *t, dg_buf *b) {
  for (int i = 0; i < t->ncols; i++) {
    if (i)
      dg_buf_puts(b, ", ");
    dg_buf_puts(b, t->colnames[i]);
  }
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

/* For a lookup whose filter holds column = 'text' (either way round) and
 * matched nothing: "; no row has group = '…' (its values: a, b, c)" into
 * out, the column's first 8 distinct values in row order. */
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

static int compare(dg_env *env, const dg_expr *e, dg_value *l, dg_value *r,
                   int *cmp) {
  if (ex_scalar(env, e, l) || ex_scalar(env, e, r))
    return -1;
  if (l->kind == DG_VAL_NUM && r->kind == DG_VAL_NUM) {
    *cmp = dg_num_cmp(l->num, r->num);
    return 0;
  }
  if (l->kind == DG_VAL_TEXT && r->kind == DG_VAL_TEXT) {
    *cmp = strcmp(l->text, r->text);
    return 0;
  }
  dg_buf a = {0}, b = {0};
  if (l->kind == DG_VAL_NUM)
    dg_num_format(l->num, 0, 0, &a);
  else if (l->kind == DG_VAL_TEXT)
    dg_buf_puts(&a, l->text);
  if (r->kind == DG_VAL_NUM)
    dg_num_format(r->num, 0, 0, &b);
  else if (r->kind == DG_VAL_TEXT)
    dg_buf_puts(&b, r->text);
  int ok = (l->kind == DG_VAL_TEXT || l->kind == DG_VAL_NUM) &&
           (r->kind == DG_VAL_TEXT || r->kind == DG_VAL_NUM);
  if (ok)
    *cmp = strcmp(a.data ? a.data : "", b.data ? b.data : "");
  dg_buf_free(&a);
  dg_buf_free(&b);
  if (!ok)
    return ex_err(env, e, "cannot compare %s with %s", ex_kind_name(l->kind),
                  ex_kind_name(r->kind));
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

static int eval_bin(dg_env *env, const dg_expr *e, const rowctx *rc,
                    dg_value *out) {
  dg_value l, r;
  if (ex_eval(env, e->args[0], rc, &l))
    return -1;
  if (e->op == OP_AND || e->op == OP_OR) {
    int lt = ex_truth(env, e->args[0], &l);
    if (lt < 0)
      return -1;
    memset(out, 0, sizeof *out);
    out->kind = DG_VAL_BOOL;
    if ((e->op == OP_AND && !lt) || (e->op == OP_OR && lt)) {
      out->b = lt;
      return 0;
    }
    if (ex_eval(env, e->args[1], rc, &r))
      return -1;
    int rt = ex_truth(env, e->args[1], &r);
    if (rt < 0)
      return -1;
    out->b = rt;
    return 0;
  }
  if (ex_eval(env, e->args[1], rc, &r))
    return -1;
  memset(out, 0, sizeof *out);
  if (e->op >= OP_EQ) {
    int c = 0;
    if (compare(env, e, &l, &r, &c))
      return -1;
    out->kind = DG_VAL_BOOL;
    out->b = e->op == OP_EQ   ? c == 0
             : e->op == OP_NE ? c != 0
             : e->op == OP_LT ? c < 0
             : e->op == OP_LE ? c <= 0
             : e->op == OP_GT ? c > 0
                              : c >= 0;
    ex_add_prov(env, out, &l);
    ex_add_prov(env, out, &r);
    return 0;
  }
  if (ex_want_num(env, e->args[0], &l) || ex_want_num(env, e->args[1], &r))
    return -1;
  out->kind = DG_VAL_NUM;
  int rcode = e->op == OP_ADD   ? dg_num_add(l.num, r.num, &out->num)
              : e->op == OP_SUB ? dg_num_sub(l.num, r.num, &out->num)
              : e->op == OP_MUL ? dg_num_mul(l.num, r.num, &out->num)
                                : dg_num_div(l.num, r.num, &out->num);
  if (rcode)
    return ex_numerr(env, e, rcode);
  ex_add_prov(env, out, &l);
  ex_add_prov(env, out, &r);
  return 0;
}

static int eval_filter(dg_env *env, const dg_expr *e, const rowctx *rc,
                       dg_value *out) {
  dg_value base;
  if (ex_eval(env, e->args[0], rc, &base))
    return -1;
  if (base.kind != DG_VAL_SEL)
    return ex_err(env, e,
                  "a filter needs a column such as table.column, "
                  "found %s",
                  ex_kind_name(base.kind));
  int *rows = dg_alloc_array(env->a, (size_t)(base.nrows ? base.nrows : 1),
                             sizeof(int));
  int n = 0;
  memo mm;
  mm.n = 0;
  for (int i = 0; i < base.nrows; i++) {
    rowctx inner = {base.table, base.rows[i], &mm};
    int keep = 1;
    for (int k = 1; k < e->nargs && keep; k++) {
      dg_value c;
      if (ex_eval(env, e->args[k], &inner, &c))
        return -1;
      int t = ex_truth(env, e->args[k], &c);
      if (t < 0)
        return -1;
      keep = t;
    }
    if (keep)
      rows[n++] = base.rows[i];
  }
  *out = base;
  out->rows = rows;
  out->nrows = n;
  out->filter = e;
  return 0;
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

int ex_eval(dg_env *env, const dg_expr *e, const rowctx *rc, dg_value *out) {
  memset(out, 0, sizeof *out);
  if (rc && rc->m && e->rowfree &&
      (e->kind == E_CALL || e->kind == E_BIN || e->kind == E_FILTER)) {
    memo *m = rc->m;
    for (int i = 0; i < m->n; i++)
      if (m->e[i] == e) {
        *out = m->v[i];
        return 0;
      }
    if (ex_eval(env, e, NULL, out))
      return -1;
    if (m->n < 16) {
      m->e[m->n] = e;
      m->v[m->n++] = *out;
    }
    return 0;
  }
  switch (e->kind) {
  case E_NUM:
    out->kind = DG_VAL_NUM;
    out->num = e->num;
    return 0;
  case E_STR:
    out->kind = DG_VAL_TEXT;
    out->text = e->s;
    return 0;
  case E_NAME:
    if (!strcmp(e->s, "true") || !strcmp(e->s, "false")) {
      out->kind = DG_VAL_BOOL;
      out->b = e->s[0] == 't';
      return 0;
    }
    if (rc) {
      int c = dg_table_col(rc->t, e->s);
      if (c >= 0) {
        ex_cell_value(rc->t, rc->row, c, out);
        return 0;
      }
    }
    /* a named value (<let>); inside a filter a column of the same name
     * wins, as the row's own cells are nearer */
    int nv = ex_named(env, e->s, out);
    if (nv <= 0)
      return nv;
    if (rc) {
      dg_buf b = {0};
      col_list(rc->t, &b);
      ex_err(env, e,
             "unknown column \"%s\" in table \"%s\" (expected one of: "
             "%s)",
             e->s, rc->t->id, b.data);
      dg_buf_free(&b);
      return -1;
    }
    return ex_err(env, e,
                  "unknown name \"%s\" (expected table.column, a "
                  "named value, a function call, a number or 'text')",
                  e->s);
  case E_COL: {
    const dg_table *t = find_table(env, e->s);
    if (!t) {
      dg_buf b = {0};
      for (int i = 0; i < env->ntables; i++) {
        if (i)
          dg_buf_puts(&b, ", ");
        dg_buf_puts(&b, env->tables[i]->id);
      }
      ex_err(env, e, "unknown dataset \"%s\" (expected one of: %s)", e->s,
             b.data ? b.data : "none declared");
      dg_buf_free(&b);
      return -1;
    }
    int c = dg_table_col(t, e->s2);
    if (c < 0) {
      dg_buf b = {0};
      col_list(t, &b);
      ex_err(env, e,
             "unknown column \"%s\" in dataset \"%s\" (expected one "
             "of: %s)",
             e->s2, e->s, b.data);
      dg_buf_free(&b);
      return -1;
    }
    int *rows =
        dg_alloc_array(env->a, (size_t)(t->nrows ? t->nrows : 1), sizeof(int));
    for (int i = 0; i < t->nrows; i++)
      rows[i] = i;
    out->kind = DG_VAL_SEL;
    out->table = t;
    out->col = c;
    out->rows = rows;
    out->nrows = t->nrows;
    return 0;
  }
  case E_CALL:
    return ex_eval_call(env, e, rc, out);
  case E_BIN:
    return eval_bin(env, e, rc, out);
  case E_NEG: {
    if (ex_eval(env, e->args[0], rc, out) || ex_want_num(env, e->args[0], out))
      return -1;
    out->num.n = -out->num.n;
    return 0;
  }
  case E_NOT: {
    int t;
    if (ex_eval(env, e->args[0], rc, out))
      return -1;
    if ((t = ex_truth(env, e->args[0], out)) < 0)
      return -1;
    out->kind = DG_VAL_BOOL;
    out->b = !t;
    return 0;
  }
  case E_FILTER:
    return eval_filter(env, e, rc, out);
  }
  return -1;
}

int dg_expr_eval(dg_env *env, const dg_expr *e, dg_value *out) {
  return ex_eval(env, e, NULL, out);
}

int dg_eval_num(dg_env *env, const char *src, dg_num *out, dg_value *full) {
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

int ex_eval_truth(dg_env *env, const char *src, int *ok, dg_buf *found,
                  void (*why)(dg_env *env, const dg_expr *e, int ok,
                              dg_buf *found)) {
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

/* A comparison's two sides, as found. */
static void check_found(dg_env *env, const dg_expr *e, int ok, dg_buf *found) {
  (void)ok;
  if (e->kind == E_BIN && e->op >= OP_EQ && e->op <= OP_GE) {
    dg_value l, r;
    if (!ex_eval(env, e->args[0], NULL, &l) &&
        !ex_eval(env, e->args[1], NULL, &r) && !ex_scalar(env, e, &l) &&
        !ex_scalar(env, e, &r)) {
      dg_value_format(env, &l, found);
      dg_buf_puts(found, " and ");
      dg_value_format(env, &r, found);
    }
  }
}

int dg_eval_check(dg_env *env, const char *src, int *ok, dg_buf *found) {
  return ex_eval_truth(env, src, ok, found, check_found);
}
