/* expr: the deck's expression language, used inside {…} in text and in
 * chart/check attributes. Parsed to a small AST, then evaluated against the
 * data tables with exact rational arithmetic. Values remember the CSV cells
 * they came from, for --explain. */
#ifndef DG_EXPR_H
#define DG_EXPR_H

#include "base/util.h"
#include "data/csv.h"
#include "data/num.h"

typedef struct dg_expr dg_expr;

typedef enum {
  DG_VAL_NUM,
  DG_VAL_TEXT,
  DG_VAL_BOOL,
  DG_VAL_LIST, /* of texts or numbers */
  DG_VAL_SEL   /* rows of one table's column, not yet reduced */
} dg_valkind;

typedef struct dg_value {
  dg_valkind kind;
  dg_num num;
  const char *text;
  int b;
  struct dg_value *items;
  int nitems;
  const dg_table *table; /* SEL */
  int col;
  const int *rows;
  int nrows;
  const dg_cell **src;   /* cells this value was computed from: at most */
  int nsrc;              /* DG_SRC_MAX of them listed, ... */
  int src_more;          /* ... the others only counted */
  const char *more_file; /* file of the uncounted cells ("" if several) */
  const dg_expr *filter; /* SEL made by a filter: for messages */
} dg_value;

/* Provenance stays bounded: an aggregate over 200,000 rows lists its first
 * DG_SRC_MAX cells and counts the rest (--explain says how many). */
#define DG_SRC_MAX 100

/* A named value of the deck (<let name expr>), read by its bare name in
 * later expressions. It is evaluated when first read (then kept), so a
 * premise can guard a value that would be an error on other data. */
typedef struct dg_named {
  const char *name;
  const struct dg_expr *e;
  const char *src; /* expression source and position, for messages */
  dg_pos pos;
  int state; /* 0 not evaluated, 1 being evaluated, 2 done */
  dg_value v;
} dg_named;

typedef struct dg_env {
  dg_ctx *ctx;
  dg_arena *a;
  dg_table **tables;
  int ntables;
  dg_pos pos;        /* where the expression sits (file:line) */
  const char *src;   /* expression source, for messages */
  dg_named *names;   /* named values in scope, newest last (arena) */
  const char *where; /* the slide and sentence being bound, or NULL: data
                        that leaves a phrase nothing to say names them */
  int nnames, capnames;
  const struct ex_fn *fns; /* the functions calls may name; NULL: the
                              built-ins, set by the first evaluation */
  int depth;               /* evaluations under way, one inside another */
  long long steps;         /* evaluations so far (DG_EXPR_MAX_STEPS) */
  int names_refused;       /* declarations refused at DG_EXPR_MAX_NAMES */
} dg_env;

/* Limits for hostile templates, each an error at the expression's
 * file:line that states the limit: */
#define DG_EXPR_MAX_LEN 4096 /* bytes of one expression's source */
#define DG_EXPR_MAX_DEPTH 64 /* nesting inside one expression */
/* evaluations inside one another, through named values read by other
 * named values: bounds the C stack (10,000 chained <let>s crashed) */
#define DG_EXPR_MAX_EVAL_DEPTH 400
/* named values in scope at once (each declaration is checked against the
 * others, each read searches them) */
#define DG_EXPR_MAX_NAMES 4096
/* evaluations in one environment (a deck): a filter counts one per row,
 * so this allows ~200 filters over 200,000 rows */
#define DG_EXPR_MAX_STEPS 50000000LL
/* bytes of one text value (concat of a value with itself, 28 times, asked
 * for 2 GB) */
#define DG_EXPR_MAX_TEXT (1 << 20)

/* Every character the built-in functions write themselves (増加, 同数で,
 * を超える, 「」 …): the font subsets must cover them as well as the
 * template's and the data's characters. A static string. */
const char *dg_expr_vocabulary(void);

/* What most() writes for a tie of shares or amounts (<column kind>): the
 * font subsets need them only for decks that declare such a column. */
#define DG_EXPR_TIE_WORDS "同率同額"

/* Appends to out the reference of the built-in functions in Markdown (one
 * table row each: name, arguments, what it gives), as doc/functions.md
 * holds it. The caller frees out. */
void dg_expr_functions_markdown(dg_buf *out);

/* Parses src; returns the AST (arena-owned) or NULL after reporting an error
 * at pos that quotes the expression and the offending column in it. */
dg_expr *dg_expr_parse(dg_ctx *ctx, dg_arena *a, const char *src, dg_pos pos);

/* Evaluates e; returns 0 and fills out, or -1 after reporting an error. */
int dg_expr_eval(dg_env *env, const dg_expr *e, dg_value *out);

/* Reduces a selection of one row to its cell value; other values pass
 * through. Returns 0 or -1 (no row / several rows) after reporting. */
int dg_value_scalar(dg_env *env, dg_value *v);

/* Formats a value as it appears in text: integers with thousands
 * separators, texts as is, lists joined with "、". A non-integer number is
 * an error (the template must say how many decimals, with fixed()). */
int dg_value_format(dg_env *env, const dg_value *v, dg_buf *out);

/* Parses and evaluates src to a number (0) or reports and returns -1. */
int dg_eval_num(dg_env *env, const char *src, dg_num *out, dg_value *full);

/* Evaluates src on row `row` of table t, whose bare column names are that
 * row's cells, and (alias not NULL) alias.column the cell of row jrow of
 * table jt: a column of a derived dataset. 0, or -1 after reporting. */
int dg_eval_row(dg_env *env, const char *src, const dg_table *t, int row,
                const char *alias, const dg_table *jt, int jrow,
                dg_value *out);

/* Evaluates a check (a condition). Returns 0 with *ok set, or -1 after an
 * error. When the check is a comparison, `found` receives "L and R", the
 * two sides as evaluated, for the failure message. */
int dg_eval_check(dg_env *env, const char *src, int *ok, dg_buf *found);

/* Declares (or, in an inner scope, shadows) the named value `name` as the
 * expression src, parsed now at env->pos and evaluated when first read.
 * Returns 0, or -1 after reporting a syntax error, a name that is not an
 * identifier, or one already declared since `scope` (index into names). */
int dg_env_let(dg_env *env, int scope, const char *name, const char *src);

/* Evaluates a premise (a condition). Returns 0 with *ok set, or -1 after an
 * error. `found` receives the values the premise read — each named value as
 * "name = value" and the two sides of a comparison — for the message. */
int dg_eval_premise(dg_env *env, const char *src, int *ok, dg_buf *found);

#endif
