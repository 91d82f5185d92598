/* htmlsvg: the HTML renderer's primitives — entity escaping, one SVG
 * element per display-list op, and the style sheet. Decides nothing: it writes
 * what it is given. Used by render/html/html.c only. */
#ifndef DG_HTMLSVG_H
#define DG_HTMLSVG_H

#include "layout/layout.h"
#include "base/util.h"

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

/* Appends a CSV field, quoted when it holds a comma, quote or line end. */
/* Appends s as one CSV field: quoted when it holds a comma, quote or line
 * break, and with a leading ' (inside quotes) when a spreadsheet would
 * read it as a formula (= + - @ tab CR, or full-width ＝ ＋ － ＠). */
void dg_csv_field(dg_buf *b, const char *s);

/* The site's style sheet (render/html/html_css.c): fixed slide, reflow, print and
 * forced-colours rules. */
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

#endif
