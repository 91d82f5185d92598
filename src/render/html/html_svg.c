/* htmlsvg: escaping and SVG elements for render/html/html.c (see
 * render/html/html_int.h). */
#include "render/html/html_int.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* Text and attribute values escaped by GLib (& < > " ' as entities; it
 * would also escape control characters, which the CSV reader refuses). */
void dg_html_esc(dg_buf *b, const char *s) {
  gchar *e = g_markup_escape_text(s, -1);
  dg_buf_puts(b, e);
  g_free(e);
}

/* Would a spreadsheet read a cell starting with s as a formula? = + - @,
 * a tab or CR (OWASP's list), and their full-width forms, which Japanese
 * Excel also turns into formulas. */
static int formula_like(const char *s) {
  static const char *const wide[] = {"\xEF\xBC\x9D", "\xEF\xBC\x8B",
                                     "\xEF\xBC\x8D", "\xEF\xBC\xA0"};
  if (*s && strchr("=+-@\t\r", *s))
    return 1;
  for (size_t i = 0; i < sizeof wide / sizeof *wide; i++)
    if (!strncmp(s, wide[i], 3))
      return 1;
  return 0;
}

void dg_csv_field(dg_buf *b, const char *s) {
  /* the published CSVs carry a BOM so Excel opens them directly: a label
   * from the data such as =HYPERLINK(...) must stay text there. A leading
   * ' is how a spreadsheet marks text; the PDF, the page and the PPTX
   * keep the label as written */
  int quote_formula = formula_like(s);
  if (quote_formula || strpbrk(s, ",\"\n\r")) {
    dg_buf_puts(b, "\"");
    if (quote_formula)
      dg_buf_puts(b, "'");
    for (; *s; s++) {
      if (*s == '"')
        dg_buf_puts(b, "\"\"");
      else
        dg_buf_put(b, s, 1);
    }
    dg_buf_puts(b, "\"");
  } else
    dg_buf_puts(b, s);
}

static void num(dg_buf *b, double v) { dg_buf_num(b, v, 2); }

/* "x y", a point of a path */
static void pt(dg_buf *b, double x, double y) {
  num(b, x);
  dg_buf_puts(b, " ");
  num(b, y);
}

/* The id of the pattern a series' fill paints with. */
static void pattern_id(dg_buf *b, const char *scope, dg_pattern k,
                       uint32_t fill, uint32_t ink) {
  dg_buf_printf(b, "%s-%s-%06X-%06X", scope, dg_pattern_name(k), fill, ink);
}

/* A RECT's or WEDGE's element(s) with their geometry's attributes geo:
 * a series' pattern is a second element over the plain colour (the
 * pattern's tile holds only the marks, as the PDF's and the PNG's do, so
 * every browser prints the colour under them), and the one that carries
 * the series' look has its class; an outline goes on the top one. */
static void shape(dg_buf *b, const char *el, const char *geo,
                  const char *scope, int series, dg_pattern k, uint32_t fill,
                  uint32_t ink, const char *stroke) {
  int pat = scope && k != DG_PAT_SOLID;
  if (pat)
    dg_buf_printf(b, "<%s %s fill=\"#%06X\"/>", el, geo, fill);
  dg_buf_printf(b, "<%s %s", el, geo);
  if (pat) {
    dg_buf_puts(b, " fill=\"url(#");
    pattern_id(b, scope, k, fill, ink);
    dg_buf_puts(b, ")\"");
  } else
    dg_buf_printf(b, " fill=\"#%06X\"", fill);
  if (series)
    dg_buf_printf(b, " class=\"s%d\"", series - 1);
  dg_buf_printf(b, "%s/>", stroke);
}

void dg_svg_patterns(dg_buf *b, const dg_op *ops, int n, const char *scope) {
  int open = 0;
  for (int i = 0; i < n; i++) {
    const dg_op *o = &ops[i];
    dg_pattern k;
    uint32_t fill, ink;
    if (o->kind == DG_OP_RECT) {
      k = o->rect.pattern;
      fill = o->rect.fill;
      ink = o->rect.ink;
    } else if (o->kind == DG_OP_WEDGE) {
      k = o->wedge.pattern;
      fill = o->wedge.fill;
      ink = o->wedge.ink;
    } else
      continue;
    if (k == DG_PAT_SOLID)
      continue;
    int seen = 0; /* an earlier op with the same pattern wrote it */
    for (int j = 0; j < i && !seen; j++) {
      const dg_op *q = &ops[j];
      seen = (q->kind == DG_OP_RECT && q->rect.pattern == k &&
              q->rect.fill == fill && q->rect.ink == ink) ||
             (q->kind == DG_OP_WEDGE && q->wedge.pattern == k &&
              q->wedge.fill == fill && q->wedge.ink == ink);
    }
    if (seen)
      continue;
    if (!open)
      dg_buf_puts(b, "<defs>");
    open = 1;
    /* in user space from the slide's corner, as the PDF's and the PNG's */
    const dg_tile *t = dg_pattern_tile(k);
    dg_buf_puts(b, "<pattern id=\"");
    pattern_id(b, scope, k, fill, ink);
    dg_buf_puts(b, "\" patternUnits=\"userSpaceOnUse\" width=\"");
    num(b, t->size);
    dg_buf_puts(b, "\" height=\"");
    num(b, t->size);
    dg_buf_puts(b, "\">");
    if (t->nseg) {
      dg_buf_puts(b, "<path d=\"");
      for (int j = 0; j < t->nseg; j++) {
        dg_buf_puts(b, "M");
        pt(b, t->seg[j][0], t->seg[j][1]);
        dg_buf_puts(b, "L");
        pt(b, t->seg[j][2], t->seg[j][3]);
      }
      dg_buf_printf(b, "\" fill=\"none\" stroke=\"#%06X\" stroke-width=\"",
                    ink);
      num(b, t->width);
      dg_buf_puts(b, "\"/>");
    }
    for (int j = 0; j < t->ndot; j++) {
      dg_buf_puts(b, "<circle cx=\"");
      num(b, t->dot[j][0]);
      dg_buf_puts(b, "\" cy=\"");
      num(b, t->dot[j][1]);
      dg_buf_puts(b, "\" r=\"");
      num(b, t->dot_r);
      dg_buf_printf(b, "\" fill=\"#%06X\"/>", ink);
    }
    dg_buf_puts(b, "</pattern>");
  }
  if (open)
    dg_buf_puts(b, "</defs>");
}

