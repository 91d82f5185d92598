/* pptx_chart: one native DrawingML chart part per deck chart — clustered,
 * stacked and 100%-stacked horizontal bars and columns, lines, doughnuts —
 * with the deck's series colours, fonts and label texts, caching the bound
 * values and pointing (c:externalData) at the embedded workbook
 * render/pptx/pptx_xlsx.c writes, whose Sheet1 holds the same values in the
 * cells the formulas (c:f) name. */
#include "render/pptx/pptx_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Black or white, whichever reads better on fill (WCAG luminance). */
static uint32_t on_colour(uint32_t fill) {
  double c[3];
  for (int i = 0; i < 3; i++) {
    double v = ((fill >> (16 - 8 * i)) & 255) / 255.0;
    c[i] = v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
  }
  double l = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  return (1.05 / (l + 0.05)) >= ((l + 0.05) / 0.05) ? 0xFFFFFF : 0x000000;
}

static uint32_t ser_colour(const pptx_style *st, int s) {
  const dg_theme *t = st->theme;
  return t->series[s % (t->nseries > 0 ? t->nseries : 1)];
}

/* Series s of chart c as layout coloured it (the sequential ramp for
 * ordered series). */
static uint32_t chart_colour(const pptx_style *st, const dg_chart *c, int s) {
  return dg_theme_series_color(st->theme, s, c->nser, c->sequential);
}

/* <c:txPr> (or <a:p>'s default run) with the deck's font. */
static void run_props(xw *w, const char *el, const pptx_style *st,
                      const dg_role *r, uint32_t colour) {
  xw_start(w, el);
  xw_attr(w, "lang", "ja-JP");
  xw_attr_int(w, "sz", llround(r->size_pt * 100));
  xw_attr(w, "b", r->bold ? "1" : "0");
  xw_fill(w, colour);
  xw_typefaces(w, st->font);
  xw_end(w);
}

/* Shape properties drawing nothing: no fill, no outline. */
static void no_fill_sp_pr(xw *w) {
  xw_start(w, "c:spPr");
  xw_start(w, "a:noFill");
  xw_end(w);
  xw_start(w, "a:ln");
  xw_start(w, "a:noFill");
  xw_end(w);
  xw_end(w);
  xw_end(w);
}

/* Series s's fill (a doughnut's: category s's) as layout draws it
 * (dg_series_look): the colour layout gave it (ser_colour, chart_colour
 * or the highlight), and over it the series' pattern as the nearest
 * DrawingML preset, in the pattern's ink; the legend's keys show the
 * same fill. */
static void series_fill(xw *w, const pptx_style *st, int s, uint32_t fill) {
  static const char *const prst[DG_PAT_COUNT] = {
      [DG_PAT_UP] = "wdUpDiag",       [DG_PAT_DOTS] = "pct20",
      [DG_PAT_DOWN] = "wdDnDiag",     [DG_PAT_GRID] = "smGrid",
      [DG_PAT_HORIZONTAL] = "ltHorz", [DG_PAT_CROSS] = "diagCross",
      [DG_PAT_VERTICAL] = "ltVert"};
  uint32_t ink;
  dg_pattern k;
  dg_series_look(st->theme, s, fill, &k, &ink);
  if (k <= DG_PAT_SOLID || k >= DG_PAT_COUNT || !prst[k]) {
    xw_fill(w, fill);
    return;
  }
  xw_start(w, "a:pattFill");
  xw_attr(w, "prst", prst[k]);
  xw_start(w, "a:fgClr");
  xw_start(w, "a:srgbClr");
  xw_attr_rgb(w, "val", ink);
  xw_end(w);
  xw_end(w);
  xw_start(w, "a:bgClr");
  xw_start(w, "a:srgbClr");
  xw_attr_rgb(w, "val", fill);
  xw_end(w);
  xw_end(w);
  xw_end(w);
}

/* A data label's box: none, or over a patterned segment a chip of the
 * series' plain colour, so that no mark runs under the label. */
static void label_sp_pr(xw *w, const pptx_style *st, int s, uint32_t fill,
                        int inside) {
  uint32_t ink;
  dg_pattern k;
  dg_series_look(st->theme, s, fill, &k, &ink);
  if (!inside || k == DG_PAT_SOLID) {
    no_fill_sp_pr(w);
    return;
  }
  xw_start(w, "c:spPr");
  xw_fill(w, fill);
  xw_start(w, "a:ln");
  xw_start(w, "a:noFill");
  xw_end(w);
  xw_end(w);
  xw_end(w);
}

