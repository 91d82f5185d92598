/* html_int: what the HTML renderer's files share — entity escaping, one
 * SVG element per display-list op and the style sheet (html_svg.c,
 * html_css.c), the text primitives (html_text.c), the data tables
 * (html_table.c) and tables as rows of text (html_rows.c). Decides
 * nothing: it writes what it is given. Internal to render/html/. */
#ifndef DG_HTMLSVG_H
#define DG_HTMLSVG_H

#include "base/util.h"
#include "layout/layout.h"

/* Appends s with &, <, >, " and ' as entities. */
void dg_html_esc(dg_buf *b, const char *s);

/* Appends the SVG element for a RECT, LINE, WEDGE or TEXT op; other ops
 * write nothing. */
void dg_svg_op(dg_buf *b, const dg_op *o);
/* The same inside an <svg> whose <defs> dg_svg_patterns wrote with the
 * same scope: a series' fill is its pattern, class "sN" for series N. */
void dg_svg_op_in(dg_buf *b, const dg_op *o, const char *scope);
/* <defs> with one <pattern> for each pattern, colour and ink that ops[0,
 * n) fill with, ids led by scope (unique in the page); nothing when none. */
void dg_svg_patterns(dg_buf *b, const dg_op *ops, int n, const char *scope);

/* Appends s as one CSV field: quoted when it holds a comma, quote or line
 * break, and with a leading ' (inside quotes) when a spreadsheet would
 * read it as a formula (= + - @ tab CR, or full-width ＝ ＋ － ＠). */
void dg_csv_field(dg_buf *b, const char *s);

/* The site's style sheet (render/html/html_css.c): fixed slide, reflow, print
 * and forced-colours rules. */
const char *dg_html_css(void);

/* The rules of the layout blocks a page uses (DG_CSS_* bits), added after
 * dg_html_css only when used, so a deck without them keeps its bytes. */
enum {
  DG_CSS_RUNS = 1,  /* a line in runs of two weights */
  DG_CSS_LIST = 2,  /* <ul>/<ol> */
  DG_CSS_IMAGE = 4, /* <img> */
  DG_CSS_COLS = 8   /* <columns> */
};
const char *dg_html_css_blocks(unsigned used);

/* ---------- what html.c, html_text.c, html_table.c and html_rows.c share
 * ---------- */

/* Distinct text styles become CSS classes. */
typedef struct style {
  double size, lh;
  int bold;
  uint32_t color;
} style;

typedef struct styles {
  style v[64];
  int n;
  /* which of the layout blocks' style rules the page needs (DG_CSS_*):
   * a deck without them gets the style sheet it always had */
  unsigned used;
} styles;

/* Open text group: the element's name and the top of its next line box;
 * flow: its lines are one run of text the browser wraps (flow_box). */
typedef struct tgroup {
  const char *tag; /* NULL: none open */
  double top;
  int flow;
} tgroup;

/* The box of a group whose lines flow as real text (html_flow_box). */
typedef struct flowbox {
  double x, y, w, pitch;
  double m; /* a foot paragraph's (html_css.c's .ft): its top margin */
} flowbox;

/* ---------- html_text.c ---------- */

/* The CSS class number of a text op's style (size, weight, colour). */
int html_style_of(styles *ss, const dg_op_text *o);
/* A length in CSS px, to two places. */
void html_num(dg_buf *b, double v);
/* ` viewBox="0 0 W H"` of an SVG drawn in slide units (the caller closes
 * the quote or adds width and height). */
void html_view_box(dg_buf *b, double w_pt, double h_pt);
/* One line of a text group. The group's lines stack as line boxes, each
 * as tall as its line-height (ascent + descent, the group's own font size
 * is 0); *top is the top of this line's box in the group. The offsets move
 * the line to the baseline layout chose, so one paragraph stays one run of
 * text that find-in-page and copying see whole. With `runs` (the ops after
 * op are runs of its line) the line's runs go inside its span, op's
 * included. */
