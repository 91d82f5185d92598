/* charttype: lays out a chart by its type — horizontal bars, 100% bars
 * and doughnuts (chart.c), columns and lines (chart_xy.c) — and then again
 * for the narrow column (chart_narrow.c). Here, above the three, so that
 * none of them calls another that calls it back. */
#include "layout/layout_int.h"

int lo_chart(lctx *L, const dg_chart *c, double x, double y, double w,
             double h) {
  dg_figure *f = dg_alloc(L->a, sizeof *f);
  int r;
  switch (c->type) {
  case DG_CH_COLUMN:
    r = lo_column_chart(L, c, f, x, y, w, h);
    break;
  case DG_CH_LINE:
    r = lo_line_chart(L, c, f, x, y, w, h);
    break;
  default:
    r = lo_chart_bars(L, c, f, x, y, w, h);
    break;
  }
  /* the reflowed layout only where a site is written (or the display
   * list dumped): PDF, PNG and PPTX never read it */
  if (r == 0 && L->reflow)
    lo_chart_narrow(L, c, f);
  return r;
}
