/* chartnarrow: the second layout of each chart, for a narrow column (the
 * reflowed HTML at 320–959 CSS px). Every chart type becomes horizontal
 * bars under full-width category labels, at the theme's nominal label size,
 * with values written beside or inside the bars; no axis is needed. Its ops
 * go to a page of their own that the figure's BEGIN op points to. */
#include <math.h>
#include <string.h>

#include "layout/layout_int.h"

/* The reflowed page is read with the reader's own text spacing too (WCAG
 * 1.4.12: letters 0.12 em apart, words 0.16 em), and an SVG label cannot
 * wrap: every line here leaves room for it in the column. The width of s
 * so spaced: */
static double spaced(lctx *L, const char *s, double size, int bold) {
  int chars = 0, spaces = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if ((*p & 0xC0) != 0x80) {
      chars++;
      spaces += *p == ' ';
    }
  return dg_text_width(L->tx, s, size, bold) +
         size * (0.12 * chars + 0.16 * spaces);
}

/* Breaks s into lines that fit w even so spaced (narrower breaks until
 * they do, down to half the width). */
static void break_spaced(lctx *L, const char *s, double size, int bold,
                         double w, tblock *tb) {
  for (double bw = w;; bw *= 0.96) {
    lo_break_at(L, s, size, bold, 1.35, bw, tb);
    int fits = 1;
    for (int i = 0; i < tb->n && fits; i++)
      fits = spaced(L, tb->lines[i].text, size, bold) <= w;
    if (fits || bw < w / 2)
      return;
  }
}

/* Breaks s across the column at the role's nominal size; returns the top of
 * the next line. */
static double para(lctx *L, const char *s, double size, int bold,
                   uint32_t color, double y, double w) {
  tblock tb;
  break_spaced(L, s, size, bold, w, &tb);
  tb.color = color;
  lo_emit(L, &tb, 0, w, y, AL_LEFT);
  return y + lo_height(&tb);
}

/* Swatches with text, placed left to right and wrapped at w. One per line
 * when `column`. Returns the top of the next line. */
static double chips(lctx *L, const char **t, const int *ser,
                    const uint32_t *col, int n,
                    double size, uint32_t color, double y, double w,
                    int column) {
  double asc, desc;
  dg_text_metrics(L->tx, size, 0, &asc, &desc);
  double line = ceil(size * 1.5), sw = round(size * 0.9), x = 0;
  for (int k = 0; k < n; k++) {
    double tw = spaced(L, t[k], size, 0);
    if (x > 0 && (column || x + sw + 4 + tw > w)) {
      x = 0;
      y += line;
    }
    lo_series_rect(L, x, y + round((line - sw) / 2), sw, sw, ser[k], col[k]);
    /* a chip wider than the column is broken over lines */
    tblock tb;
    break_spaced(L, t[k], size, 0, w - sw - 4, &tb);
    tb.color = color;
    lo_emit(L, &tb, x + sw + 4, w - sw - 4, y + (line - asc - desc) / 2,
            AL_LEFT);
    if (tb.n > 1) {
      y += lo_height(&tb) - (asc + desc) + line;
      x = 0;
      continue;
    }
    x += sw + 4 + tw + 14;
  }
  return y + line;
}

