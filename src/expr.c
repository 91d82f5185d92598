/* expr: tokenizer, recursive-descent parser and evaluator for the deck's
 * expressions — the heart of the bind stage. Grammar (lowest first):
 *   or: and ('or' and)*      and: not ('and' not)*     not: 'not' not | cmp
 *   cmp: add (('='|'!='|'<'|'<='|'>'|'>=') add)?
 *   add: mul (('+'|'-') mul)*   mul: unary (('*'|'/') unary)*
 *   unary: '-' unary | post     post: primary ('[' or (',' or)* ']' | 'where' or)?
 *   primary: number | 'text' | name '(' args ')' | table '.' column | name | '(' or ')'
 */
#include "expr.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { E_NUM, E_STR, E_NAME, E_COL, E_CALL, E_BIN, E_NEG, E_NOT, E_FILTER };
enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT,
       OP_GE, OP_AND, OP_OR };

struct dg_expr {
  int kind, op, off;
  int rowfree; /* no bare column names below: same value on every row */
  dg_num num;
  const char *s, *s2;
  dg_expr **args;
  int nargs;
};

/* ---------- tokenizer ---------- */

enum { T_END, T_NUM, T_STR, T_NAME, T_OP };

typedef struct lexer {
  dg_ctx *ctx;
  dg_arena *a;
  dg_pos pos;
  const char *src, *p;
  int tok, off, depth;
  char op[3];
  char *text;
  dg_num num;
  int failed;
} lexer;

/* 1-based column in characters (not bytes) of byte offset off in src. */
static int char_col(const char *src, int off) {
  int col = 1;
  for (int i = 0; i < off && src[i]; i++)
    if (((unsigned char)src[i] & 0xC0) != 0x80) col++;
  return col;
}

static void perr(lexer *L, int off, const char *fmt, const char *arg) {
  if (L->failed) return;
  L->failed = 1;
  char msg[256];
  snprintf(msg, sizeof msg, fmt, arg ? arg : "");
  dg_error(L->ctx, L->pos, "%s in expression {%s} at column %d", msg, L->src,
           char_col(L->src, off));
}

static void next(lexer *L) {
  while (*L->p == ' ' || *L->p == '\t' || *L->p == '\n' || *L->p == '\r')
    L->p++;
  L->off = (int)(L->p - L->src);
  char c = *L->p;
  if (!c) {
    L->tok = T_END;
    return;
  }
  if (isdigit((unsigned char)c)) {
    const char *s = L->p;
    while (isdigit((unsigned char)*L->p) || *L->p == '.') L->p++;
    char *t = dg_strndup(L->a, s, (size_t)(L->p - s));
    if (dg_num_parse(t, &L->num) != 0) perr(L, L->off, "bad number \"%s\"", t);
    L->tok = T_NUM;
    return;
  }
  if (c == '\'' || c == '"') {
    const char *s = ++L->p;
    while (*L->p && *L->p != c) L->p++;
    if (!*L->p) {
      perr(L, L->off, "unterminated string (expected %s)",
           c == '\'' ? "'" : "\"");
      L->tok = T_END;
      return;
    }
    L->text = dg_strndup(L->a, s, (size_t)(L->p - s));
    L->p++;
    L->tok = T_STR;
    return;
  }
  if (isalpha((unsigned char)c) || c == '_') {
    const char *s = L->p;
    while (isalnum((unsigned char)*L->p) || *L->p == '_') L->p++;
    L->text = dg_strndup(L->a, s, (size_t)(L->p - s));
    L->tok = T_NAME;
    return;
  }
  static const char *ops2[] = {"!=", "<=", ">=", "==", "<>"};
  for (size_t i = 0; i < sizeof ops2 / sizeof *ops2; i++)
    if (strncmp(L->p, ops2[i], 2) == 0) {
      memcpy(L->op, ops2[i], 2);
      L->op[2] = 0;
      L->p += 2;
      L->tok = T_OP;
      return;
    }
  if (strchr("+-*/()[],.=<>", c)) {
    L->op[0] = c;
    L->op[1] = 0;
    L->p++;
    L->tok = T_OP;
    return;
  }
  char bad[8] = {0};
  uint32_t cp;
  int k = dg_utf8_decode(L->p, strlen(L->p), &cp);
  memcpy(bad, L->p, k > 0 ? (size_t)k : 1);
  perr(L, L->off, "unexpected character \"%s\"", bad);
  L->tok = T_END;
}

static int is_op(lexer *L, const char *op) {
  return L->tok == T_OP && strcmp(L->op, op) == 0;
}
static int is_kw(lexer *L, const char *kw) {
  return L->tok == T_NAME && strcmp(L->text, kw) == 0;
}

static dg_expr *node(lexer *L, int kind, int off) {
  dg_expr *e = dg_alloc(L->a, sizeof *e);
  e->kind = kind;
  e->off = off;
  return e;
}

