/* wareki: ISO dates and Japanese-era spellings for the expression
 * functions wareki(), year(), month(), day() (expr/expr_date.c). Pure
 * functions, no locale: the era table below is the whole of the calendar
 * knowledge. */
#include "data/wareki.h"

#include <string.h>

static const struct era {
  const char *name;
  dg_date start; /* first day of the era */
} eras[] = {
    {"令和", {2019, 5, 1}},  {"平成", {1989, 1, 8}},   {"昭和", {1926, 12, 25}},
    {"大正", {1912, 7, 30}}, {"明治", {1868, 10, 23}},
};

/* The fiscal year April to March began with 明治19年度; before it a
 * fiscal year of that name would be false (it ran otherwise). */
static const dg_date fy_first = {1886, 4, 1};

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in(int y, int m) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : dm[m - 1];
}

static int digits(const char *s, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 0;
}

int dg_date_parse(const char *s, dg_date *out) {
  dg_date d;
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
      digits(s, 4, &d.y) || digits(s + 5, 2, &d.m) || digits(s + 8, 2, &d.d))
    return -1;
  if (d.y < 1 || d.m < 1 || d.m > 12 || d.d < 1 || d.d > days_in(d.y, d.m))
    return -1;
  *out = d;
  return 0;
}

int dg_date_cmp(dg_date a, dg_date b) {
  if (a.y != b.y)
    return a.y < b.y ? -1 : 1;
  if (a.m != b.m)
    return a.m < b.m ? -1 : 1;
  return (a.d > b.d) - (a.d < b.d);
}

static const struct era *era_of(dg_date d) {
  for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++)
    if (dg_date_cmp(d, eras[i].start) >= 0)
      return &eras[i];
  return NULL;
}

static void put_year(dg_buf *out, const struct era *e, int y) {
  int n = y - e->start.y + 1;
  if (n == 1)
    dg_buf_printf(out, "%s元年", e->name);
  else
    dg_buf_printf(out, "%s%d年", e->name, n);
}

/* The era a fiscal year is named in, as of the day d: the era in effect
 * on d (2019-04-30 is in 平成31年度, 2019-05-01 in 令和元年度), unless that
 * era began after the fiscal year's first day, in its January to March
 * (1989-03-31 is in 昭和63年度): then the era in effect on that day. */
static const struct era *fy_era(dg_date d, int fy) {
  const struct era *e = era_of(d);
  if (e && e->start.y > fy)
    e = era_of((dg_date){fy, 4, 1});
  return e;
}

int dg_wareki(dg_date d, dg_wareki_part part, dg_buf *out) {
  const struct era *e = era_of(d);
  if (!e)
    return -1;
  int fy = d.m >= 4 ? d.y : d.y - 1;
  if (part == DG_WAREKI_FY) {
    if (dg_date_cmp(d, fy_first) < 0)
      return -2;
    put_year(out, fy_era(d, fy), fy);
    dg_buf_puts(out, "度");
    return 0;
  }
  if (part == DG_WAREKI_ERA) {
    dg_buf_puts(out, e->name);
    return 0;
  }
  /* 令和6年度12月31日 names one day only while the fiscal year is the
   * calendar year (April to December, so the era is the date's): 令和7年度
   * 3月31日 would read as March 2025, not 2026 */
  if (part == DG_WAREKI_FY_DATE && d.m >= 4 && dg_date_cmp(d, fy_first) >= 0) {
    put_year(out, e, d.y);
    dg_buf_printf(out, "度%d月%d日", d.m, d.d);
    return 0;
  }
  put_year(out, e, d.y);
  if (part == DG_WAREKI_DATE || part == DG_WAREKI_FY_DATE)
    dg_buf_printf(out, "%d月%d日", d.m, d.d);
  return 0;
}
