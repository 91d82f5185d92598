/* num: overflow-checked rational arithmetic on int64 with 128-bit
 * intermediates; every result is reduced, so equal values compare equal. */
#include "data/num.h"

#include <string.h>

/* 128-bit intermediates so int64 products never overflow unseen. */
__extension__ typedef __int128 i128;

static i128 gcd128(i128 a, i128 b) {
  if (a < 0)
    a = -a;
  if (b < 0)
    b = -b;
  while (b) {
    i128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

static int make(i128 n, i128 d, dg_num *r) {
  if (d == 0)
    return DG_NUM_DIVZERO;
  if (d < 0) {
    n = -n;
    d = -d;
  }
  i128 g = gcd128(n, d);
  if (g > 1) {
    n /= g;
    d /= g;
  }
  if (n > INT64_MAX || n < -INT64_MAX || d > INT64_MAX)
    return DG_NUM_OVERFLOW;
  r->n = (int64_t)n;
  r->d = (int64_t)d;
  return DG_NUM_OK;
}

dg_num dg_num_int(int64_t v) {
  dg_num r = {v, 1};
  return r;
}

int dg_num_add(dg_num a, dg_num b, dg_num *r) {
  return make((i128)a.n * b.d + (i128)b.n * a.d, (i128)a.d * b.d, r);
}

int dg_num_sub(dg_num a, dg_num b, dg_num *r) {
  return make((i128)a.n * b.d - (i128)b.n * a.d, (i128)a.d * b.d, r);
}

int dg_num_mul(dg_num a, dg_num b, dg_num *r) {
  return make((i128)a.n * b.n, (i128)a.d * b.d, r);
}

int dg_num_div(dg_num a, dg_num b, dg_num *r) {
  if (b.n == 0)
    return DG_NUM_DIVZERO;
  return make((i128)a.n * b.d, (i128)a.d * b.n, r);
}

int dg_num_cmp(dg_num a, dg_num b) {
  i128 l = (i128)a.n * b.d, rr = (i128)b.n * a.d;
  return l < rr ? -1 : l > rr ? 1 : 0;
}

int dg_num_is_int(dg_num a) { return a.d == 1; }

double dg_num_to_double(dg_num a) { return (double)a.n / (double)a.d; }

static i128 pow10i(int k) {
  i128 p = 1;
  while (k-- > 0)
    p *= 10;
  return p;
}

/* Scaled integer round(|a| * 10^dec) with half away from zero, sign kept. */
static i128 scaled(dg_num a, int decimals) {
  i128 n = a.n, d = a.d;
  int neg = n < 0;
  if (neg)
    n = -n;
  i128 num = n * pow10i(decimals);
  i128 q = num / d, rem = num % d;
  if (rem * 2 >= d)
    q++;
  return neg ? -q : q;
}

int dg_num_round(dg_num a, int decimals, dg_num *r) {
  if (decimals < 0)
    decimals = 0;
  if (decimals > 6)
    decimals = 6;
  return make(scaled(a, decimals), pow10i(decimals), r);
}

int dg_num_share_decimals(dg_num q, int decimals) {
  dg_num zero = dg_num_int(0), hundred = dg_num_int(100), r;
  if (dg_num_cmp(q, zero) <= 0 || dg_num_cmp(q, hundred) >= 0)
    return decimals;
  int d = decimals;
  for (; d < 6; d++)
    if (dg_num_round(q, d, &r) ||
        (dg_num_cmp(r, zero) != 0 && dg_num_cmp(r, hundred) != 0))
      break;
  return d;
}

int dg_num_floor_to(dg_num a, int64_t step, dg_num *r) {
  if (step <= 0)
    return DG_NUM_DIVZERO;
  i128 n = a.n, d = (i128)a.d * step;
  i128 q = n / d;
  if (n % d != 0 && n < 0)
    q--;
  return make(q * step, 1, r);
}

int dg_num_parse(const char *s, dg_num *out) {
  int neg = 0;
  if (*s == '-' || *s == '+')
    neg = *s++ == '-';
  if (!(*s >= '0' && *s <= '9'))
    return -1;
  i128 n = 0, d = 1;
  int digits = 0, group = -1; /* digits since last comma, -1: no comma yet */
  for (; *s && *s != '.'; s++) {
    if (*s == ',') {
      if ((group == -1 && (digits < 1 || digits > 3)) ||
          (group != -1 && group != 3))
        return -1;
      group = 0;
      continue;
    }
    if (*s < '0' || *s > '9')
      return -1;
    n = n * 10 + (*s - '0');
    digits++;
    if (group >= 0)
      group++;
    if (n > INT64_MAX)
      return -1;
  }
  if (group != -1 && group != 3)
    return -1;
  if (*s == '.') {
    s++;
    if (!(*s >= '0' && *s <= '9'))
      return -1;
    for (; *s; s++) {
      if (*s < '0' || *s > '9')
        return -1;
      n = n * 10 + (*s - '0');
      d *= 10;
      if (n > INT64_MAX || d > INT64_MAX)
        return -1;
    }
  }
  return make(neg ? -n : n, d, out) == DG_NUM_OK ? 0 : -1;
}

void dg_num_format(dg_num a, int decimals, int group, dg_buf *b) {
  if (decimals < 0)
    decimals = 0;
  if (decimals > 6)
    decimals = 6;
  i128 q = scaled(a, decimals);
  int neg = q < 0;
  if (neg)
    q = -q;
  char digits[64];
  int nd = 0;
  do {
    digits[nd++] = (char)('0' + (int)(q % 10));
    q /= 10;
  } while (q > 0 || nd <= decimals);
  if (neg)
    dg_buf_put(b, "-", 1);
  for (int i = nd - 1; i >= decimals; i--) {
    char c = digits[i];
    dg_buf_put(b, &c, 1);
    int left = i - decimals; /* integer digits still to print */
    if (group && left > 0 && left % 3 == 0)
      dg_buf_put(b, ",", 1);
  }
  if (decimals > 0) {
    dg_buf_put(b, ".", 1);
    for (int i = decimals - 1; i >= 0; i--)
      dg_buf_put(b, &digits[i], 1);
  }
}
