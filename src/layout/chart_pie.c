/* chart_pie: the doughnut, its shares inside the ring where they fit,
 * and a legend with each value beside it. Uses chart.c's frame. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout_int.h"

int lo_pie_chart(lctx *L, const dg_chart *c, dg_figure *fig, double x, double y,
                 double w, double h) {
  const dg_theme *th = L->th;
  const dg_role *lr = &th->roles[DG_ROLE_LABEL];
  lo_chart_begin(L, c, fig, x, y, w, h);
  double top = y, hh = lo_chart_heading(L, c, x, y, w);
  if (hh < 0)
    return -1;
  top += hh;
  double r = fmin(fmin((y + h - top) / 2 - 6, w * 0.22), 150);
  double cx = x + w * 0.08 + r, cy = top + (y + h - top) / 2;
  lo_chart_plot(fig, cx - r, cy - r, 2 * r, 2 * r, 0, 0, 0);
  double total = 0;
  for (int i = 0; i < c->ncat; i++)
    total += c->val[i * c->nser];
  double a = 0;
  double fs = lr->size_pt + 1, asc, desc;
  dg_text_metrics(L->tx, fs, 1, &asc, &desc);
  for (int i = 0; i < c->ncat; i++) {
    double v = c->val[i * c->nser];
    double sweep = total > 0 ? 2 * M_PI * v / total : 0;
    lo_series_wedge(L, cx, cy, r, r * 0.55, a, a + sweep, i, 0xFFFFFF, 1.5);
    const char *pt = c->pct_text[i * c->nser];
    double tw = dg_text_width(L->tx, pt, fs, 1);
    double mid = a + sweep / 2, rr = r * 0.775;
    double arc = sweep * rr;
    if (arc > tw + 8)
      lo_series_label(L, i, th->series[i % th->nseries], pt,
                      cx + rr * sin(mid) - tw / 2,
                      cy - rr * cos(mid) + (asc - desc) / 2, fs, 1);
    a += sweep;
  }
  /* legend with values to the right */
  double lx = cx + r + 36, lw = x + w - lx;
  const dg_role *gr = &th->roles[DG_ROLE_BODY];
  double ly = cy;
  tblock *tb = dg_alloc_array(L->a, (size_t)c->ncat, sizeof(tblock));
  double total_h = 0;
  for (int i = 0; i < c->ncat; i++) {
    if (lo_fit(L, c->cat[i], gr, lw - 24, 0, "pie legend", &tb[i]))
      return -1;
    total_h += lo_height(&tb[i]) + gr->size_pt * 1.6 + 14;
  }
  ly = cy - total_h / 2;
  lo_chart_legend(fig, lx, ly, lw, total_h);
  for (int i = 0; i < c->ncat; i++) {
    double sw = gr->size_pt;
    lo_series_rect(L, lx, ly + (tb[i].asc - sw) / 2 + 2, sw, sw, i,
                   th->series[i % th->nseries]);
    lo_emit(L, &tb[i], lx + 24, lw - 24, ly, AL_LEFT);
    ly += lo_height(&tb[i]) + 4;
    const char *vt =
        dg_printf(L->a, "%s%s（%s）", c->val_text[i * c->nser],
                  c->unit ? c->unit : "", c->pct_text[i * c->nser]);
    double a2, d2;
    dg_text_metrics(L->tx, gr->size_pt * 1.25, 1, &a2, &d2);
    lo_text(L, vt, lx + 24, ly + a2, gr->size_pt * 1.25, 1, gr->color);
    ly += a2 + d2 + 14;
  }
  lo_end(L);
  return 0;
}
