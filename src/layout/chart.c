/* chart: what every chart layout shares — the figure group and its
 * description for screen readers, round axis steps and tick labels, the
 * heading, the legend in a row, category labels fitted at one size, and
 * segment edges on whole points. The chart types sit above it:
 * chart_bar.c, chart_stacked.c, chart_pie.c, chart_xy.c; chart_type.c
 * picks one. Tables and key-figure cards are table.c's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/num.h"
#include "layout/layout_int.h"

double lo_nice_step(double max, int target) {
  if (max <= 0)
    return 1;
  double raw = max / target;
  double mag = pow(10, floor(log10(raw)));
  static const double m[] = {1, 2, 2.5, 5, 10};
  for (int i = 0; i < 5; i++)
    if (m[i] * mag >= raw - 1e-9)
      return m[i] * mag;
  return 10 * mag;
}

/* A tick value as printed: whole numbers grouped by thousands (1,000) as
 * num.c formats bound values, fractions as they are. */
const char *lo_fmt_tick(lctx *L, double v) {
  long long iv = llround(v);
  if (fabs(v - (double)iv) >= 1e-9)
    return dg_printf(L->a, "%g", v);
  dg_buf b = {0};
  dg_num_format(dg_num_int(iv), 0, 1, &b);
  const char *r = dg_strdup(L->a, b.data);
  dg_buf_free(&b);
  return r;
}

/* The chart's data in one sentence, as every renderer gives it to a
 * screen reader (HTML <desc>, PDF /Alt): "A 875、B 755" or, with series,
 * "A（本運用 212、実証実験 38）". */
static const char *describe(lctx *L, const dg_chart *c) {
  dg_buf b = {0};
  for (int i = 0; i < c->ncat; i++) {
    if (i)
      dg_buf_puts(&b, "、");
    dg_buf_puts(&b, c->cat[i]);
    dg_buf_puts(&b, c->nser > 1 ? "（" : " ");
    for (int s = 0; s < c->nser; s++) {
      if (s)
        dg_buf_puts(&b, "、");
      if (c->nser > 1) {
        dg_buf_puts(&b, c->ser[s]);
        dg_buf_puts(&b, " ");
      }
      dg_buf_puts(&b, c->val_text[i * c->nser + s]);
      if (c->unit)
        dg_buf_puts(&b, c->unit);
      if (c->pct_text) {
        dg_buf_puts(&b, "（");
        dg_buf_puts(&b, c->pct_text[i * c->nser + s]);
        dg_buf_puts(&b, "）");
      }
    }
    if (c->nser > 1)
      dg_buf_puts(&b, "）");
  }
  if (c->has_ref) { /* the reference line is part of what the chart says */
    dg_buf_puts(&b, "（");
    dg_buf_puts(&b, c->ref_text);
    dg_buf_puts(&b, "）");
  }
  const char *r = dg_strdup(L->a, b.data ? b.data : "");
  dg_buf_free(&b);
  return r;
}

/* Opens the figure group of chart c, whose BEGIN op carries f. */
void lo_chart_begin(lctx *L, const dg_chart *c, dg_figure *f, double x,
                    double y, double w, double h) {
  f->chart = c;
  f->alt = c->alt;
  f->desc = describe(L, c);
  dg_op *o = lo_begin(L, DG_SEM_FIGURE, lo_fig_id(L));
  o->x = x;
  o->y = y;
  o->begin.w = w;
  o->begin.h = h;
  o->begin.fig = f;
}

/* Records the plot of figure f (see dg_figure). */
void lo_chart_plot(dg_figure *o, double px, double py, double pw, double ph,
                   double axis_max, double axis_step, double bar_frac) {
  o->px = px;
  o->py = py;
  o->pw = pw;
  o->ph = ph;
  o->axis_max = axis_max;
  o->axis_step = axis_step;
  o->bar_frac = bar_frac;
}

/* Records the legend box of figure f. */
void lo_chart_legend(dg_figure *o, double x, double y, double w, double h) {
  o->gx = x;
  o->gy = y;
  o->gw = w;
  o->gh = h;
}

/* Heading above a chart (two-chart slides); returns the height used. */
double lo_chart_heading(lctx *L, const dg_chart *c, double x, double y,
                        double w) {
  if (!c->heading)
    return 0;
  const dg_role *r = &L->th->roles[DG_ROLE_HEADING];
  tblock tb;
  if (lo_fit(L, c->heading, r, w, 0, "chart heading", &tb))
    return -1;
  lo_emit(L, &tb, x, w, y, AL_LEFT);
  return lo_height(&tb) + 8;
}

