/* exprlet: named values (<let name expr>) and premises (<p premise>) of
 * the deck language. The bind stage declares names here as it meets them
 * (the evaluator reads them, expr/expr_eval.c); when a paragraph's premise
 * fails, this says which values it read, so that the message names the
 * data that made the sentence false rather than only the expression. */
#include <string.h>

#include "expr/expr_int.h"

static int is_ident(const char *s) {
  if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
    return 0;
  for (; *s; s++)
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
          (*s >= '0' && *s <= '9') || *s == '_'))
      return 0;
  return 1;
}

int dg_env_let(dg_env *env, int scope, const char *name, const char *src) {
  static const char *reserved[] = {"true", "false", "and",
                                   "or",   "not",   "where"};
  int bad = !is_ident(name);
  for (size_t i = 0; !bad && i < sizeof reserved / sizeof *reserved; i++)
    bad = !strcmp(name, reserved[i]);
  if (bad) {
    dg_error(env->ctx, env->pos,
             "bad name \"%s\" for a value (expected letters, digits and _, "
             "not a keyword)",
             name);
    return -1;
  }
  if (env->nnames >= DG_EXPR_MAX_NAMES) {
    if (!env->names_refused++) /* the first one says it for all */
      dg_error(env->ctx, env->pos,
               "more than %d named values in scope (the limit of <let>s)",
               DG_EXPR_MAX_NAMES);
    return -1;
  }
  for (int i = scope; i < env->nnames; i++)
    if (!strcmp(env->names[i].name, name)) {
      dg_error(env->ctx, env->pos, "value \"%s\" is declared twice", name);
      return -1;
    }
  dg_expr *e = dg_expr_parse(env->ctx, env->a, src, env->pos);
  if (!e)
    return -1;
  if (env->nnames == env->capnames) {
    int cap = env->capnames ? env->capnames * 2 : 32;
    dg_named *n = dg_alloc_array(env->a, (size_t)cap, sizeof *n);
    if (env->nnames)
      memcpy(n, env->names, sizeof *n * (size_t)env->nnames);
    env->names = n;
    env->capnames = cap;
  }
  dg_named *nv = &env->names[env->nnames++];
  memset(nv, 0, sizeof *nv);
  nv->name = dg_strdup(env->a, name);
  nv->e = e;
  nv->src = dg_strdup(env->a, src);
  nv->pos = env->pos;
  return 0;
}

/* A value as a message shows it, without reporting errors: numbers with
 * separators (fractions to 2 places), texts in 「」, lists joined by 、, a
 * selection of several rows as its values. */
static void show(const dg_value *v, dg_buf *b) {
  switch (v->kind) {
  case DG_VAL_NUM:
    dg_num_format(v->num, dg_num_is_int(v->num) ? 0 : 2, 1, b);
    return;
  case DG_VAL_TEXT:
    dg_buf_printf(b, "「%s」", v->text);
    return;
  case DG_VAL_BOOL:
    dg_buf_puts(b, v->b ? "true" : "false");
    return;
  case DG_VAL_LIST:
    for (int i = 0; i < v->nitems; i++) {
      if (i)
        dg_buf_puts(b, "、");
      show(&v->items[i], b);
    }
    return;
  case DG_VAL_SEL:
    if (v->nrows == 1) {
      dg_value one;
      ex_cell_value(v->table, v->rows[0], v->col, &one);
      show(&one, b);
      return;
    }
    dg_buf_printf(b, "%s.%s (", v->table->id, v->table->colnames[v->col]);
    for (int i = 0; i < v->nrows && i < 12; i++)
      dg_buf_printf(b, "%s%s", i ? ", " : "",
                    dg_table_cell(v->table, v->rows[i], v->col)->text);
    dg_buf_puts(b, v->nrows > 12 ? ", …)" : ")");
    return;
  }
}

/* Collects what the premise read: named values once each, the sides of
 * each comparison and the columns passed to functions. Filters' own
 * conditions are skipped (they read rows, not facts). */
static void found_walk(dg_env *env, const dg_expr *e, dg_buf *b,
                       const char **seen, int *nseen) {
  if (!e)
    return;
  if (e->kind == E_NAME) {
    dg_value v;
    int e0 = env->ctx->nerrors;
    int rc = ex_named(env, e->s, &v);
    env->ctx->nerrors = e0;
    if (rc)
      return;
    for (int i = 0; i < *nseen; i++)
      if (!strcmp(seen[i], e->s))
        return;
    if (*nseen < 64)
      seen[(*nseen)++] = e->s;
    dg_buf_printf(b, "%s%s = ", b->len ? ", " : "", e->s);
    show(&v, b);
    return;
  }
  if (e->kind == E_BIN && e->op >= OP_EQ && e->op <= OP_GE) {
    int plain = 1;
    for (int i = 0; i < 2; i++)
      plain &= e->args[i]->kind == E_NAME || e->args[i]->kind == E_NUM ||
               e->args[i]->kind == E_STR;
    if (!plain) {
      dg_value l, r;
      int e0 = env->ctx->nerrors;
      if (!ex_eval(env, e->args[0], NULL, &l) &&
          !ex_eval(env, e->args[1], NULL, &r)) {
        dg_buf_puts(b, b->len ? ", " : "");
        show(&l, b);
        dg_buf_puts(b, " and ");
        show(&r, b);
      }
      env->ctx->nerrors = e0;
      return; /* the two sides say it; their inner values would repeat */
    }
  }
  if (e->kind == E_CALL)
    for (int i = 0; i < e->nargs; i++)
      if (e->args[i]->kind == E_COL || e->args[i]->kind == E_FILTER) {
        dg_value v;
        int e0 = env->ctx->nerrors;
        if (!ex_eval(env, e->args[i], NULL, &v)) {
          dg_buf_puts(b, b->len ? ", " : "");
          show(&v, b);
        }
        env->ctx->nerrors = e0;
      }
  int n = e->kind == E_FILTER ? 1 : e->nargs;
  if (e->kind == E_BIN && (e->op == OP_AND || e->op == OP_OR)) {
    /* as evaluated: a false left side of "and" decided alone */
    dg_value l;
    int e0 = env->ctx->nerrors;
    int lt = ex_eval(env, e->args[0], NULL, &l) ? -1 : ex_truth(env, NULL, &l);
    env->ctx->nerrors = e0;
    if (lt == (e->op == OP_OR))
      n = 1;
  }
  for (int i = 0; i < n; i++)
    found_walk(env, e->args[i], b, seen, nseen);
}

void ex_premise_found(dg_env *env, const dg_expr *e, int ok, dg_buf *found) {
  if (!ok) {
    const char *seen[64];
    int nseen = 0;
    found_walk(env, e, found, seen, &nseen);
  }
}