static dg_expr *p_or(lexer *L);

static dg_expr *bin(lexer *L, int op, dg_expr *l, dg_expr *r, int off) {
  dg_expr *e = node(L, E_BIN, off);
  e->op = op;
  e->args = dg_alloc_array(L->a, 2, sizeof(dg_expr *));
  e->args[0] = l;
  e->args[1] = r;
  e->nargs = 2;
  return e;
}

static dg_expr *p_primary(lexer *L) {
  int off = L->off;
  if (L->failed) return NULL;
  if (++L->depth > DG_EXPR_MAX_DEPTH) {
    perr(L, off, "expression nested too deeply (limit %s)", "64");
    return NULL;
  }
  dg_expr *e = NULL;
  if (L->tok == T_NUM) {
    e = node(L, E_NUM, off);
    e->num = L->num;
    next(L);
  } else if (L->tok == T_STR) {
    e = node(L, E_STR, off);
    e->s = L->text;
    next(L);
  } else if (is_op(L, "(")) {
    next(L);
    e = p_or(L);
    if (!L->failed && !is_op(L, ")")) perr(L, L->off, "expected \")\"", NULL);
    next(L);
  } else if (L->tok == T_NAME) {
    char *name = L->text;
    next(L);
    if (is_op(L, "(")) {
      e = node(L, E_CALL, off);
      e->s = name;
      dg_expr *args[16];
      int n = 0;
      next(L);
      if (!is_op(L, ")")) {
        for (;;) {
          if (n == 16) {
            perr(L, L->off, "too many arguments%s", NULL);
            return NULL;
          }
          args[n++] = p_or(L);
          if (L->failed) return NULL;
          if (is_op(L, ",")) {
            next(L);
            continue;
          }
          break;
        }
      }
      if (!is_op(L, ")")) {
        perr(L, L->off, "expected \",\" or \")\" in call to %s()", name);
        return NULL;
      }
      next(L);
      e->args = dg_alloc_array(L->a, (size_t)(n ? n : 1), sizeof(dg_expr *));
      memcpy(e->args, args, sizeof(dg_expr *) * (size_t)n);
      e->nargs = n;
    } else if (is_op(L, ".")) {
      next(L);
      if (L->tok != T_NAME) {
        perr(L, L->off, "expected a column name after \"%s.\"", name);
        return NULL;
      }
      e = node(L, E_COL, off);
      e->s = name;
      e->s2 = L->text;
      next(L);
    } else {
      e = node(L, E_NAME, off);
      e->s = name;
    }
  } else if (L->tok == T_END) {
    perr(L, off, "unexpected end of expression%s", NULL);
  } else {
    perr(L, off, "unexpected \"%s\"", L->op);
  }
  L->depth--;
  return e;
}

static dg_expr *p_post(lexer *L) {
  dg_expr *e = p_primary(L);
  if (L->failed) return NULL;
  int off = L->off;
  if (is_op(L, "[") || is_kw(L, "where")) {
    int bracket = is_op(L, "[");
    dg_expr *conds[16];
    int n = 0;
    next(L);
    for (;;) {
      if (n == 16) {
        perr(L, L->off, "too many conditions%s", NULL);
        return NULL;
      }
      conds[n++] = p_or(L);
      if (L->failed) return NULL;
      if (bracket && is_op(L, ",")) {
        next(L);
        continue;
      }
      break;
    }
    if (bracket) {
      if (!is_op(L, "]")) {
        perr(L, L->off, "expected \"]\"%s", NULL);
        return NULL;
      }
      next(L);
    }
    dg_expr *f = node(L, E_FILTER, e ? e->off : off);
    f->args = dg_alloc_array(L->a, (size_t)n + 1, sizeof(dg_expr *));
    f->args[0] = e;
    memcpy(f->args + 1, conds, sizeof(dg_expr *) * (size_t)n);
    f->nargs = n + 1;
    e = f;
  }
  return e;
}

static dg_expr *p_unary(lexer *L) {
  if (is_op(L, "-")) {
    int off = L->off;
    next(L);
    if (++L->depth > DG_EXPR_MAX_DEPTH) {
      perr(L, off, "expression nested too deeply (limit %s)", "64");
      return NULL;
    }
    dg_expr *e = node(L, E_NEG, off);
    e->args = dg_alloc_array(L->a, 1, sizeof(dg_expr *));
    e->args[0] = p_unary(L);
    e->nargs = 1;
    L->depth--;
    return e;
  }
  return p_post(L);
}

static dg_expr *p_mul(lexer *L) {
  dg_expr *l = p_unary(L);
  while (!L->failed && (is_op(L, "*") || is_op(L, "/"))) {
    int op = is_op(L, "*") ? OP_MUL : OP_DIV, off = L->off;
    next(L);
    l = bin(L, op, l, p_unary(L), off);
  }
  return l;
}

