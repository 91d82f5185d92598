/* coverage: between layout and the renderers. Every character a slide
 * draws must be in the deck's font; one that is not (an emoji, Arabic,
 * U+2028, a private-use character) would come out as an empty box, so it
 * is an error naming where the deck or its data wrote it. */
#ifndef DG_COVERAGE_H
#define DG_COVERAGE_H

#include "base/util.h"
#include "bind/bind.h"
#include "deck/parse.h"
#include "layout/layout.h"
#include "text/text.h"

/* Reports each character of l's text that tx's font cannot draw, once, at
 * its first place in the deck (root: element's file:line), the theme or a
 * dataset (file:row:col), or at deck_path when it is in none of them.
 * Returns the number reported. */
int dg_coverage_check(dg_ctx *ctx, dg_text *tx, const dg_layout *l,
                      const dg_node *root, const dg_deck *d,
                      const char *deck_path);

#endif
