/* chart_type: lays out a chart by its type — horizontal bars
 * (chart_bar.c), 100% bars (chart_stacked.c), doughnuts (chart_pie.c),
 * columns and lines (chart_xy.c) — and then again for the narrow column
 * (chart_narrow.c). Here, above them all, so that none of them calls
 * another that calls it back. */
#include <assert.h>

#include "layout/layout_int.h"

typedef int (*chart_fn)(lctx *L, const dg_chart *c, dg_figure *f, double x,
                        double y, double w, double h);

/* one layout function per chart type, in dg_chart_type's order */
static const chart_fn by_type[] = {
    [DG_CH_BAR] = lo_bar_chart,       [DG_CH_STACKED100] = lo_stacked_chart,
    [DG_CH_PIE] = lo_pie_chart,       [DG_CH_LINE] = lo_line_chart,
    [DG_CH_COLUMN] = lo_column_chart,
};

int lo_chart(lctx *L, const dg_chart *c, double x, double y, double w,
             double h) {
  assert((size_t)c->type < sizeof by_type / sizeof *by_type &&
         by_type[c->type]);
  dg_figure *f = dg_alloc(L->a, sizeof *f);
  int r = by_type[c->type](L, c, f, x, y, w, h);
  /* the reflowed layout only where a site is written (or the display
   * list dumped): PDF, PNG and PPTX never read it */
  if (r == 0 && L->reflow)
    lo_chart_narrow(L, c, f);
  return r;
}
