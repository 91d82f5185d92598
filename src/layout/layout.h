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
  DG_OP_END,   /* closes the innermost open group; no fields of its own */
  DG_OP_IMAGE  /* a picture: dg_op_image */
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
  DG_SEM_TD,       /* data cell */
  DG_SEM_LIST,     /* a list (begin.level 1: numbered) */
  DG_SEM_LI,       /* one item, inside DG_SEM_LIST */
  DG_SEM_LBL,      /* its bullet or number, inside DG_SEM_LI */
  DG_SEM_LBODY     /* its text, inside DG_SEM_LI */
} dg_sem;

/* RECT: its top left corner is the op's (x, y). Rectangles are always
 * filled and never outlined: a frame is two rectangles (layout/box.c). */
typedef struct dg_op_rect {
  double w, h;   /* pt */
  uint32_t fill; /* 0xRRGGBB */
  /* a series' fill (bars, legend keys): its pattern drawn over fill in
   * ink (dg_pattern_tile), and 1 + the series' index (a donut's: the
   * category's); 0 and DG_PAT_SOLID for every other rectangle */
  dg_pattern pattern;
  uint32_t ink;
  int series;
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
  dg_pattern pattern;    /* as a RECT's: drawn over fill, under stroke */
  uint32_t ink;
  int series;
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
  /* 1 when this op continues the previous text op on the same line, right
   * after it: a run of another weight (inline <b>); renderers that set a
   * line as text keep the runs in one line */
  int run;
  /* 1 for a phrase kept on one line (inline <nobr>): text that reflows
   * (narrow HTML) does not break inside it either */
  int nobr;
} dg_op_text;

/* IMAGE: its top left corner at the op's (x, y), drawn w by h pt (its
 * proportions kept). Inside a FIGURE group (whose fig->alt says what it
 * shows) or, when decorative, an ARTIFACT group. */
typedef struct dg_op_image {
  const dg_image *img;
  double w, h;      /* pt */
  const char *name; /* a file name of its own in the site:
                       "slide-N-img-K.png" */
} dg_op_image;
/* A pattern's tile: the square from (0, 0) to (size, size) pt, repeated
 * from the slide's top left corner (every renderer anchors it there, so
 * the PDF, the PNG and the page draw the same marks), with straight
 * segments of width `width` and round dots of radius `dot_r` in the ink;
 * a segment may run past the tile, which cuts it. DG_PAT_SOLID has none. */
typedef struct dg_tile {
  double size, width, dot_r;
  int nseg, ndot;
  double seg[6][4]; /* x0 y0 x1 y1 */
  double dot[2][2]; /* centres */
} dg_tile;

const dg_tile *dg_pattern_tile(dg_pattern p);

/* Text (or a pattern's ink) on fill: white, the deck's #1A1A1A, or black
 * where #1A1A1A would read under 4.6:1 — whichever reads best. */
uint32_t dg_on_colour(uint32_t fill);

/* How series s (a donut's category s) of a chart looks under theme th when
 * filled with `fill` (its palette colour, its step of the sequential ramp
 * or the highlight colour — the chart decides): its pattern, by the
 * series' index whatever the colour, and the ink the pattern is drawn in
 * (black or white, whichever stands out from fill). Layout draws every
 * series fill from it; so does the PPTX renderer's native chart. */
void dg_series_look(const dg_theme *th, int s, uint32_t fill,
                    dg_pattern *pattern, uint32_t *ink);

/* The marker at series s's points on a line chart and in its legend key:
 * a line has no area to pattern, so its shape tells it apart without
 * colour, in series order (the PPTX's c:marker follows it). */
typedef enum {
  DG_MARK_SQUARE,
  DG_MARK_DISC,
  DG_MARK_OPEN_SQUARE,
  DG_MARK_CROSS,
  DG_MARK_COUNT
} dg_marker;
dg_marker dg_series_marker(int s);

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
  /* the reference line from (rx0, ry0) to (rx1, ry1), pt (all 0: none);
   * its label is the text op reading the chart's ref_text */
  double rx0, ry0, rx1, ry1;
  /* the value and category labels' sizes where layout set them apart from
   * the label role's (pt; 0: the role's): a tall ranking's, a column or
   * line chart's */
  double val_pt, cat_pt;
} dg_figure;

/* LIST: how its items are labelled, by how deeply it is nested (layout.c's
 * table of marks): a bullet, or a number written 1. (1) or 1) */
typedef enum {
  DG_MARK_BULLET,
  DG_MARK_PERIOD, /* 1. */
  DG_MARK_PARENS, /* (1) */
  DG_MARK_PAREN_R /* 1) */
} dg_list_mark;

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
  /* TABLE: 0, or k for the k-th further column of a table too long for
   * its box (continue="column"), which repeats the header and holds the
   * next rows; the whole table's data hangs on part 0 */
  int part;
  /* ARTIFACT: 1 for the frame of a key figure's card, whose PARA group
   * follows it: the label, the value (sep "\n"), its unit (cont) and the
   * caption's lines (the first sep "\n"). A renderer that keeps objects
   * (PPTX) groups the card's shapes; the others draw the ops as they are */
  int card;
  /* TH, TD: the first grid column it covers and its spans (a merged
   * header cell: colspan/rowspan above 1); TH: 1 when it heads the
   * column(s) below it, 2 when it heads its row */
  int col, colspan, rowspan, scope;
  /* LIST (level 1 when numbered): how its labels read, the first item's
   * number, and how deeply it is nested (0: a list of the slide; a list
   * nested in an item is inside that item's LBODY, after its text). Its
   * (x, y): the labels' left edge and the first item's top */
  dg_list_mark mark;
  int start, depth;
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
    dg_op_image image;
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
 * reflow, NULL then), which only the site draws. With two set, a second
 * thread lays out slides beside this one (each takes the next slide),
 * shaping with tx's twin (dg_text_twin); the display list and the
 * messages (in slide order) are those of one thread. */
dg_layout *dg_layout_deck_for(dg_ctx *ctx, dg_arena *a, dg_text *tx,
                              const dg_deck *d, int reflow, int two);

/* The END of the group whose BEGIN is ops[k] (the page's last op when the
 * group is not closed): what a renderer that writes a group whole skips
 * to. */
int dg_group_end(const dg_page *p, int k);

/* Writes a stable text dump of a page's ops (for golden tests). */
void dg_layout_dump(const dg_page *p, FILE *out);

/* Checks that no two text runs on a page overlap and none leaves the page.
 * Reports each problem; returns the number found. */
int dg_layout_check_overlaps(dg_ctx *ctx, const dg_layout *l);

#endif
