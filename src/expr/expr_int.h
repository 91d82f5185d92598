/* expr_int: what the expression module's three files share — the AST,
 * the row context of filters, and the evaluator's helpers (expr/expr_parse.c
 * parses, expr.c evaluates, expr/expr_fn.c holds the built-in functions). */
#ifndef DG_EXPR_INT_H
#define DG_EXPR_INT_H

#include "expr/expr.h"

enum { E_NUM, E_STR, E_NAME, E_COL, E_CALL, E_BIN, E_NEG, E_NOT, E_FILTER };
enum {
  OP_ADD,
  OP_SUB,
  OP_MUL,
  OP_DIV,
  OP_EQ,
  OP_NE,
  OP_LT,
  OP_LE,
  OP_GT,
  OP_GE,
  OP_AND,
  OP_OR
};

struct dg_expr {
  int kind, op, off;
  int rowfree; /* no bare column names below: same value on every row */
  dg_num num;
  const char *s, *s2;
  dg_expr **args;
  int nargs;
};

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

/* 1-based column in characters (not bytes) of byte offset off in src. */
int ex_char_col(const char *src, int off);
/* Marks subtrees that do not read the current row of a filter. */
int ex_mark_rowfree(dg_expr *e);

int ex_eval(dg_env *env, const dg_expr *e, const rowctx *rc, dg_value *out);
int ex_eval_call(dg_env *env, const dg_expr *e, const rowctx *rc,
                 dg_value *out);
/* Reports "msg in expression {src} at column N" at env's position; -1. */
int ex_err(dg_env *env, const dg_expr *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *ex_kind_name(dg_valkind k);
/* Adds cells s[0..n-1] to v's provenance: listed up to DG_SRC_MAX, counted
 * beyond. Costs O(DG_SRC_MAX) at most, whatever n is. */
void ex_add_src(dg_env *env, dg_value *v, const dg_cell *const *s, int n);
/* Adds everything `from` came from (listed and counted cells) to v. */
void ex_add_prov(dg_env *env, dg_value *v, const dg_value *from);
/* Adds the cells of a selection's rows, in row order (bounded likewise). */
void ex_add_sel(dg_env *env, dg_value *v, const dg_value *sel);
void ex_cell_value(const dg_table *t, int r, int c, dg_value *v);
int ex_scalar(dg_env *env, const dg_expr *e, dg_value *v);
int ex_want_num(dg_env *env, const dg_expr *e, dg_value *v);
int ex_want_sel(dg_env *env, const dg_expr *e, dg_value *v, const char *fn);
int ex_want_int(dg_env *env, const dg_expr *e, dg_value *v, int lo, int hi,
                const char *what);
int ex_numerr(dg_env *env, const dg_expr *e, int rc);
int ex_truth(dg_env *env, const dg_expr *e, dg_value *v);
/* Parses src and evaluates it as a truth into *ok; then, with env->src
 * still src, why(env, e, *ok, found) says what was found. Returns 0, or -1
 * after reporting. */
int ex_eval_truth(dg_env *env, const char *src, int *ok, dg_buf *found,
                  void (*why)(dg_env *env, const dg_expr *e, int ok,
                              dg_buf *found));
/* Date functions (expr/expr_date.c): wareki, year, month, day. a holds the
 * evaluated arguments. Returns 0, -1 after reporting, or 1 when f is not
 * one of them. */
int ex_eval_date(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out);
/* Reads the named value `name` into out (evaluating it on first use):
 * returns 0, 1 when no value has that name, -1 after reporting an error in
 * its expression (at the <let>'s line) or a value defined by itself. */
int ex_named(dg_env *env, const char *name, dg_value *out);
/* The phrase functions (expr/expr_phrase.c): wording that follows the data.
 * Returns 1 when f is not one of them, else 0 or -1 like ex_eval_call. */
int ex_eval_phrase(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out);

#endif