/* <a:bodyPr/>, <a:lstStyle/> and an open <a:p> whose default run
 * properties are r's in colour (the caller ends the a:p). */
static void para_start(xw *w, const pptx_style *st, const dg_role *r,
                       uint32_t colour, int level) {
  xw_start(w, "a:bodyPr");
  if (level) {
    xw_attr(w, "rot", "0");
    xw_attr(w, "vert", "horz");
  }
  xw_end(w);
  xw_start(w, "a:lstStyle");
  xw_end(w);
  xw_start(w, "a:p");
  xw_start(w, "a:pPr");
  run_props(w, "a:defRPr", st, r, colour);
  xw_end(w);
}

static void tx_pr(xw *w, const pptx_style *st, const dg_role *r,
                  uint32_t colour) {
  xw_start(w, "c:txPr");
  para_start(w, st, r, colour, 0);
  xw_start(w, "a:endParaRPr");
  xw_attr(w, "lang", "ja-JP");
  xw_end(w);
  xw_end(w);
  xw_end(w);
}

/* <c:title> or <c:tx> holding one rich text paragraph. */
static void rich(xw *w, const pptx_style *st, const dg_role *r,
                 const char *text, int level) {
  xw_start(w, "c:tx");
  xw_start(w, "c:rich");
  para_start(w, st, r, r->color, level);
  xw_start(w, "a:r");
  run_props(w, "a:rPr", st, r, r->color);
  xw_start(w, "a:t");
  xw_text(w, text);
  xw_end(w);
  xw_end(w);
  xw_end(w);
  xw_end(w);
  xw_end(w);
}

/* A title; at (x, y), shares of the frame, when x >= 0; level: written
 * horizontally (a vertical axis's title is turned otherwise). */
static void title(xw *w, const pptx_style *st, const dg_role *r,
                  const char *text, double x, double y, int level) {
  xw_start(w, "c:title");
  rich(w, st, r, text, level);
  if (x >= 0) {
    xw_start(w, "c:layout");
    xw_start(w, "c:manualLayout");
    xw_val(w, "c:xMode", "edge");
    xw_val(w, "c:yMode", "edge");
    xw_start(w, "c:x");
    xw_attr_num(w, "val", x, 4);
    xw_end(w);
    xw_start(w, "c:y");
    xw_attr_num(w, "val", y, 4);
    xw_end(w);
    xw_end(w);
    xw_end(w);
  }
  xw_val(w, "c:overlay", "0");
  xw_end(w);
}

static void line_props(xw *w, uint32_t colour, double width_pt) {
  xw_start(w, "c:spPr");
  xw_ln(w, width_pt > 0, colour, width_pt);
  xw_end(w);
}

static void str_ref(xw *w, const char *f, const char **v, int n) {
  xw_start(w, "c:strRef");
  xw_start(w, "c:f");
  xw_text(w, f);
  xw_end(w);
  xw_start(w, "c:strCache");
  xw_val_int(w, "c:ptCount", n);
  for (int i = 0; i < n; i++) {
    xw_start(w, "c:pt");
    xw_attr_int(w, "idx", i);
    xw_start(w, "c:v");
    xw_text(w, v[i]);
    xw_end(w);
    xw_end(w);
  }
  xw_end(w);
  xw_end(w);
}

static void show(xw *w, int val, int pct) {
  xw_val(w, "c:showLegendKey", "0");
  xw_val(w, "c:showVal", val ? "1" : "0");
  xw_val(w, "c:showCatName", "0");
  xw_val(w, "c:showSerName", "0");
  xw_val(w, "c:showPercent", pct ? "1" : "0");
  xw_val(w, "c:showBubbleSize", "0");
}

static void num_fmt(xw *w, const char *code) {
  xw_start(w, "c:numFmt");
  xw_attr(w, "formatCode", code);
  xw_attr(w, "sourceLinked", "0");
  xw_end(w);
}

/* Office 2013's extensions: labels whose text is a cell's ("value from
 * cells"), the cells named once per series. */
