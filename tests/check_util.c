/* Check suite for util: the cache between runs (a damaged entry reads as
 * missing), the in-process memo, the 128-bit content key, code-point sets
 * (what the renderers write them with). */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static char cache_home[] = "/tmp/deckgen-check-util-XXXXXX";

static void usetup(void) {
  setup();
  ck_assert_ptr_nonnull(mkdtemp(cache_home));
  setenv("XDG_CACHE_HOME", cache_home, 1);
  unsetenv("DECKGEN_CACHE");
}
static void uteardown(void) {
  dg_rm_tree(cache_home);
  strcpy(cache_home, "/tmp/deckgen-check-util-XXXXXX");
  teardown();
}

START_TEST(cache_round_trip) {
  size_t n = 0;
  ck_assert_ptr_null(dg_cache_get("x.test", &n));
  dg_cache_put("x.test", "hello\0world", 11);
  char *c = dg_cache_get("x.test", &n);
  ck_assert_ptr_nonnull(c);
  ck_assert_uint_eq(n, 11);
  ck_assert(!memcmp(c, "hello\0world", 11));
  free(c);
}
END_TEST

/* Flip one byte of the stored entry, or cut it short: it reads as missing. */
START_TEST(cache_damage_is_a_miss) {
  dg_cache_put("y.test", "0123456789", 10);
  char path[4200];
  snprintf(path, sizeof path, "%s/deckgen/y.test", cache_home);
  FILE *f = fopen(path, "r+b");
  ck_assert_ptr_nonnull(f);
  fseek(f, -3, SEEK_END);
  fputc('X', f);
  fclose(f);
  size_t n = 0;
  ck_assert_ptr_null(dg_cache_get("y.test", &n));
  dg_cache_put("y.test", "0123456789", 10);
  ck_assert(truncate(path, 20) == 0);
  ck_assert_ptr_null(dg_cache_get("y.test", &n));
}
END_TEST

START_TEST(cache_off) {
  setenv("DECKGEN_CACHE", "off", 1);
  dg_cache_put("z.test", "abc", 3);
  size_t n = 0;
  ck_assert_ptr_null(dg_cache_get("z.test", &n));
  unsetenv("DECKGEN_CACHE");
  ck_assert_ptr_null(dg_cache_get("z.test", &n));
}
END_TEST

/* The cache never grows past its limits: the oldest entries go first. */
START_TEST(cache_trim_oldest_first) {
  char dir[4200], path[4400];
  snprintf(dir, sizeof dir, "%s/deckgen", cache_home);
  dg_cache_put("keep.test", "x", 1); /* creates the folder */
  for (int i = 0; i < 10; i++) {
    snprintf(path, sizeof path, "%s/old-%d.test", dir, i);
    FILE *f = fopen(path, "w");
    fputs("0123456789", f);
    fclose(f);
    struct timespec t[2] = {{1000000 + i, 0}, {1000000 + i, 0}}; /* 1970 */
    utimensat(AT_FDCWD, path, t, 0);
  }
  dg_cache_trim(dir, 4, 1L << 30);
  int left = 0;
  for (int i = 0; i < 10; i++) {
    snprintf(path, sizeof path, "%s/old-%d.test", dir, i);
    left += access(path, F_OK) == 0;
    if (i < 7)
      ck_assert_msg(access(path, F_OK) != 0, "old-%d kept", i);
  }
  ck_assert_int_eq(left, 3);
  size_t n = 0;
  char *c = dg_cache_get("keep.test", &n); /* the newest stays */
  ck_assert_ptr_nonnull(c);
  free(c);
  dg_cache_trim(dir, 100, 25); /* bytes: 3 x 10 + 1 + header > 25 */
  int files = 0;
  for (int i = 0; i < 10; i++) {
    snprintf(path, sizeof path, "%s/old-%d.test", dir, i);
    files += access(path, F_OK) == 0;
  }
  ck_assert_int_le(files, 1);
  /* what was used in the last hour stays, whatever the limits */
  dg_cache_trim(dir, 0, 0);
  c = dg_cache_get("keep.test", &n);
  ck_assert_ptr_nonnull(c);
  free(c);
}
END_TEST

START_TEST(memo_keeps_recent) {
  dg_memo *m = dg_memo_new(2);
  uint64_t k1[2] = {1, 2}, k2[2] = {3, 4}, k3[2] = {5, 6}, k4[2] = {1, 3};
  size_t n = 0;
  dg_memo_put(m, k1, "one", 3);
  dg_memo_put(m, k2, "two", 3);
  ck_assert(!memcmp(dg_memo_get(m, k1, &n), "one", 3));
  ck_assert_ptr_null(dg_memo_get(m, k4, &n)); /* both halves of the key */
  dg_memo_put(m, k3, "three", 5);             /* pushes out the oldest */
  ck_assert_ptr_null(dg_memo_get(m, k1, &n));
  ck_assert(!memcmp(dg_memo_get(m, k3, &n), "three", 5));
  ck_assert_uint_eq(n, 5);
  dg_memo_free(m);
}
END_TEST

START_TEST(hash_sees_every_byte) {
  char a[1000], b[1000];
  for (int i = 0; i < 1000; i++)
    a[i] = (char)(i * 7);
  uint64_t h0[2], h1[2];
  dg_hash128(a, sizeof a, h0);
  for (int i = 0; i < 1000; i += 37) {
    memcpy(b, a, sizeof a);
    b[i] ^= 1;
    dg_hash128(b, sizeof b, h1);
    ck_assert_msg(h0[0] != h1[0] && h0[1] != h1[1], "byte %d unseen", i);
  }
  /* length counts: a prefix is another key */
  dg_hash128(a, 999, h1);
  ck_assert(h0[0] != h1[0]);
  dg_hash128(a, sizeof a, h1);
  ck_assert(h0[0] == h1[0] && h0[1] == h1[1]);
}
END_TEST

START_TEST(cpset_nonascii_matches) {
  const char *s = "<p class=\"x\">生成AIの導入、87.2％</p>\n<svg>𠮷野家</svg>"
                  "abcdefghijklmnopqrstuvwxyzあ";
  dg_cpset all = {0}, non = {0};
  dg_cpset_add(&all, s);
  dg_cpset_add_nonascii(&non, s);
  dg_cpset_sort(&all);
  dg_cpset_sort(&non);
  int k = 0;
  for (int i = 0; i < all.n; i++)
    if (all.v[i] >= 0x80) {
      ck_assert_int_lt(k, non.n);
      ck_assert_uint_eq(all.v[i], non.v[k++]);
    }
  ck_assert_int_eq(k, non.n);
  ck_assert_int_gt(k, 10);
  dg_cpset_free(&all);
  dg_cpset_free(&non);
}
END_TEST

int main(void) {
  Suite *s = suite_create("util");
  TCase *tc = tcase_create("util");
  tcase_add_checked_fixture(tc, usetup, uteardown);
  tcase_add_test(tc, cache_round_trip);
  tcase_add_test(tc, cache_damage_is_a_miss);
  tcase_add_test(tc, cache_off);
  tcase_add_test(tc, cache_trim_oldest_first);
  tcase_add_test(tc, memo_keeps_recent);
  tcase_add_test(tc, hash_sees_every_byte);
  tcase_add_test(tc, cpset_nonascii_matches);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