static dg_expr *p_add(lexer *L) {
  dg_expr *l = p_mul(L);
  while (!L->failed && (is_op(L, "+") || is_op(L, "-"))) {
    int op = is_op(L, "+") ? OP_ADD : OP_SUB, off = L->off;
    next(L);
    l = bin(L, op, l, p_mul(L), off);
  }
  return l;
}

static dg_expr *p_cmp(lexer *L) {
  dg_expr *l = p_add(L);
  if (L->failed || L->tok != T_OP) return l;
  static const struct {
    const char *s;
    int op;
  } t[] = {{"=", OP_EQ},  {"==", OP_EQ}, {"!=", OP_NE}, {"<>", OP_NE},
           {"<", OP_LT},  {"<=", OP_LE}, {">", OP_GT},  {">=", OP_GE}};
  for (size_t i = 0; i < sizeof t / sizeof *t; i++)
    if (is_op(L, t[i].s)) {
      int off = L->off;
      next(L);
      return bin(L, t[i].op, l, p_add(L), off);
    }
  return l;
}

static dg_expr *p_not(lexer *L) {
  if (is_kw(L, "not")) {
    int off = L->off;
    next(L);
    if (++L->depth > DG_EXPR_MAX_DEPTH) {
      perr(L, off, "expression nested too deeply (limit %s)", "64");
      return NULL;
    }
    dg_expr *e = node(L, E_NOT, off);
    e->args = dg_alloc_array(L->a, 1, sizeof(dg_expr *));
    e->args[0] = p_not(L);
    e->nargs = 1;
    L->depth--;
    return e;
  }
  return p_cmp(L);
}

static dg_expr *p_and(lexer *L) {
  dg_expr *l = p_not(L);
  while (!L->failed && is_kw(L, "and")) {
    int off = L->off;
    next(L);
    l = bin(L, OP_AND, l, p_not(L), off);
  }
  return l;
}

static dg_expr *p_or(lexer *L) {
  if (++L->depth > DG_EXPR_MAX_DEPTH) {
    perr(L, L->off, "expression nested too deeply (limit %s)", "64");
    return NULL;
  }
  dg_expr *l = p_and(L);
  while (!L->failed && is_kw(L, "or")) {
    int off = L->off;
    next(L);
    l = bin(L, OP_OR, l, p_and(L), off);
  }
  L->depth--;
  return l;
}

/* Marks the subtrees that do not read the current row of a filter. A
 * filter's own conditions read its rows, but the filter as a whole does
 * not read an outer row. */
static int mark_rowfree(dg_expr *e) {
  if (!e) return 1;
  int free_ = 1;
  if (e->kind == E_NAME)
    free_ = !strcmp(e->s, "true") || !strcmp(e->s, "false");
  for (int i = 0; i < e->nargs; i++) {
    int k = mark_rowfree(e->args[i]);
    if (!(e->kind == E_FILTER && i > 0)) free_ &= k;
  }
  e->rowfree = free_;
  return free_;
}

dg_expr *dg_expr_parse(dg_ctx *ctx, dg_arena *a, const char *src,
                       dg_pos pos) {
  lexer L = {ctx, a, pos, src, src, 0, 0, 0, {0}, NULL, {0, 1}, 0};
  if (strlen(src) > DG_EXPR_MAX_LEN) {
    dg_error(ctx, pos, "expression longer than %d characters",
             DG_EXPR_MAX_LEN);
    return NULL;
  }
  next(&L);
  dg_expr *e = p_or(&L);
  if (!L.failed && L.tok != T_END)
    perr(&L, L.off, "unexpected text after the end of the expression%s",
         NULL);
  if (L.failed) return NULL;
  mark_rowfree(e);
  return e;
}

/* ---------- evaluation ---------- */

/* Values of row-independent subexpressions inside one filter, computed on
 * the first row and reused on the others (a filter such as
 * pref_code = first(me.pref_code) would otherwise redo the right side for
 * every one of 1,788 rows). */
typedef struct memo {
  const dg_expr *e[16];
  dg_value v[16];
  int n;
} memo;

typedef struct rowctx {
  const dg_table *t;
  int row;
  memo *m;
} rowctx;

static int eval(dg_env *env, const dg_expr *e, const rowctx *rc,
                dg_value *out);