#define NS_C15 "http://schemas.microsoft.com/office/drawing/2012/chart"
#define EXT_LABELS "{CE6537A1-D6FC-4f65-9D91-7224C49458BB}"
#define EXT_SERIES "{02D57815-91ED-43cb-92C2-25804820EDAC}"

static void ext_start(xw *w, const char *uri) {
  xw_start(w, "c:extLst");
  xw_start(w, "c:ext");
  xw_attr(w, "uri", uri);
  xw_attr(w, "xmlns:c15", NS_C15);
}

static void ext_end(xw *w) {
  xw_end(w);
  xw_end(w);
}

/* <c15:showDataLabelsRange val="1"/> in a label's (point) or the labels'
 * (series) extension list (the Open XML SDK allows one element per such
 * extension). */
static void show_range(xw *w, int point) {
  (void)point;
  ext_start(w, EXT_LABELS);
  xw_val(w, "c15:showDataLabelsRange", "1");
  ext_end(w);
}

/* The label texts of series s drawn from cells (column col of Sheet1), or
 * NULL when its labels show the value itself. */
static const char **cell_labels(dg_arena *a, const dg_chart *c,
                                const pptx_book *b, int s, int *col) {
  *col = b->label_col >= 0 && s < c->nser    ? b->label_col + s
         : b->total_col >= 0 && s == c->nser ? b->total_col + 1
                                             : -1;
  if (*col < 0)
    return NULL;
  const char **t = dg_alloc_array(a, (size_t)c->ncat, sizeof(char *));
  for (int i = 0; i < c->ncat; i++)
    pptx_formula(a, c, b, *col, i, &t[i]);
  return t;
}

/* The data labels of series s: the cells' texts ("41，87.2%", "87.2%",
 * "計 250") where the deck prints more than the value, the value in the
 * deck's format on bars, columns and lines, the share on doughnuts, at the
 * size layout drew them; a zero on a bar or a segment prints nothing (the
 * format's empty third section, or an empty cell), as in the deck, and an
 * edited value gets its label back. A line labels each point (zero too),
 * above it or where layout set it under, its last point only, or none. */
