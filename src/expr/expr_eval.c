/* expreval: the evaluator — walks an expression's tree over the data
 * tables: names and columns, arithmetic and comparisons, filters, named
 * values (<let>), and calls, which it looks up by name in the table of
 * functions the caller handed it (env->fns). It names no built-in itself;
 * what it shares with them is in expr/expr_value.c below both. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr_int.h"

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
    rowctx inner = {base.table,
                    base.rows[i],
                    &mm,
                    rc ? rc->alias : NULL,
                    rc ? rc->jt : NULL,
                    rc ? rc->jrow : 0,
                    rc ? rc->derived : 0};
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

int ex_named(dg_env *env, const char *name, dg_value *out) {
  dg_named *nv = NULL;
  for (int i = env->nnames - 1; i >= 0 && !nv; i--)
    if (!strcmp(env->names[i].name, name))
      nv = &env->names[i];
  if (!nv)
    return 1;
  if (nv->state == 2) {
    *out = nv->v;
    return 0;
  }
  dg_pos pos = env->pos;
  const char *src = env->src;
  env->pos = nv->pos;
  env->src = nv->src;
  int rc;
  if (nv->state == 1) {
    dg_error(env->ctx, nv->pos, "value \"%s\" is defined by itself", name);
    rc = -1;
  } else {
    nv->state = 1;
    rc = ex_eval(env, nv->e, NULL, &nv->v);
    nv->state = rc ? 0 : 2;
  }
  env->pos = pos;
  env->src = src;
  if (!rc)
    *out = nv->v;
  return rc;
}

/* A call: the arguments are evaluated in order first (an error in one is
 * reported before anything about the call), then the name is looked up in
 * env->fns and the count of arguments checked against its entry. */
static int eval_call(dg_env *env, const dg_expr *e, const rowctx *rc,
                     dg_value *out) {
  dg_value a[16]; /* the parser allows 16 arguments */
  for (int i = 0; i < e->nargs; i++)
    if (ex_eval(env, e->args[i], rc, &a[i]))
      return -1;
  memset(out, 0, sizeof *out);
  assert(env->fns);
  const ex_fn *f = env->fns;
  while (f->name && strcmp(f->name, e->s))
    f++;
  if (!f->name) {
    dg_buf b = {0};
    for (const ex_fn *g = env->fns; g->name; g++)
      dg_buf_printf(&b, "%s%s", g == env->fns ? "" : ", ", g->name);
    ex_err(env, e, "unknown function \"%s\" (expected %s)", e->s,
           b.data ? b.data : "");
    dg_buf_free(&b);
    return -1;
  }
  if (e->nargs < f->min_args || (f->max_args >= 0 && e->nargs > f->max_args))
    return ex_err(env, e, "wrong number of arguments (expected %s)", f->usage);
  return f->call(env, e, a, out);
}

static int eval(dg_env *env, const dg_expr *e, const rowctx *rc, dg_value *out);

int ex_eval(dg_env *env, const dg_expr *e, const rowctx *rc, dg_value *out) {
  if (env->depth >= DG_EXPR_MAX_EVAL_DEPTH)
    return ex_err(env, e,
                  "evaluation nests deeper than %d (named values that read "
                  "one another in a chain this long, or calls inside calls)",
                  DG_EXPR_MAX_EVAL_DEPTH);
  if (++env->steps > DG_EXPR_MAX_STEPS) {
    /* reported once: every evaluation after it fails too */
    if (env->steps == DG_EXPR_MAX_STEPS + 1)
      ex_err(env, e,
             "the deck's expressions take more than %lld evaluation steps "
             "(the limit)",
             DG_EXPR_MAX_STEPS);
    return -1;
  }
  env->depth++;
  int r = eval(env, e, rc, out);
  env->depth--;
  if (!r && out->kind == DG_VAL_TEXT && out->text &&
      strlen(out->text) > DG_EXPR_MAX_TEXT)
    return ex_err(env, e, "text of %zu bytes is longer than the limit of %d",
                  strlen(out->text), DG_EXPR_MAX_TEXT);
  return r;
}

static int eval(dg_env *env, const dg_expr *e, const rowctx *rc,
                dg_value *out) {
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
        if (rc->derived) { /* a derived column: --explain names the cell */
          const dg_cell *cell = dg_table_cell(rc->t, rc->row, c);
          ex_add_src(env, out, &cell, 1);
        }
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
    if (rc && rc->alias && !strcmp(e->s, rc->alias)) {
      /* the joined row's cell, in a derived dataset's column */
      int c = dg_table_col(rc->jt, e->s2);
      if (c < 0) {
        dg_buf b = {0};
        col_list(rc->jt, &b);
        ex_err(env, e,
               "unknown column \"%s\" in \"%s\", the joined dataset "
               "\"%s\" (expected one of: %s)",
               e->s2, e->s, rc->jt->id, b.data);
        dg_buf_free(&b);
        return -1;
      }
      ex_cell_value(rc->jt, rc->jrow, c, out);
      const dg_cell *cell = dg_table_cell(rc->jt, rc->jrow, c);
      ex_add_src(env, out, &cell, 1);
      return 0;
    }
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
    return eval_call(env, e, rc, out);
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
