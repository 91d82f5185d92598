/* chart_stacked: 100% stacked bars, each segment labelled inside when
 * its label fits and above the bar on a leader line otherwise
 * (lo_place_outside), with a numbered legend below. Uses chart.c's
 * frame. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout_int.h"

static const char *fw_digits[] = {"１", "２", "３", "４", "５",
                                  "６", "７", "８", "９", "10"};

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

int lo_stacked_chart(lctx *L, const dg_chart *c, dg_figure *fig, double x,
                     double y, double w, double h) {
  const dg_theme *th = L->th;
  const dg_role *lr = &th->roles[DG_ROLE_LABEL],
                *gr = &th->roles[DG_ROLE_LEGEND];
  lo_chart_begin(L, c, fig, x, y, w, h);
  double top = y, hh = lo_chart_heading(L, c, x, y, w);
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
    lo_seg_edges(g->len, c->nser, x0, 1, g->edge);
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
  if (lo_fit_labels(L, c, lab_w, bh + band, labs))
    return -1;
  /* rows of one pitch each, centred on the bars */
  lo_chart_plot(fig, x0, top + band / 2, pw, n * pitch, 1, 0, bh / pitch);
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
    ly = lo_legend_row(L, c, x0, ly, x + w - x0);
  }
  lo_chart_legend(fig, x0, ly0, x + w - x0, ly - ly0);
  if (c->caption)
    lo_text(L, c->caption, x0, ly + (gline - gasc - gdesc) / 2 + gasc,
            gr->size_pt, 0, gr->color);
  lo_end(L);
  return 0;
}
