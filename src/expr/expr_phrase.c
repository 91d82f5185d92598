/* exprphrase: the built-in functions whose result is wording that follows
 * the data, so that a sentence stays true when the data changes — rankings
 * that handle ties, the direction of a change, thresholds and sameness.
 * Entries of the table of built-ins (expr/expr_fn.c): the evaluator calls
 * them with the arguments evaluated and counted. A function refuses data
 * about which its phrase would be false or empty (no rows, no value above
 * 0), naming the CSV file. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr_int.h"

/* An error about the data (nothing to rank, a tie where the sentence
 * needs one label): prefixed with the slide and sentence being bound. */
static int data_err(dg_env *env, const dg_expr *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int data_err(dg_env *env, const dg_expr *e, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return ex_err(env, e, "%s%s%s", env->where ? env->where : "",
                env->where ? ": " : "", msg);
}

/* Rows of one table ranked by a numeric column: descending, ties in file
 * order. lab/val are column indexes; row[i] is the i-th ranked row. */
typedef struct ranking {
  const dg_table *t;
  int lab, val, n;
  int *row;
  dg_num *v;
} ranking;

typedef struct rk {
  dg_num v;
  int pos, row;
} rk;

static int rk_cmp(const void *a, const void *b) {
  const rk *x = a, *y = b;
  int c = dg_num_cmp(y->v, x->v);
  return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* Whether row r of t holds the catch-all answer declared for a column. */
static int is_catchall(const dg_table *t, int r) {
  for (int c = 0; t->other && c < t->ncols; c++)
    if (t->other[c] && !strcmp(dg_table_cell(t, r, c)->text, t->other[c]))
      return 1;
  return 0;
}

/* above(values, x): how many selected rows hold a value greater than x,
 * the catch-all left out as in every ranking — 「活用事例の多い」 reads
 * whether fewer than four answers outnumber 議事録, and 「その他」 (however
 * large) is no answer (tests/variants/other-leads). */
int ex_fn_above(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  if (ex_want_sel(env, e->args[0], &a[0], e->s) ||
      ex_want_num(env, e->args[1], &a[1]))
    return -1;
  const dg_table *t = a[0].table;
  if (t->types[a[0].col] == DG_COL_TEXT)
    return ex_err(env, e, "%s() needs a numeric column, \"%s\" is text", e->s,
                  t->colnames[a[0].col]);
  int n = 0;
  for (int i = 0; i < a[0].nrows; i++) {
    int r = a[0].rows[i];
    n += !is_catchall(t, r) &&
         dg_num_cmp(dg_table_cell(t, r, a[0].col)->num, a[1].num) > 0;
  }
  dg_value x = a[1];
  memset(out, 0, sizeof *out);
  out->kind = DG_VAL_NUM;
  out->num = dg_num_int(n);
  ex_add_sel(env, out, &a[0]);
  ex_add_prov(env, out, &x);
  return 0;
}

/* Ranks labels (a SEL) by values (a SEL of the same rows). With
 * need_answers, no rows or no value above 0 is an error naming the CSV: a
 * "most" or a "top N" of nothing would print a false sentence. */
static int rank_sel(dg_env *env, const dg_expr *e, dg_value *labels,
                    dg_value *values, int need_answers, ranking *r) {
  const char *f = e->s;
  if (ex_want_sel(env, e->args[0], labels, f) ||
      ex_want_sel(env, e->args[e->nargs > 1 ? 1 : 0], values, f))
    return -1;
  if (labels->table != values->table || labels->nrows != values->nrows)
    return ex_err(env, e,
                  "%s() needs labels and values from the same rows of one "
                  "table",
                  f);
  const dg_table *t = values->table;
  if (t->types[values->col] == DG_COL_TEXT)
    return ex_err(env, e, "%s() ranks by a numeric column, \"%s\" is text", f,
                  t->colnames[values->col]);
  /* the catch-all answer (other="その他" on a column) is no answer of its
   * own: it is never ranked nor named as the most frequent, whatever the
   * expression selects (tests/variants/other-leads) */
  int n = 0;
  int *keep = dg_alloc_array(
      env->a, (size_t)(values->nrows ? values->nrows : 1), sizeof(int));
  for (int i = 0; i < values->nrows; i++)
    if (!is_catchall(t, values->rows[i]))
      keep[n++] = i;
  if (need_answers && n == 0)
    return data_err(env, e, "%s() has no rows of %s.%s to rank in %s", f, t->id,
                    t->colnames[values->col], t->path);
  rk *k = dg_alloc_array(env->a, (size_t)(n ? n : 1), sizeof(rk));
  int positive = 0; /* a count that leads must be above 0 */
  for (int i = 0; i < n; i++) {
    k[i].v = dg_table_cell(t, values->rows[keep[i]], values->col)->num;
    k[i].pos = keep[i];
    k[i].row = values->rows[keep[i]];
    positive |= k[i].v.n > 0;
  }
  int others = 0; /* a row outside the selection is above 0 */
  for (int i = 0; need_answers && !positive && i < t->nrows; i++)
    others |= !is_catchall(t, i) && dg_table_cell(t, i, values->col)->num.n > 0;
  if (need_answers && !positive && others)
    /* a selection: "no value of the column is above 0" would be false,
     * and so would the premise it suggests (hostile12) */
    return data_err(env, e,
                    "%s() has nothing to name: no value of %s.%s in the %d "
                    "of %d rows selected from %s is above 0 (give the "
                    "paragraph a premise such as max(%s.%s where …) > 0 and "
                    "an <else> wording)",
                    f, t->id, t->colnames[values->col], n, t->nrows, t->path,
                    t->id, t->colnames[values->col]);
  if (need_answers && !positive)
    return data_err(env, e,
                    "%s() has nothing to name: no value of %s.%s is above 0 in "
                    "%s "
                    "(give the paragraph a premise such as max(%s.%s) > 0 and "
                    "an <else> wording)",
                    f, t->id, t->colnames[values->col], t->path, t->id,
                    t->colnames[values->col]);
  qsort(k, (size_t)n, sizeof(rk), rk_cmp);
  r->t = t;
  r->lab = labels->col;
  r->val = values->col;
  r->n = n;
  r->row = dg_alloc_array(env->a, (size_t)(n ? n : 1), sizeof(int));
  r->v = dg_alloc_array(env->a, (size_t)(n ? n : 1), sizeof(dg_num));
  for (int i = 0; i < n; i++) {
    r->row[i] = labels->rows[k[i].pos];
    r->v[i] = k[i].v;
  }
  return 0;
}

/* The ranked rows 0..k-1 as a list of labels, with their cells as sources
 * (and the value cells of every ranked row: the choice depends on them). */
static void rank_list(dg_env *env, const ranking *r, int k, dg_value *out) {
  memset(out, 0, sizeof *out);
  out->kind = DG_VAL_LIST;
  out->items = dg_alloc_array(env->a, (size_t)(k ? k : 1), sizeof(dg_value));
  out->nitems = k;
  /* beyond DG_SRC_MAX cells (provenance stays bounded, so an aggregate
   * over 200,000 rows costs no more) the labels go first: they are what
   * the text shows; the values are listed in rank order as far as they
   * fit, and counted */
  const dg_cell **vc =
      dg_alloc_array(env->a, (size_t)(r->n ? r->n : 1), sizeof(dg_cell *));
  const dg_cell **lc =
      dg_alloc_array(env->a, (size_t)(k ? k : 1), sizeof(dg_cell *));
  for (int i = 0; i < r->n; i++)
    vc[i] = dg_table_cell(r->t, r->row[i], r->val);
  for (int i = 0; i < k; i++) {
    ex_cell_value(r->t, r->row[i], r->lab, &out->items[i]);
    lc[i] = dg_table_cell(r->t, r->row[i], r->lab);
  }
  int labels_first = r->n + k > DG_SRC_MAX;
  ex_add_src(env, out, labels_first ? lc : vc, labels_first ? k : r->n);
  ex_add_src(env, out, labels_first ? vc : lc, labels_first ? r->n : k);
}

/* Number of rows tied with the first (the leaders). */
static int nleaders(const ranking *r) {
  int k = 1;
  while (k < r->n && dg_num_cmp(r->v[k], r->v[0]) == 0)
    k++;
  return k;
}

static const char *label_text(const ranking *r, int i) {
  return dg_table_cell(r->t, r->row[i], r->lab)->text;
}

static void text_out(dg_env *env, dg_value *out, dg_buf *b) {
  dg_value keep = *out;
  memset(out, 0, sizeof *out);
  out->kind = DG_VAL_TEXT;
  out->text = dg_strdup(env->a, b->data ? b->data : "");
  out->src = keep.src;
  out->nsrc = keep.nsrc;
  dg_buf_free(b);
}

/* 「A」 / 「A」と「B」 / 「A」、「B」と「C」 */
static void quote_and(const ranking *r, int k, dg_buf *b) {
  for (int i = 0; i < k; i++) {
    if (i)
      dg_buf_puts(b, i == k - 1 ? "と" : "、");
    ex_put_quoted(b, label_text(r, i));
  }
}

/* Optional text argument i (a unit such as '件'), "" when absent. */
static int opt_text(dg_env *env, const dg_expr *e, dg_value *a, int i,
                    const char **s) {
  *s = "";
  if (e->nargs <= i)
    return 0;
  if (ex_scalar(env, e->args[i], &a[i]))
    return -1;
  if (a[i].kind != DG_VAL_TEXT)
    return ex_err(env, e->args[i], "the unit must be text such as '件'");
  *s = a[i].text;
  return 0;
}

/* top() and ranked(): the n labels with the largest values; at a tie
 * across the cut, top() refuses and ranked() (extend) takes the tied. */
static int top_n(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out,
                 int extend) {
  ranking r;
  if (rank_sel(env, e, &a[0], &a[1], 1, &r) ||
      ex_want_int(env, e->args[2], &a[2], 1, 1000, "n"))
    return -1;
  int k = (int)a[2].num.n;
  if (k > r.n)
    return data_err(env, e,
                    "%s() asks for %d labels but only %d rows of %s match",
                    e->s, k, r.n, r.t->path);
  /* a label with no answers is not 「回答の多い順」: only rows above 0
   * are ranked (they come first, the rows are sorted descending) */
  int npos = 0;
  while (npos < r.n && r.v[npos].n > 0)
    npos++;
  if (k > npos)
    return data_err(env, e,
                    "%s() asks for %d labels but only %d rows of %s have a "
                    "value above 0 (「%s」 has %s; a label with no answers "
                    "is not ranked)",
                    e->s, k, npos, r.t->path, label_text(&r, npos),
                    dg_table_cell(r.t, r.row[npos], r.val)->text);
  if (k < r.n && dg_num_cmp(r.v[k - 1], r.v[k]) == 0) {
    if (!extend) {
      data_err(env, e,
               "top() would cut between tied values: 「%s」 and 「%s」 both "
               "have %s in %s (use ranked() to include every tied label)",
               label_text(&r, k - 1), label_text(&r, k),
               dg_table_cell(r.t, r.row[k], r.val)->text, r.t->path);
      return -1;
    }
    while (k < r.n && dg_num_cmp(r.v[k - 1], r.v[k]) == 0)
      k++;
  }
  rank_list(env, &r, k, out);
  return 0;
}

int ex_fn_top(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return top_n(env, e, a, out, 0);
}

int ex_fn_ranked(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return top_n(env, e, a, out, 1);
}

/* leaders(labels, values): the labels tied for the largest value. */
int ex_fn_leaders(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  ranking r;
  if (rank_sel(env, e, &a[0], &a[1], 1, &r))
    return -1;
  rank_list(env, &r, nleaders(&r), out);
  return 0;
}

/* The word for values tied: 同数 for counts, 同率 for shares and rates,
 * 同額 for amounts, as the column declares (<column kind>; default: a
 * count). */
static const char *tie_word(const ranking *r) {
  dg_numkind k = r->t->kinds ? r->t->kinds[r->val] : DG_KIND_COUNT;
  return k == DG_KIND_SHARE ? "同率" : k == DG_KIND_AMOUNT ? "同額" : "同数";
}

/* Decimals a value is printed with: as its cell was written (67.60 keeps
 * two), none for a whole number written without a point. */
static int written_decimals(const dg_cell *c) {
  const char *p = c->text ? strchr(c->text, '.') : NULL;
  return p ? (int)strspn(p + 1, "0123456789") : 0;
}

/* most(labels, values[, unit]): the subject of 「…最も多かった」 —
 * 「A」が / 「A」が120件と, and with a tie 「A」と「B」が同数で /
 * 「A」と「B」が同数の120件で (同率 for shares: 「A」と「B」が同率の67.6%で).
 */
int ex_fn_most(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  ranking r;
  const char *unit;
  if (rank_sel(env, e, &a[0], &a[1], 1, &r) || opt_text(env, e, a, 2, &unit))
    return -1;
  int k = nleaders(&r);
  rank_list(env, &r, k, out);
  dg_buf b = {0};
  quote_and(&r, k, &b);
  dg_buf_puts(&b, "が");
  const char *tie = tie_word(&r);
  if (e->nargs == 3) {
    const dg_cell *c = dg_table_cell(r.t, r.row[0], r.val);
    int d = written_decimals(c);
    int pct = !strcmp(unit, "%") || !strcmp(unit, "％");
    if (k > 1 && pct && !strcmp(tie, "同数")) {
      dg_buf_free(&b);
      return ex_err(env, e,
                    "most() would call the tie of 「%s」 and 「%s」 at %s%s "
                    "同数 (equal counts); declare <column name=\"%s\" "
                    "kind=\"share\"> in dataset \"%s\" so that it says 同率",
                    label_text(&r, 0), label_text(&r, 1), c->text, unit,
                    r.t->colnames[r.val], r.t->id);
    }
    if (!dg_num_is_int(r.v[0]) && !strcmp(tie, "同数")) {
      dg_buf_free(&b);
      return ex_err(env, e,
                    "most() prints the count, and %s is not a whole "
                    "number",
                    c->text);
    }
    if (k > 1)
      dg_buf_printf(&b, "%sの", tie);
    dg_num_format(r.v[0], dg_num_is_int(r.v[0]) && !d ? 0 : d ? d : 1, 1, &b);
    dg_buf_printf(&b, "%s%s", unit, k > 1 ? "で" : "と");
  } else if (k > 1) {
    dg_buf_printf(&b, "%sで", tie);
  }
  text_out(env, out, &b);
  return 0;
}

/* distinct_top(values, n): each of the n largest values is held by one row
 * and is larger than the next — what 「次いで」 and 「最も多い」 rely on. */
int ex_fn_distinct_top(dg_env *env, const dg_expr *e, dg_value *a,
                       dg_value *out) {
  ranking r;
  if (rank_sel(env, e, &a[0], &a[0], 0, &r))
    return -1;
  int n = 1;
  if (e->nargs == 2) {
    if (ex_want_int(env, e->args[1], &a[1], 1, 1000, "n"))
      return -1;
    n = (int)a[1].num.n;
  }
  memset(out, 0, sizeof *out);
  out->kind = DG_VAL_BOOL;
  out->b = n <= r.n;
  for (int i = 0; out->b && i < n && i + 1 < r.n; i++)
    out->b = dg_num_cmp(r.v[i], r.v[i + 1]) > 0;
  for (int i = 0; i < r.n; i++) {
    const dg_cell *c = dg_table_cell(r.t, r.row[i], r.val);
    ex_add_src(env, out, &c, 1);
  }
  return 0;
}

/* x rounded to d decimals (the printed precision): its sign decides the
 * word, so a change that prints as 0.0 is 横ばい, never 「0.0…増加」. */
static int rounded_arg(dg_env *env, const dg_expr *e, dg_value *a, int *d,
                       dg_num *x) {
  if (ex_want_num(env, e->args[0], &a[0]))
    return -1;
  *d = 0;
  if (e->nargs >= 2) {
    if (ex_want_int(env, e->args[1], &a[1], 0, 6, "the count of decimals"))
      return -1;
    *d = (int)a[1].num.n;
  }
  int rc = dg_num_round(a[0].num, *d, x);
  return rc ? ex_numerr(env, e, rc) : 0;
}

enum { CH_CHANGE, CH_DIRECTION, CH_MAGNITUDE };

/* change(), direction() and magnitude() of a difference x, read at the
 * printed precision. */
static int change_words(dg_env *env, const dg_expr *e, dg_value *a,
                        dg_value *out, int what) {
  int d;
  dg_num x;
  const char *unit;
  if (rounded_arg(env, e, a, &d, &x) || opt_text(env, e, a, 2, &unit))
    return -1;
  *out = a[0];
  dg_buf b = {0};
  int s = dg_num_cmp(x, dg_num_int(0));
  dg_num m = x;
  m.n = m.n < 0 ? -m.n : m.n;
  if (what == CH_DIRECTION) {
    dg_buf_puts(&b, s > 0 ? "増加" : s < 0 ? "減少" : "横ばい");
  } else if (what == CH_MAGNITUDE) {
    dg_num_format(m, d, 1, &b);
  } else if (s == 0) {
    dg_buf_puts(&b, "横ばい");
  } else {
    dg_num_format(m, d, 1, &b);
    dg_buf_printf(&b, "%s%s", unit, s > 0 ? "増加" : "減少");
  }
  text_out(env, out, &b);
  return 0;
}

int ex_fn_change(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return change_words(env, e, a, out, CH_CHANGE);
}

int ex_fn_direction(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return change_words(env, e, a, out, CH_DIRECTION);
}

int ex_fn_magnitude(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return change_words(env, e, a, out, CH_MAGNITUDE);
}

/* The largest multiple of step (shrunk tenfold while it would give 0) not
 * above x: 1,400 → 1,000, 950 → 900, 7 → 7 with step 10. */
static int floor_unit(dg_env *env, const dg_expr *e, dg_value *a, dg_num *fl) {
  if (ex_want_num(env, e->args[0], &a[0]) ||
      ex_want_int(env, e->args[1], &a[1], 1, 1000000000, "the step"))
    return -1;
  if (dg_num_cmp(a[0].num, dg_num_int(1)) < 0) {
    dg_buf v = {0};
    dg_num_format(a[0].num, dg_num_is_int(a[0].num) ? 0 : 2, 1, &v);
    data_err(env, e,
             "%s() of %s: a value below 1 has no unit to round down to (give "
             "the paragraph a premise and an <else> wording)",
             e->s, v.data);
    dg_buf_free(&v);
    return -1;
  }
  int64_t step = a[1].num.n;
  for (;;) {
    int rc = dg_num_floor_to(a[0].num, step, fl);
    if (rc)
      return ex_numerr(env, e, rc);
    if (fl->n > 0 || step == 1)
      return 0;
    step /= 10;
    if (step < 1)
      step = 1;
  }
}

/* threshold() words the number rounded down to the step (「1,000件を超える」),
 * and a number between 0 and 1, which rounds down to nothing, as
 * 「1時間未満の」 (an effect of half an hour is an effect: tests/variants/
 * hours-under-one); atleast() (not isth) gives that number. */
static int floor_words(dg_env *env, const dg_expr *e, dg_value *a,
                       dg_value *out, int isth) {
  dg_num fl;
  const char *unit;
  if (ex_want_num(env, e->args[0], &a[0]))
    return -1;
  if (isth && dg_num_cmp(a[0].num, dg_num_int(0)) > 0 &&
      dg_num_cmp(a[0].num, dg_num_int(1)) < 0) {
    if (opt_text(env, e, a, 2, &unit))
      return -1;
    *out = a[0];
    dg_buf b = {0};
    dg_buf_printf(&b, "1%s未満の", unit);
    text_out(env, out, &b);
    return 0;
  }
  if (floor_unit(env, e, a, &fl) || opt_text(env, e, a, 2, &unit))
    return -1;
  *out = a[0];
  if (!isth) {
    out->num = fl;
    return 0;
  }
  dg_buf b = {0};
  dg_num_format(fl, 0, 1, &b);
  dg_buf_printf(&b, "%s%s", unit,
                dg_num_cmp(a[0].num, fl) > 0 ? "を超える" : "以上の");
  text_out(env, out, &b);
  return 0;
}

int ex_fn_threshold(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return floor_words(env, e, a, out, 1);
}

int ex_fn_atleast(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return floor_words(env, e, a, out, 0);
}

static int same_value(const dg_value *x, const dg_value *y) {
  if (x->kind != y->kind)
    return 0;
  switch (x->kind) {
  case DG_VAL_NUM:
    return dg_num_cmp(x->num, y->num) == 0;
  case DG_VAL_TEXT:
    return strcmp(x->text, y->text) == 0;
  case DG_VAL_BOOL:
    return !x->b == !y->b;
  case DG_VAL_LIST:
    if (x->nitems != y->nitems)
      return 0;
    for (int i = 0; i < x->nitems; i++)
      if (!same_value(&x->items[i], &y->items[i]))
        return 0;
    return 1;
  default:
    return 0;
  }
}

int ex_fn_same(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  dg_value r = {0};
  r.kind = DG_VAL_BOOL;
  r.b = 1;
  for (int i = 0; i < e->nargs; i++) {
    if (ex_scalar(env, e->args[i], &a[i]))
      return -1;
    if (i && a[i].kind != a[0].kind)
      return ex_err(env, e->args[i], "same() compares %s with %s",
                    ex_kind_name(a[0].kind), ex_kind_name(a[i].kind));
    if (i && !same_value(&a[0], &a[i]))
      r.b = 0;
    ex_add_prov(env, &r, &a[i]);
  }
  *out = r;
  return 0;
}

const char *dg_expr_vocabulary(void) {
  return "増加減少横ばい「」、とが同数ので件を超える以上未満…()0123456789,.-%";
}

/* contains(text, part): whether a cell mentions something (a line break
 * inside the cell does not count as a character of it). */
int ex_fn_contains(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  for (int i = 0; i < 2; i++) {
    if (ex_scalar(env, e->args[i], &a[i]))
      return -1;
    if (a[i].kind != DG_VAL_TEXT)
      return ex_err(env, e->args[i], "contains() expects text, found %s",
                    ex_kind_name(a[i].kind));
  }
  dg_buf flat = {0};
  for (const char *p = a[0].text; *p; p++)
    if (*p != '\n' && *p != '\r')
      dg_buf_put(&flat, p, 1);
  memset(out, 0, sizeof *out);
  out->kind = DG_VAL_BOOL;
  out->b = strstr(flat.data ? flat.data : "", a[1].text) != NULL;
  ex_add_src(env, out, a[0].src, a[0].nsrc);
  dg_buf_free(&flat);
  return 0;
}
