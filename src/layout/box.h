/* box: the bottom of the layout stage. Builds a page's display list (one
 * op at a time, snapped to whole points) and breaks, fits and places text
 * for layout.c, chart.c, chart_narrow.c and table.c, which all sit above
 * it; it calls none of them. Internal to src/layout/. */
#ifndef DG_BOX_H
#define DG_BOX_H

#include "layout/layout.h"

typedef struct lctx {
  dg_ctx *ctx;
  dg_arena *a;
  dg_text *tx;
  const dg_theme *th;
  dg_page *pg;
  const dg_slide *s;
  int nfig;   /* figures on this slide, for ids */
  int first;  /* the deck's first slide: its title is the deck's heading */
  dg_pos pos; /* the element being laid out: each op records it */
  int nimg;   /* images on this slide, for their file names */
  int reflow; /* lay each chart out again for the reflow column */
} lctx;

/* A paragraph broken into lines at one size. */
typedef struct tblock {
  const char *src; /* the text broken: lines are pieces of it */
  dg_line *lines;
  int n;
  double size, pitch, asc, desc;
  int bold;
  uint32_t color;
  dg_sline *rich; /* lines in runs of two weights (inline markup), or NULL:
                     then lines[i] is line i in one weight */
} tblock;

enum { AL_LEFT, AL_CENTER, AL_RIGHT };

/* Moves page p's ops into the arena; call once p has all its ops. */
void lo_page_done(lctx *L, dg_page *p);
void lo_rect(lctx *L, double x, double y, double w, double h, uint32_t fill);
void lo_frame(lctx *L, double x, double y, double w, double h, uint32_t fill,
              int has_fill, uint32_t stroke, double sw);
void lo_line(lctx *L, double x1, double y1, double x2, double y2,
             uint32_t color, double w);
/* A ring segment centred on (cx, cy) from angle a0 to a1 (see dg_op_wedge),
 * filled and outlined. */
void lo_wedge(lctx *L, double cx, double cy, double r_out, double r_in,
              double a0, double a1, uint32_t fill, uint32_t stroke,
              double stroke_pt);
/* An image op at (x, y); the caller fills its fields. Valid until the
 * next op is pushed. */
dg_op *lo_image(lctx *L, double x, double y);
/* Series s's fills (dg_series_look) in the colour the chart gives it: a
 * bar or column segment or legend key; a donut's segment (s: its
 * category, in the palette's colour). */
void lo_series_rect(lctx *L, double x, double y, double w, double h, int s,
                    uint32_t fill);
void lo_series_wedge(lctx *L, double cx, double cy, double r_out, double r_in,
                     double a0, double a1, int s, uint32_t stroke,
                     double stroke_pt);
/* Series s's marker (dg_series_marker) of size pt centred on (cx, cy), in
 * fill: a square, a disc, an open square or a cross. */
void lo_series_marker(lctx *L, double cx, double cy, double size, int s,
                      uint32_t fill);
/* A value label over series s's fill, in the colour that reads on it;
 * over a pattern it sits on a chip of the plain colour, 3 pt wider each
 * side and 1 pt taller, so no mark runs under its glyphs. Returns its
 * width. */
double lo_series_label(lctx *L, int s, uint32_t fill, const char *t, double x,
                       double baseline, double size, int bold);
/* One line of text; x is the left end. Returns its width. */
double lo_text(lctx *L, const char *s, double x, double baseline, double size,
               int bold, uint32_t color);
/* One line aligned in [x, x+w]. */
void lo_text_al(lctx *L, const char *s, double x, double w, double baseline,
                double size, int bold, uint32_t color, int align);
/* Opens a group; returns its BEGIN op, valid until the next op is pushed
 * (the page's ops may move). */
dg_op *lo_begin(lctx *L, dg_sem sem, const char *id);
void lo_end(lctx *L);

/* Breaks s for role r in width w, shrinking by 0.5 pt steps from the role's
 * size until it fits max_h (max_h <= 0: no height limit) and no word
 * overflows. Returns 0, or -1 after reporting that `what` cannot fit. */
int lo_fit(lctx *L, const char *s, const dg_role *r, double w, double max_h,
           const char *what, tblock *out);
/* lo_fit for a paragraph with inline markup: style has a DG_INL_* byte per
 * byte of s (NULL: none, as lo_fit). */
int lo_fit_styled(lctx *L, const char *s, const unsigned char *style,
                  const dg_role *r, double w, double max_h, const char *what,
                  tblock *out);
/* Breaks at an exact size (no shrinking); returns 1 if it fit in w. */
int lo_break_at(lctx *L, const char *s, double size, int bold, double leading,
                double w, tblock *out);
/* Like lo_break_at, but with lines of even length (for labels). */
int lo_break_balanced(lctx *L, const char *s, double size, int bold,
                      double leading, double w, tblock *out);
double lo_height(const tblock *b);
/* Emits the lines with the first line's top at y. */
void lo_emit(lctx *L, const tblock *b, double x, double w, double y, int align);

/* Text colour (black or white) with the better contrast on fill. */
uint32_t lo_on(uint32_t fill);

/* The next figure id of the slide: "slide-N-fig-K" (charts and tables
 * share the count). */
const char *lo_fig_id(lctx *L);

#endif