void dg_svg_op(dg_buf *b, const dg_op *o) { dg_svg_op_in(b, o, NULL); }

void dg_svg_op_in(dg_buf *b, const dg_op *o, const char *scope) {
  switch (o->kind) {
  case DG_OP_RECT: {
    dg_buf g = {0};
    dg_buf_puts(&g, "x=\"");
    num(&g, o->x);
    dg_buf_puts(&g, "\" y=\"");
    num(&g, o->y);
    dg_buf_puts(&g, "\" width=\"");
    num(&g, o->rect.w);
    dg_buf_puts(&g, "\" height=\"");
    num(&g, o->rect.h);
    dg_buf_puts(&g, "\"");
    shape(b, "rect", g.data, scope, o->rect.series, o->rect.pattern,
          o->rect.fill, o->rect.ink, "");
    dg_buf_free(&g);
    break;
  }
  case DG_OP_LINE:
    dg_buf_puts(b, "<line x1=\"");
    num(b, o->x);
    dg_buf_puts(b, "\" y1=\"");
    num(b, o->y);
    dg_buf_puts(b, "\" x2=\"");
    num(b, o->line.x2);
    dg_buf_puts(b, "\" y2=\"");
    num(b, o->line.y2);
    dg_buf_printf(b, "\" stroke=\"#%06X\" stroke-width=\"", o->line.color);
    num(b, o->line.width_pt);
    dg_buf_puts(b, "\"/>");
    break;
  case DG_OP_WEDGE: {
    const dg_op_wedge *w = &o->wedge;
    double sx0 = o->x + w->r_out * sin(w->a0),
           sy0 = o->y - w->r_out * cos(w->a0);
    double sx1 = o->x + w->r_out * sin(w->a1),
           sy1 = o->y - w->r_out * cos(w->a1);
    double ix0 = o->x + w->r_in * sin(w->a0), iy0 = o->y - w->r_in * cos(w->a0);
    double ix1 = o->x + w->r_in * sin(w->a1), iy1 = o->y - w->r_in * cos(w->a1);
    int large = w->a1 - w->a0 > M_PI;
    dg_buf g = {0}, st = {0};
    dg_buf_puts(&g, "d=\"M");
    pt(&g, sx0, sy0);
    dg_buf_puts(&g, "A");
    pt(&g, w->r_out, w->r_out);
    dg_buf_printf(&g, " 0 %d 1 ", large);
    pt(&g, sx1, sy1);
    dg_buf_puts(&g, "L");
    pt(&g, ix1, iy1);
    dg_buf_puts(&g, "A");
    pt(&g, w->r_in, w->r_in);
    dg_buf_printf(&g, " 0 %d 0 ", large);
    pt(&g, ix0, iy0);
    dg_buf_puts(&g, "Z\"");
    dg_buf_printf(&st, " stroke=\"#%06X\" stroke-width=\"", w->stroke);
    num(&st, w->stroke_pt);
    dg_buf_puts(&st, "\"");
    shape(b, "path", g.data, scope, w->series, w->pattern, w->fill, w->ink,
          st.data);
    dg_buf_free(&g);
    dg_buf_free(&st);
    break;
  }
  case DG_OP_TEXT:
    /* anchored at the side layout aligned it to: a right-aligned label
     * (left of its bar) grows leftwards under the reader's letter
     * spacing, away from the bar, instead of under it */
    dg_buf_puts(b, "<text x=\"");
    num(b, o->x + (o->text.align == 2   ? o->text.w
                   : o->text.align == 1 ? o->text.w / 2
                                        : 0));
    if (o->text.align)
      dg_buf_puts(b, o->text.align == 2 ? "\" text-anchor=\"end"
                                        : "\" text-anchor=\"middle");
    dg_buf_puts(b, "\" y=\"");
    num(b, o->y);
    dg_buf_puts(b, "\" font-size=\"");
    num(b, o->text.size_pt);
    dg_buf_printf(b, "\"%s fill=\"#%06X\">",
                  o->text.bold ? " font-weight=\"700\"" : "", o->text.color);
    dg_html_esc(b, o->text.str);
    dg_buf_puts(b, "</text>");
    break;
  case DG_OP_IMAGE: /* a decorative image: the site's copy of its file */
    dg_buf_printf(b, "<image href=\"img/%s\" x=\"", o->image.name);
    num(b, o->x);
    dg_buf_puts(b, "\" y=\"");
    num(b, o->y);
    dg_buf_puts(b, "\" width=\"");
    num(b, o->image.w);
    dg_buf_puts(b, "\" height=\"");
    num(b, o->image.h);
    dg_buf_puts(b, "\" preserveAspectRatio=\"none\"/>");
    break;
  default:
    break;
  }
}