void html_span(dg_buf *b, styles *ss, const dg_op *op, double *top, int runs);
/* A paragraph or heading whose lines all share one style, one left-aligned
 * box and one line pitch is written as real text in a box of that width:
 * the browser breaks it where layout did (the same font, widths and
 * greedy breaking), and under the reader's letter, word and line spacing
 * it wraps again inside its box instead of running on past it. Fills
 * x, y (the box's top left), w and the pitch; returns 0 for a group that
 * must keep its lines where layout put them. */
int html_flow_box(const dg_page *p, int k, flowbox *fb);
/* Opens a text group <tag class="g…"> (with fb, a flowing one in its
 * box), and closes the one open. */
void html_group_open(dg_buf *b, tgroup *g, const char *tag, const char *id,
                     const flowbox *fb, const char *cls);
/* One line of a flowing group: its text, joined to the line before as the
 * text joins it (nothing between kanji, a space, or a written break). */
void html_flow_span(dg_buf *b, styles *ss, const dg_op *op, int first);
/* Where Chromium puts the baseline in a line box lh px tall of a font of
 * these extents: the ascent and descent rounded to whole pixels, the half
 * leading rounded down (as flow_box assumes). */
double html_baseline_in(double ascent, double descent, double lh);
/* `;--i:…px;--cw:…px`: a block from left, relative to the card's cx, as
 * wide as centres a line w px wide at x (layout's whole-pixel place; a
 * browser centring in layout's box would put it between pixels), with
 * half a pixel to spare either side, as flow_box. */
void html_centre(dg_buf *b, double cx, double left, double x, double w);
void html_group_close(dg_buf *b, tgroup *g);
/* `;--name:v px`. */
void html_var_px(dg_buf *b, const char *name, double v);

/* ---------- html_table.c ---------- */

/* A chart's data as an HTML table (hidden on the fixed slide, shown when
 * it reflows), in a scroll box; and the chart's CSV file. */
void html_data_table(dg_buf *b, dg_buf *bold, const dg_chart *c, int slide,
                     const char *title);
/* A table the slide draws as SVG: the same cells as an HTML table, hidden
 * on the fixed slide (for screen readers) and shown when the slide
 * reflows, in a box of its own that scrolls sideways if it must. */
void html_table(dg_buf *b, dg_buf *bold, const dg_tablek *t, int slide,
                const char *title);
void html_chart_csv(dg_buf *b, const dg_chart *c);

/* ---------- html_rows.c ---------- */

/* Whether the TABLE group [k, end] is rows of cells of plain text lines
 * between rules and fills that each cover a row or one of its cells, none
 * spanning rows: the shape table_rows writes. */
int html_rows_shape(const dg_page *p, int k, int end);
/* A table on the fixed slide as rows of text in the slide's flow (html_css's
 * .tb): each row at least as tall as layout made it, its cells' text
 * wrapped by the browser in layout's boxes, the rules and fills between
 * and behind the rows. At the default spacing it draws what the PDF
 * draws; under the reader's spacing a cell's text wraps inside its cell,
 * its row grows and pushes the rows below and the paragraphs after the
 * table down, instead of running into the next cell. Hidden from readers,
 * who have the table as a table (html_table). *flow_y: the bottom of the
 * slide's flow so far, moved to the table's foot. */
void html_table_rows(dg_buf *b, styles *ss, const dg_page *p, int k, int end,
                     double *flow_y);

/* ---------- html_list.c ---------- */

/* Whether the LIST group at k can be written as items that flow: every
 * label one line, every body's lines one flowing box (html_flow_box),
 * nested lists the same. Fills the top of its first body and the bottom
 * of its last. */
int html_list_flows(const dg_page *p, int k, double *top, double *bottom);
/* <li> of the flowing item whose LI BEGIN is k, its top margin the gap
 * from *list_y (the bottom of the list's flow so far), moved to its
 * body's foot. */
void html_list_item(dg_buf *b, const dg_page *p, int k, double *list_y);
/* The label (LBL BEGIN k) hung where layout put it, relative to its
 * item's top. Returns the index of its END. */
int html_list_label(dg_buf *b, styles *ss, const dg_page *p, int k);
/* The body's lines (LBODY BEGIN k) as one box the browser wraps at
 * layout's place and width. Returns the index of its last line (a
 * nested list may follow). */
int html_list_body(dg_buf *b, styles *ss, const dg_page *p, int k);

#endif