static int eerr(dg_env *env, const dg_expr *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int eerr(dg_env *env, const dg_expr *e, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  dg_error(env->ctx, env->pos, "%s in expression {%s} at column %d", msg,
           env->src ? env->src : "", e && env->src ? char_col(env->src, e->off) : 1);
  return -1;
}

static const char *kind_name(dg_valkind k) {
  switch (k) {
  case DG_VAL_NUM: return "number";
  case DG_VAL_TEXT: return "text";
  case DG_VAL_BOOL: return "condition";
  case DG_VAL_LIST: return "list";
  default: return "selection";
  }
}

static void add_src(dg_env *env, dg_value *v, const dg_cell *const *s, int n) {
  if (n <= 0) return;
  const dg_cell **ns = dg_alloc_array(env->a, (size_t)(v->nsrc + n),
                                      sizeof(dg_cell *));
  if (v->nsrc) memcpy(ns, v->src, sizeof(dg_cell *) * (size_t)v->nsrc);
  memcpy(ns + v->nsrc, s, sizeof(dg_cell *) * (size_t)n);
  v->src = ns;
  v->nsrc += n;
}

static const dg_table *find_table(dg_env *env, const char *name) {
  for (int i = 0; i < env->ntables; i++)
    if (env->tables[i] && strcmp(env->tables[i]->id, name) == 0)
      return env->tables[i];
  return NULL;
}

static void col_list(const dg_table *t, dg_buf *b) {
  for (int i = 0; i < t->ncols; i++) {
    if (i) dg_buf_puts(b, ", ");
    dg_buf_puts(b, t->colnames[i]);
  }
}

static void cell_value(const dg_table *t, int r, int c, dg_value *v) {
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

static int scalar(dg_env *env, const dg_expr *e, dg_value *v) {
  if (v->kind != DG_VAL_SEL) return 0;
  if (v->nrows != 1) {
    dg_buf b = {0};
    desc_of_sel(v, &b);
    if (v->nrows == 0)
      eerr(env, e, "lookup %s matches no row of %s (expected exactly one)",
           b.data, v->table->path);
    else
      eerr(env, e,
           "lookup %s matches %d rows of %s (expected exactly one; add a "
           "condition or use sum())",
           b.data, v->nrows, v->table->path);
    dg_buf_free(&b);
    return -1;
  }
  const dg_cell *c = dg_table_cell(v->table, v->rows[0], v->col);
  dg_value r;
  cell_value(v->table, v->rows[0], v->col, &r);
  add_src(env, &r, &c, 1);
  *v = r;
  return 0;
}

int dg_value_scalar(dg_env *env, dg_value *v) { return scalar(env, NULL, v); }

static int want_num(dg_env *env, const dg_expr *e, dg_value *v) {
  if (scalar(env, e, v)) return -1;
  if (v->kind != DG_VAL_NUM)
    return eerr(env, e, "expected a number, found %s%s%s%s",
                kind_name(v->kind), v->kind == DG_VAL_TEXT ? " \"" : "",
                v->kind == DG_VAL_TEXT ? v->text : "",
                v->kind == DG_VAL_TEXT ? "\"" : "");
  return 0;
}

static int want_sel(dg_env *env, const dg_expr *e, dg_value *v,
                    const char *fn) {
  if (v->kind != DG_VAL_SEL)
    return eerr(env, e, "%s() expects a column such as table.column, found %s",
                fn, kind_name(v->kind));
  return 0;
}

static int numerr(dg_env *env, const dg_expr *e, int rc) {
  return eerr(env, e, rc == DG_NUM_DIVZERO ? "division by zero"
                                           : "number too large (overflow)");
}

static int want_int(dg_env *env, const dg_expr *e, dg_value *v, int lo,
                    int hi, const char *what) {
  if (want_num(env, e, v)) return -1;
  if (!dg_num_is_int(v->num) || v->num.n < lo || v->num.n > hi)
    return eerr(env, e, "%s must be an integer from %d to %d", what, lo, hi);
  return 0;
}

static int compare(dg_env *env, const dg_expr *e, dg_value *l, dg_value *r,
                   int *cmp) {
  if (scalar(env, e, l) || scalar(env, e, r)) return -1;
  if (l->kind == DG_VAL_NUM && r->kind == DG_VAL_NUM) {
    *cmp = dg_num_cmp(l->num, r->num);
    return 0;
  }
  if (l->kind == DG_VAL_TEXT && r->kind == DG_VAL_TEXT) {
    *cmp = strcmp(l->text, r->text);
    return 0;
  }
  dg_buf a = {0}, b = {0};
  if (l->kind == DG_VAL_NUM) dg_num_format(l->num, 0, 0, &a);
  else if (l->kind == DG_VAL_TEXT) dg_buf_puts(&a, l->text);
  if (r->kind == DG_VAL_NUM) dg_num_format(r->num, 0, 0, &b);
  else if (r->kind == DG_VAL_TEXT) dg_buf_puts(&b, r->text);
  int ok = (l->kind == DG_VAL_TEXT || l->kind == DG_VAL_NUM) &&
           (r->kind == DG_VAL_TEXT || r->kind == DG_VAL_NUM);
  if (ok) *cmp = strcmp(a.data ? a.data : "", b.data ? b.data : "");
  dg_buf_free(&a);
  dg_buf_free(&b);
  if (!ok)
    return eerr(env, e, "cannot compare %s with %s", kind_name(l->kind),
                kind_name(r->kind));
  return 0;
}

static int truth(dg_env *env, const dg_expr *e, dg_value *v) {
  if (scalar(env, e, v)) return -1;
  if (v->kind != DG_VAL_BOOL)
    return eerr(env, e, "expected a condition, found %s", kind_name(v->kind));
  return v->b;
}

static int eval_bin(dg_env *env, const dg_expr *e, const rowctx *rc,
                    dg_value *out) {
  dg_value l, r;
  if (eval(env, e->args[0], rc, &l)) return -1;
  if (e->op == OP_AND || e->op == OP_OR) {
    int lt = truth(env, e->args[0], &l);
    if (lt < 0) return -1;
    memset(out, 0, sizeof *out);
    out->kind = DG_VAL_BOOL;
    if ((e->op == OP_AND && !lt) || (e->op == OP_OR && lt)) {
      out->b = lt;
      return 0;
    }
    if (eval(env, e->args[1], rc, &r)) return -1;
    int rt = truth(env, e->args[1], &r);
    if (rt < 0) return -1;
    out->b = rt;
    return 0;
  }
  if (eval(env, e->args[1], rc, &r)) return -1;
  memset(out, 0, sizeof *out);
  if (e->op >= OP_EQ) {
    int c = 0;
    if (compare(env, e, &l, &r, &c)) return -1;
    out->kind = DG_VAL_BOOL;
    out->b = e->op == OP_EQ   ? c == 0
             : e->op == OP_NE ? c != 0
             : e->op == OP_LT ? c < 0
             : e->op == OP_LE ? c <= 0
             : e->op == OP_GT ? c > 0
                              : c >= 0;
    add_src(env, out, l.src, l.nsrc);
    add_src(env, out, r.src, r.nsrc);
    return 0;
  }
  if (want_num(env, e->args[0], &l) || want_num(env, e->args[1], &r))
    return -1;
  out->kind = DG_VAL_NUM;
  int rcode = e->op == OP_ADD   ? dg_num_add(l.num, r.num, &out->num)
              : e->op == OP_SUB ? dg_num_sub(l.num, r.num, &out->num)
              : e->op == OP_MUL ? dg_num_mul(l.num, r.num, &out->num)
                                : dg_num_div(l.num, r.num, &out->num);
  if (rcode) return numerr(env, e, rcode);
  add_src(env, out, l.src, l.nsrc);
  add_src(env, out, r.src, r.nsrc);
  return 0;
}

static int eval_filter(dg_env *env, const dg_expr *e, const rowctx *rc,
                       dg_value *out) {
  dg_value base;
  if (eval(env, e->args[0], rc, &base)) return -1;
  if (base.kind != DG_VAL_SEL)
    return eerr(env, e, "a filter needs a column such as table.column, "
                        "found %s", kind_name(base.kind));
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
      if (eval(env, e->args[k], &inner, &c)) return -1;
      int t = truth(env, e->args[k], &c);
      if (t < 0) return -1;
      keep = t;
    }
    if (keep) rows[n++] = base.rows[i];
  }
  *out = base;
  out->rows = rows;
  out->nrows = n;
  return 0;
}

