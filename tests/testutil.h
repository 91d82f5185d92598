/* Shared fixture for the Check suites: an error context whose messages are
 * captured in memory, a fresh arena per test, and a runner main. */
#ifndef DG_TESTUTIL_H
#define DG_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static char errbuf[16384];
static dg_ctx ctx;
static dg_arena *arena;

static inline void setup(void) {
  memset(errbuf, 0, sizeof errbuf);
  ctx.nerrors = 0;
  ctx.err = fmemopen(errbuf, sizeof errbuf, "w");
  arena = dg_arena_new();
}

static inline void teardown(void) {
  fclose(ctx.err);
  dg_arena_free(arena);
}

/* Forgets the messages reported so far. */
static inline void reset_errors(void) {
  fflush(ctx.err);
  fseek(ctx.err, 0, SEEK_SET);
  memset(errbuf, 0, sizeof errbuf);
  ctx.nerrors = 0;
}

/* The first reported message, without its newline. */
static inline const char *first_error(void) {
  fflush(ctx.err);
  static char line[sizeof errbuf];
  memcpy(line, errbuf, sizeof line);
  line[sizeof line - 1] = 0;
  char *nl = strchr(line, '\n');
  if (nl) *nl = 0;
  return line;
}

static inline int run_suite(Suite *s) {
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
