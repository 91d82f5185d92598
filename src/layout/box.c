/* box: the display-list builder under the layout stage's files: pushes
 * ops onto the page being laid out, snaps rectangles and lines to whole
 * points, and breaks, fits and emits text. */
#include "layout/box.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A page's ops grow in an array of their own (p->cap > 0) and move into
 * the arena, exactly sized, when the page is done (lo_page_done): growing
 * them in the arena left every outgrown array behind, as much memory
 * again as the ops themselves. */
static dg_op *lo_push(lctx *L, dg_opkind k) {
  dg_page *p = L->pg;
  if (p->nops == p->cap) {
    int cap = p->cap ? p->cap * 2 : 128;
    dg_op *n = realloc(p->ops, dg_mul_size((size_t)cap, sizeof(dg_op)));
    if (!n)
      dg_oom();
    p->ops = n;
    p->cap = cap;
  }
  dg_op *o = &p->ops[p->nops++];
  memset(o, 0, sizeof *o);
  o->kind = k;
  o->pos = L->pos;
  return o;
}

void lo_page_done(lctx *L, dg_page *p) {
  if (p->cap == 0)
    return; /* no ops, or done already */
  dg_op *ops =
      dg_alloc_array(L->a, (size_t)(p->nops ? p->nops : 1), sizeof(dg_op));
  memcpy(ops, p->ops, sizeof(dg_op) * (size_t)p->nops);
  free(p->ops);
  p->ops = ops;
  p->cap = 0;
}

/* Rectangles and lines are snapped to whole points: at 1 pt = 1 px every
 * edge is then crisp, and the browser and the PDF rasteriser agree. */
static dg_op *snapped_rect(lctx *L, double x, double y, double w, double h,
                           uint32_t fill) {
  double x0 = round(x), y0 = round(y), x1 = round(x + w), y1 = round(y + h);
  dg_op *o = lo_push(L, DG_OP_RECT);
  o->x = x0;
  o->y = y0;
  o->rect.w = x1 - x0;
  o->rect.h = y1 - y0;
  o->rect.fill = fill;
  return o;
}

void lo_frame(lctx *L, double x, double y, double w, double h, uint32_t fill,
              int has_fill, uint32_t stroke, double sw) {
  if (sw > 0) {
    /* a frame is a stroke-coloured rectangle with the fill inset by a
     * whole-point border */
    double b = fmax(1, round(sw));
    snapped_rect(L, x, y, w, h, stroke);
    if (has_fill)
      snapped_rect(L, round(x) + b, round(y) + b,
                   round(x + w) - round(x) - 2 * b,
                   round(y + h) - round(y) - 2 * b, fill);
    return;
  }
  if (has_fill)
    snapped_rect(L, x, y, w, h, fill);
}

void lo_rect(lctx *L, double x, double y, double w, double h, uint32_t fill) {
  lo_frame(L, x, y, w, h, fill, 1, 0, 0);
}

void lo_line(lctx *L, double x1, double y1, double x2, double y2,
             uint32_t color, double w) {
  double t = fmax(1, round(w));
  if (y1 == y2) { /* horizontal: a whole-point band */
    double yy = round(y1 - t / 2);
    snapped_rect(L, fmin(x1, x2), yy, fabs(x2 - x1), t, color);
    return;
  }
  if (x1 == x2) {
    double xx = round(x1 - t / 2);
    snapped_rect(L, xx, fmin(y1, y2), t, fabs(y2 - y1), color);
    return;
  }
  dg_op *o = lo_push(L, DG_OP_LINE);
  o->x = x1;
  o->y = y1;
  o->line.x2 = x2;
  o->line.y2 = y2;
  o->line.color = color;
  o->line.width_pt = w;
}

static dg_op *push_wedge(lctx *L, double cx, double cy, double r_out,
                         double r_in, double a0, double a1, uint32_t fill,
                         uint32_t stroke, double stroke_pt) {
  dg_op *o = lo_push(L, DG_OP_WEDGE);
  o->x = cx;
  o->y = cy;
  o->wedge.r_out = r_out;
  o->wedge.r_in = r_in;
  o->wedge.a0 = a0;
  o->wedge.a1 = a1;
  o->wedge.fill = fill;
  o->wedge.stroke = stroke;
  o->wedge.stroke_pt = stroke_pt;
  return o;
}

