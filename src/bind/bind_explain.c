/* bind_explain: --explain prints what bind recorded (bind_interp.c): how
 * each dataset was read, then every bound value with its expression and
 * the source cells it came from, through the computed cells of derived
 * datasets down to the CSV cells. */
#include "bind/bind.h"

#include "bind/bind_int.h"

/* How cell c was computed, when it is a computed cell of a derived
 * dataset; NULL for a cell read from a file or copied. */
static const dg_calc *calc_of(const dg_deck *d, const dg_cell *c) {
  for (int i = 0; i < d->nderived; i++) {
    const dg_table *t = d->derived[i].table;
    size_t n = (size_t)t->nrows * (size_t)t->ncols;
    if (c >= t->cells && c < t->cells + n)
      return d->derived[i].calc[c - t->cells];
  }
  return NULL;
}

/* How many lines the sources of computed cells may take under one
 * explained value: a value of 100 computed cells, each computed from 100
 * more, would print ten thousand lines a level. */
enum { CALC_LINES = 200 };

/* The source cells of an explained value, one a line at `depth` tabs: a
 * cell read from a CSV by its file:row:col and its row's provenance; a
 * computed cell by the file:line of the <column expr> that computed it,
 * the expression, its dataset and row, then the cells it was computed from
 * one tab further in (a derived dataset's columns may use the computed
 * columns of another, so this recurses, as deep as datasets derive).
 * *budget: the lines left for those nested sources; *left counts the
 * computed cells whose sources were not listed for want of it. */
static void explain_cells(const dg_deck *d, FILE *out, const dg_cell **src,
                          int nsrc, int more, const char *more_file, int depth,
                          int *budget, int *left) {
  for (int k = 0; k < nsrc; k++) {
    const dg_cell *c = src[k];
    if (!c)
      continue;
    if (depth > 2 && --*budget < 0)
      return;
    const dg_calc *how = calc_of(d, c);
    for (int t = 0; t < depth; t++)
      fputc('\t', out);
    if (!how) {
      fprintf(out, "%s:%d:%d\t%s\t%s\n", c->pos.file, c->pos.line, c->pos.col,
              c->text, c->prov ? c->prov : "(no provenance)");
      continue;
    }
    fprintf(out, "%s:%d\t%s\tcomputed: {%s}, dataset \"%s\" row %d\n",
            how->pos.file, how->pos.line, c->text, how->expr, how->dataset,
            how->row);
    if (*budget > 0)
      explain_cells(d, out, how->src, how->nsrc, how->src_more, how->more_file,
                    depth + 1, budget, left);
    else
      ++*left;
  }
  if (more > 0 && (depth == 2 || *budget > 0)) {
    for (int t = 0; t < depth; t++)
      fputc('\t', out);
    fprintf(out, "… and %d more cell%s%s%s\n", more, more == 1 ? "" : "s",
            more_file && *more_file ? " of " : "", more_file ? more_file : "");
  }
}

void dg_bind_explain(const dg_deck *d, FILE *out) {
  /* how each file was read: a CSV saved by Excel on Japanese Windows is
   * read as CP932 without a declaration, and says so here (the CP932 case
   * of tests/e2e.sh) */
  for (int i = 0; i < d->ntables; i++)
    fprintf(out, "dataset\t%s\t%s\t%s, %d rows\n", d->tables[i]->id,
            d->tables[i]->path,
            d->tables[i]->encoding ? d->tables[i]->encoding : "UTF-8",
            d->tables[i]->nrows);
  for (int i = 0; i < d->nexplain; i++) {
    const dg_explain *x = &d->explain[i];
    if (x->slide)
      fprintf(out, "slide %d", x->slide);
    else
      fprintf(out, "deck");
    fprintf(out, "\t%s\t%s:%d\t{%s}\t= %s\n", x->element, x->pos.file,
            x->pos.line, x->expr, x->result);
    int budget = CALC_LINES, left = 0;
    explain_cells(d, out, x->src, x->nsrc, x->src_more, x->more_file, 2,
                  &budget, &left);
    if (budget < 0 || left > 0)
      fprintf(out,
              "\t\t… the sources of further computed cells are left out (at "
              "most %d lines of them per value)\n",
              CALC_LINES);
  }
}
