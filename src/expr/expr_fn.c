/* exprfn: the built-in functions of the expression language and their
 * table — aggregates, shares, rounding and formats, lists and conditionals
 * here; dates in expr/expr_date.c, ranking and the wording that follows
 * the data in expr/expr_phrase.c. The table (ex_builtins) gives each one's
 * name, arity, argument kinds, a line of reference and the function; the
 * evaluator reads it for calls and errors, dg_expr_functions_markdown()
 * for doc/functions.md. */
#include <stdlib.h>
#include <string.h>

#include "expr/expr_int.h"

/* Full-width digits and signs; with max_digits > 0, only the digits of
 * numbers of at most that many digits (1,721 and 1.5 are one number each),
 * and no signs: the ministry
 * writes 令和６年度12月31日, a single digit full-width and two half-width. */
static void fullwidth(const char *s, int max_digits, dg_buf *b) {
  size_t n = strlen(s), run_end = 0;
  int run_wide = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int k = dg_utf8_decode(s + i, n - i, &cp);
    if (k <= 0)
      break;
    int wide;
    if (cp >= '0' && cp <= '9') {
      if (i >= run_end) { /* a number starts: is it short enough? */
        size_t digits = 0;
        run_end = i; /* its digits, and a , or . between two of them */
        while (run_end < n &&
               ((s[run_end] >= '0' && s[run_end] <= '9') ||
                ((s[run_end] == ',' || s[run_end] == '.') && run_end + 1 < n &&
                 s[run_end + 1] >= '0' && s[run_end + 1] <= '9'))) {
          digits += s[run_end] != ',' && s[run_end] != '.';
          run_end++;
        }
        run_wide = max_digits <= 0 || digits <= (size_t)max_digits;
      }
      wide = run_wide;
    } else
      wide = max_digits <= 0 &&
             (cp == '%' || cp == '.' || cp == ',' || cp == '-' || cp == '+');
    if (wide)
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

enum { AGG_SUM, AGG_COUNT, AGG_MIN, AGG_MAX };

/* sum(), count(), min() and max() of a column. */
static int aggregate(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out,
                     int op) {
  const char *f = e->s;
  if (ex_want_sel(env, e->args[0], &a[0], f))
    return -1;
  out->kind = DG_VAL_NUM;
  out->num = dg_num_int(0);
  if (op == AGG_COUNT) {
    out->num = dg_num_int(a[0].nrows);
    return 0;
  }
  if (a[0].table->types[a[0].col] == DG_COL_TEXT)
    return ex_err(env, e, "%s() needs a numeric column, \"%s\" is text", f,
                  a[0].table->colnames[a[0].col]);
  if (a[0].nrows == 0 && op != AGG_SUM)
    return ex_err(env, e, "%s() over no rows", f);
  ex_add_sel(env, out, &a[0]);
  for (int i = 0; i < a[0].nrows; i++) {
    const dg_cell *c = dg_table_cell(a[0].table, a[0].rows[i], a[0].col);
    if (i == 0 && op != AGG_SUM) {
      out->num = c->num;
      continue;
    }
    if (op == AGG_SUM) {
      int r = dg_num_add(out->num, c->num, &out->num);
      if (r)
        return ex_numerr(env, e, r);
    } else if ((op == AGG_MIN && dg_num_cmp(c->num, out->num) < 0) ||
               (op == AGG_MAX && dg_num_cmp(c->num, out->num) > 0))
      out->num = c->num;
  }
  return 0;
}

static int sum(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return aggregate(env, e, a, out, AGG_SUM);
}

static int count(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return aggregate(env, e, a, out, AGG_COUNT);
}

static int min(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return aggregate(env, e, a, out, AGG_MIN);
}

static int max(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return aggregate(env, e, a, out, AGG_MAX);
}

/* part / whole, times 100 for pct(). */
static int quotient(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out,
                    int percent) {
  const char *f = e->s;
  if (ex_want_num(env, e->args[0], &a[0]) ||
      ex_want_num(env, e->args[1], &a[1]))
    return -1;
  if (a[1].num.n == 0)
    return ex_err(env, e, "%s() of a zero total (division by zero)", f);
  dg_num q;
  int r = dg_num_div(a[0].num, a[1].num, &q);
  if (!r && percent)
    r = dg_num_mul(q, dg_num_int(100), &q);
  if (r)
    return ex_numerr(env, e, r);
  out->kind = DG_VAL_NUM;
  out->num = q;
  ex_add_prov(env, out, &a[0]);
  ex_add_prov(env, out, &a[1]);
  return 0;
}

static int pct(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return quotient(env, e, a, out, 1);
}

static int ratio(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return quotient(env, e, a, out, 0);
}

/* share(part, whole, n): the percentage as text with n decimals, where a
 * share strictly between 0 and 100 never prints as 0 or 100 — the
 * decimals grow instead (1,720 of 1,721 is 99.9, not 100: 「100％が
 * 取り組んでいる」 would be false; hostile12) */
static int share(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  if (ex_want_num(env, e->args[0], &a[0]) ||
      ex_want_num(env, e->args[1], &a[1]) ||
      ex_want_int(env, e->args[2], &a[2], 0, 6, "the count of decimals"))
    return -1;
  if (a[1].num.n <= 0 || a[0].num.n < 0 || dg_num_cmp(a[0].num, a[1].num) > 0) {
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

/* The number and its optional count of decimals (0 when absent). */
static int num_decimals(dg_env *env, const dg_expr *e, dg_value *a, int *d) {
  if (ex_want_num(env, e->args[0], &a[0]))
    return -1;
  *d = 0;
  if (e->nargs == 2) {
    if (ex_want_int(env, e->args[1], &a[1], 0, 6, "the count of decimals"))
      return -1;
    *d = (int)a[1].num.n;
  }
  return 0;
}

static int round_(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  int d;
  if (num_decimals(env, e, a, &d))
    return -1;
  *out = a[0];
  int r = dg_num_round(a[0].num, d, &out->num);
  return r ? ex_numerr(env, e, r) : 0;
}

/* fixed() and plain(): the number printed, with and without thousands
 * separators. */
static int print(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out,
                 int separators) {
  int d;
  if (num_decimals(env, e, a, &d))
    return -1;
  dg_buf b = {0};
  dg_num_format(a[0].num, d, separators, &b);
  text_value(env, out, &b);
  ex_add_prov(env, out, &a[0]);
  return 0;
}

static int fixed(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return print(env, e, a, out, 1);
}

static int plain(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return print(env, e, a, out, 0);
}

static int floorto(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  if (ex_want_num(env, e->args[0], &a[0]) ||
      ex_want_int(env, e->args[1], &a[1], 1, 1000000000, "the step"))
    return -1;
  *out = a[0];
  int r = dg_num_floor_to(a[0].num, a[1].num.n, &out->num);
  return r ? ex_numerr(env, e, r) : 0;
}

static int fw(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  int max_digits = 0;
  if (e->nargs == 2) {
    if (ex_want_int(env, e->args[1], &a[1], 1, 20, "the longest number"))
      return -1;
    max_digits = (int)a[1].num.n;
  }
  dg_buf t = {0}, b = {0};
  if (dg_value_format(env, &a[0], &t)) {
    dg_buf_free(&t);
    return -1;
  }
  fullwidth(t.data ? t.data : "", max_digits, &b);
  dg_buf_free(&t);
  text_value(env, out, &b);
  ex_add_prov(env, out, &a[0]);
  return 0;
}

/* The items of a list (a selection's cells, or one value), each in 「」
 * for quote(), joined by sep or by the separator argument. */
static int join_items(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out,
                      int isq) {
  if (a[0].kind == DG_VAL_SEL) {
    /* a selection of several rows becomes a list of its cells */
    dg_value l = {0};
    l.kind = DG_VAL_LIST;
    l.nitems = a[0].nrows;
    l.items = dg_alloc_array(env->a, (size_t)a[0].nrows + 1, sizeof(dg_value));
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
  const char *sep = isq ? "、" : NULL; /* join() has its second argument */
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
    dg_buf item = {0};
    if (dg_value_format(env, &a[0].items[i], isq ? &item : &b)) {
      dg_buf_free(&item);
      dg_buf_free(&b);
      return -1;
    }
    if (isq)
      ex_put_quoted(&b, item.data ? item.data : "");
    dg_buf_free(&item);
  }
  text_value(env, out, &b);
  ex_add_prov(env, out, &a[0]);
  return 0;
}

static int quote(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return join_items(env, e, a, out, 1);
}

static int join(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return join_items(env, e, a, out, 0);
}

static int first(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  if (ex_want_sel(env, e->args[0], &a[0], e->s))
    return -1;
  if (a[0].nrows == 0)
    return ex_err(env, e, "first() over no rows");
  const dg_cell *c = dg_table_cell(a[0].table, a[0].rows[0], a[0].col);
  ex_cell_value(a[0].table, a[0].rows[0], a[0].col, out);
  ex_add_src(env, out, &c, 1);
  return 0;
}

static int nth(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  if (a[0].kind != DG_VAL_LIST)
    return ex_err(env, e, "nth() expects a list such as top(...)");
  if (ex_want_int(env, e->args[1], &a[1], 1, a[0].nitems ? a[0].nitems : 1,
                  "the position"))
    return -1;
  *out = a[0].items[a[1].num.n - 1];
  ex_add_prov(env, out, &a[0]);
  return 0;
}

static int if_(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  int t = ex_truth(env, e->args[0], &a[0]);
  if (t < 0)
    return -1;
  *out = t ? a[1] : a[2];
  ex_add_prov(env, out, &a[0]);
  return 0;
}

static int concat(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
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

static int abs_(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  if (ex_want_num(env, e->args[0], &a[0]))
    return -1;
  *out = a[0];
  if (out->num.n < 0)
    out->num.n = -out->num.n;
  return 0;
}

#define COLUMN "one column such as table.column"
#define DECIMALS "a number and a count of decimals 0..6"

/* In the order "unknown function" lists them (tests/bad/unknown-function),
 * ended by an entry with no name. */
const ex_fn ex_builtins[] = {
    {"sum", 1, 1, "column", COLUMN,
     "the sum of a numeric column's selected cells (0 over no rows)", sum},
    {"count", 1, 1, "column", COLUMN, "the number of selected rows", count},
    {"min", 1, 1, "column", COLUMN,
     "the least of a numeric column's selected cells", min},
    {"max", 1, 1, "column", COLUMN,
     "the greatest of a numeric column's selected cells", max},
    {"pct", 2, 2, "number, number", "two numbers: part, whole",
     "part / whole × 100, exact", pct},
    {"ratio", 2, 2, "number, number", "two numbers: part, whole",
     "part / whole, exact", ratio},
    {"share", 3, 3, "number, number, decimals",
     "part, whole, a count of decimals 0..6",
     "the percentage as text with n decimals, more when a share between 0 "
     "and 100 would print as 0 or 100",
     share},
    {"round", 1, 2, "number[, decimals]", DECIMALS,
     "the number rounded to n decimals (default 0)", round_},
    {"fixed", 1, 2, "number[, decimals]", DECIMALS,
     "the number as text with n decimals and thousands separators", fixed},
    {"plain", 1, 2, "number[, decimals]", DECIMALS,
     "the number as text with n decimals, no separators", plain},
    {"floorto", 2, 2, "number, step", "a number and a step",
     "the largest multiple of step (1 to 1,000,000,000) not above the number",
     floorto},
    {"fw", 1, 2, "value[, digits]",
     "a value, and optionally the longest number to widen",
     "the value as text with full-width digits and signs; with digits, only "
     "the numbers of at most that many digits (fw(x, 1): 令和６年度12月31日)",
     fw},
    {"top", 3, 3, "labels, values, n", "labels, values, n",
     "the n labels with the largest values, the column's catch-all "
     "(other=) left out; an error when a tie would be cut",
     ex_fn_top},
    {"quote", 1, 3, "list[, separator[, open quote]]",
     "a list, and optionally a separator and open quote",
     "each item in 「」 (a 「」 inside an item becomes 『』), joined by 、 or "
     "the separator (a third argument is accepted and not used)",
     quote},
    {"join", 2, 2, "list, separator", "a list and a separator",
     "the items joined by the separator", join},
    {"nth", 2, 2, "list, position", "a list and a position from 1",
     "the item at a position from 1", nth},
    {"first", 1, 1, "column", COLUMN, "the cell of the first selected row",
     first},
    {"if", 3, 3, "condition, value, value",
     "a condition, a value if true, a value if false",
     "the second argument if the condition holds, else the third", if_},
    {"concat", 0, -1, "value, …", "",
     "the values formatted as text, one after the other", concat},
    {"abs", 1, 1, "number", "one number", "the number without its sign", abs_},
    {"wareki", 1, 2, "date[, part]",
     "a date, and optionally 'date', 'year', 'fy', 'fy-date' or 'era'",
     "a date's Japanese-era spelling: 'date' (default), 'year', 'fy', "
     "'fy-date' (令和6年度12月31日 from April to December, else the date) or "
     "'era'",
     ex_fn_wareki},
    {"year", 1, 1, "date", "a date", "the year of a date such as 2024-12-31",
     ex_fn_year},
    {"month", 1, 1, "date", "a date", "the month of a date (1 to 12)",
     ex_fn_month},
    {"day", 1, 1, "date", "a date", "the day of a date (1 to 31)", ex_fn_day},
    {"change", 1, 3, "number[, decimals[, unit]]",
     "a difference, decimals and a unit",
     "the difference rounded to the decimals, as its size, the unit and 増加 "
     "or 減少; 横ばい when it rounds to 0",
     ex_fn_change},
    {"direction", 1, 2, "number[, decimals]", "a difference and decimals",
     "増加, 減少 or 横ばい: the sign of the difference rounded to the decimals",
     ex_fn_direction},
    {"magnitude", 1, 2, "number[, decimals]", "a difference and decimals",
     "the size of the difference rounded to the decimals, as text",
     ex_fn_magnitude},
    {"most", 2, 3, "labels, values[, unit]",
     "labels, values and optionally a unit",
     "the subject of 「…最も多かった」: 「A」が (「A」が120件と with a unit), "
     "tied leaders 「A」と「B」が同数で (同率 for a <column kind=\"share\">, "
     "同額 for kind=\"amount\"); never the catch-all (other=)",
     ex_fn_most},
    {"leaders", 2, 2, "labels, values", "labels, values",
     "the labels tied for the largest value", ex_fn_leaders},
    {"ranked", 3, 3, "labels, values, n", "labels, values, n",
     "like top(), but a tie at the cut takes every tied label", ex_fn_ranked},
    {"distinct_top", 1, 2, "values[, n]", "values and optionally n (default 1)",
     "whether each of the n largest values is held by one row and is larger "
     "than the next",
     ex_fn_distinct_top},
    {"above", 2, 2, "values, number", "values and a number",
     "how many of the values are greater than the number, the column's "
     "catch-all (other=) left out",
     ex_fn_above},
    {"threshold", 2, 3, "number, step[, unit]", "a number, a step and a unit",
     "「N unitを超える」 or 「N unit以上の」, N as atleast() gives it; "
     "「1 unit未満の」 between 0 and 1",
     ex_fn_threshold},
    {"atleast", 2, 2, "number, step", "a number and a step",
     "the largest multiple of step not above the number, the step shrunk "
     "tenfold while that gives 0 (an error below 1)",
     ex_fn_atleast},
    {"same", 2, -1, "value, value, …", "two or more values",
     "whether all the values are equal (of one kind)", ex_fn_same},
    {"contains", 2, 2, "text, text", "a text and the text to find",
     "whether the text holds the part (line breaks in it ignored)",
     ex_fn_contains},
    {NULL, 0, 0, NULL, NULL, NULL, NULL}};

void dg_expr_functions_markdown(dg_buf *out) {
  dg_buf_puts(out, "# Functions\n\n"
                   "The built-in functions of deckgen's expressions, as "
                   "`src/expr/expr_fn.c` lists them.\n"
                   "Generated by `sh tests/gen-functions.sh`; do not edit.\n\n"
                   "| function | arguments | result |\n"
                   "|---|---|---|\n");
  for (const ex_fn *f = ex_builtins; f->name; f++)
    dg_buf_printf(out, "| `%s` | %s | %s |\n", f->name, f->args, f->doc);
}