static void labels(xw *w, const dg_chart *c, int s, const pptx_style *st,
                   const char *fmt, const char *pct_fmt, const pptx_plot *pl,
                   const char **cells, dg_arena *a) {
  dg_role vr = st->theme->roles[DG_ROLE_LABEL];
  if (pl->val_pt > 0)
    vr.size_pt = pl->val_pt;
  const dg_role *lr = &vr;
  int pie = c->type == DG_CH_PIE, line = c->type == DG_CH_LINE,
      total = s == c->nser;
  int inside = !total && (pie || c->type == DG_CH_STACKED100 ||
                          (c->nser > 1 && c->stack && !line));
  /* the deck prints a zero over a line's point and a grouped column */
  int zeros = line || (c->type == DG_CH_COLUMN &&
                       !(c->nser > 1 && (c->stack || c->percent)));
  const char *pos = line     ? (c->labels == DG_LAB_LAST ? "r" : "t")
                    : total  ? "inBase"
                    : inside ? "ctr"
                             : "outEnd";
  xw_start(w, "c:dLbls");
  for (int i = 0; i < c->ncat; i++) {
    int k = i * c->nser + s;
    uint32_t fill = pie     ? ser_colour(st, i)
                    : total ? 0xFFFFFF
                    : c->nser == 1 && i == c->highlight
                        ? st->theme->highlight
                        : chart_colour(st, c, s);
    int gone = line && (c->labels == DG_LAB_NONE ||
                        (c->labels == DG_LAB_LAST && i < c->ncat - 1));
    int under = line && !gone && pl->below && pl->below[k];
    /* beside or above its segment, where layout set it */
    int out = !total && !gone && pl->moved && pl->moved[k];
    if (!(cells || pie || gone || under || out))
      continue;
    xw_start(w, "c:dLbl");
    xw_val_int(w, "c:idx", i);
    if (gone) {
      xw_val(w, "c:delete", "1");
      xw_end(w);
      continue;
    }
    if (out) {
      xw_start(w, "c:layout");
      xw_start(w, "c:manualLayout");
      xw_start(w, "c:x");
      xw_attr_num(w, "val", pl->dx[k], 4);
      xw_end(w);
      xw_start(w, "c:y");
      xw_attr_num(w, "val", pl->dy[k], 4);
      xw_end(w);
      xw_end(w);
      xw_end(w);
    }
    uint32_t ink = out || total || under ? lr->color : on_colour(fill);
    dg_role ir = {lr->size_pt, lr->bold, ink, lr->leading};
    if (cells) { /* the cell's text as a field PowerPoint fills in */
      xw_start(w, "c:tx");
      xw_start(w, "c:rich");
      para_start(w, st, &ir, ink, 0);
      xw_start(w, "a:fld");
      xw_attr(w, "id",
              dg_printf(a, "{6D2A9C1E-22B5-4C37-9F0A-%04X%08X}",
                        (unsigned)s & 0xFFFF, (unsigned)i));
      xw_attr(w, "type", "CELLRANGE");
      run_props(w, "a:rPr", st, &ir, ink);
      xw_start(w, "a:pPr");
      xw_end(w);
      xw_start(w, "a:t");
      xw_text(w, cells[i]);
      xw_end(w);
      xw_end(w);
      xw_end(w); /* a:p */
      xw_end(w);
      xw_end(w);
    } else if (pie)
      num_fmt(w, pct_fmt);
    else /* the series' format: a zero on a segment prints nothing */
      num_fmt(w, zeros ? fmt : dg_printf(a, "%s;-%s;", fmt, fmt));
    label_sp_pr(w, st, pie ? i : s, fill, inside && !out);
    tx_pr(w, st, &ir, ink);
    if (under) /* where layout found room: under the point */
      xw_val(w, "c:dLblPos", "b");
    else if (!pie) /* a position on a doughnut makes PowerPoint repair it */
      xw_val(w, "c:dLblPos", pos);
    show(w, !pie && !cells, pie);
    if (cells)
      show_range(w, 1);
    xw_end(w);
  }
  const char *f = pie ? pct_fmt : fmt;
  num_fmt(w, zeros ? f : dg_printf(a, "%s;-%s;", f, f));
  no_fill_sp_pr(w);
  tx_pr(w, st, lr,
        inside ? on_colour(pie ? ser_colour(st, s) : chart_colour(st, c, s))
               : lr->color);
  if (!pie)
    xw_val(w, "c:dLblPos", pos);
  show(w, !pie && !cells, pie);
  if (pie)
    xw_val(w, "c:showLeaderLines", "0");
  if (cells)
    show_range(w, 0);
  else if (!pie && !line && pl->moved) {
    /* a label set beside its segment stands there alone, as in the
     * deck (LibreOffice draws a leader line to a moved label otherwise) */
    ext_start(w, EXT_LABELS);
    xw_val(w, "c15:showLeaderLines", "0");
    ext_end(w);
  }
  xw_end(w);
}

static void num_ref(xw *w, const char *f, const char *fmt, const double *v,
                    int n, int stride) {
  xw_start(w, "c:numRef");
  xw_start(w, "c:f");
  xw_text(w, f);
  xw_end(w);
  xw_start(w, "c:numCache");
  xw_start(w, "c:formatCode");
  xw_text(w, fmt);
  xw_end(w);
  xw_val_int(w, "c:ptCount", n);
  for (int i = 0; i < n; i++) {
    xw_start(w, "c:pt");
    xw_attr_int(w, "idx", i);
    xw_start(w, "c:v");
    dg_buf b = {0};
    dg_buf_num(&b, v ? v[i * stride] : 0, 6);
    xw_text(w, b.data);
    dg_buf_free(&b);
    xw_end(w);
    xw_end(w);
  }
  xw_end(w);
  xw_end(w);
}