void lo_wedge(lctx *L, double cx, double cy, double r_out, double r_in,
              double a0, double a1, uint32_t fill, uint32_t stroke,
              double stroke_pt) {
  push_wedge(L, cx, cy, r_out, r_in, a0, a1, fill, stroke, stroke_pt);
}

void lo_series_wedge(lctx *L, double cx, double cy, double r_out, double r_in,
                     double a0, double a1, int s, uint32_t stroke,
                     double stroke_pt) {
  /* a donut's categories take the palette in order */
  uint32_t fill = dg_theme_series_color(L->th, s, 0, 0), ink;
  dg_pattern pat;
  dg_series_look(L->th, s, fill, &pat, &ink);
  dg_op *o =
      push_wedge(L, cx, cy, r_out, r_in, a0, a1, fill, stroke, stroke_pt);
  o->wedge.pattern = pat;
  o->wedge.ink = ink;
  o->wedge.series = s + 1;
}

dg_op *lo_image(lctx *L, double x, double y) {
  dg_op *o = lo_push(L, DG_OP_IMAGE);
  o->x = x;
  o->y = y;
  return o;
}

double lo_text(lctx *L, const char *s, double x, double baseline, double size,
               int bold, uint32_t color) {
  dg_op *o = lo_push(L, DG_OP_TEXT);
  dg_op_text *t = &o->text;
  t->str = s;
  /* whole points: browsers snap text to the pixel grid, so PDF and HTML
   * rasterise the same glyph positions at 1 pt = 1 px */
  o->x = round(x);
  o->y = round(baseline);
  t->size_pt = size;
  t->bold = bold;
  t->color = color;
  t->w = dg_text_width(L->tx, s, size, bold);
  dg_text_metrics(L->tx, size, bold, &t->ascent, &t->descent);
  return t->w;
}

void lo_text_al(lctx *L, const char *s, double x, double w, double baseline,
                double size, int bold, uint32_t color, int align) {
  double tw = dg_text_width(L->tx, s, size, bold);
  double tx = align == AL_RIGHT    ? x + w - tw
              : align == AL_CENTER ? x + (w - tw) / 2
                                   : x;
  lo_text(L, s, tx, baseline, size, bold, color);
  dg_op_text *t = &L->pg->ops[L->pg->nops - 1].text;
  t->box_x = x;
  t->box_w = w;
  t->align = align == AL_RIGHT ? 2 : align == AL_CENTER ? 1 : 0;
}

dg_op *lo_begin(lctx *L, dg_sem sem, const char *id) {
  dg_op *o = lo_push(L, DG_OP_BEGIN);
  o->begin.sem = sem;
  o->begin.id = id;
  return o;
}

void lo_end(lctx *L) { lo_push(L, DG_OP_END); }

/* Fills what a broken block keeps besides its lines (text, size, weight,
 * pitch, the font's extents); returns whether every line fitted. */
static int block_done(lctx *L, tblock *out, const char *s, double size,
                      int bold, double leading, int overflow) {
  out->src = s;
  out->size = size;
  out->bold = bold;
  out->pitch = size * leading;
  dg_text_metrics(L->tx, size, bold, &out->asc, &out->desc);
  return !overflow;
}

int lo_break_at(lctx *L, const char *s, double size, int bold, double leading,
                double w, tblock *out) {
  int overflow = 0;
  out->rich = NULL;
  out->n = dg_text_break(L->tx, L->a, s, size, bold, w, &out->lines, &overflow);
  return block_done(L, out, s, size, bold, leading, overflow);
}

int lo_break_balanced(lctx *L, const char *s, double size, int bold,
                      double leading, double w, tblock *out) {
  if (!lo_break_at(L, s, size, bold, leading, w, out))
    return 0;
  if (out->n < 2)
    return 1;
  /* narrowest width that keeps the same number of lines: evens them out,
   * so a label never ends in a lone character */
  int n = out->n;
  double lo = w * 0.4, hi = w;
  for (int k = 0; k < 12; k++) {
    double mid = (lo + hi) / 2;
    tblock t;
    if (lo_break_at(L, s, size, bold, leading, mid, &t) && t.n == n)
      hi = mid;
    else
      lo = mid;
  }
  return lo_break_at(L, s, size, bold, leading, hi, out);
}