/* Fits all category labels at one common size into (w, row_h). */
int lo_fit_labels(lctx *L, const dg_chart *c, double w, double row_h,
                  tblock *out) {
  const dg_role *r = &L->th->roles[DG_ROLE_LABEL];
  for (double size = r->size_pt; size >= L->th->min_size_pt - 1e-9;
       size -= 0.5) {
    int ok = 1;
    for (int i = 0; i < c->ncat && ok; i++) {
      ok = lo_break_balanced(L, c->cat[i], size, r->bold, r->leading, w,
                             &out[i]) &&
           lo_height(&out[i]) <= row_h + 0.01;
      out[i].color = r->color;
    }
    if (ok)
      return 0;
  }
  dg_error(L->ctx, L->s->pos,
           "slide %d: chart category labels do not fit "
           "(%.0f pt wide, %.0f pt per row) at the minimum size of %g pt",
           L->s->number, w, row_h, L->th->min_size_pt);
  return -1;
}

double lo_legend_row(lctx *L, const dg_chart *c, double x, double y, double w) {
  const dg_role *r = &L->th->roles[DG_ROLE_LEGEND];
  double asc, desc;
  dg_text_metrics(L->tx, r->size_pt, 0, &asc, &desc);
  double cx = x, line = r->size_pt * 1.5, sw = r->size_pt * 0.9;
  double total = 0;
  for (int s = 0; s < c->nser; s++)
    total += sw + 5 + dg_text_width(L->tx, c->ser[s], r->size_pt, 0) + 18;
  if (total < w)
    cx = x + w - total; /* right-aligned when it fits */
  for (int s = 0; s < c->nser; s++) {
    double tw = dg_text_width(L->tx, c->ser[s], r->size_pt, 0);
    if (cx + sw + 5 + tw > x + w) {
      cx = x;
      y += line;
    }
    if (c->type == DG_CH_LINE) /* the key is the line's marker */
      lo_series_marker(L, cx + sw / 2, y + line / 2, sw, s,
                       lo_ser_col(L, c, s));
    else
      lo_series_rect(L, cx, y + (line - sw) / 2, sw, sw, s,
                     lo_ser_col(L, c, s));
    lo_text(L, c->ser[s], cx + sw + 5, y + (line - asc - desc) / 2 + asc,
            r->size_pt, 0, r->color);
    cx += sw + 5 + tw + 18;
  }
  return y + line;
}

/* The edges of a bar's segments in whole points (edge[s] to edge[s + 1]
 * for series s): as the lengths fall, but at least 1 pt for a value above
 * zero, so that every segment shows and two never share a point. With
 * fit, the widest segment gives back what that added, so the
 * bar keeps its length. len[s] is the exact length of segment s. */
void lo_seg_edges(const double *len, int nser, double x0, int fit,
                  double *edge) {
  double cum = x0;
  edge[0] = round(x0);
  int widest = -1;
  for (int s = 0; s < nser; s++) {
    cum += len[s];
    edge[s + 1] = len[s] > 0 ? fmax(round(cum), edge[s] + 1) : edge[s];
    if (widest < 0 || len[s] > len[widest])
      widest = s;
  }
  double over = edge[nser] - round(cum);
  if (fit && over > 0 && widest >= 0)
    for (int s = widest + 1; s <= nser; s++)
      edge[s] -= over;
}

/* The heading, then for several series the legend in a row under it (its
 * box recorded in fig): where the rest starts in *top, or -1 after
 * reporting. */
int lo_chart_head(lctx *L, const dg_chart *c, dg_figure *fig, double x,
                  double y, double w, double *top) {
  double hh = lo_chart_heading(L, c, x, y, w);
  if (hh < 0)
    return -1;
  *top = y + hh;
  if (c->nser > 1) {
    double ly = *top;
    *top = lo_legend_row(L, c, x, ly, w) + 2;
    lo_chart_legend(fig, x, ly, w, *top - 2 - ly);
  }
  return 0;
}

uint32_t lo_ser_col(const lctx *L, const dg_chart *c, int s) {
  return dg_theme_series_color(L->th, s, c->nser, c->sequential);
}