static void fullwidth(const char *s, dg_buf *b) {
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int k = dg_utf8_decode(s + i, n - i, &cp);
    if (k <= 0) break;
    if ((cp >= '0' && cp <= '9') || cp == '%' || cp == '.' || cp == ',' ||
        cp == '-' || cp == '+')
      cp = cp == ',' ? 0xFF0C : cp == '.' ? 0xFF0E : cp + 0xFEE0;
    dg_utf8_put(b, cp);
    i += (size_t)k;
  }
}

int dg_value_format(dg_env *env, const dg_value *v0, dg_buf *out) {
  dg_value v = *v0;
  if (scalar(env, NULL, &v)) return -1;
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
  case DG_VAL_TEXT: dg_buf_puts(out, v.text); return 0;
  case DG_VAL_BOOL:
    dg_error(env->ctx, env->pos,
             "a condition cannot be printed; use if(cond, 'a', 'b') in "
             "expression {%s}",
             env->src ? env->src : "");
    return -1;
  case DG_VAL_LIST:
    for (int i = 0; i < v.nitems; i++) {
      if (i) dg_buf_puts(out, "、");
      if (dg_value_format(env, &v.items[i], out)) return -1;
    }
    return 0;
  default: return -1;
  }
}

static void text_value(dg_env *env, dg_value *out, dg_buf *b) {
  memset(out, 0, sizeof *out);
  out->kind = DG_VAL_TEXT;
  out->text = dg_strdup(env->a, b->data ? b->data : "");
  dg_buf_free(b);
}

/* Sorted row order for top(): descending by value, stable on file order. */
typedef struct rank {
  dg_num v;
  int i;
} rank;
static int rank_cmp(const void *a, const void *b) {
  const rank *x = a, *y = b;
  int c = dg_num_cmp(y->v, x->v);
  return c ? c : (x->i > y->i) - (x->i < y->i);
}