double lo_height(const tblock *b) {
  return b->n > 0 ? (b->n - 1) * b->pitch + b->asc + b->desc : 0;
}

/* Breaks s with its inline styles at an exact size; returns 1 if it fit. */
static int break_styled(lctx *L, const char *s, const unsigned char *style,
                        double size, int bold, double leading, double w,
                        tblock *out) {
  int overflow = 0;
  /* the role's weight is the paragraph's; <b> only adds to it */
  size_t n = strlen(s);
  unsigned char *st = dg_alloc(L->a, n + 1);
  for (size_t i = 0; i < n; i++)
    st[i] = (unsigned char)((style[i] & DG_INL_BOLD || bold ? DG_TS_BOLD : 0) |
                            (style[i] & DG_INL_NOBR ? DG_TS_NOBR : 0));
  out->n =
      dg_text_break_styled(L->tx, L->a, s, st, size, w, &out->rich, &overflow);
  out->lines = dg_alloc_array(L->a, (size_t)out->n + 1, sizeof(dg_line));
  for (int i = 0; i < out->n; i++) {
    dg_buf t = {0};
    for (int k = 0; k < out->rich[i].nruns; k++)
      dg_buf_puts(&t, out->rich[i].runs[k].text);
    out->lines[i].text = dg_strdup(L->a, t.data ? t.data : "");
    out->lines[i].width_pt = out->rich[i].width_pt;
    dg_buf_free(&t);
  }
  return block_done(L, out, s, size, bold, leading, overflow);
}

int lo_fit(lctx *L, const char *s, const dg_role *r, double w, double max_h,
           const char *what, tblock *out) {
  return lo_fit_styled(L, s, NULL, r, w, max_h, what, out);
}

int lo_fit_styled(lctx *L, const char *s, const unsigned char *style,
                  const dg_role *r, double w, double max_h, const char *what,
                  tblock *out) {
  double min = L->th->min_size_pt;
  for (double size = r->size_pt; size >= min - 1e-9; size -= 0.5) {
    int fit = style
                  ? break_styled(L, s, style, size, r->bold, r->leading, w, out)
                  : lo_break_at(L, s, size, r->bold, r->leading, w, out);
    if (fit && (max_h <= 0 || lo_height(out) <= max_h + 0.01)) {
      out->color = r->color;
      return 0;
    }
  }
  /* quote at most 20 characters, cut on a character boundary */
  size_t cut = 0;
  for (int k = 0; s[cut] && k < 20; k++) {
    cut++;
    while (((unsigned char)s[cut] & 0xC0) == 0x80)
      cut++;
  }
  dg_error(L->ctx, L->s->pos,
           "slide %d: %s does not fit its box (%.0f x %.0f pt) even at the "
           "theme's minimum size of %g pt: \"%.*s%s\"",
           L->s->number, what, w, max_h, min, (int)cut, s, s[cut] ? "…" : "");
  return -1;
}

/* What stood in b->src between line i-1 and line i: a line feed, spaces,
 * or nothing. *at walks through src as the lines are found in turn (each
 * line is a piece of src, trailing spaces trimmed). */
static const char *line_sep(const tblock *b, int i, const char **at) {
  if (i == 0 || !b->src)
    return "";
  const char *prev = strstr(*at, b->lines[i - 1].text);
  if (!prev)
    return "";
  const char *gap = prev + strlen(b->lines[i - 1].text);
  const char *next = strstr(gap, b->lines[i].text);
  if (!next)
    return "";
  *at = next;
  if (memchr(gap, '\n', (size_t)(next - gap)))
    return "\n";
  return next > gap ? " " : "";
}

/* A line of runs: the first placed as any line, the others after it on
 * the same baseline at their exact offsets (not snapped: the browser sets
 * them in the flow of the line's text). */
