/* wareki: calendar dates and their Japanese-era spellings (令和6年12月31日,
 * 令和元年, 令和6年度). Used by the expression functions that print the
 * survey's date, so every spelling of a date derives from one ISO date. */
#ifndef DG_WAREKI_H
#define DG_WAREKI_H

#include "base/util.h"

typedef struct dg_date {
  int y, m, d; /* Gregorian year, month 1..12, day 1..31 */
} dg_date;

typedef enum {
  DG_WAREKI_DATE,   /* 令和6年12月31日 */
  DG_WAREKI_YEAR,   /* 令和6年 */
  DG_WAREKI_FY,     /* 令和6年度: the fiscal year (April to March) */
  DG_WAREKI_ERA,    /* 令和 */
  DG_WAREKI_FY_DATE /* 令和6年度12月31日 (April to December), else the
                       date: 令和8年3月31日 */
} dg_wareki_part;

/* Every character dg_wareki can write besides ASCII digits: the fonts are
 * cut to what a deck can draw (run.c), and these need not be in the
 * template. */
#define DG_WAREKI_CHARS "令和平成昭大正明治元年度月日"

/* Parses "YYYY-MM-DD" (nothing before or after; a real calendar date).
 * Returns 0 and fills *out, or -1. */
int dg_date_parse(const char *s, dg_date *out);

/* <0, 0, >0 as a is before, equal to or after b. */
int dg_date_cmp(dg_date a, dg_date b);

/* Appends the Japanese-era spelling of `part` of d to out: the first year
 * of an era is 元年 (令和元年5月1日). Eras from 明治 (1868-10-23; month and
 * day are always the Gregorian calendar's, as in the ISO date); 大正 from
 * 1912-07-30, 昭和 from 1926-12-25, 平成 from 1989-01-08, 令和 from
 * 2019-05-01. A fiscal year (April to March) is named in the era in effect
 * on d (2019-04-30: 平成31年度, 2019-05-01: 令和元年度), or, from January
 * to March of an era's first year, in the era it began in (1989-03-31:
 * 昭和63年度). DG_WAREKI_FY_DATE is the ministry's 令和6年度12月31日 only
 * from April to December, where the fiscal year's number is the calendar
 * year's, and the calendar date otherwise (令和8年3月31日, not 令和7年度
 * 3月31日). Returns 0; -1 (nothing appended) for a date before 明治; -2 for
 * DG_WAREKI_FY before 1886-04-01, when fiscal years did not yet run April
 * to March. */
int dg_wareki(dg_date d, dg_wareki_part part, dg_buf *out);

#endif