static int nargs_ok(dg_env *env, const dg_expr *e, int lo, int hi,
                    const char *usage) {
  if (e->nargs < lo || e->nargs > hi)
    return eerr(env, e, "wrong number of arguments (expected %s)", usage);
  return 0;
}

static int eval_call(dg_env *env, const dg_expr *e, const rowctx *rc,
                     dg_value *out) {
  const char *f = e->s;
  dg_value a[16];
  for (int i = 0; i < e->nargs; i++)
    if (eval(env, e->args[i], rc, &a[i])) return -1;
  memset(out, 0, sizeof *out);
  if (!strcmp(f, "sum") || !strcmp(f, "min") || !strcmp(f, "max") ||
      !strcmp(f, "count")) {
    if (nargs_ok(env, e, 1, 1, "one column such as table.column")) return -1;
    if (want_sel(env, e->args[0], &a[0], f)) return -1;
    out->kind = DG_VAL_NUM;
    out->num = dg_num_int(0);
    if (!strcmp(f, "count")) {
      out->num = dg_num_int(a[0].nrows);
      return 0;
    }
    if (a[0].table->types[a[0].col] == DG_COL_TEXT)
      return eerr(env, e, "%s() needs a numeric column, \"%s\" is text", f,
                  a[0].table->colnames[a[0].col]);
    if (a[0].nrows == 0 && strcmp(f, "sum"))
      return eerr(env, e, "%s() over no rows", f);
    for (int i = 0; i < a[0].nrows; i++) {
      const dg_cell *c = dg_table_cell(a[0].table, a[0].rows[i], a[0].col);
      add_src(env, out, &c, 1);
      if (i == 0 && strcmp(f, "sum")) {
        out->num = c->num;
        continue;
      }
      if (!strcmp(f, "sum")) {
        int r = dg_num_add(out->num, c->num, &out->num);
        if (r) return numerr(env, e, r);
      } else if ((!strcmp(f, "min") && dg_num_cmp(c->num, out->num) < 0) ||
                 (!strcmp(f, "max") && dg_num_cmp(c->num, out->num) > 0))
        out->num = c->num;
    }
    return 0;
  }
  if (!strcmp(f, "pct") || !strcmp(f, "ratio")) {
    if (nargs_ok(env, e, 2, 2, "two numbers: part, whole")) return -1;
    if (want_num(env, e->args[0], &a[0]) || want_num(env, e->args[1], &a[1]))
      return -1;
    if (a[1].num.n == 0)
      return eerr(env, e, "%s() of a zero total (division by zero)", f);
    dg_num q;
    int r = dg_num_div(a[0].num, a[1].num, &q);
    if (!r && f[0] == 'p') r = dg_num_mul(q, dg_num_int(100), &q);
    if (r) return numerr(env, e, r);
    out->kind = DG_VAL_NUM;
    out->num = q;
    add_src(env, out, a[0].src, a[0].nsrc);
    add_src(env, out, a[1].src, a[1].nsrc);
    return 0;
  }
  if (!strcmp(f, "round") || !strcmp(f, "fixed") || !strcmp(f, "plain")) {
    if (nargs_ok(env, e, 1, 2, "a number and a count of decimals 0..6"))
      return -1;
    if (want_num(env, e->args[0], &a[0])) return -1;
    int d = 0;
    if (e->nargs == 2) {
      if (want_int(env, e->args[1], &a[1], 0, 6, "the count of decimals"))
        return -1;
      d = (int)a[1].num.n;
    }
    if (!strcmp(f, "round")) {
      *out = a[0];
      int r = dg_num_round(a[0].num, d, &out->num);
      return r ? numerr(env, e, r) : 0;
    }
    dg_buf b = {0};
    dg_num_format(a[0].num, d, f[0] == 'f', &b);
    text_value(env, out, &b);
    add_src(env, out, a[0].src, a[0].nsrc);
    return 0;
  }
  if (!strcmp(f, "floorto")) {
    if (nargs_ok(env, e, 2, 2, "a number and a step")) return -1;
    if (want_num(env, e->args[0], &a[0]) ||
        want_int(env, e->args[1], &a[1], 1, 1000000000, "the step"))
      return -1;
    *out = a[0];
    int r = dg_num_floor_to(a[0].num, a[1].num.n, &out->num);
    return r ? numerr(env, e, r) : 0;
  }
  if (!strcmp(f, "fw")) {
    if (nargs_ok(env, e, 1, 1, "one value")) return -1;
    dg_buf t = {0}, b = {0};
    if (dg_value_format(env, &a[0], &t)) {
      dg_buf_free(&t);
      return -1;
    }
    fullwidth(t.data ? t.data : "", &b);
    dg_buf_free(&t);
    text_value(env, out, &b);
    add_src(env, out, a[0].src, a[0].nsrc);
    return 0;
  }
  if (!strcmp(f, "top")) {
    if (nargs_ok(env, e, 3, 3, "labels, values, n")) return -1;
    if (want_sel(env, e->args[0], &a[0], f) ||
        want_sel(env, e->args[1], &a[1], f))
      return -1;
    if (a[0].table != a[1].table || a[0].nrows != a[1].nrows)
      return eerr(env, e, "top() needs labels and values from the same rows "
                          "of one table");
    if (a[1].table->types[a[1].col] == DG_COL_TEXT)
      return eerr(env, e, "top() ranks by a numeric column, \"%s\" is text",
                  a[1].table->colnames[a[1].col]);
    if (want_int(env, e->args[2], &a[2], 1, 1000, "n")) return -1;
    int n = a[0].nrows;
    rank *rk = dg_alloc_array(env->a, (size_t)(n ? n : 1), sizeof(rank));
    for (int i = 0; i < n; i++) {
      rk[i].v = dg_table_cell(a[1].table, a[1].rows[i], a[1].col)->num;
      rk[i].i = i;
    }
    qsort(rk, (size_t)n, sizeof(rank), rank_cmp);
    int k = (int)a[2].num.n;
    if (k > n)
      return eerr(env, e, "top() asks for %d labels but only %d rows match",
                  k, n);
    out->kind = DG_VAL_LIST;
    out->items = dg_alloc_array(env->a, (size_t)k, sizeof(dg_value));
    out->nitems = k;
    for (int i = 0; i < n; i++) {
      const dg_cell *vc = dg_table_cell(a[1].table, a[1].rows[rk[i].i], a[1].col);
      add_src(env, out, &vc, 1);
    }
    for (int i = 0; i < k; i++) {
      cell_value(a[0].table, a[0].rows[rk[i].i], a[0].col, &out->items[i]);
      const dg_cell *lc = dg_table_cell(a[0].table, a[0].rows[rk[i].i], a[0].col);
      add_src(env, out, &lc, 1);
    }
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
      l.items = dg_alloc_array(env->a, (size_t)a[0].nrows + 1, sizeof(dg_value));
      for (int i = 0; i < a[0].nrows; i++) {
        cell_value(a[0].table, a[0].rows[i], a[0].col, &l.items[i]);
        const dg_cell *c = dg_table_cell(a[0].table, a[0].rows[i], a[0].col);
        add_src(env, &l, &c, 1);
      }
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
      if (scalar(env, e->args[1], &a[1])) return -1;
      if (a[1].kind != DG_VAL_TEXT)
        return eerr(env, e->args[1], "the separator must be text");
      sep = a[1].text;
    }
    dg_buf b = {0};
    for (int i = 0; i < a[0].nitems; i++) {
      if (i) dg_buf_puts(&b, sep);
      if (isq) dg_buf_puts(&b, "「");
      if (dg_value_format(env, &a[0].items[i], &b)) {
        dg_buf_free(&b);
        return -1;
      }
      if (isq) dg_buf_puts(&b, "」");
    }
    text_value(env, out, &b);
    add_src(env, out, a[0].src, a[0].nsrc);
    return 0;
  }
  if (!strcmp(f, "first")) {
    if (nargs_ok(env, e, 1, 1, "one column such as table.column")) return -1;
    if (want_sel(env, e->args[0], &a[0], f)) return -1;
    if (a[0].nrows == 0) return eerr(env, e, "first() over no rows");
    const dg_cell *c = dg_table_cell(a[0].table, a[0].rows[0], a[0].col);
    cell_value(a[0].table, a[0].rows[0], a[0].col, out);
    add_src(env, out, &c, 1);
    return 0;
  }
  if (!strcmp(f, "nth")) {
    if (nargs_ok(env, e, 2, 2, "a list and a position from 1")) return -1;
    if (a[0].kind != DG_VAL_LIST)
      return eerr(env, e, "nth() expects a list such as top(...)");
    if (want_int(env, e->args[1], &a[1], 1, a[0].nitems ? a[0].nitems : 1,
                 "the position"))
      return -1;
    *out = a[0].items[a[1].num.n - 1];
    add_src(env, out, a[0].src, a[0].nsrc);
    return 0;
  }
  if (!strcmp(f, "if")) {
    if (nargs_ok(env, e, 3, 3, "a condition, a value if true, a value if "
                               "false"))
      return -1;
    int t = truth(env, e->args[0], &a[0]);
    if (t < 0) return -1;
    *out = t ? a[1] : a[2];
    add_src(env, out, a[0].src, a[0].nsrc);
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
      add_src(env, &acc, a[i].src, a[i].nsrc);
    }
    text_value(env, out, &b);
    add_src(env, out, acc.src, acc.nsrc);
    return 0;
  }
  if (!strcmp(f, "abs")) {
    if (nargs_ok(env, e, 1, 1, "one number")) return -1;
    if (want_num(env, e->args[0], &a[0])) return -1;
    *out = a[0];
    if (out->num.n < 0) out->num.n = -out->num.n;
    return 0;
  }
  return eerr(env, e,
              "unknown function \"%s\" (expected sum, count, min, max, pct, "
              "ratio, round, fixed, plain, floorto, fw, top, quote, join, "
              "nth, first, if, concat, abs)",
              f);
}

