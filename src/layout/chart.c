/* chart: the layout of charts. One engine for both renderers: bars
 * (single, stacked or grouped series) with round ticks, 100% stacked bars
 * with in-segment or leader-line labels, donuts with a value legend.
 * Tables and key-figure cards are table.c's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/num.h"
#include "layout/layout_int.h"

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
static void begin_fig(lctx *L, const dg_chart *c, dg_figure *f, double x,
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
static void set_plot(dg_figure *o, double px, double py, double pw, double ph,
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
static void set_legend(dg_figure *o, double x, double y, double w, double h) {
  o->gx = x;
  o->gy = y;
  o->gw = w;
  o->gh = h;
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
    if (c->type == DG_CH_LINE) /* the key is the line's marker */
      lo_series_marker(L, cx + sw / 2, y + line / 2, sw, s, lo_ser_col(L, c, s));
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
static void seg_edges(const double *len, int nser, double x0, int fit,
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
static int head_legend(lctx *L, const dg_chart *c, dg_figure *fig, double x,
                       double y, double w, double *top) {
  double hh = heading(L, c, x, y, w);
  if (hh < 0)
    return -1;
  *top = y + hh;
  if (c->nser > 1) {
    double ly = *top;
    *top = legend_row(L, c, x, ly, w) + 2;
    set_legend(fig, x, ly, w, *top - 2 - ly);
  }
  return 0;
}

/* ---------- bars ---------- */

static int bar_chart(lctx *L, const dg_chart *c, dg_figure *fig, double x,
                     double y, double w, double h) {
  const dg_theme *th = L->th;
  const dg_role *lr = &th->roles[DG_ROLE_LABEL], *kr = &th->roles[DG_ROLE_TICK];
  begin_fig(L, c, fig, x, y, w, h);
  double top;
  if (head_legend(L, c, fig, x, y, w, &top))
    return -1;
  double kasc, kdesc;
  dg_text_metrics(L->tx, kr->size_pt, 0, &kasc, &kdesc);
  double tick_h = kasc + kdesc + 6;
  double title_h = c->axis_title ? kasc + kdesc + 6 : 0;
  /* a reference line's label sits in a band above the plot */
  double lasc0, ldesc0;
  dg_text_metrics(L->tx, lr->size_pt, 0, &lasc0, &ldesc0);
  double ref_h = c->has_ref ? lasc0 + ldesc0 + 4 : 0;
  title_h += ref_h;
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
    top += title_h - ref_h;
  }
  top += ref_h;
  double plot_top = top, plot_bot = top + row_h * n;
  /* a tall ranking: the rows get closer and the labels smaller, down to
   * the theme's minimum size, before the chart is refused */
  double vfs = lr->size_pt, masc, mdesc;
  dg_text_metrics(L->tx, th->min_size_pt, 0, &masc, &mdesc);
  double need = fmax(masc + mdesc + 1, 6);
  if (row_h < need) {
    dg_error(L->ctx, L->s->pos,
             "slide %d: chart has %d rows, too many for %.0f pt: each row "
             "needs %.1f pt at the minimum text size of %g pt; give the "
             "chart more height (a shorter lead, no other block on the "
             "slide), lower the minimum (<font min-size=\"…\"/> in the "
             "theme or in the slide's <style>), or chart fewer rows (where=)",
             L->s->number, n, plot_bot - plot_top, need, th->min_size_pt);
    return -1;
  }
  for (;;) {
    double a1, d1;
    dg_text_metrics(L->tx, vfs, 0, &a1, &d1);
    if (a1 + d1 + 1 <= row_h || vfs - 0.5 < th->min_size_pt - 1e-9)
      break;
    vfs -= 0.5;
  }
  /* totals per category and the widest value label */
  double *tot = dg_alloc_array(L->a, (size_t)n, sizeof(double));
  double vmax = c->has_ref ? c->ref : 0, vw = 0;
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
  if (fit_labels(L, c, lab_w, fmax(row_h - 2, need - 1), labs))
    return -1;
  if (vfs < lr->size_pt) { /* a tall ranking: its labels as drawn */
    fig->val_pt = vfs;
    fig->cat_pt = labs[0].size;
  }
  double x0 = x + lab_w + 10, x1 = x + w - vw - 8;
  /* as many round ticks as fit their labels, at most 10 */
  double widest = dg_text_width(
      L->tx, fmt_tick(L, ceil(vmax > 0 ? vmax * 1.2 : 1)), kr->size_pt, 0);
  int target = (int)fmin(9, fmax(2, (x1 - x0) / (widest + 18)));
  double step = nice_step(c->axis_max > 0 ? c->axis_max : vmax, target);
  double amax = c->axis_max > 0 ? c->axis_max : ceil(vmax / step - 1e-9) * step;
  /* every value zero: an axis from 0 to 5, not 0 to 1, and a
   * sentence over the plot that says there were no answers */
  int all_zero = vmax <= 0 && c->axis_max <= 0;
  if (all_zero) {
    step = 1;
    amax = 5;
  }
  if (amax <= 0)
    amax = step;
  double pw = x1 - x0;
  set_plot(fig, x0, plot_top, pw, plot_bot - plot_top, amax, step,
           fmin(row_h * 0.62, 36) / row_h);
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
  /* the reference: a rule across the rows over the bars (drawn after
   * them), broken where a value label stands on it; its label above */
  double rx = c->has_ref ? round(x0 + pw * c->ref / amax) : 0;
  double *gap = dg_alloc_array(L->a, 2 * (size_t)n + 2, sizeof(double));
  int ngap = 0;
  if (c->has_ref) {
    fig->rx0 = fig->rx1 = rx;
    fig->ry0 = plot_top - 2;
    fig->ry1 = plot_bot;
    double rw = dg_text_width(L->tx, c->ref_text, lr->size_pt, 0);
    lo_text(L, c->ref_text, fmin(fmax(rx - rw / 2, x0), x + w - rw),
            plot_top - 4 - ldesc0, lr->size_pt, 0, lr->color);
  }
  double lasc, ldesc;
  dg_text_metrics(L->tx, lr->size_pt, 0, &lasc, &ldesc);
  /* stacked series: a value too wide for its segment goes above the bar
   * with a leader (layout/chart_label.c), never left out; the bars get thinner
   * when the labels need the room */
  double bh = fmin(row_h * 0.62, 36), lrow = lasc + ldesc + 3;
  lo_outlab **outs = dg_alloc_array(L->a, (size_t)n, sizeof(lo_outlab *));
  int *nouts = dg_alloc_array(L->a, (size_t)n, sizeof(int));
  double **edges = dg_alloc_array(L->a, (size_t)n, sizeof(double *));
  if (c->stack && c->nser > 1) {
    int rows = 0;
    for (int i = 0; i < n; i++) {
      outs[i] = dg_alloc_array(L->a, (size_t)c->nser, sizeof(lo_outlab));
      edges[i] = dg_alloc_array(L->a, (size_t)c->nser + 1, sizeof(double));
      double *lens = dg_alloc_array(L->a, (size_t)c->nser, sizeof(double));
      for (int s = 0; s < c->nser; s++)
        lens[s] = pw * c->val[i * c->nser + s] / amax;
      seg_edges(lens, c->nser, x0, 0, edges[i]);
      for (int s = 0; s < c->nser; s++) {
        const char *vt = c->val_text[i * c->nser + s];
        double vtw = dg_text_width(L->tx, vt, lr->size_pt, 0);
        if (lens[s] > 0 && vtw + 6 > lens[s]) {
          lo_outlab *o = &outs[i][nouts[i]++];
          o->t = vt;
          o->cx = (edges[i][s] + edges[i][s + 1]) / 2;
          o->w = vtw;
        }
      }
      int max_rows =
          1 + (int)floor(((row_h - 6) / 2 - 6 - (lasc + ldesc)) / lrow);
      int r = nouts[i] ? lo_place_outside(outs[i], nouts[i], x0, x + w, lrow, 6,
                                          lasc + ldesc, max_rows)
                       : 0;
      if (r < 0) {
        dg_error(L->ctx, L->s->pos,
                 "slide %d: the values of %d small segments of \"%s\" do not "
                 "fit above its bar (%.0f pt per bar)",
                 L->s->number, nouts[i], c->cat[i], row_h);
        return -1;
      }
      if (r > rows)
        rows = r;
    }
    if (rows > 0) {
      double need = 2 * (6 + (rows - 1) * lrow + lasc + ldesc);
      bh = fmin(bh, row_h - need);
      if (bh < 6) {
        dg_error(L->ctx, L->s->pos,
                 "slide %d: bar chart has no room for the labels of its "
                 "small segments (%d rows of labels, %.0f pt per bar)",
                 L->s->number, rows, row_h);
        return -1;
      }
    }
  }
  if (all_zero) {
    const char *t = DG_CHART_NO_ANSWERS;
    double fsz = lr->size_pt + 2, tw = dg_text_width(L->tx, t, fsz, 1);
    double a2, d2;
    dg_text_metrics(L->tx, fsz, 1, &a2, &d2);
    double tx = x0 + vw + 12 + (x1 - x0 - vw - 12 - tw) / 2;
    double ty = (plot_top + plot_bot) / 2;
    lo_rect(L, tx - 8, ty - (a2 + d2) / 2 - 6, tw + 16, a2 + d2 + 12, 0xFFFFFF);
    lo_text(L, t, tx, ty + (a2 - d2) / 2, fsz, 1, lr->color);
  }
  for (int i = 0; i < n; i++) {
    double cy = plot_top + row_h * (i + 0.5);
    lo_emit(L, &labs[i], x, lab_w, cy - lo_height(&labs[i]) / 2, AL_RIGHT);
    double bx = x0;
    for (int s = 0; s < c->nser; s++) {
      double v = c->val[i * c->nser + s];
      double len = pw * v / amax;
      uint32_t col = c->nser == 1 && i == c->highlight ? th->highlight
                                                       : lo_ser_col(L, c, s);
      double by = cy - bh / 2, sh = bh;
      if (!c->stack && c->nser > 1) {
        sh = bh / c->nser;
        by = cy - bh / 2 + s * sh;
        bx = x0;
      }
      if (len > 0 && edges[i])
        lo_series_rect(L, edges[i][s], by, edges[i][s + 1] - edges[i][s], sh,
                       s, col);
      else if (len > 0)
        lo_series_rect(L, bx, by, len, sh, s, col);
      const char *vt = c->val_text[i * c->nser + s];
      double vtw = dg_text_width(L->tx, vt, lr->size_pt, 0);
      double base = by + sh / 2 + (lasc - ldesc) / 2;
      if (c->nser == 1 || !c->stack) {
        double fs = vfs;
        if (!c->stack && c->nser > 1 && sh < lasc + ldesc) {
          fs = fmax(th->min_size_pt, sh * 0.85);
          base = by + sh / 2 + fs * 0.35;
        } else if (fs < lr->size_pt) {
          double a1, d1;
          dg_text_metrics(L->tx, fs, 0, &a1, &d1);
          base = by + sh / 2 + (a1 - d1) / 2;
        }
        if (c->has_ref) { /* the reference leaves the label a gap */
          double tw = dg_text_width(L->tx, vt, fs, i == c->highlight), a1, d1;
          dg_text_metrics(L->tx, fs, 0, &a1, &d1);
          if (rx + 1 > bx + len + 2 && rx - 1 < bx + len + 6 + tw) {
            gap[2 * ngap] = base - a1 - 1;
            gap[2 * ngap + 1] = base + d1 + 1;
            ngap++;
          }
        }
        lo_text(L, vt, bx + len + 4, base, fs, i == c->highlight, lr->color);
      } else if (v > 0 && vtw + 6 <= len) {
        double ifs = lr->size_pt; /* a thin bar: the label shrinks to it */
        if (lasc + ldesc > sh) {
          ifs = fmax(th->min_size_pt, sh * 0.85);
          base = by + sh / 2 + ifs * 0.35;
        }
        lo_series_label(L, s, col, vt,
                        bx + (len - dg_text_width(L->tx, vt, ifs, 0)) / 2,
                        base, ifs, 0);
        lo_label_centred(L);
      }
      if (c->stack)
        bx += len;
    }
    for (int k = 0; k < nouts[i]; k++) {
      const lo_outlab *o = &outs[i][k];
      double bottom = cy - bh / 2 - 6 - o->row * lrow;
      lo_text(L, o->t, o->x, bottom - ldesc, lr->size_pt, 0, lr->color);
      lo_outlab_anchor(L, outs[i], nouts[i], k, x0, x + w);
      lo_line(L, o->cx, cy - bh / 2, o->lx, bottom + 1, th->axis, 0.6);
    }
    if (tot_text) /* after the bar as drawn (tiny segments take 1 pt) */
      lo_text(L, tot_text[i], fmax(bx, edges[i] ? edges[i][c->nser] : bx) + 4,
              cy + (lasc - ldesc) / 2, lr->size_pt, 0, lr->color);
  }
  for (int g = 0; c->has_ref && g <= ngap; g++) {
    /* gaps come top to bottom, as the rows */
    double top = g == 0 ? plot_top - 2 : gap[2 * g - 1];
    double end = g < ngap ? gap[2 * g] : plot_bot;
    if (end > top)
      lo_rect(L, rx - 1, top, 2, end - top, th->text);
  }
  lo_end(L);
  return 0;
}