/* A line's stroke and its square markers, as layout draws them. */
static void line_series_props(xw *w, uint32_t colour, int s) {
  /* the marker layout draws (dg_series_marker); an open square is white
   * inside its colour's outline */
  static const char *const symbol[DG_MARK_COUNT] = {[DG_MARK_SQUARE] = "square",
                                                    [DG_MARK_DISC] = "circle",
                                                    [DG_MARK_OPEN_SQUARE] =
                                                        "square",
                                                    [DG_MARK_CROSS] = "x"};
  dg_marker m = dg_series_marker(s);
  xw_start(w, "c:spPr");
  xw_start(w, "a:ln");
  xw_attr_int(w, "w", PPTX_EMU(2.25));
  xw_attr(w, "cap", "rnd");
  xw_fill(w, colour);
  xw_start(w, "a:round");
  xw_end(w);
  xw_end(w);
  xw_end(w);
  xw_start(w, "c:marker");
  xw_val(w, "c:symbol", symbol[m]);
  xw_val(w, "c:size", "5");
  xw_start(w, "c:spPr");
  if (m == DG_MARK_CROSS) { /* a cross is all outline */
    xw_start(w, "a:noFill");
    xw_end(w);
  } else
    xw_fill(w, m == DG_MARK_OPEN_SQUARE ? 0xFFFFFF : colour);
  xw_start(w, "a:ln");
  if (m == DG_MARK_SQUARE || m == DG_MARK_DISC) {
    xw_start(w, "a:noFill");
    xw_end(w);
  } else {
    xw_attr_int(w, "w", PPTX_EMU(1.5));
    xw_fill(w, colour);
  }
  xw_end(w);
  xw_end(w);
  xw_end(w);
}

/* A bar's or a doughnut's fill, its seams, and the points coloured apart
 * (a doughnut's segments, the highlighted category); the totals' helper
 * series (s == nser) draws nothing. */
static void fill_props(xw *w, const dg_chart *c, int s, const pptx_style *st) {
  int pie = c->type == DG_CH_PIE, total = s == c->nser;
  xw_start(w, "c:spPr");
  if (total) {
    xw_start(w, "a:noFill");
    xw_end(w);
  } else
    series_fill(w, st, s, pie ? ser_colour(st, s) : chart_colour(st, c, s));
  xw_start(w, "a:ln");
  if (!total && (pie || c->nser > 1)) { /* white seams between segments */
    xw_attr_int(w, "w", PPTX_EMU(0.75));
    xw_fill(w, 0xFFFFFF);
  } else {
    xw_start(w, "a:noFill");
    xw_end(w);
  }
  xw_end(w);
  xw_end(w);
  if (!pie)
    xw_val(w, "c:invertIfNegative", "0");
  if (!pie && c->nser == 1 && c->highlight >= 0) { /* as drawn */
    xw_start(w, "c:dPt");
    xw_val_int(w, "c:idx", c->highlight);
    xw_val(w, "c:invertIfNegative", "0");
    xw_val(w, "c:bubble3D", "0");
    xw_start(w, "c:spPr");
    series_fill(w, st, 0, st->theme->highlight);
    xw_end(w);
    xw_end(w);
  }
  for (int i = 0; pie && i < c->ncat; i++) {
    xw_start(w, "c:dPt");
    xw_val_int(w, "c:idx", i);
    xw_val(w, "c:bubble3D", "0");
    xw_start(w, "c:spPr");
    series_fill(w, st, i, ser_colour(st, i));
    xw_start(w, "a:ln");
    xw_attr_int(w, "w", PPTX_EMU(0.75));
    xw_fill(w, 0xFFFFFF);
    xw_end(w);
    xw_end(w);
    xw_end(w);
  }
}

/* Series s of the chart; s == nser: the stacked bars' or columns' helper
 * series of zeros that carries the totals' labels at each bar's end. */
