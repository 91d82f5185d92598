/* html_text: the text primitives of the HTML renderer — a text op's CSS
 * class, a line placed where layout set it (html_span) or flowing in its
 * group's box (html_flow_span), the groups that hold them, and a flowing
 * group's box read off the ops (html_flow_box). Decides nothing: what the
 * ops say, written as HTML. Under html.c, html_rows.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/html/html_int.h"

int html_style_of(styles *ss, const dg_op_text *o) {
  for (int i = 0; i < ss->n; i++)
    if (fabs(ss->v[i].size - o->size_pt) < 1e-6 && ss->v[i].bold == o->bold &&
        ss->v[i].color == o->color)
      return i;
  if (ss->n == 64)
    return 0;
  ss->v[ss->n] = (style){o->size_pt, o->ascent + o->descent, o->bold, o->color};
  return ss->n++;
}

void html_num(dg_buf *b, double v) { dg_buf_num(b, v, 2); }

void html_view_box(dg_buf *b, double w_pt, double h_pt) {
  dg_buf_puts(b, " viewBox=\"0 0 ");
  html_num(b, w_pt);
  dg_buf_puts(b, " ");
  html_num(b, h_pt);
}

/* One run of a line set in runs of two weights (inline <b>): inside its
 * line's span, in the flow of the line's text, bold as <b>. */
static void html_run(dg_buf *b, styles *ss, const dg_op_text *o) {
  const char *tag = o->bold ? "b" : "span";
  dg_buf_printf(b, "<%s class=\"f%d%s\">", tag, html_style_of(ss, o),
                o->nobr ? " nb" : "");
  dg_html_esc(b, o->str);
  dg_buf_printf(b, "</%s>", tag);
}

/* A line's text inside its span: with runs (the ops after op are runs of
 * its line, two weights), each run, op's included; else op's text. */
static void line_text(dg_buf *b, styles *ss, const dg_op *op, int runs) {
  if (!runs) {
    dg_html_esc(b, op->text.str);
    return;
  }
  ss->used |= DG_CSS_RUNS;
  html_run(b, ss, &op->text);
  for (const dg_op *r = op + 1; r->kind == DG_OP_TEXT && r->text.run; r++)
    html_run(b, ss, &r->text);
}

void html_span(dg_buf *b, styles *ss, const dg_op *op, double *top, int runs) {
  const dg_op_text *o = &op->text;
  int k = html_style_of(ss, o);
  /* a break at a space keeps its space between the spans: it is as wide
   * as the group's font (0 on the fixed slide), a word space in reflow */
  if (o->cont && o->sep && *o->sep == ' ')
    dg_buf_puts(b, " ");
  dg_buf_printf(b, "<span class=\"l f%d%s\" style=\"left:", k,
                o->cont ? "" : " b");
  html_num(b, op->x);
  dg_buf_puts(b, "px;top:");
  html_num(b, op->y - (*top + o->ascent));
  dg_buf_puts(b, "px\">");
  line_text(b, ss, op, runs);
  dg_buf_puts(b, "</span>");
  *top += o->ascent + o->descent;
}

int html_flow_box(const dg_page *p, int k, flowbox *fb) {
  const dg_op_text *first = NULL;
  double x = 0, y0 = 0, prev = 0;
  int n = 0;
  fb->pitch = 0;
  fb->m = -1;
  int runs = 0;
  for (int j = k + 1; j < p->nops && p->ops[j].kind == DG_OP_TEXT; j++)
    runs |= p->ops[j].text.run;
  for (int j = k + 1; j < p->nops && p->ops[j].kind != DG_OP_END; j++) {
    const dg_op *o = &p->ops[j];
    if (o->kind != DG_OP_TEXT)
      return 0;
    const dg_op_text *t = &o->text;
    if (first && t->run) { /* a run of another weight in the line before */
      if (t->size_pt != first->size_pt)
        return 0;
      continue;
    }
    if (t->box_w <= 0 || t->align != 0)
      return 0;
    if (!first) {
      first = t;
      x = o->x;
      y0 = o->y;
    } else {
      /* in a paragraph in runs of two weights a line may start in either */
      if (o->x != x || t->box_x != first->box_x || t->box_w != first->box_w ||
          t->size_pt != first->size_pt || t->color != first->color ||
          (t->bold != first->bold && !runs))
        return 0;
      double d = o->y - prev;
      if (n == 1)
        fb->pitch = d;
      else if (fabs(d - fb->pitch) > 0.01)
        return 0;
    }
    prev = o->y;
    n++;
  }
  if (!first)
    return 0;
  double lh = first->ascent + first->descent;
  if (n == 1 || fb->pitch < lh)
    fb->pitch = n == 1 ? lh : fb->pitch;
  if (fb->pitch < lh)
    return 0;
  /* the first baseline sits ascent plus half the leading below the top;
   * Chromium rounds the font's ascent and descent to whole pixels and
   * the half leading down */
  double asc = round(first->ascent), desc = round(first->descent);
  fb->x = x;
  fb->y = y0 - asc - floor((fb->pitch - asc - desc) / 2);
  /* half a pixel to spare: a line that just fits in layout's box must not
   * wrap early on a rounding of the browser's advances */
  fb->w = first->box_x + first->box_w - x + 0.5;
  return 1;
}

void html_group_open(dg_buf *b, tgroup *g, const char *tag, const char *id,
                     const flowbox *fb, const char *cls) {
  g->tag = tag;
  g->top = 0;
  g->flow = fb != NULL;
  dg_buf_printf(b, "<%s class=\"g%s%s\"", tag, fb ? " fl" : "", cls);
  if (id)
    dg_buf_printf(b, " id=\"%s\"", id);
  if (fb) {
    dg_buf_puts(b, " style=\"--x:");
    html_num(b, fb->x);
    dg_buf_puts(b, "px;--y:");
    html_num(b, fb->y);
    dg_buf_puts(b, "px;--w:");
    html_num(b, fb->w);
    dg_buf_puts(b, "px;--lh:");
    html_num(b, fb->pitch);
    if (fb->m >= 0) {
      dg_buf_puts(b, "px;--m:");
      html_num(b, fb->m);
    }
    dg_buf_puts(b, "px\"");
  }
  dg_buf_puts(b, ">");
}

void html_flow_span(dg_buf *b, styles *ss, const dg_op *op, int first) {
  const dg_op_text *o = &op->text;
  if (!first && o->sep && *o->sep == ' ')
    dg_buf_puts(b, " ");
  if (!first && o->sep && *o->sep == '\n')
    dg_buf_puts(b, "<br>");
  dg_buf_printf(b, "<span class=\"l f%d\">", html_style_of(ss, o));
  line_text(b, ss, op, op[1].kind == DG_OP_TEXT && op[1].text.run);
  dg_buf_puts(b, "</span>");
}

double html_baseline_in(double ascent, double descent, double lh) {
  double a = round(ascent), d = round(descent);
  return a + floor((lh - a - d) / 2);
}

void html_centre(dg_buf *b, double cx, double left, double x, double w) {
  dg_buf_puts(b, ";--i:");
  html_num(b, left - cx - 0.5);
  dg_buf_puts(b, "px;--cw:");
  html_num(b, w + 2 * (x - left) + 1);
  dg_buf_puts(b, "px");
}

void html_group_close(dg_buf *b, tgroup *g) {
  if (g->tag)
    dg_buf_printf(b, "</%s>", g->tag);
  g->tag = NULL;
}

void html_var_px(dg_buf *b, const char *name, double v) {
  dg_buf_printf(b, ";--%s:", name);
  html_num(b, v);
  dg_buf_puts(b, "px");
}