/* ---------- 100% stacked ---------- */

/* One category's segments: lengths and which labels fit inside. */
typedef struct segrow {
  double *len;    /* nser: exact lengths */
  double *edge;   /* nser + 1: as drawn (seg_edges) */
  const char **t; /* nser: "value，share" */
  double *tw;     /* nser: its width */
  int *inside;    /* nser: drawn inside the segment */
  lo_outlab *out; /* the others, placed above the bar */
  int nout, rows;
} segrow;

static int stacked_chart(lctx *L, const dg_chart *c, dg_figure *fig, double x,
                         double y, double w, double h) {
  const dg_theme *th = L->th;
  const dg_role *lr = &th->roles[DG_ROLE_LABEL],
                *gr = &th->roles[DG_ROLE_LEGEND];
  begin_fig(L, c, fig, x, y, w, h);
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
  int n = c->ncat;
  double natural = 0;
  for (int i = 0; i < n; i++) {
    double tw = dg_text_width(L->tx, c->cat[i], lr->size_pt, lr->bold);
    if (tw > natural)
      natural = tw;
  }
  double lab_w = fmin(natural + 2, w * 0.25);
  double x0 = x + lab_w + 12, pw = x + w - x0 - 4;
  /* segments, and the labels too wide for theirs: placed above the bar
   * in as many rows as they need (layout/chart_label.c), never left out */
  double row_h = lasc + ldesc + 3;
  /* as many label rows as leave each bar its minimum height */
  double room =
      (y + h - top - foot) / n - 6 - (lasc + ldesc + 2) - (lasc + ldesc + 8);
  int max_rows = room < 0 ? 0 : 1 + (int)floor(room / row_h);
  segrow *sr = dg_alloc_array(L->a, (size_t)n, sizeof(segrow));
  int rows = 1;
  for (int i = 0; i < n; i++) {
    segrow *g = &sr[i];
    g->len = dg_alloc_array(L->a, (size_t)c->nser, sizeof(double));
    g->t = dg_alloc_array(L->a, (size_t)c->nser, sizeof(char *));
    g->tw = dg_alloc_array(L->a, (size_t)c->nser, sizeof(double));
    g->inside = dg_alloc_array(L->a, (size_t)c->nser, sizeof(int));
    g->out = dg_alloc_array(L->a, (size_t)c->nser, sizeof(lo_outlab));
    double total = 0;
    for (int s = 0; s < c->nser; s++)
      total += c->val[i * c->nser + s];
    for (int s = 0; s < c->nser; s++)
      g->len[s] = total > 0 ? pw * c->val[i * c->nser + s] / total : 0;
    g->edge = dg_alloc_array(L->a, (size_t)c->nser + 1, sizeof(double));
    seg_edges(g->len, c->nser, x0, 1, g->edge);
    for (int s = 0; s < c->nser; s++) {
      double len = g->len[s];
      if (len <= 0)
        continue;
      g->t[s] = dg_printf(L->a, "%s，%s", c->val_text[i * c->nser + s],
                          c->pct_text[i * c->nser + s]);
      g->tw[s] = dg_text_width(L->tx, g->t[s], fs, 0);
      /* inside when it fits the width; the height is checked below, once
       * the bar's height is known */
      g->inside[s] = g->tw[s] + 6 <= len;
      if (!g->inside[s]) {
        g->out[g->nout].t = g->t[s];
        g->out[g->nout].cx = (g->edge[s] + g->edge[s + 1]) / 2;
        g->out[g->nout].w = g->tw[s];
        g->nout++;
      }
    }
    g->rows = g->nout ? lo_place_outside(g->out, g->nout, x0, x + w, row_h, 6,
                                         lasc + ldesc, max_rows)
                      : 0;
    if (g->rows < 0) {
      dg_error(L->ctx, L->s->pos,
               "slide %d: the values of %d small segments of \"%s\" do not "
               "fit above its bar (%d rows of labels at most)",
               L->s->number, g->nout, c->cat[i], max_rows);
      return -1;
    }
    if (g->rows > rows)
      rows = g->rows;
  }
  /* leader-label band above each bar: one row, and more when needed */
  double band = lasc + ldesc + 8 + (rows - 1) * row_h;
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
  tblock *labs = dg_alloc_array(L->a, (size_t)n, sizeof(tblock));
  if (fit_labels(L, c, lab_w, bh + band, labs))
    return -1;
  /* rows of one pitch each, centred on the bars */
  set_plot(fig, x0, top + band / 2, pw, n * pitch, 1, 0, bh / pitch);
  for (int i = 0; i < n; i++) {
    segrow *g = &sr[i];
    double rtop = top + i * pitch;
    double by = rtop + (pitch - bh + band) / 2;
    lo_emit(L, &labs[i], x, lab_w, by + bh / 2 - lo_height(&labs[i]) / 2,
            AL_RIGHT);
    double bx = x0;
    for (int s = 0; s < c->nser; s++) {
      double len = g->len[s];
      if (len <= 0)
        continue;
      /* a white rule between segments, but not over one too thin to keep
       * its colour beside it */
      double ex = g->edge[s], ew = g->edge[s + 1] - g->edge[s];
      lo_series_rect(L, ex, by, ew, bh, s, lo_ser_col(L, c, s));
      if (s > 0 && ew >= 3)
        lo_line(L, bx, by, bx, by + bh, 0xFFFFFF, 0.75);
      if (g->inside[s]) {
        lo_series_label(L, s, lo_ser_col(L, c, s), g->t[s],
                        bx + (len - g->tw[s]) / 2,
                        by + bh / 2 + (lasc - ldesc) / 2, fs, 0);
        lo_label_centred(L);
      }
      bx += len;
    }
    for (int k = 0; k < g->nout; k++) {
      const lo_outlab *o = &g->out[k];
      double bottom = by - 6 - o->row * row_h;
      lo_text(L, o->t, o->x, bottom - ldesc, fs, 0, lr->color);
      lo_outlab_anchor(L, g->out, g->nout, k, x0, x + w);
      lo_line(L, o->cx, by, o->lx, bottom + 1, th->axis, 0.6);
    }
  }
  /* legend */
  double ly = y + h - foot + 6, ly0 = ly;
  if (c->numbered_legend) {
    for (int s = 0; s < c->nser; s++) {
      double sw = gr->size_pt * 0.95;
      lo_series_rect(L, x0, ly + (gline - sw) / 2, sw, sw, s,
                     lo_ser_col(L, c, s));
      const char *t =
          dg_printf(L->a, "%s %s", s < 10 ? fw_digits[s] : "", c->ser[s]);
      lo_text(L, t, x0 + sw + 6, ly + (gline - gasc - gdesc) / 2 + gasc,
              gr->size_pt, 0, gr->color);
      ly += gline;
    }
  } else {
    ly = legend_row(L, c, x0, ly, x + w - x0);
  }
  set_legend(fig, x0, ly0, x + w - x0, ly - ly0);
  if (c->caption)
    lo_text(L, c->caption, x0, ly + (gline - gasc - gdesc) / 2 + gasc,
            gr->size_pt, 0, gr->color);
  lo_end(L);
  return 0;
}