static void emit_runs(lctx *L, const tblock *b, int i, double x, double w,
                      double y, int align) {
  const dg_sline *ln = &b->rich[i];
  double lx = align == AL_RIGHT    ? x + w - ln->width_pt
              : align == AL_CENTER ? x + (w - ln->width_pt) / 2
                                   : x;
  double base = y + b->asc + i * b->pitch, x0 = round(lx);
  for (int k = 0; k < ln->nruns; k++) {
    const dg_run *r = &ln->runs[k];
    lo_text(L, r->text, x0 + r->x_pt, base, b->size, r->bold, b->color);
    dg_op *o = &L->pg->ops[L->pg->nops - 1];
    o->x = x0 + r->x_pt;
    dg_op_text *t = &o->text;
    t->sep = k > 0 ? "" : ln->sep == '\n' ? "\n" : ln->sep == ' ' ? " " : "";
    t->cont = k > 0 || (i > 0 && ln->sep != '\n');
    t->run = k > 0;
    t->nobr = r->nobr;
    /* the box the line was set in, as lo_text_al's lines */
    t->box_x = x;
    t->box_w = w;
    t->align = align == AL_RIGHT ? 2 : align == AL_CENTER ? 1 : 0;
  }
}

void lo_emit(lctx *L, const tblock *b, double x, double w, double y,
             int align) {
  if (b->rich) {
    for (int i = 0; i < b->n; i++)
      emit_runs(L, b, i, x, w, y, align);
    return;
  }
  const char *at = b->src;
  for (int i = 0; i < b->n; i++) {
    lo_text_al(L, b->lines[i].text, x, w, y + b->asc + i * b->pitch, b->size,
               b->bold, b->color, align);
    dg_op_text *t = &L->pg->ops[L->pg->nops - 1].text;
    t->sep = line_sep(b, i, &at);
    t->cont = i > 0 && *t->sep != '\n';
  }
}

/* The colour of text on fill: see dg_on_colour (layout/pattern.c). */
uint32_t lo_on(uint32_t fill) { return dg_on_colour(fill); }

/* Pushes a series' rectangle: filled, snapped, with its pattern. */
void lo_series_rect(lctx *L, double x, double y, double w, double h, int s,
                    uint32_t fill) {
  uint32_t ink;
  dg_pattern pat;
  dg_series_look(L->th, s, fill, &pat, &ink);
  dg_op *o = snapped_rect(L, x, y, w, h, fill);
  o->rect.pattern = pat;
  o->rect.ink = ink;
  o->rect.series = s + 1;
}

void lo_series_marker(lctx *L, double cx, double cy, double size, int s,
                      uint32_t fill) {
  double h = size / 2;
  switch (dg_series_marker(s)) {
  case DG_MARK_DISC: /* two halves, outlined in their colour so no seam
                      * shows between them */
    push_wedge(L, cx, cy, h, 0, 0, M_PI, fill, fill, 0.5);
    push_wedge(L, cx, cy, h, 0, M_PI, 2 * M_PI, fill, fill, 0.5);
    break;
  case DG_MARK_OPEN_SQUARE: /* white inside, so the line stops at it */
    lo_rect(L, cx - h, cy - h, size, size, fill);
    lo_rect(L, cx - h + 2, cy - h + 2, size - 4, size - 4, 0xFFFFFF);
    break;
  case DG_MARK_CROSS:
    lo_line(L, cx - h, cy - h, cx + h, cy + h, fill, 2);
    lo_line(L, cx - h, cy + h, cx + h, cy - h, fill, 2);
    break;
  default:
    lo_rect(L, cx - h, cy - h, size, size, fill);
  }
}

double lo_series_label(lctx *L, int s, uint32_t fill, const char *t, double x,
                       double baseline, double size, int bold) {
  uint32_t ink;
  dg_pattern pat;
  dg_series_look(L->th, s, fill, &pat, &ink);
  if (pat != DG_PAT_SOLID) {
    double asc, desc, tw = dg_text_width(L->tx, t, size, bold);
    dg_text_metrics(L->tx, size, bold, &asc, &desc);
    snapped_rect(L, x - 3, baseline - asc - 1, tw + 6, asc + desc + 2, fill);
  }
  return lo_text(L, t, x, baseline, size, bold, lo_on(fill));
}

const char *lo_fig_id(lctx *L) {
  return dg_printf(L->a, "slide-%d-fig-%d", L->s->number, ++L->nfig);
}
