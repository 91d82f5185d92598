/* num: exact rational numbers for bound values. Counts and percentages are
 * computed from integers without binary floating point, so 50.95 rounds to
 * 51.0 and 29.87 to 29.9 exactly (ROUND HALF UP, away from zero). */
#ifndef DG_NUM_H
#define DG_NUM_H

#include <stdint.h>

#include "base/util.h"

/* n/d with d > 0 and gcd(n, d) = 1. */
typedef struct dg_num {
  int64_t n;
  int64_t d;
} dg_num;

enum { DG_NUM_OK = 0, DG_NUM_OVERFLOW = -1, DG_NUM_DIVZERO = -2 };

dg_num dg_num_int(int64_t v);
/* Each returns DG_NUM_OK and stores the result, or an error code. */
int dg_num_add(dg_num a, dg_num b, dg_num *r);
int dg_num_sub(dg_num a, dg_num b, dg_num *r);
int dg_num_mul(dg_num a, dg_num b, dg_num *r);
int dg_num_div(dg_num a, dg_num b, dg_num *r);
int dg_num_cmp(dg_num a, dg_num b); /* -1, 0, 1 */
int dg_num_is_int(dg_num a);
double dg_num_to_double(dg_num a);

/* Rounds half away from zero to `decimals` places (0..6). */
int dg_num_round(dg_num a, int decimals, dg_num *r);
/* The decimals, from `decimals` up to 6, at which the percentage q prints
 * as neither 0 nor 100 unless it is exactly 0 or 100: a share of some but
 * not all never reads as none or all (1,720 of 1,721 is 99.9; hostile12).
 * Used by share() and by chart labels. */
int dg_num_share_decimals(dg_num q, int decimals);
/* Largest multiple of step not above a (step > 0, integer). */
int dg_num_floor_to(dg_num a, int64_t step, dg_num *r);

/* Parses "-1,234.50" style text: optional sign, digits with optional
 * thousands commas (groups of three), optional fraction. Returns 0 or -1. */
int dg_num_parse(const char *s, dg_num *out);

/* Formats with exactly `decimals` places (rounded half up) and, when
 * `group` is set, a comma every three integer digits. Appends to b. */
void dg_num_format(dg_num a, int decimals, int group, dg_buf *b);

#endif
