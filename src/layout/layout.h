/* layout: third stage. Turns each bound slide into a display list — text
 * lines already broken and positioned, rectangles, lines and wedges — in
 * slide units (pt = CSS px). Renderers only walk this list. Semantic groups
 * (heading, paragraph, figure, table) bracket the ops for HTML structure and
 * PDF tags. */
#ifndef DG_LAYOUT_H
#define DG_LAYOUT_H

#include <stdint.h>

#include "base/util.h"
#include "bind/bind.h"
#include "text/text.h"

typedef enum {
  DG_OP_RECT,  /* x,y,w,h */
  DG_OP_LINE,  /* (x,y) → (x2,y2) */
  DG_OP_WEDGE, /* centre x,y; radii r_out, r_in; angles a0→a1 (rad, clockwise
                  from 12 o'clock) */
  DG_OP_TEXT,  /* left x, baseline y, one line */
  DG_OP_BEGIN, /* opens a semantic group */
  DG_OP_END
} dg_opkind;

typedef enum {
  DG_SEM_HEADING,
  DG_SEM_PARA,
  DG_SEM_NOTE,
  DG_SEM_FIGURE,   /* chart: alt text, data in `chart` */
  DG_SEM_TABLE,    /* table: data in `table` */
  DG_SEM_ARTIFACT, /* decoration: slide number, rules */
  DG_SEM_TR,       /* table row, inside DG_SEM_TABLE */
  DG_SEM_TH,       /* header cell */
  DG_SEM_TD        /* data cell */
} dg_sem;

typedef struct dg_op {
  dg_opkind kind;
  dg_sem sem;
  double x, y, w, h; /* RECT box; TEXT: w = width, h unused */
  double x2, y2;     /* LINE end */
  double r_out, r_in, a0, a1;
  uint32_t fill, stroke; /* 0xRRGGBB */
  int has_fill, has_stroke;
  double stroke_w;
  const char *text;
  double size_pt, ascent, descent;
  int bold;
  int level;        /* BEGIN HEADING: 1 for the deck's first slide (its
                       title page: the deck's title), 2 for the others */
  const char *sep;  /* TEXT: what joins this line to the line before it in
                       the same paragraph or cell, for text extraction and
                       screen readers: "" (a break between CJK characters,
                       or the first line), " " (a break at a space), "\n" (a
                       line break written in the text) — issue 15 */
  const char *alt;  /* BEGIN FIGURE: its name (the chart's title) */
  const char *desc; /* BEGIN FIGURE: its data in one sentence, the same
                       text for every renderer (HTML <desc>, PDF /Alt) */
  const char *id;   /* BEGIN: HTML id / anchor */
  const dg_chart *chart;
  const dg_tablek *table;
  double bx, by, bw, bh; /* BEGIN FIGURE/TABLE/TR/TH/TD: bounding box */
  dg_pos pos; /* the template element it was laid out from, for messages */
  /* TEXT: 1 when this line continues the previous text op of its group on
   * the same line or after a soft wrap (reflowed HTML joins them); 0 when
   * it starts a new line of text (a new label, value or paragraph) */
  int cont;
  /* BEGIN FIGURE of a chart: the same chart laid out again for a column
   * reflow_w pt wide (DG_REFLOW_W_PT) and reflow_h pt tall, in its own
   * coordinates; only the reflowed HTML draws it (issue 15) */
  const struct dg_page *reflow;
  double reflow_w, reflow_h;
  /* BEGIN FIGURE, for renderers that draw the chart themselves (PPTX): the
   * box the bars or the ring fill, the value axis from 0 to axis_max in
   * steps of axis_step (0: no axis), and a bar's thickness as a share of
   * its row (bar_frac), and the legend's box (gw 0: none) — issue 16 */
  double px, py, pw, ph, axis_max, axis_step, bar_frac;
  double gx, gy, gw, gh;
} dg_op;

/* The column a reflowed chart is laid out for: a 320 CSS px phone less
 * 12 px of padding each side, so its labels show at their nominal size. */
#define DG_REFLOW_W_PT 296.0

typedef struct dg_page {
  int number;
  const char *title;
  dg_op *ops;
  int nops, cap; /* cap: only while the layout stage fills ops */
} dg_page;

typedef struct dg_layout {
  double w_pt, h_pt;
  const dg_deck *deck;
  dg_page *pages;
  int npages;
} dg_layout;

/* What a bar chart whose values are all zero says over its plot (issue
 * 12); run.c adds its characters to the fonts. */
#define DG_CHART_NO_ANSWERS "いずれの項目にも回答はありませんでした"

/* Lays out every slide. Text that cannot fit at the theme's minimum size is
 * an error naming the slide and element. Returns NULL after reporting. */
dg_layout *dg_layout_deck(dg_ctx *ctx, dg_arena *a, dg_text *tx,
                          const dg_deck *d);

/* Writes a stable text dump of a page's ops (for golden tests). */
void dg_layout_dump(const dg_page *p, FILE *out);

/* Checks that no two text runs on a page overlap and none leaves the page.
 * Reports each problem; returns the number found. */
int dg_layout_check_overlaps(dg_ctx *ctx, const dg_layout *l);

#endif