/* ---------- donut ---------- */

static int pie_chart(lctx *L, const dg_chart *c, dg_figure *fig, double x,
                     double y, double w, double h) {
  const dg_theme *th = L->th;
  const dg_role *lr = &th->roles[DG_ROLE_LABEL];
  begin_fig(L, c, fig, x, y, w, h);
  double top = y, hh = heading(L, c, x, y, w);
  if (hh < 0)
    return -1;
  top += hh;
  double r = fmin(fmin((y + h - top) / 2 - 6, w * 0.22), 150);
  double cx = x + w * 0.08 + r, cy = top + (y + h - top) / 2;
  set_plot(fig, cx - r, cy - r, 2 * r, 2 * r, 0, 0, 0);
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
      lo_series_label(L, i, th->series[i % th->nseries], pt, cx + rr * sin(mid) - tw / 2,
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
  set_legend(fig, lx, ly, lw, total_h);
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

/* ---------- shared with chart_xy.c ---------- */

uint32_t lo_ser_col(const lctx *L, const dg_chart *c, int s) {
  return dg_theme_series_color(L->th, s, c->nser, c->sequential);
}
void lo_chart_begin(lctx *L, const dg_chart *c, dg_figure *f, double x,
                    double y, double w, double h) {
  begin_fig(L, c, f, x, y, w, h);
}
void lo_chart_plot(dg_figure *f, double px, double py, double pw, double ph,
                   double axis_max, double axis_step, double bar_frac) {
  set_plot(f, px, py, pw, ph, axis_max, axis_step, bar_frac);
}
int lo_chart_head(lctx *L, const dg_chart *c, dg_figure *f, double x,
                  double y, double w, double *top) {
  return head_legend(L, c, f, x, y, w, top);
}
double lo_nice_step(double max, int target) { return nice_step(max, target); }
const char *lo_fmt_tick(lctx *L, double v) { return fmt_tick(L, v); }

int lo_chart_bars(lctx *L, const dg_chart *c, dg_figure *f, double x,
                  double y, double w, double h) {
  switch (c->type) {
  case DG_CH_STACKED100:
    return stacked_chart(L, c, f, x, y, w, h);
  case DG_CH_PIE:
    return pie_chart(L, c, f, x, y, w, h);
  default:
    return bar_chart(L, c, f, x, y, w, h);
  }
}
