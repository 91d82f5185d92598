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
  DG_OP_RECT,  /* a filled rectangle: dg_op_rect */
  DG_OP_LINE,  /* a stroked segment: dg_op_line */
  DG_OP_WEDGE, /* a ring segment, filled and outlined: dg_op_wedge */
  DG_OP_TEXT,  /* one line of text: dg_op_text */
  DG_OP_BEGIN, /* opens a semantic group: dg_op_begin */
  DG_OP_END    /* closes the innermost open group; no fields of its own */
} dg_opkind;

typedef enum {
  DG_SEM_HEADING,
  DG_SEM_PARA,
  DG_SEM_NOTE,
  DG_SEM_FIGURE,   /* chart: its data in dg_op_begin.fig */
  DG_SEM_TABLE,    /* table: its data in dg_op_begin.table */
  DG_SEM_ARTIFACT, /* decoration: slide number, rules */
  DG_SEM_TR,       /* table row, inside DG_SEM_TABLE */
  DG_SEM_TH,       /* header cell */
  DG_SEM_TD        /* data cell */
} dg_sem;

/* RECT: its top left corner is the op's (x, y). Rectangles are always
 * filled and never outlined: a frame is two rectangles (layout/box.c). */
typedef struct dg_op_rect {
  double w, h;   /* pt */
  uint32_t fill; /* 0xRRGGBB */
} dg_op_rect;

/* LINE: from the op's (x, y) to (x2, y2). Horizontal and vertical rules
 * are thin rectangles instead (whole points, crisp at 1 pt = 1 px), so a
 * LINE is slanted: the leader from a segment to its value label. */
typedef struct dg_op_line {
  double x2, y2;   /* pt */
  double width_pt; /* stroke width */
  uint32_t color;  /* 0xRRGGBB */
} dg_op_line;

/* WEDGE: a segment of a ring centred on the op's (x, y). */
typedef struct dg_op_wedge {
  double r_out, r_in;    /* pt; r_in 0: a pie slice */
  double a0, a1;         /* rad, clockwise from 12 o'clock, a0 to a1 */
  double stroke_pt;      /* outline width */
  uint32_t fill, stroke; /* 0xRRGGBB */
} dg_op_wedge;

/* TEXT: one line, the left end of its baseline at the op's (x, y), both
 * whole points (browsers snap text to the pixel grid). */
typedef struct dg_op_text {
  const char *str; /* UTF-8 */
  /* what joins this line to the line before it in the same paragraph or
   * cell, for text extraction and screen readers: "" (a break between CJK
   * characters, or the first line), " " (a break at a space), "\n" (a line
   * break written in the text, or the next part of a key figure) */
  const char *sep;
  double w;                        /* advance width, pt */
  double size_pt, ascent, descent; /* font size and its extents, pt */
  uint32_t color;                  /* 0xRRGGBB */
  int bold;
  /* 1 when this line continues the previous text op of its group on the
   * same line or after a soft wrap (reflowed HTML joins them); 0 when it
   * starts a new line of text (a new label, value or paragraph) */
  int cont;
  /* the box the line was set in: from box_x, box_w wide (0: placed at a
   * point, no box), and its alignment there (0 left, 1 centre, 2 right).
   * A renderer whose text may grow under the reader's spacing (HTML)
   * anchors the line at that side and lets a paragraph wrap in that box */
  double box_x, box_w;
  int align;
} dg_op_text;

/* What a chart's BEGIN FIGURE carries beyond its drawn ops. */
typedef struct dg_figure {
  const dg_chart *chart;
  const char *alt;  /* its name (the chart's title) */
  const char *desc; /* its data in one sentence, the same text for every
                       renderer (HTML <desc>, PDF /Alt) */
  /* the same chart laid out again for a column reflow_w pt wide
   * (DG_REFLOW_W_PT) and reflow_h pt tall, in its own coordinates; only
   * the reflowed HTML draws it, where a phone shows the chart at its
   * labels' nominal size */
  const struct dg_page *reflow;
  double reflow_w, reflow_h;
  /* for renderers that draw the chart themselves (PPTX, whose native
   * charts must sit where layout drew them): the box the bars or the ring
   * fill (pt), the value axis from 0 to axis_max in steps of axis_step (0:
   * no axis), a bar's thickness as a share of its row (bar_frac), and the
   * legend's box (gw 0: none; pt) */
  double px, py, pw, ph, axis_max, axis_step, bar_frac;
  double gx, gy, gw, gh;
} dg_figure;

/* BEGIN: a group of ops until its END. FIGURE, TABLE, TR, TH and TD have
 * a box: top left at the op's (x, y), w by h (the PPTX renderer takes its
 * native table's column widths and row heights from them); so do the PARA
 * and NOTE groups of leads, text, notes and sources: the width their lines
 * were broken at (the PPTX renderer's text boxes wrap there again). */
typedef struct dg_op_begin {
  dg_sem sem;
  int level;      /* HEADING: 1 for the deck's first slide (its title page:
                     the deck's title), 2 for the others */
  const char *id; /* HTML id / anchor, or NULL */
  double w, h;    /* the box, pt (0: none) */
  const dg_tablek *table; /* TABLE: its data */
  const dg_figure *fig;   /* FIGURE of a chart, else NULL */
} dg_op_begin;

/* One entry of the display list: what all ops share, then the fields of
 * its kind, and only those (a renderer reads the member named by kind). */
typedef struct dg_op {
  dg_opkind kind;
  dg_pos pos;  /* the template element it was laid out from, for messages */
  double x, y; /* pt; what the point is depends on the kind (above); END:
                  0 */
  union {
    dg_op_rect rect;
    dg_op_line line;
    dg_op_wedge wedge;
    dg_op_text text;
    dg_op_begin begin;
  };
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

/* What a bar chart whose values are all zero says over its plot, so that
 * an empty plot does not pass for a chart that failed to draw; run.c adds
 * its characters to the fonts. */
#define DG_CHART_NO_ANSWERS "いずれの項目にも回答はありませんでした"

/* Lays out every slide. Text that cannot fit at the theme's minimum size is
 * an error naming the slide and element. Returns NULL after reporting. */
dg_layout *dg_layout_deck(dg_ctx *ctx, dg_arena *a, dg_text *tx,
                          const dg_deck *d);
/* The same; reflow 0 leaves out each chart's narrow layout (dg_figure's
 * reflow, NULL then), which only the site draws. */
dg_layout *dg_layout_deck_for(dg_ctx *ctx, dg_arena *a, dg_text *tx,
                              const dg_deck *d, int reflow);

/* Writes a stable text dump of a page's ops (for golden tests). */
void dg_layout_dump(const dg_page *p, FILE *out);

/* Checks that no two text runs on a page overlap and none leaves the page.
 * Reports each problem; returns the number found. */
int dg_layout_check_overlaps(dg_ctx *ctx, const dg_layout *l);

#endif