static int eval(dg_env *env, const dg_expr *e, const rowctx *rc,
                dg_value *out) {
  memset(out, 0, sizeof *out);
  if (rc && rc->m && e->rowfree && (e->kind == E_CALL || e->kind == E_BIN ||
                                    e->kind == E_FILTER)) {
    memo *m = rc->m;
    for (int i = 0; i < m->n; i++)
      if (m->e[i] == e) {
        *out = m->v[i];
        return 0;
      }
    if (eval(env, e, NULL, out)) return -1;
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
        cell_value(rc->t, rc->row, c, out);
        return 0;
      }
      dg_buf b = {0};
      col_list(rc->t, &b);
      eerr(env, e, "unknown column \"%s\" in table \"%s\" (expected one of: "
                   "%s)", e->s, rc->t->id, b.data);
      dg_buf_free(&b);
      return -1;
    }
    return eerr(env, e, "unknown name \"%s\" (expected table.column, a "
                        "function call, a number or 'text')", e->s);
  case E_COL: {
    const dg_table *t = find_table(env, e->s);
    if (!t) {
      dg_buf b = {0};
      for (int i = 0; i < env->ntables; i++) {
        if (i) dg_buf_puts(&b, ", ");
        dg_buf_puts(&b, env->tables[i]->id);
      }
      eerr(env, e, "unknown dataset \"%s\" (expected one of: %s)", e->s,
           b.data ? b.data : "none declared");
      dg_buf_free(&b);
      return -1;
    }
    int c = dg_table_col(t, e->s2);
    if (c < 0) {
      dg_buf b = {0};
      col_list(t, &b);
      eerr(env, e, "unknown column \"%s\" in dataset \"%s\" (expected one "
                   "of: %s)", e->s2, e->s, b.data);
      dg_buf_free(&b);
      return -1;
    }
    int *rows = dg_alloc_array(env->a, (size_t)(t->nrows ? t->nrows : 1),
                               sizeof(int));
    for (int i = 0; i < t->nrows; i++) rows[i] = i;
    out->kind = DG_VAL_SEL;
    out->table = t;
    out->col = c;
    out->rows = rows;
    out->nrows = t->nrows;
    return 0;
  }
  case E_CALL: return eval_call(env, e, rc, out);
  case E_BIN: return eval_bin(env, e, rc, out);
  case E_NEG: {
    if (eval(env, e->args[0], rc, out) || want_num(env, e->args[0], out))
      return -1;
    out->num.n = -out->num.n;
    return 0;
  }
  case E_NOT: {
    int t;
    if (eval(env, e->args[0], rc, out)) return -1;
    if ((t = truth(env, e->args[0], out)) < 0) return -1;
    out->kind = DG_VAL_BOOL;
    out->b = !t;
    return 0;
  }
  case E_FILTER: return eval_filter(env, e, rc, out);
  }
  return -1;
}

