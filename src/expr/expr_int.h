/* expr_int: what the expression stage's files share — the AST, the row
 * context of filters, the table of built-in functions, and the helpers on
 * values (expr/expr_parse.c parses, expr/expr_value.c holds the values'
 * helpers, expr/expr_eval.c evaluates, expr/expr_fn.c, expr/expr_date.c and
 * expr/expr_phrase.c are the built-ins, expr.c the entry points). */
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
  /* a derived dataset's row: alias.column is the cell of row jrow of jt,
   * the row joined to it by key (alias NULL: none) */
  const char *alias;
  const dg_table *jt;
  int jrow;
  /* a derived dataset's row, joined or not: the cells its column's
   * expression reads are the computed value's sources (--explain) */
  int derived;
} rowctx;

/* 1-based column in characters (not bytes) of byte offset off in src. */
int ex_char_col(const char *src, int off);
/* Marks subtrees that do not read the current row of a filter. */
int ex_mark_rowfree(dg_expr *e);

/* A built-in function: one entry of the table calls are looked up in
 * (env->fns, ended by an entry whose name is NULL). The evaluator checks
 * the count of arguments against min_args..max_args, then calls `call`
 * with the arguments evaluated in a[0..e->nargs-1] (their expressions in
 * e->args, for messages) and out zeroed; it returns 0 with out filled, or
 * -1 after reporting. */
typedef int ex_call(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out);
typedef struct ex_fn {
  const char *name;
  int min_args, max_args; /* max_args -1: any number (the parser allows 16) */
  const char *args;       /* the arguments' kinds, for the reference */
  const char *usage;      /* "wrong number of arguments (expected …)" */
  const char *doc;        /* one line of reference: what it gives */
  ex_call *call;
} ex_fn;

/* The deck language's built-in functions (expr/expr_fn.c), in the order
 * "unknown function" lists them. */
extern const ex_fn ex_builtins[];

/* Evaluates e (on the row rc of a filter, or NULL); 0, or -1 after
 * reporting. Calls look up env->fns, which must be set. */
int ex_eval(dg_env *env, const dg_expr *e, const rowctx *rc, dg_value *out);
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
/* Appends 「s」 to b; quotation marks inside s become 『』, as Japanese
 * nests quotations (tests/variants/quoted-label). */
void ex_put_quoted(dg_buf *b, const char *s);
int ex_scalar(dg_env *env, const dg_expr *e, dg_value *v);
int ex_want_num(dg_env *env, const dg_expr *e, dg_value *v);
int ex_want_sel(dg_env *env, const dg_expr *e, dg_value *v, const char *fn);
int ex_want_int(dg_env *env, const dg_expr *e, dg_value *v, int lo, int hi,
                const char *what);
int ex_numerr(dg_env *env, const dg_expr *e, int rc);
int ex_truth(dg_env *env, const dg_expr *e, dg_value *v);
/* What a false premise e rests on (expr/expr_let.c): each named value it
 * read as "name = value", the two sides of its comparisons, appended to
 * found. Nothing when ok. */
void ex_premise_found(dg_env *env, const dg_expr *e, int ok, dg_buf *found);
/* Reads the named value `name` into out (evaluating it on first use):
 * returns 0, 1 when no value has that name, -1 after reporting an error in
 * its expression (at the <let>'s line) or a value defined by itself. */
int ex_named(dg_env *env, const char *name, dg_value *out);
/* The date functions (expr/expr_date.c) and the phrase functions, whose
 * wording follows the data (expr/expr_phrase.c): entries of ex_builtins. */
ex_call ex_fn_wareki, ex_fn_year, ex_fn_month, ex_fn_day;
ex_call ex_fn_top, ex_fn_above, ex_fn_ranked, ex_fn_leaders, ex_fn_most,
    ex_fn_distinct_top, ex_fn_change, ex_fn_direction, ex_fn_magnitude,
    ex_fn_threshold, ex_fn_atleast, ex_fn_same, ex_fn_contains;

#endif
