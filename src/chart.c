/* chart: the layout of charts. One engine for both renderers: bars
 * (single, stacked or grouped series) with round ticks, 100% stacked bars
 * with in-segment or leader-line labels, donuts with a value legend.
 * Tables and key-figure cards are table.c's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout_int.h"
#include "num.h"

static const char *fw_digits[] = {"１", "２", "３", "４", "５",
                                  "６", "７", "８", "９", "10"};

static double nice_step(double max, int target) {
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
static const char *fmt_tick(lctx *L, double v) {
  long long iv = llround(v);
  if (fabs(v - (double)iv) >= 1e-9)
    return dg_printf(L->a, "%g", v);
  dg_buf b = {0};
  dg_num_format(dg_num_int(iv), 0, 1, &b);
  const char *r = dg_strdup(L->a, b.data);
  dg_buf_free(&b);
  return r;
}

const char *lo_fig_id(lctx *L) {
  return dg_printf(L->a, "slide-%d-fig-%d", L->s->number, ++L->nfig);
}

/* The chart's data in one sentence, as every renderer gives it to a
 * screen reader (HTML <desc>, PDF /Alt): "A 875、B 755" or, with series,
 * "A（本運用 212、実証実験 38）" (issue 15). */
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
  const char *r = dg_strdup(L->a, b.data ? b.data : "");
  dg_buf_free(&b);
  return r;
}

static dg_op *begin_fig(lctx *L, const dg_chart *c, double x, double y,
                        double w, double h) {
  const char *desc = describe(L, c);
  lo_begin(L, DG_SEM_FIGURE, lo_fig_id(L));
  dg_op *o = &L->pg->ops[L->pg->nops - 1];
  o->chart = c;
  o->alt = c->alt;
  o->desc = desc;
  o->bx = x;
  o->by = y;
  o->bw = w;
  o->bh = h;
  return o;
}

