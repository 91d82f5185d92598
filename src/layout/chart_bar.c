/* chart_bar: horizontal bars — one series, or several grouped or stacked
 * in a row — with round ticks, value labels at the bar ends, a reference
 * line and a highlighted category. Uses chart.c's frame. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout_int.h"

int lo_bar_chart(lctx *L, const dg_chart *c, dg_figure *fig, double x, double y,
                 double w, double h) {
  const dg_theme *th = L->th;
  const dg_role *lr = &th->roles[DG_ROLE_LABEL], *kr = &th->roles[DG_ROLE_TICK];
  lo_chart_begin(L, c, fig, x, y, w, h);
  double top;
  if (lo_chart_head(L, c, fig, x, y, w, &top))
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
  if (lo_fit_labels(L, c, lab_w, fmax(row_h - 2, need - 1), labs))
    return -1;
  if (vfs < lr->size_pt) { /* a tall ranking: its labels as drawn */
    fig->val_pt = vfs;
    fig->cat_pt = labs[0].size;
    /* the label column as wide as the labels are drawn, not as the 18%
     * floor for labels of full size: 47 labels at 7 pt are 30 pt wide, and
     * the floor left 130 pt empty left of them (the trend deck's slide 7) */
    double drawn = 0;
    for (int i = 0; i < n; i++)
      for (int k = 0; k < labs[i].n; k++)
        drawn = fmax(drawn, labs[i].lines[k].width_pt);
    lab_w = fmin(lab_w, ceil(drawn) + 2);
  }
  double x0 = x + lab_w + 10, x1 = x + w - vw - 8;
  /* as many round ticks as fit their labels, at most 10 */
  double widest = dg_text_width(
      L->tx, lo_fmt_tick(L, ceil(vmax > 0 ? vmax * 1.2 : 1)), kr->size_pt, 0);
  int target = (int)fmin(9, fmax(2, (x1 - x0) / (widest + 18)));
  double step = lo_nice_step(c->axis_max > 0 ? c->axis_max : vmax, target);
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
  lo_chart_plot(fig, x0, plot_top, pw, plot_bot - plot_top, amax, step,
                fmin(row_h * 0.62, 36) / row_h);
  /* grid and ticks */
  for (double t = 0; t <= amax + 1e-9; t += step) {
    double tx = x0 + pw * t / amax;
    if (t > 0)
      lo_line(L, tx, plot_top, tx, plot_bot, th->grid, 0.6);
    const char *ts = lo_fmt_tick(L, t);
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
      lo_seg_edges(lens, c->nser, x0, 0, edges[i]);
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
        lo_series_rect(L, edges[i][s], by, edges[i][s + 1] - edges[i][s], sh, s,
                       col);
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
                        bx + (len - dg_text_width(L->tx, vt, ifs, 0)) / 2, base,
                        ifs, 0);
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
