/* exprdate: the expression language's date functions — wareki() for the
 * Japanese-era spellings of a date (survey.date, previous.date), year(),
 * month(), day(). Entries of the table of built-ins (expr/expr_fn.c): the
 * evaluator calls them with the arguments evaluated and counted. */
#include <string.h>

#include "data/wareki.h"
#include "expr/expr_int.h"

static int want_date(dg_env *env, const dg_expr *e, dg_value *v, dg_date *out) {
  if (ex_scalar(env, e, v))
    return -1;
  if (v->kind != DG_VAL_TEXT || dg_date_parse(v->text, out))
    return ex_err(env, e,
                  "expected a date such as \"2024-12-31\", found %s%s%s%s",
                  ex_kind_name(v->kind), v->kind == DG_VAL_TEXT ? " \"" : "",
                  v->kind == DG_VAL_TEXT ? v->text : "",
                  v->kind == DG_VAL_TEXT ? "\"" : "");
  return 0;
}

/* year(), month() or day() of a date: one of its parts as a number. */
static int date_part(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out,
                     char part) {
  dg_date d;
  if (want_date(env, e->args[0], &a[0], &d))
    return -1;
  memset(out, 0, sizeof *out);
  out->kind = DG_VAL_NUM;
  out->num = dg_num_int(part == 'y' ? d.y : part == 'm' ? d.m : d.d);
  ex_add_prov(env, out, &a[0]);
  return 0;
}

int ex_fn_year(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return date_part(env, e, a, out, 'y');
}

int ex_fn_month(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return date_part(env, e, a, out, 'm');
}

int ex_fn_day(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  return date_part(env, e, a, out, 'd');
}

/* wareki()'s parts by name, in the order its "unknown part" message
 * lists them */
static const struct {
  const char *name;
  dg_wareki_part part;
} parts[] = {
    {"date", DG_WAREKI_DATE}, {"year", DG_WAREKI_YEAR},
    {"fy", DG_WAREKI_FY},     {"fy-date", DG_WAREKI_FY_DATE},
    {"era", DG_WAREKI_ERA},
};

/* ", read at data/genai-2024/survey.csv:2:1": the cell a date was read
 * from, for a message about the date ("" for a date written in the
 * template) */
static const char *cell_of(dg_env *env, const dg_value *v) {
  if (v->nsrc < 1)
    return "";
  dg_pos p = v->src[0]->pos;
  return dg_printf(env->a, ", read at %s:%d:%d", p.file, p.line, p.col);
}

int ex_fn_wareki(dg_env *env, const dg_expr *e, dg_value *a, dg_value *out) {
  dg_date d;
  if (want_date(env, e->args[0], &a[0], &d))
    return -1;
  memset(out, 0, sizeof *out);
  dg_wareki_part part = DG_WAREKI_DATE;
  if (e->nargs == 2) {
    if (ex_scalar(env, e->args[1], &a[1]))
      return -1;
    const char *p = a[1].kind == DG_VAL_TEXT ? a[1].text : "";
    size_t i = 0, n = sizeof parts / sizeof parts[0];
    while (i < n && strcmp(p, parts[i].name))
      i++;
    if (i == n)
      return ex_err(env, e->args[1],
                    "unknown part \"%s\" (expected date, year, fy, fy-date, "
                    "era)",
                    p);
    part = parts[i].part;
  }
  dg_buf b = {0};
  int r = dg_wareki(d, part, &b);
  if (r) {
    dg_buf_free(&b);
    if (r == -2)
      return ex_err(env, e->args[0],
                    "no fiscal year April to March holds \"%s\"%s (they "
                    "begin with 明治19年度, 1886-04-01): use wareki(…, "
                    "'fy-date') or 'year'",
                    a[0].text, cell_of(env, &a[0]));
    return ex_err(env, e->args[0],
                  "no Japanese era for \"%s\"%s (eras from 明治, "
                  "1868-10-23)",
                  a[0].text, cell_of(env, &a[0]));
  }
  out->kind = DG_VAL_TEXT;
  out->text = dg_strdup(env->a, b.data);
  dg_buf_free(&b);
  ex_add_prov(env, out, &a[0]);
  return 0;
}
