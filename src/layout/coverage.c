/* coverage: characters the font cannot draw, found in the display list and
 * reported where the deck or its data wrote them. */
#include "layout/coverage.h"

#include <stdlib.h>
#include <string.h>

#include "data/csv.h"

/* Does s hold code point cp? */
static int holds(const char *s, uint32_t cp) {
  if (!s)
    return 0;
  size_t len = strlen(s);
  for (size_t i = 0; i < len;) {
    uint32_t c;
    int k = dg_utf8_decode(s + i, len - i, &c);
    if (k <= 0)
      k = 1;
    else if (c == cp)
      return 1;
    i += (size_t)k;
  }
  return 0;
}

/* The element of the tree at n whose text or attributes hold cp first. */
static const dg_node *node_with(const dg_node *n, uint32_t cp) {
  if (holds(n->text, cp))
    return n;
  for (int i = 0; i < n->nattrs; i++)
    if (holds(n->attr_value[i], cp))
      return n;
  for (int i = 0; i < n->nkids; i++) {
    const dg_node *k = node_with(n->kids[i], cp);
    if (k)
      return k;
  }
  return NULL;
}

/* Where cp was written: the deck, else a dataset cell, else deck_path. */
static dg_pos origin(const dg_node *root, const dg_deck *d,
                     const char *deck_path, uint32_t cp) {
  const dg_node *n = root ? node_with(root, cp) : NULL;
  if (n)
    return n->pos;
  for (int i = 0; i < d->ntables; i++) {
    const dg_table *t = d->tables[i];
    for (int r = 0; r < t->nrows; r++)
      for (int c = 0; c < t->ncols; c++) {
        const dg_cell *cell = dg_table_cell(t, r, c);
        if (holds(cell->text, cp))
          return cell->pos;
      }
  }
  return (dg_pos){deck_path, 0, 0};
}

int dg_coverage_check(dg_ctx *ctx, dg_text *tx, const dg_layout *l,
                      const dg_node *root, const dg_deck *d,
                      const char *deck_path) {
  uint32_t seen[16];
  int nseen = 0, nerr = 0;
  for (int p = 0; p < l->npages; p++)
    for (int i = 0; i < l->pages[p].nops; i++) {
      const dg_op *o = &l->pages[p].ops[i];
      if (o->kind != DG_OP_TEXT || !o->text.str)
        continue;
      const char *s = o->text.str;
      size_t len = strlen(s);
      for (size_t k = 0; k < len;) {
        uint32_t cp;
        int n = dg_utf8_decode(s + k, len - k, &cp);
        if (n <= 0) {
          n = 1;
          cp = 0xFFFD;
        }
        k += (size_t)n;
        /* control characters draw nothing (the CSV reader lets only tabs
         * through) */
        if (cp < 0x20 || dg_text_has_glyph(tx, cp, o->text.bold))
          continue;
        int dup = 0;
        for (int s = 0; s < nseen; s++)
          dup |= seen[s] == cp;
        if (dup)
          continue;
        if (nseen < 16)
          seen[nseen++] = cp;
        dg_error(ctx, origin(root, d, deck_path, cp),
                 "character U+%04X cannot be drawn: font \"%s\" has no glyph "
                 "for it (slide %d)",
                 (unsigned)cp, d->theme.font_family, l->pages[p].number);
        nerr++;
        if (nseen == 16)
          return nerr; /* enough to go on with */
      }
    }
  return nerr;
}