/* Heading above a chart (two-chart slides); returns the height used. */
static double heading(lctx *L, const dg_chart *c, double x, double y,
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
static int fit_labels(lctx *L, const dg_chart *c, double w, double row_h,
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

static double legend_row(lctx *L, const dg_chart *c, double x, double y,
                         double w) {
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
    lo_rect(L, cx, y + (line - sw) / 2, sw, sw,
            L->th->series[s % L->th->nseries]);
    lo_text(L, c->ser[s], cx + sw + 5, y + (line - asc - desc) / 2 + asc,
            r->size_pt, 0, r->color);
    cx += sw + 5 + tw + 18;
  }
  return y + line;
}

/* ---------- bars ---------- */

static int bar_chart(lctx *L, const dg_chart *c, double x, double y, double w,
                     double h) {
  const dg_theme *th = L->th;
  const dg_role *lr = &th->roles[DG_ROLE_LABEL], *kr = &th->roles[DG_ROLE_TICK];
  begin_fig(L, c, x, y, w, h);
  double top = y, hh = heading(L, c, x, y, w);
  if (hh < 0)
    return -1;
  top += hh;
  if (c->nser > 1)
    top = legend_row(L, c, x, top, w) + 2;
  double kasc, kdesc;
  dg_text_metrics(L->tx, kr->size_pt, 0, &kasc, &kdesc);
  double tick_h = kasc + kdesc + 6;
  double title_h = c->axis_title ? kasc + kdesc + 6 : 0;
  int n = c->ncat;
  double row_h = (y + h - tick_h - top - title_h) / n;
  double max_row = 44 + 26.0 * c->nser;
  if (row_h > max_row) {
    /* few rows: keep bars close together and centre the plot */
    top += (row_h - max_row) * n / 2;
    row_h = max_row;
  }
  if (c->axis_title) {
    lo_text_al(L, c->axis_title, x, w, top + kasc, kr->size_pt, 0, kr->color,
               AL_RIGHT);
    top += title_h;
  }
  double plot_top = top, plot_bot = top + row_h * n;
  if (row_h < 10) {
    dg_error(L->ctx, L->s->pos,
             "slide %d: chart has %d rows, too many for "
             "%.0f pt",
             L->s->number, n, plot_bot - plot_top);
    return -1;
  }
  /* totals per category and the widest value label */
  double *tot = dg_alloc_array(L->a, (size_t)n, sizeof(double));
  double vmax = 0, vw = 0;
  for (int i = 0; i < n; i++) {
    for (int s = 0; s < c->nser; s++) {
      double v = c->val[i * c->nser + s];
      if (c->stack || c->nser == 1)
        tot[i] += v;
      else if (v > tot[i])
        tot[i] = v;
      if (!c->stack || c->nser == 1) {
        double tw =
            dg_text_width(L->tx, c->val_text[i * c->nser + s], lr->size_pt, 0);
        if (tw > vw)
          vw = tw;
      }
    }
    if (tot[i] > vmax)
      vmax = tot[i];
  }
  const char **tot_text = NULL;
  if (c->tot_text) {
    tot_text = dg_alloc_array(L->a, (size_t)n, sizeof(char *));
    for (int i = 0; i < n; i++) {
      tot_text[i] = dg_printf(L->a, "計 %s", c->tot_text[i]);
      double tw = dg_text_width(L->tx, tot_text[i], lr->size_pt, 0);
      if (tw > vw)
        vw = tw;
    }
  }
  /* label column: as wide as the longest label, within 18%–40% of w */
  double natural = 0;
  for (int i = 0; i < n; i++) {
    double tw = dg_text_width(L->tx, c->cat[i], lr->size_pt, lr->bold);
    if (tw > natural)
      natural = tw;
  }
  double lab_w = fmin(fmax(natural + 2, w * 0.18), w * 0.40);
  tblock *labs = dg_alloc_array(L->a, (size_t)n, sizeof(tblock));
  if (fit_labels(L, c, lab_w, row_h - 2, labs))
    return -1;
  double x0 = x + lab_w + 10, x1 = x + w - vw - 8;
  /* as many round ticks as fit their labels, at most 10 */
  double widest = dg_text_width(
      L->tx, fmt_tick(L, ceil(vmax > 0 ? vmax * 1.2 : 1)), kr->size_pt, 0);
  int target = (int)fmin(9, fmax(2, (x1 - x0) / (widest + 18)));
  double step = nice_step(c->axis_max > 0 ? c->axis_max : vmax, target);
  double amax = c->axis_max > 0 ? c->axis_max : ceil(vmax / step - 1e-9) * step;
  if (amax <= 0)
    amax = step;
  double pw = x1 - x0;
  /* grid and ticks */
  for (double t = 0; t <= amax + 1e-9; t += step) {
    double tx = x0 + pw * t / amax;
    if (t > 0)
      lo_line(L, tx, plot_top, tx, plot_bot, th->grid, 0.6);
    const char *ts = fmt_tick(L, t);
    double tw = dg_text_width(L->tx, ts, kr->size_pt, 0);
    lo_text(L, ts, tx - tw / 2, plot_bot + 4 + kasc, kr->size_pt, 0, kr->color);
  }
  lo_line(L, x0, plot_top, x0, plot_bot, th->axis, 1);
  double lasc, ldesc;
  dg_text_metrics(L->tx, lr->size_pt, 0, &lasc, &ldesc);
  for (int i = 0; i < n; i++) {
    double cy = plot_top + row_h * (i + 0.5);
    double bh = fmin(row_h * 0.62, 36);
    lo_emit(L, &labs[i], x, lab_w, cy - lo_height(&labs[i]) / 2, AL_RIGHT);
    double bx = x0;
    for (int s = 0; s < c->nser; s++) {
      double v = c->val[i * c->nser + s];
      double len = pw * v / amax;
      uint32_t col = th->series[s % th->nseries];
      double by = cy - bh / 2, sh = bh;
      if (!c->stack && c->nser > 1) {
        sh = bh / c->nser;
        by = cy - bh / 2 + s * sh;
        bx = x0;
      }
      if (len > 0)
        lo_rect(L, bx, by, len, sh, col);
      const char *vt = c->val_text[i * c->nser + s];
      double vtw = dg_text_width(L->tx, vt, lr->size_pt, 0);
      double base = by + sh / 2 + (lasc - ldesc) / 2;
      if (c->nser == 1 || !c->stack) {
        double fs = lr->size_pt;
        if (!c->stack && c->nser > 1 && sh < lasc + ldesc) {
          fs = fmax(th->min_size_pt, sh * 0.85);
          base = by + sh / 2 + fs * 0.35;
        }
        lo_text(L, vt, bx + len + 4, base, fs, 0, lr->color);
      } else if (v > 0 && vtw + 6 <= len && lasc + ldesc <= sh) {
        lo_text(L, vt, bx + (len - vtw) / 2, base, lr->size_pt, 0, lo_on(col));
      }
      if (c->stack)
        bx += len;
    }
    if (tot_text)
      lo_text(L, tot_text[i], bx + 4, cy + (lasc - ldesc) / 2, lr->size_pt, 0,
              lr->color);
  }
  lo_end(L);
  return 0;
}

/* ---------- 100% stacked ---------- */

typedef struct outlab {
  const char *t;
  double cx, w, x; /* segment centre, label width, placed left */
} outlab;

static int stacked_chart(lctx *L, const dg_chart *c, double x, double y,
                         double w, double h) {
  const dg_theme *th = L->th;
  const dg_role *lr = &th->roles[DG_ROLE_LABEL],
                *gr = &th->roles[DG_ROLE_LEGEND];
  begin_fig(L, c, x, y, w, h);
  double top = y, hh = heading(L, c, x, y, w);
  if (hh < 0)
    return -1;
  top += hh;
  /* foot of the chart: legend (numbered: one column) and caption */
  double gasc, gdesc;
  dg_text_metrics(L->tx, gr->size_pt, 0, &gasc, &gdesc);
  double gline = gr->size_pt * gr->leading;
  double foot = 0;
  if (c->numbered_legend)
    foot += c->nser * gline + 6;
  else
    foot += gline + 6;
  if (c->caption)
    foot += gline;
  double fs = lr->size_pt - 1; /* segment labels */
  double lasc, ldesc;
  dg_text_metrics(L->tx, fs, 0, &lasc, &ldesc);
  double band = lasc + ldesc + 8; /* leader-label band above each bar */
  int n = c->ncat;
  double rows_h = y + h - top - foot;
  double pitch = rows_h / n;
  if (pitch > band + 64) {
    /* few rows: keep them together, centred in the space */
    top += (pitch - band - 64) * n / 2;
    pitch = band + 64;
  }
  double bh = fmin(pitch - band - 6, 40);
  if (bh < lasc + ldesc + 2) {
    dg_error(L->ctx, L->s->pos,
             "slide %d: 100%% chart has no room for its "
             "bars (%.0f pt per row)",
             L->s->number, pitch);
    return -1;
  }
  double natural = 0;
  for (int i = 0; i < n; i++) {
    double tw = dg_text_width(L->tx, c->cat[i], lr->size_pt, lr->bold);
    if (tw > natural)
      natural = tw;
  }
  double lab_w = fmin(natural + 2, w * 0.25);
  tblock *labs = dg_alloc_array(L->a, (size_t)n, sizeof(tblock));
  if (fit_labels(L, c, lab_w, bh + band, labs))
    return -1;
  double x0 = x + lab_w + 12, pw = x + w - x0 - 4;
  for (int i = 0; i < n; i++) {
    double rtop = top + i * pitch;
    double by = rtop + (pitch - bh + band) / 2;
    lo_emit(L, &labs[i], x, lab_w, by + bh / 2 - lo_height(&labs[i]) / 2,
            AL_RIGHT);
    double total = 0;
    for (int s = 0; s < c->nser; s++)
      total += c->val[i * c->nser + s];
    double bx = x0;
    outlab *out = dg_alloc_array(L->a, (size_t)c->nser, sizeof(outlab));
    int nout = 0;
    for (int s = 0; s < c->nser; s++) {
      double v = c->val[i * c->nser + s];
      double len = total > 0 ? pw * v / total : 0;
      uint32_t col = th->series[s % th->nseries];
      if (len <= 0)
        continue;
      lo_rect(L, bx, by, len, bh, col);
      if (s > 0)
        lo_line(L, bx, by, bx, by + bh, 0xFFFFFF, 0.75);
      const char *vt = c->val_text[i * c->nser + s];
      const char *pt = c->pct_text[i * c->nser + s];
      const char *one = dg_printf(L->a, "%s，%s", vt, pt);
      double w1 = dg_text_width(L->tx, one, fs, 0);
      uint32_t on = lo_on(col);
      if (w1 + 6 <= len && lasc + ldesc <= bh) {
        lo_text(L, one, bx + (len - w1) / 2, by + bh / 2 + (lasc - ldesc) / 2,
                fs, 0, on);
      } else {
        out[nout].t = one;
        out[nout].cx = bx + len / 2;
        out[nout].w = w1;
        nout++;
      }
      bx += len;
    }
    /* labels that do not fit go above the bar with a leader line; placed
     * left to right without overlap, then pulled back inside the plot */
    double prev = x0 - 1e9;
    for (int k = 0; k < nout; k++) {
      out[k].x = fmax(out[k].cx - out[k].w / 2, prev + 6);
      prev = out[k].x + out[k].w;
    }
    double limit = x + w;
    for (int k = nout - 1; k >= 0; k--) {
      if (out[k].x + out[k].w > limit)
        out[k].x = limit - out[k].w;
      limit = out[k].x - 6;
    }
    for (int k = 0; k < nout; k++) {
      double base = by - 6 - ldesc;
      lo_text(L, out[k].t, out[k].x, base, fs, 0, lr->color);
      double lx = fmin(fmax(out[k].cx, out[k].x + 2), out[k].x + out[k].w - 2);
      lo_line(L, out[k].cx, by, lx, by - 5, th->axis, 0.6);
    }
  }
  /* legend */
  double ly = y + h - foot + 6;
  if (c->numbered_legend) {
    for (int s = 0; s < c->nser; s++) {
      double sw = gr->size_pt * 0.95;
      lo_rect(L, x0, ly + (gline - sw) / 2, sw, sw,
              th->series[s % th->nseries]);
      const char *t =
          dg_printf(L->a, "%s %s", s < 10 ? fw_digits[s] : "", c->ser[s]);
      lo_text(L, t, x0 + sw + 6, ly + (gline - gasc - gdesc) / 2 + gasc,
              gr->size_pt, 0, gr->color);
      ly += gline;
    }
  } else {
    ly = legend_row(L, c, x0, ly, x + w - x0);
  }
  if (c->caption)
    lo_text(L, c->caption, x0, ly + (gline - gasc - gdesc) / 2 + gasc,
            gr->size_pt, 0, gr->color);
  lo_end(L);
  return 0;
}

/* ---------- donut ---------- */

static int pie_chart(lctx *L, const dg_chart *c, double x, double y, double w,
                     double h) {
  const dg_theme *th = L->th;
  const dg_role *lr = &th->roles[DG_ROLE_LABEL];
  begin_fig(L, c, x, y, w, h);
  double top = y, hh = heading(L, c, x, y, w);
  if (hh < 0)
    return -1;
  top += hh;
  double r = fmin(fmin((y + h - top) / 2 - 6, w * 0.22), 150);
  double cx = x + w * 0.08 + r, cy = top + (y + h - top) / 2;
  double total = 0;
  for (int i = 0; i < c->ncat; i++)
    total += c->val[i * c->nser];
  double a = 0;
  double fs = lr->size_pt + 1, asc, desc;
  dg_text_metrics(L->tx, fs, 1, &asc, &desc);
  for (int i = 0; i < c->ncat; i++) {
    double v = c->val[i * c->nser];
    double sweep = total > 0 ? 2 * M_PI * v / total : 0;
    uint32_t col = th->series[i % th->nseries];
    dg_op *o = lo_push(L, DG_OP_WEDGE);
    o->x = cx;
    o->y = cy;
    o->r_out = r;
    o->r_in = r * 0.55;
    o->a0 = a;
    o->a1 = a + sweep;
    o->fill = col;
    o->has_fill = 1;
    o->stroke = 0xFFFFFF;
    o->has_stroke = 1;
    o->stroke_w = 1.5;
    const char *pt = c->pct_text[i * c->nser];
    double tw = dg_text_width(L->tx, pt, fs, 1);
    double mid = a + sweep / 2, rr = r * 0.775;
    double arc = sweep * rr;
    if (arc > tw + 8)
      lo_text(L, pt, cx + rr * sin(mid) - tw / 2,
              cy - rr * cos(mid) + (asc - desc) / 2, fs, 1, lo_on(col));
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
  for (int i = 0; i < c->ncat; i++) {
    double sw = gr->size_pt;
    lo_rect(L, lx, ly + (tb[i].asc - sw) / 2 + 2, sw, sw,
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

int lo_chart(lctx *L, const dg_chart *c, double x, double y, double w,
             double h) {
  switch (c->type) {
  case DG_CH_STACKED100:
    return stacked_chart(L, c, x, y, w, h);
  case DG_CH_PIE:
    return pie_chart(L, c, x, y, w, h);
  default:
    return bar_chart(L, c, x, y, w, h);
  }
}
