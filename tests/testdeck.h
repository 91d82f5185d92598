/* Shared fixture for the suites that lay out the sample deck: the fonts of
 * fonts/ loaded once per test, and templates/genai-2024.xml parsed, bound
 * and laid out. */
#ifndef DG_TESTDECK_H
#define DG_TESTDECK_H

#include "bind/bind.h"
#include "layout/layout.h"
#include "deck/parse.h"
#include "testutil.h"
#include "text/text.h"

static dg_text *tx;

static inline void deck_setup(void) {
  setup();
  tx = dg_text_new(&ctx, NULL, "fonts", "BIZ UDPGothic", NULL, 0);
  ck_assert_msg(tx != NULL, "%s", errbuf);
}

static inline void deck_teardown(void) {
  dg_text_free(tx);
  teardown();
}

static inline dg_layout *sample(void) {
  dg_node *n = dg_parse_file(&ctx, arena, "templates/genai-2024.xml",
                             "templates/deck.rng");
  ck_assert_msg(n != NULL, "%s", errbuf);
  dg_bind_opts o = {.root = ".", .schema = "templates/deck.rng"};
  dg_deck *d = dg_bind(&ctx, arena, n, "templates/genai-2024.xml", &o);
  ck_assert_msg(d != NULL, "%s", errbuf);
  dg_layout *l = dg_layout_deck(&ctx, arena, tx, d);
  ck_assert_msg(l != NULL, "%s", errbuf);
  return l;
}

#endif