static void narrow(lctx *L, const dg_chart *c, double w, double *h) {
  const dg_theme *th = L->th;
  const dg_role *lr = &th->roles[DG_ROLE_LABEL],
                *hr = &th->roles[DG_ROLE_HEADING];
  double fs = lr->size_pt, asc, desc;
  dg_text_metrics(L->tx, fs, 0, &asc, &desc);
  double y = 0;
  if (c->heading)
    y = para(L, c->heading, hr->size_pt, hr->bold, hr->color, y, w) + 8;
  /* columns and lines reflow as horizontal bars too: at 296 pt a column
   * per category (or a point per year with its value) leaves labels too
   * small to read, a bar per category keeps them at their nominal size */
  int pie = c->type == DG_CH_PIE,
      full = c->type == DG_CH_STACKED100 || c->percent;
  int nser = pie ? 1 : c->nser, stack = full || (c->stack && nser > 1);
  /* the legend: series names, or for a donut nothing (the label is the
   * category) */
  if (nser > 1) {
    const char **t = dg_alloc_array(L->a, (size_t)nser, sizeof(char *));
    int *ser = dg_alloc_array(L->a, (size_t)nser, sizeof(int));
    uint32_t *col = dg_alloc_array(L->a, (size_t)nser, sizeof(uint32_t));
    for (int s = 0; s < nser; s++) {
      t[s] = c->ser[s];
      col[s] = lo_ser_col(L, c, s);
      ser[s] = s;
    }
    y = chips(L, t, ser, col, nser, fs, lr->color, y, w, c->numbered_legend) + 4;
  }
  if (c->axis_title)
    y = para(L, c->axis_title, fs, 0, th->roles[DG_ROLE_TICK].color, y, w) + 4;
  /* the longest value label sets the bars' room */
  int n = c->ncat;
  double vmax = 0, vw = 0;
  const char **vt =
      dg_alloc_array(L->a, (size_t)n * (size_t)nser, sizeof(char *));
  for (int i = 0; i < n; i++) {
    double tot = 0;
    for (int s = 0; s < nser; s++) {
      int k = i * c->nser + s;
      double v = c->val[k];
      if (pie || (full && c->pct_text))
        vt[i * nser + s] = dg_printf(L->a, "%s%s（%s）", c->val_text[k],
                                     c->unit ? c->unit : "", c->pct_text[k]);
      else
        vt[i * nser + s] = c->val_text[k];
      if (stack)
        tot += v;
      else if (v > tot)
        tot = v;
      if (!stack) {
        double tw = spaced(L, vt[i * nser + s], fs, 0);
        vw = fmax(vw, tw);
      }
    }
    if (pie) {
      double all = 0;
      for (int j = 0; j < n; j++)
        all += c->val[j * c->nser];
      tot = all > 0 ? c->val[i * c->nser] / all : 0;
    }
    if (c->tot_text && !full)
      vw = fmax(vw, spaced(L, dg_printf(L->a, "計 %s", c->tot_text[i]), fs, 0));
    vmax = fmax(vmax, tot);
  }
  if (full)
    vmax = 1;
  if (pie)
    vmax = 0; /* shares: the longest is scaled to the room */
  for (int i = 0; i < n && pie; i++) {
    double all = 0;
    for (int j = 0; j < n; j++)
      all += c->val[j * c->nser];
    vmax = fmax(vmax, all > 0 ? c->val[i * c->nser] / all : 0);
  }
  double room = full ? w : fmax(w * 0.4, w - vw - 6);
  double bh = round(fs * 1.6), gap = 4;
  for (int i = 0; i < n; i++) {
    y = para(L, c->cat[i], fs, 1, lr->color, y + 6, w) + 3;
    double bx = 0, total = 0;
    for (int s = 0; s < nser; s++)
      total += c->val[i * c->nser + s];
    const char **spill = dg_alloc_array(L->a, (size_t)nser, sizeof(char *));
    int *spser = dg_alloc_array(L->a, (size_t)nser, sizeof(int));
    uint32_t *spcol = dg_alloc_array(L->a, (size_t)nser, sizeof(uint32_t));
    int nspill = 0;
    for (int s = 0; s < nser; s++) {
      int k = i * c->nser + s;
      double v = c->val[k];
      if (pie) {
        double all = 0;
        for (int j = 0; j < n; j++)
          all += c->val[j * c->nser];
        v = all > 0 ? v / all : 0;
      } else if (full)
        v = total > 0 ? v / total : 0;
      double len = vmax > 0 ? room * v / vmax : 0;
      uint32_t col = pie ? th->series[i % th->nseries]
                     : nser == 1 && i == c->highlight ? th->highlight
                                                      : lo_ser_col(L, c, s);
      int ks = pie ? i : s; /* the series whose pattern it takes */
      const char *t = vt[i * nser + s];
      double tw = spaced(L, t, fs, 0);
      if (len > 0)
        lo_series_rect(L, bx, y, len, bh, ks, col);
      double base = y + (bh - asc - desc) / 2 + asc;
      if (!stack) {
        lo_text(L, t, bx + len + 4, base, fs, 0, lr->color);
        y += bh + gap;
        continue;
      }
      /* stacked: the value inside its segment when it fits, else listed
       * under the bar with the segment's colour */
      if (v > 0 && tw + 6 <= len) {
        /* centred in its segment, where the reader's spacing widens it
         * both ways */
        lo_series_label(L, ks, col, t,
                        bx + (len - dg_text_width(L->tx, t, fs, 0)) / 2, base,
                        fs, 0);
        dg_op_text *o = &L->pg->ops[L->pg->nops - 1].text;
        o->box_x = bx;
        o->box_w = len;
        o->align = AL_CENTER;
      } else if (v > 0) {
        spill[nspill] = dg_printf(L->a, "%s %s", c->ser[s], t);
        spcol[nspill] = col;
        spser[nspill++] = ks;
      }
      bx += len;
    }
    if (stack) {
      if (c->tot_text && !full)
        lo_text(L, dg_printf(L->a, "計 %s", c->tot_text[i]), bx + 4,
                y + (bh - asc - desc) / 2 + asc, fs, 0, lr->color);
      y += bh + gap;
      if (nspill)
        y = chips(L, spill, spser, spcol, nspill, fs, lr->color, y, w, 0);
    }
  }
  if (c->has_ref)
    y = para(L, c->ref_text, fs, 0, lr->color, y + 6, w);
  if (c->caption)
    y = para(L, c->caption, fs, 0, lr->color, y + 6, w);
  *h = ceil(y + 4);
}

void lo_chart_narrow(lctx *L, const dg_chart *c, dg_figure *f) {
  dg_page *wide = L->pg;
  dg_page *pg = dg_alloc_array(L->a, 1, sizeof(dg_page));
  pg->number = wide->number;
  pg->title = wide->title;
  L->pg = pg;
  double h = 0;
  narrow(L, c, DG_REFLOW_W_PT, &h);
  lo_page_done(L, pg);
  L->pg = wide;
  f->reflow = pg;
  f->reflow_w = DG_REFLOW_W_PT;
  f->reflow_h = h;
}