int dg_expr_eval(dg_env *env, const dg_expr *e, dg_value *out) {
  return eval(env, e, NULL, out);
}

int dg_eval_num(dg_env *env, const char *src, dg_num *out, dg_value *full) {
  const char *saved = env->src;
  env->src = src;
  dg_expr *e = dg_expr_parse(env->ctx, env->a, src, env->pos);
  dg_value v;
  int rc = -1;
  if (e && !dg_expr_eval(env, e, &v) && !want_num(env, e, &v)) {
    *out = v.num;
    if (full) *full = v;
    rc = 0;
  }
  env->src = saved;
  return rc;
}

int dg_eval_check(dg_env *env, const char *src, int *ok, dg_buf *found) {
  const char *saved = env->src;
  env->src = src;
  int rc = -1;
  dg_expr *e = dg_expr_parse(env->ctx, env->a, src, env->pos);
  dg_value v;
  if (e && !eval(env, e, NULL, &v)) {
    int t = truth(env, e, &v);
    if (t >= 0) {
      *ok = t;
      rc = 0;
      if (e->kind == E_BIN && e->op >= OP_EQ && e->op <= OP_GE) {
        dg_value l, r;
        if (!eval(env, e->args[0], NULL, &l) &&
            !eval(env, e->args[1], NULL, &r) && !scalar(env, e, &l) &&
            !scalar(env, e, &r)) {
          dg_value_format(env, &l, found);
          dg_buf_puts(found, " and ");
          dg_value_format(env, &r, found);
        }
      }
    }
  }
  env->src = saved;
  return rc;
}