static void series(xw *w, const dg_chart *c, int s, const pptx_style *st,
                   const char *fmt, const char *pct_fmt, const pptx_plot *pl,
                   const pptx_book *bk, dg_arena *a) {
  int total = s == c->nser;
  char col[8], lcol[8];
  pptx_col_name(total ? bk->total_col : s + 1, col);
  xw_start(w, "c:ser");
  xw_val_int(w, "c:idx", s);
  xw_val_int(w, "c:order", s);
  xw_start(w, "c:tx");
  const char *name = total ? "計" : pptx_series_name(c, s);
  str_ref(w, dg_printf(a, "Sheet1!$%s$1", col), &name, 1);
  xw_end(w);
  if (c->type == DG_CH_LINE)
    line_series_props(w, chart_colour(st, c, s), s);
  else
    fill_props(w, c, s, st);
  int lc;
  const char **cells = cell_labels(a, c, bk, s, &lc);
  labels(w, c, s, st, fmt, pct_fmt, pl, cells, a);
  xw_start(w, "c:cat");
  if (bk->legend_col >= 0) { /* the doughnut's legend: name and figures */
    const char **t = dg_alloc_array(a, (size_t)c->ncat, sizeof(char *));
    for (int i = 0; i < c->ncat; i++)
      pptx_formula(a, c, bk, bk->legend_col, i, &t[i]);
    pptx_col_name(bk->legend_col, lcol);
    str_ref(w, dg_printf(a, "Sheet1!$%s$2:$%s$%d", lcol, lcol, c->ncat + 1), t,
            c->ncat);
  } else
    str_ref(w, dg_printf(a, "Sheet1!$A$2:$A$%d", c->ncat + 1), c->cat, c->ncat);
  xw_end(w);
  xw_start(w, "c:val");
  num_ref(w, dg_printf(a, "Sheet1!$%s$2:$%s$%d", col, col, c->ncat + 1), fmt,
          total ? NULL : c->val + s, c->ncat, c->nser);
  xw_end(w);
  if (c->type == DG_CH_LINE) /* before the extensions, as the schema orders */
    xw_val(w, "c:smooth", "0");
  if (cells) { /* where the labels' texts are */
    pptx_col_name(lc, lcol);
    ext_start(w, EXT_SERIES);
    xw_start(w, "c15:datalabelsRange");
    xw_start(w, "c15:f");
    xw_text(w, dg_printf(a, "Sheet1!$%s$2:$%s$%d", lcol, lcol, c->ncat + 1));
    xw_end(w);
    xw_start(w, "c15:dlblRangeCache");
    xw_val_int(w, "c:ptCount", c->ncat);
    for (int i = 0; i < c->ncat; i++) {
      xw_start(w, "c:pt");
      xw_attr_int(w, "idx", i);
      xw_start(w, "c:v");
      xw_text(w, cells[i]);
      xw_end(w);
      xw_end(w);
    }
    xw_end(w);
    xw_end(w);
    ext_end(w);
  }
  xw_end(w);
}

static void axes(xw *w, const dg_chart *c, const pptx_style *st,
                 const pptx_plot *pl) {
  const dg_theme *t = st->theme;
  const dg_role *lr = &t->roles[DG_ROLE_LABEL], *kr = &t->roles[DG_ROLE_TICK];
  /* columns and lines: categories left to right along the bottom */
  int up = c->type == DG_CH_COLUMN || c->type == DG_CH_LINE;
  int full = c->type == DG_CH_STACKED100;
  xw_start(w, "c:catAx");
  xw_val(w, "c:axId", "1");
  xw_start(w, "c:scaling");
  /* bars: the first category on top */
  xw_val(w, "c:orientation", up ? "minMax" : "maxMin");
  xw_end(w);
  xw_val(w, "c:delete", "0");
  xw_val(w, "c:axPos", up ? "b" : "l");
  num_fmt(w, "General");
  xw_val(w, "c:majorTickMark", "none");
  xw_val(w, "c:minorTickMark", "none");
  xw_val(w, "c:tickLblPos", "nextTo");
  /* the deck draws the axis line of bars, none beside 100% bars */
  line_props(w, t->axis, full ? 0 : 0.75);
  dg_role cr = *lr;
  if (pl->cat_pt > 0)
    cr.size_pt = pl->cat_pt;
  tx_pr(w, st, &cr, cr.color);
  xw_val(w, "c:crossAx", "2");
  xw_val(w, "c:crosses", "autoZero");
  xw_val(w, "c:auto", "1");
  xw_val(w, "c:lblAlgn", "ctr");
  xw_val(w, "c:lblOffset", "100");
  xw_val(w, "c:noMultiLvlLbl", "0");
  xw_end(w);

  xw_start(w, "c:valAx");
  xw_val(w, "c:axId", "2");
  xw_start(w, "c:scaling");
  xw_val(w, "c:orientation", "minMax");
  /* no maximum but 100%: the application scales the axis to the data,
   * so an edited value never runs past it; but a reference line is a
   * shape where layout drew it, so its chart keeps layout's scale, or the
   * line would stand at another value */
  int fixed = c->has_ref && pl->axis_max > 0 && !full && !c->percent;
  if (full || c->percent)
    xw_val(w, "c:max", "1");
  else if (fixed) {
    xw_start(w, "c:max");
    xw_attr_num(w, "val", pl->axis_max, 6);
    xw_end(w);
  }
  xw_val(w, "c:min", "0");
  xw_end(w);
  /* the deck draws no scale under 100% bars */
  xw_val(w, "c:delete", full ? "1" : "0");
  xw_val(w, "c:axPos", up ? "l" : "b");
  if (!full) { /* no grid under 100% bars */
    xw_start(w, "c:majorGridlines");
    line_props(w, t->grid, 0.75);
    xw_end(w);
  }
  if (c->axis_title) /* level, above the plot, as drawn */
    title(w, st, kr, c->axis_title, pl->axis_x, pl->axis_y, up);
  /* ticks as layout prints them: whole numbers grouped by thousands */
  num_fmt(w, full || c->percent ? "0%" : "#,##0");
  xw_val(w, "c:majorTickMark", "none");
  xw_val(w, "c:minorTickMark", "none");
  xw_val(w, "c:tickLblPos", "nextTo");
  line_props(w, 0, 0);
  tx_pr(w, st, kr, kr->color);
  xw_val(w, "c:crossAx", "1");
  /* bars: at the bottom, under reversed categories */
  xw_val(w, "c:crosses", up ? "autoZero" : "max");
  xw_val(w, "c:crossBetween", "between");
  if (c->percent) /* 0% to 100% in fifths, as drawn */
    xw_val(w, "c:majorUnit", "0.2");
  else if (fixed && pl->axis_step > 0) {
    xw_start(w, "c:majorUnit");
    xw_attr_num(w, "val", pl->axis_step, 6);
    xw_end(w);
  }
  xw_end(w);
}

/* A c:layout placing a box at (x, y, w, h), shares of the chart's frame
 * (w 0: automatic); inner: the plot area without its axis labels. */
static void box_layout(xw *w, double x, double y, double bw, double bh,
                       int inner, int size) {
  xw_start(w, "c:layout");
  if (bw > 0 && bh > 0) {
    xw_start(w, "c:manualLayout");
    if (inner)
      xw_val(w, "c:layoutTarget", "inner");
    xw_val(w, "c:xMode", "edge");
    xw_val(w, "c:yMode", "edge");
    static const char *el[] = {"c:x", "c:y", "c:w", "c:h"};
    double v[] = {x, y, bw, bh};
    for (int i = 0; i < (size ? 4 : 2); i++) {
      xw_start(w, el[i]);
      xw_attr_num(w, "val", v[i], 4);
      xw_end(w);
    }
    xw_end(w);
  }
  xw_end(w);
}

static void chart_xml(xw *w, const dg_chart *c, const pptx_style *st,
                      const pptx_plot *pl, dg_arena *a) {
  const dg_theme *t = st->theme;
  const char *fmt = pptx_numfmt(a, c);
  const char *pct_fmt = pptx_pct_fmt(a, c);
  pptx_book bk;
  pptx_book_cols(c, &bk);

  xw_start(w, "c:chartSpace");
  xw_attr(w, "xmlns:c", NS_C);
  xw_attr(w, "xmlns:a", NS_A);
  xw_attr(w, "xmlns:r", NS_R);
  xw_val(w, "c:date1904", "0");
  xw_val(w, "c:lang", "ja-JP");
  xw_val(w, "c:roundedCorners", "0");
  xw_start(w, "c:chart");
  if (c->heading)
    title(w, st, &t->roles[DG_ROLE_HEADING], c->heading, pl->head_x, pl->head_y,
          0);
  else
    xw_val(w, "c:autoTitleDeleted", "1");
  xw_start(w, "c:plotArea");
  box_layout(w, pl->x, pl->y, pl->w, pl->h, 1, 1);
  int pie = c->type == DG_CH_PIE, line = c->type == DG_CH_LINE;
  if (pie) {
    xw_start(w, "c:doughnutChart");
    xw_val(w, "c:varyColors", "1");
  } else if (line) {
    xw_start(w, "c:lineChart");
    xw_val(w, "c:grouping", "standard");
    xw_val(w, "c:varyColors", "0");
  } else {
    xw_start(w, "c:barChart");
    xw_val(w, "c:barDir", c->type == DG_CH_COLUMN ? "col" : "bar");
    xw_val(w, "c:grouping",
           c->type == DG_CH_STACKED100 || c->percent ? "percentStacked"
           : c->nser > 1 && c->stack                 ? "stacked"
                                                     : "clustered");
    xw_val(w, "c:varyColors", "0");
  }
  for (int s = 0; s < c->nser + (bk.total_col >= 0); s++)
    series(w, c, s, st, fmt, pct_fmt, pl, &bk, a);
  if (pie) {
    xw_val(w, "c:firstSliceAng", "0");
    xw_val_int(w, "c:holeSize",
               pl->hole_pct < 10   ? 10
               : pl->hole_pct > 90 ? 90
                                   : pl->hole_pct);
  } else if (line) {
    xw_val(w, "c:marker", "1");
    xw_val(w, "c:axId", "1");
    xw_val(w, "c:axId", "2");
  } else {
    xw_val_int(w, "c:gapWidth", pl->gap_pct);
    /* segments of a stack on one another; grouped bars side by side */
    if (c->nser > 1)
      xw_val(w, "c:overlap",
             c->stack || c->type == DG_CH_STACKED100 ? "100" : "0");
    xw_val(w, "c:axId", "1");
    xw_val(w, "c:axId", "2");
  }
  xw_end(w);
  if (!pie)
    axes(w, c, st, pl);
  xw_end(w); /* plotArea */
  if (pie || c->nser > 1) {
    /* a doughnut's legend is set in body text, as drawn */
    const dg_role *gr = &t->roles[pie ? DG_ROLE_BODY : DG_ROLE_LEGEND];
    xw_start(w, "c:legend");
    xw_val(w, "c:legendPos", pie ? "r" : c->numbered_legend ? "b" : "t");
    if (bk.total_col >= 0) {
      /* the totals' helper series is no entry; a horizontal bar chart's
       * legend counts its entries from the last series (as Office does
       * and LibreOffice's import follows), so the helper's is the first;
       * a column chart's from the first, so the helper's is the last */
      xw_start(w, "c:legendEntry");
      xw_val_int(w, "c:idx", c->type == DG_CH_COLUMN ? c->nser : 0);
      xw_val(w, "c:delete", "1");
      xw_end(w);
    }
    /* a legend in a row keeps its own width: given the box's, LibreOffice
     * spreads the entries over it */
    box_layout(w, pl->lx, pl->ly, pl->lw, pl->lh, 0, pie || c->numbered_legend);
    xw_val(w, "c:overlay", "0");
    tx_pr(w, st, gr, gr->color);
    xw_end(w);
  }
  xw_val(w, "c:plotVisOnly", "1");
  xw_val(w, "c:dispBlanksAs", "gap");
  xw_end(w); /* chart */
  no_fill_sp_pr(w);
  tx_pr(w, st, &t->roles[DG_ROLE_LABEL], t->roles[DG_ROLE_LABEL].color);
  xw_start(w, "c:externalData");
  xw_attr(w, "r:id", "rId1");
  xw_val(w, "c:autoUpdate", "0");
  xw_end(w);
  xw_end(w);
}

int pptx_chart(dg_ctx *ctx, dg_arena *a, pkg *p, int n, const dg_chart *c,
               const pptx_style *st, const pptx_plot *pl) {
  if (c->nser + 1 > 26) {
    dg_error(ctx, (dg_pos){0}, "pptx: chart \"%s\" has more than 25 series",
             c->alt ? c->alt : "");
    return -1;
  }
  dg_buf book;
  if (xlsx_write(ctx, a, c, st->font, &book))
    return -1;
  pkg_add(p, dg_printf(a, "ppt/embeddings/chart%d.xlsx", n), NULL, &book);
  xw *w = xw_new();
  chart_xml(w, c, st, pl, a);
  pkg_add_xml(
      p, dg_printf(a, "ppt/charts/chart%d.xml", n),
      "application/vnd.openxmlformats-officedocument.drawingml.chart+xml", w);
  w = xw_rels();
  xw_rel(w, 1, REL_DOC "package",
         dg_printf(a, "../embeddings/chart%d.xlsx", n));
  xw_end(w);
  pkg_add_xml(p, dg_printf(a, "ppt/charts/_rels/chart%d.xml.rels", n), NULL, w);
  return 0;
}
