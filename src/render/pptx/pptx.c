/* render/pptx: takes the display list (const dg_layout, and the bound deck
 * it points to for notes and properties) and gives the bytes of an
 * editable PowerPoint file. Each page becomes a slide whose shapes are the
 * ops as laid out: rectangles and rules as shapes, each run of lines of one
 * paragraph as one text box with its line breaks, every figure as a native
 * chart (pptx_chart.c) and every table as a native table, both in the box
 * layout gave them. The provenance of each bound value goes into the
 * slide's notes page. Positions are points times 12700 (EMU); nothing is
 * measured or decided here. */
#include "render/render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/pptx/pptx_int.h"

typedef struct slide {
  xw *w;
  xw *rels;
  int id;  /* next shape id (1 is the tree) */
  int rel; /* next relationship id */
  const pptx_style *st;
  int heading; /* inside the slide's heading group: its text is the
                  slide's title placeholder, which PowerPoint's outline,
                  navigation and screen readers take as the slide title */
  int titled;  /* the title placeholder is written */
  /* a cover (on the 表紙 layout): its title is the centred title
   * placeholder and the paragraph right after it, when the slide has a
   * subtitle, the subtitle placeholder; subtitle is set while that
   * paragraph is written */
  int cover, subtitle;
  int has_sub; /* the cover has a subtitle, not yet written */
  /* "（2）" when other slides share this slide's title: appended to its
   * title placeholder, so that each slide's title is its own (PowerPoint's
   * accessibility checker, navigation); NULL otherwise */
  const char *suffix;
  dg_arena *a;
} slide;

/* <p:cNvPr id name [descr]> for the next shape. */
static void c_nv_pr(slide *s, const char *kind, const char *descr) {
  pptx_c_nv_pr(s->w, &s->id, kind, descr);
}

/* <p:cNvPr> of a shape that only decorates (frames, bars, rules): marked
 * decorative (Office 2019's a16 extension), so that PowerPoint's checker
 * and screen readers pass it by instead of asking for its alt text. */
static void c_nv_pr_decor(slide *s, const char *kind) {
  xw *w = s->w;
  char name[48];
  snprintf(name, sizeof name, "%s %d", kind, s->id);
  xw_start(w, "p:cNvPr");
  xw_attr_int(w, "id", s->id++);
  xw_attr(w, "name", name);
  pptx_decorative(w);
  xw_end(w);
}

static void ln(xw *w, int has, uint32_t colour, double width_pt) {
  xw_start(w, "a:ln");
  if (has) {
    xw_attr_int(w, "w", PPTX_EMU(width_pt));
    xw_fill(w, colour);
  } else
    xw_empty(w, "a:noFill");
  xw_end(w);
}

/* txbox: 0 a decorative shape, 1 a text box, 2 the slide's title
 * placeholder, 3 its slide number placeholder, 4 a cover's subtitle
 * placeholder */
static void sp_start(slide *s, const char *kind, int txbox) {
  xw *w = s->w;
  xw_start(w, "p:sp");
  xw_start(w, "p:nvSpPr");
  if (txbox)
    c_nv_pr(s, kind, NULL);
  else
    c_nv_pr_decor(s, kind);
  xw_start(w, "p:cNvSpPr");
  if (txbox == 1)
    xw_attr(w, "txBox", "1");
  if (txbox >= 2) {
    xw_start(w, "a:spLocks");
    xw_attr(w, "noGrp", "1");
    xw_end(w);
  }
  xw_end(w);
  static const char *ph[] = {"title", "sldNum", "subTitle"};
  static const char *sz[] = {NULL, "quarter", "quarter"};
  static const int idx[] = {0, 12, 1};
  if (txbox >= 2)
    pptx_nv_pr_ph(w, txbox == 2 && s->cover ? "ctrTitle" : ph[txbox - 2],
                  sz[txbox - 2], idx[txbox - 2]);
  else
    xw_empty(w, "p:nvPr");
  xw_end(w);
}

/* A rectangle or rule (RECT or LINE op o) as a decorative shape. */
static void mark(slide *s, const dg_op *o) { pptx_mark(s->w, &s->id, o); }

/* A wedge outside a chart: a polygon along its arcs (5° steps). */
static void wedge(slide *s, const dg_op *op) {
  xw *w = s->w;
  const dg_op_wedge *o = &op->wedge;
  double r = o->r_out, x0 = op->x - r, y0 = op->y - r;
  sp_start(s, "Wedge", 0);
  xw_start(w, "p:spPr");
  xw_xfrm(w, "a:xfrm", x0, y0, 2 * r, 2 * r, 0, 0);
  xw_start(w, "a:custGeom");
  xw_empty(w, "a:avLst");
  xw_empty(w, "a:gdLst");
  xw_empty(w, "a:ahLst");
  xw_empty(w, "a:cxnLst");
  xw_start(w, "a:rect");
  xw_attr(w, "l", "0");
  xw_attr(w, "t", "0");
  xw_attr(w, "r", "r");
  xw_attr(w, "b", "b");
  xw_end(w);
  xw_start(w, "a:pathLst");
  xw_start(w, "a:path");
  xw_attr_int(w, "w", PPTX_EMU(2 * r));
  xw_attr_int(w, "h", PPTX_EMU(2 * r));
  int n = (int)ceil(fabs(o->a1 - o->a0) / (M_PI / 36)) + 1;
  int first = 1;
  for (int pass = 0; pass < 2; pass++) {
    double rr = pass ? o->r_in : o->r_out;
    if (pass && rr <= 0) {
      xw_start(w, "a:lnTo");
      xw_start(w, "a:pt");
      xw_attr_int(w, "x", PPTX_EMU(r));
      xw_attr_int(w, "y", PPTX_EMU(r));
      xw_end(w);
      xw_end(w);
      break;
    }
    for (int i = 0; i < n; i++) {
      double t = (double)i / (n - 1);
      double a =
          pass ? o->a1 + (o->a0 - o->a1) * t : o->a0 + (o->a1 - o->a0) * t;
      xw_start(w, first ? "a:moveTo" : "a:lnTo");
      first = 0;
      xw_start(w, "a:pt");
      xw_attr_int(w, "x", PPTX_EMU(r + rr * sin(a)));
      xw_attr_int(w, "y", PPTX_EMU(r - rr * cos(a)));
      xw_end(w);
      xw_end(w);
    }
  }
  xw_empty(w, "a:close");
  xw_end(w);
  xw_end(w);
  xw_end(w);
  xw_fill(w, o->fill);
  ln(w, o->stroke_pt > 0, o->stroke, o->stroke_pt);
  xw_end(w);
  xw_end(w);
}

/* ---------- text ---------- */

/* Where the box of lines l[0..n-1] starts: for several lines at an exact
 * pitch, the first line box is one pitch high with its descent at the
 * bottom; a single line sits at the font's ascent. */
static double box_top(const dg_op *l, int n) {
  return pptx_pitch(l, n) > 0 ? l[0].y - (pptx_pitch(l, n) - l[0].text.descent)
               : l[0].y - l[0].text.ascent;
}

static void text_box(slide *s, const dg_op *l, int n) {
  xw *w = s->w;
  double wmax = 0;
  for (int i = 0; i < n; i++) /* a run ends its line further right */
    wmax = fmax(wmax, l[i].x - l[0].x + l[i].text.w);
  double top = box_top(l, n), bottom = l[n - 1].y + l[n - 1].text.descent;
  int title = s->heading && !s->titled;
  s->titled |= title;
  dg_op last;
  if (title && s->suffix) { /* the number after the title's last line */
    last = l[n - 1];
    last.text.str = dg_printf(s->a, "%s%s", last.text.str, s->suffix);
    dg_op *copy = dg_alloc_array(s->a, (size_t)n, sizeof *copy);
    memcpy(copy, l, sizeof *copy * (size_t)(n - 1));
    copy[n - 1] = last;
    l = copy;
  }
  int sub = s->subtitle;
  s->subtitle = 0;
  sp_start(s, title ? "Title" : sub ? "Subtitle" : "TextBox",
           title ? 2 : sub ? 4 : 1);
  xw_start(w, "p:spPr");
  /* a little room on the right: wrap="none" never breaks, but an editor's
   * caret and a viewer's rounding need it; LibreOffice breaks a title
   * placeholder at its width all the same, after widening the text with
   * its own space between Japanese and Latin letters: two ems more, and
   * three for a number appended to the title; a cover's subtitle is a
   * placeholder too */
  double slack =
      l[0].text.size_pt * (title ? (s->suffix ? 5 : 2) : sub ? 2 : 0.25);
  /* lines layout set flush right (a cover's date) or centred stay so: an
   * application that sets the text wider (LibreOffice, Japanese beside
   * Latin) widens it to the left or to both sides, not past the right */
  int align = title || sub ? 0 : l[0].text.align;
  double x0 = l[0].x, x1 = l[0].x + wmax;
  for (int i = 0; i < n; i++) {
    align = l[i].text.align == align ? align : 0;
    x0 = fmin(x0, l[i].x);
  }
  double bw = x1 - x0 + slack;
  double bx = align == 2 ? x1 - bw : align == 1 ? (x0 + x1 - bw) / 2 : l[0].x;
  if (!align)
    bw = wmax + slack;
  xw_xfrm(w, "a:xfrm", bx, top, bw, bottom - top, 0, 0);
  pptx_preset(w, "rect");
  xw_empty(w, "a:noFill");
  xw_end(w);
  xw_start(w, "p:txBody");
  pptx_body_pr(w, "none", "t", "a:noAutofit");
  xw_empty(w, "a:lstStyle");
  pptx_para(w, l, n, align == 2 ? "r" : align == 1 ? "ctr" : NULL,
            s->st->font);
  xw_end(w);
  xw_end(w);
}

/* The slide number layout set at the top right: a placeholder holding a
 * field, so that a slide inserted before it renumbers it. */
static void slide_number(slide *s, const dg_op *t) {
  xw *w = s->w;
  sp_start(s, "Slide Number", 3);
  xw_start(w, "p:spPr");
  double slack = t->text.size_pt * 2; /* room for more digits */
  xw_xfrm(w, "a:xfrm", t->x + t->text.w - (t->text.w + slack),
          t->y - t->text.ascent, t->text.w + slack,
          t->text.ascent + t->text.descent, 0, 0);
  xw_end(w);
  xw_start(w, "p:txBody");
  pptx_body_pr(w, "none", "t", "a:noAutofit");
  xw_empty(w, "a:lstStyle");
  xw_start(w, "a:p");
  xw_start(w, "a:pPr");
  xw_attr(w, "algn", "r");
  xw_end(w);
  xw_start(w, "a:fld");
  xw_attr(w, "id", "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}");
  xw_attr(w, "type", "slidenum");
  pptx_run_props(w, &t->text, s->st->font);
  xw_start(w, "a:t");
  xw_text(w, t->text.str);
  xw_end(w);
  xw_end(w);
  xw_end(w);
  xw_end(w);
  xw_end(w);
}

/* Is (x, y, w, h) inside a rectangle of the page filled with fill? */
static int inside_fill(const dg_page *pg, uint32_t fill, double x, double y,
                       double w, double h) {
  for (int i = 0; i < pg->nops; i++) {
    const dg_op *r = &pg->ops[i];
    if (r->kind == DG_OP_RECT && r->rect.fill == fill && r->x <= x + 0.5 &&
        r->y <= y + 0.5 && r->x + r->rect.w >= x + w - 0.5 &&
        r->y + r->rect.h >= y + h - 0.5)
      return 1;
  }
  return 0;
}

/* A paragraph (PARA or NOTE group ops[i..end] of one style, with the box
 * layout broke it for) as one text box that wraps at that width: its lines
 * joined again as they were split (nothing between Japanese characters, a
 * space, or a break written in the text), so that an edit reflows it. A
 * paragraph inside the lead's box shrinks its text rather than overrun the
 * box (LibreOffice sets Japanese and Latin letters apart and may need
 * another line); others grow with their text. Returns 0 when the group is
 * not such a paragraph. */
static int flow_box(slide *s, const dg_page *pg, int i, int end) {
  const dg_op *g = &pg->ops[i];
  const dg_op *l = NULL;
  int n = 0;
  for (int k = i + 1; k < end; k++) {
    const dg_op *t = &pg->ops[k];
    if (t->kind != DG_OP_TEXT)
      return 0;
    if (!l)
      l = t;
    else if (t->text.size_pt != l->text.size_pt ||
             t->text.bold != l->text.bold || t->text.color != l->text.color)
      return 0;
    n++;
  }
  if (!l || g->begin.w <= 0)
    return 0;
  xw *w = s->w;
  int lead = inside_fill(pg, s->st->theme->lead_fill, g->x, g->y, g->begin.w,
                         g->begin.h);
  double top = box_top(l, n), h = l[n - 1].y + l[n - 1].text.descent - top;
  if (lead) /* down to the next paragraph: an application's line is taller */
    h = fmax(h, g->y + g->begin.h - top) + l->text.size_pt * 0.5;
  int sub = s->subtitle;
  s->subtitle = 0;
  sp_start(s, sub ? "Subtitle" : "TextBox", sub ? 4 : 1);
  xw_start(w, "p:spPr");
  /* a quarter point more than the lines were broken at: the same breaks
   * after rounding to EMU */
  xw_xfrm(w, "a:xfrm", l[0].x, top, g->begin.w + 0.25, h, 0, 0);
  pptx_preset(w, "rect");
  xw_empty(w, "a:noFill");
  xw_end(w);
  xw_start(w, "p:txBody");
  pptx_body_pr(w, "square", "t", lead ? "a:normAutofit" : "a:spAutoFit");
  xw_empty(w, "a:lstStyle");
  xw_start(w, "a:p");
  xw_start(w, "a:pPr");
  if (n > 1) {
    xw_start(w, "a:lnSpc");
    xw_start(w, "a:spcPts");
    xw_attr_int(w, "val", llround(pptx_pitch(l, n) * 100));
    xw_end(w);
    xw_end(w);
  }
  xw_end(w);
  for (int k = 0; k < n; k++) {
    const char *sep = l[k].text.sep;
    if (k && sep && !strcmp(sep, "\n")) {
      xw_start(w, "a:br");
      pptx_run_props(w, &l[k].text, s->st->font);
      xw_end(w);
    }
    xw_start(w, "a:r");
    pptx_run_props(w, &l[k].text, s->st->font);
    xw_start(w, "a:t");
    if (k && sep && !strcmp(sep, " "))
      xw_text(w, " ");
    xw_text(w, l[k].text.str);
    xw_end(w);
    xw_end(w);
  }
  xw_end(w);
  xw_end(w);
  xw_end(w);
  return 1;
}

/* Can text op b continue the box whose lines are l[0..n-1]? Same left
 * edge and style, on the next line at the same pitch. */
static int continues(const dg_op *l, int n, const dg_op *b) {
  const dg_op *a = &l[n - 1];
  if (b->kind == DG_OP_TEXT && b->text.run) /* the same line, in runs */
    return 1;
  /* a line in runs goes on with a line of its first run's style */
  while (a > l && a->text.run)
    a--;
  if (b->kind != DG_OP_TEXT || fabs(b->x - l[0].x) > 0.5 ||
      b->text.size_pt != a->text.size_pt || b->text.bold != a->text.bold ||
      b->text.color != a->text.color)
    return 0;
  double step = b->y - a->y;
  if (step < a->text.size_pt || step > a->text.size_pt * 2.5)
    return 0;
  return pptx_pitch(l, n) == 0 || fabs(step - pptx_pitch(l, n)) < 1.0;
}

/* ---------- key figure cards ---------- */

/* A text box x..x+w wide from the top of lines l[0..n-1] to their last
 * descent, its paragraph aligned algn: the card's figure (value and unit
 * as two runs of one line: unit's run set) and caption (wrapping in the
 * card, centred as layout centred it). */
static void card_box(slide *s, const dg_op *l, int n, double x, double bw,
                     const char *wrap) {
  xw *w = s->w;
  double top = box_top(l, n), bottom = l[n - 1].y + l[n - 1].text.descent;
  sp_start(s, "TextBox", 1);
  xw_start(w, "p:spPr");
  xw_xfrm(w, "a:xfrm", x, top, bw, bottom - top, 0, 0);
  pptx_preset(w, "rect");
  xw_empty(w, "a:noFill");
  xw_end(w);
  xw_start(w, "p:txBody");
  pptx_body_pr(w, wrap, "t", "a:noAutofit");
  xw_empty(w, "a:lstStyle");
  pptx_para(w, l, n, "ctr", s->st->font);
  xw_end(w);
  xw_end(w);
}

/* A key figure's card: its frame (ARTIFACT ops[i..fend], begin.card) and
 * its PARA group ops[fend+1..pend] as one group of shapes, so that it
 * moves and copies as one: the frame's rectangles (decorative), the label,
 * the figure with its unit in one text box and the caption in another.
 * Returns 0 when the PARA group is not the card's label, value and
 * caption. */
static int card(slide *s, dg_arena *a, const dg_page *pg, int i, int fend,
                int pend) {
  const dg_op *t = &pg->ops[fend + 2];
  int nt = pend - fend - 2; /* label, value, unit, caption lines */
  if (pg->ops[fend + 1].kind != DG_OP_BEGIN ||
      pg->ops[fend + 1].begin.sem != DG_SEM_PARA || nt < 2 ||
      pg->ops[i + 1].kind != DG_OP_RECT)
    return 0;
  for (int k = 0; k < nt; k++)
    if (t[k].kind != DG_OP_TEXT)
      return 0;
  int nval = nt > 2 && t[2].text.cont ? 2 : 1; /* the value, its unit */
  const dg_op *frame = &pg->ops[i + 1];
  double fx = frame->x, fy = frame->y, fw = frame->rect.w, fh = frame->rect.h;
  /* its alt text: the card read as one phrase */
  dg_buf d = {0};
  dg_buf_printf(&d, "%s %s%s", t[0].text.str, t[1].text.str,
                nval > 1 ? t[2].text.str : "");
  for (int k = 1 + nval; k < nt; k++)
    dg_buf_printf(&d, "%s%s", k == 1 + nval ? " " : "", t[k].text.str);
  const char *descr = dg_printf(a, "%s", d.data);
  dg_buf_free(&d);
  xw *w = s->w;
  xw_start(w, "p:grpSp");
  xw_start(w, "p:nvGrpSpPr");
  pptx_c_nv_pr(w, &s->id, "Key Figure", descr);
  xw_empty(w, "p:cNvGrpSpPr");
  xw_empty(w, "p:nvPr");
  xw_end(w);
  xw_start(w, "p:grpSpPr");
  xw_start(w, "a:xfrm");
  static const char *el[] = {"a:off", "a:ext", "a:chOff", "a:chExt"};
  for (int k = 0; k < 4; k++) {
    xw_start(w, el[k]);
    xw_attr_int(w, k % 2 ? "cx" : "x", PPTX_EMU(k % 2 ? fw : fx));
    xw_attr_int(w, k % 2 ? "cy" : "y", PPTX_EMU(k % 2 ? fh : fy));
    xw_end(w);
  }
  xw_end(w);
  xw_end(w);
  for (int k = i + 1; k < fend; k++)
    if (pg->ops[k].kind == DG_OP_RECT)
      mark(s, &pg->ops[k]);
  text_box(s, &t[0], 1);
  /* the unit as a run on the value's line */
  dg_op fig[2];
  memcpy(fig, &t[1], sizeof(dg_op) * (size_t)nval);
  if (nval > 1)
    fig[1].text.run = 1;
  double inset = t[0].x - fx; /* the card's padding, as layout set it */
  card_box(s, fig, nval, fx + inset, fw - 2 * inset, "none");
  if (nt > 1 + nval)
    card_box(s, &t[1 + nval], nt - 1 - nval, fx + inset, fw - 2 * inset,
             "square");
  xw_end(w);
  return 1;
}

/* ---------- charts and tables ---------- */

static void frame_start(slide *s, const char *kind, const char *descr,
                        const dg_op *o, int nogrp) {
  pptx_frame_start(s->w, &s->id, kind, descr, o->x, o->y, o->begin.w,
                   o->begin.h, nogrp);
}

static void frame_end(xw *w) {
  xw_end(w);
  xw_end(w);
  xw_end(w);
}

/* The legend text layout drew for series s ("１ 導入済" in a numbered
 * legend), or NULL: a text of the figure that ends with the name. */
static const char *legend_text(const dg_page *pg, int i, int end,
                               const char *name) {
  size_t n = strlen(name);
  for (int k = i; k < end; k++) {
    const char *t = pg->ops[k].kind == DG_OP_TEXT ? pg->ops[k].text.str : NULL;
    size_t m = t ? strlen(t) : 0;
    if (m > n + 1 && !strcmp(t + m - n, name) && t[m - n - 1] == ' ')
      return t;
  }
  return NULL;
}

static int chart(dg_ctx *ctx, dg_arena *a, pkg *p, slide *s, const dg_page *pg,
                 int i, int end, int *nchart) {
  const dg_op *o = &pg->ops[i];
  const dg_op_begin *b = &o->begin;
  const dg_figure *f = b->fig;
  double bx = o->x, by = o->y, bw = b->w, bh = b->h;
  pptx_plot pl = {0};
  pl.head_x = pl.axis_x = -1;
  for (int k = i; k < end && bw > 0 && bh > 0; k++) {
    const dg_op *t = &pg->ops[k];
    if (t->kind != DG_OP_TEXT)
      continue;
    double tx = (t->x - bx) / bw, ty = (t->y - t->text.ascent - by) / bh;
    if (f->chart->axis_title && !strcmp(t->text.str, f->chart->axis_title))
      pl.axis_x = tx, pl.axis_y = ty;
    else if (f->chart->heading && pl.head_x < 0 &&
             !strcmp(t->text.str, f->chart->heading))
      pl.head_x = tx, pl.head_y = ty;
  }
  if (bw > 0 && bh > 0 && f->pw > 0) {
    pl.x = (f->px - bx) / bw;
    pl.y = (f->py - by) / bh;
    pl.w = f->pw / bw;
    pl.h = f->ph / bh;
  }
  if (bw > 0 && bh > 0 && f->gw > 0) {
    pl.lx = (f->gx - bx) / bw;
    pl.ly = (f->gy - by) / bh;
    pl.lw = f->gw / bw;
    pl.lh = f->gh / bh;
    /* a legend in one row starts at its first swatch (the row is set
     * flush right in its box) */
    double first = f->gx + f->gw;
    for (int k = i; k < end; k++) {
      const dg_op *r = &pg->ops[k];
      if (r->kind == DG_OP_RECT && r->x >= f->gx - 0.5 && r->y >= f->gy - 0.5 &&
          r->x + r->rect.w <= f->gx + f->gw + 0.5 &&
          r->y + r->rect.h <= f->gy + f->gh + 0.5)
        first = fmin(first, r->x);
    }
    if (first < f->gx + f->gw && !f->chart->numbered_legend &&
        f->chart->type != DG_CH_PIE)
      pl.lx = (first - bx) / bw;
  }
  pl.axis_max = f->axis_max;
  pl.axis_step = f->axis_step;
  /* gapWidth counts in bars: a grouped bar is a share of the group */
  double frac = f->bar_frac, bar = frac;
  if (f->chart->nser > 1 && !f->chart->stack &&
      (f->chart->type == DG_CH_BAR || f->chart->type == DG_CH_COLUMN))
    bar = frac / f->chart->nser;
  pl.gap_pct = frac > 0 ? (int)fmin(500, lround(100 * (1 - frac) / bar)) : 60;
  for (int k = i; k < end; k++) /* a doughnut's hole, as its wedges */
    if (pg->ops[k].kind == DG_OP_WEDGE && pg->ops[k].wedge.r_out > 0)
      pl.hole_pct =
          (int)lround(100 * pg->ops[k].wedge.r_in / pg->ops[k].wedge.r_out);
  /* the series named as the legend shows them */
  dg_chart c = *f->chart;
  if (c.numbered_legend && c.ser) {
    const char **names = dg_alloc_array(a, (size_t)c.nser, sizeof(char *));
    for (int k = 0; k < c.nser; k++) {
      names[k] = c.ser[k] ? legend_text(pg, i, end, c.ser[k]) : NULL;
      if (!names[k])
        names[k] = c.ser[k];
    }
    c.ser = names;
  }
  pptx_label_offsets(a, pg, i, end, &c, &pl);
  pl.val_pt = f->val_pt;
  pl.cat_pt = f->cat_pt;
  int n = ++*nchart;
  if (pptx_chart(ctx, a, p, n, &c, s->st, &pl))
    return -1;
  /* a highlighted category's band behind a line or column chart (a
   * native chart has no such band): a shape under the chart's frame,
   * whose plot shows through, where layout drew it across the plot */
  double pitch = c.ncat > 0 ? f->pw / c.ncat : 0;
  for (int k = i; k < end && c.highlight >= 0 && pitch > 0 &&
                  (c.type == DG_CH_LINE || c.type == DG_CH_COLUMN);
       k++) {
    const dg_op *r = &pg->ops[k];
    /* (layout sets it on whole points) */
    if (r->kind == DG_OP_RECT && fabs(r->y - f->py) < 1 &&
        fabs(r->rect.h - f->ph) < 1 && fabs(r->rect.w - (pitch - 2)) < 1) {
      mark(s, r);
      break;
    }
  }
  char target[48], rid[16];
  snprintf(target, sizeof target, "../charts/chart%d.xml", n);
  snprintf(rid, sizeof rid, "rId%d", s->rel);
  xw_rel(s->rels, s->rel++, REL_DOC "chart", target);
  /* the template's name of the chart, then its data in one sentence */
  frame_start(s, "Chart",
              f->alt && f->desc ? dg_printf(a, "%s。%s", f->alt, f->desc)
              : f->desc         ? f->desc
                                : f->alt,
              o, 0);
  xw_attr(s->w, "uri", NS_C);
  xw_start(s->w, "c:chart");
  xw_attr(s->w, "xmlns:c", NS_C);
  xw_attr(s->w, "r:id", rid);
  xw_end(s->w);
  frame_end(s->w);
  /* the caption under the chart (団体数，全体に占める％) is no part of a
   * chart: a text box where layout put it */
  for (int k = i; k < end && c.caption; k++)
    if (pg->ops[k].kind == DG_OP_TEXT &&
        !strcmp(pg->ops[k].text.str, c.caption))
      text_box(s, &pg->ops[k], 1);
  /* the reference line (a national average) and its label: shapes over
   * the chart where layout drew them (a native chart has no such line) */
  if (c.has_ref && (f->rx0 != f->rx1 || f->ry0 != f->ry1)) {
    dg_op ref = {.kind = DG_OP_LINE, .x = f->rx0, .y = f->ry0};
    ref.line = (dg_op_line){f->rx1, f->ry1, 2, s->st->theme->text};
    mark(s, &ref);
    for (int k = i; k < end; k++)
      if (pg->ops[k].kind == DG_OP_TEXT &&
          !strcmp(pg->ops[k].text.str, c.ref_text)) {
        text_box(s, &pg->ops[k], 1);
        break;
      }
  }
  return 0;
}

/* ---------- slides ---------- */

static void slide_ops(dg_ctx *ctx, dg_arena *a, pkg *p, slide *s,
                      const dg_page *pg, int *nchart, int *bad) {
  for (int i = 0; i < pg->nops; i++) {
    const dg_op *o = &pg->ops[i];
    switch (o->kind) {
    case DG_OP_RECT:
    case DG_OP_LINE:
      mark(s, o);
      break;
    case DG_OP_WEDGE:
      wedge(s, o);
      break;
    case DG_OP_TEXT: {
      int n = 1;
      while (i + n < pg->nops && continues(o, n, &pg->ops[i + n]))
        n++;
      text_box(s, o, n);
      i += n - 1;
      break;
    }
    case DG_OP_IMAGE: {
      const dg_op *g = i > 0 ? &pg->ops[i - 1] : NULL;
      pptx_picture(s->w, &s->id, s->rels, &s->rel, p, o,
                   g && g->kind == DG_OP_BEGIN && g->begin.fig
                       ? g->begin.fig->alt
                       : NULL);
      break;
    }
    case DG_OP_BEGIN: {
      int end = dg_group_end(pg, i);
      const dg_op_begin *b = &o->begin;
      s->heading = b->sem == DG_SEM_HEADING;
      s->subtitle = s->has_sub && s->titled && b->sem == DG_SEM_PARA;
      s->has_sub &= !s->subtitle;
      if (b->sem == DG_SEM_ARTIFACT && b->card && end + 1 < pg->nops) {
        int pend = dg_group_end(pg, end + 1);
        if (card(s, a, pg, i, end, pend)) {
          i = pend;
          break;
        }
      }
      if ((b->sem == DG_SEM_PARA || b->sem == DG_SEM_NOTE) &&
          flow_box(s, pg, i, end)) {
        i = end;
        break;
      }
      if (b->sem == DG_SEM_ARTIFACT && end == i + 2 &&
          pg->ops[i + 1].kind == DG_OP_TEXT &&
          atoi(pg->ops[i + 1].text.str) == pg->number) {
        slide_number(s, &pg->ops[i + 1]);
        i = end;
        break;
      }
      if (b->sem == DG_SEM_FIGURE && b->fig && b->fig->chart) {
        if (chart(ctx, a, p, s, pg, i, end, nchart))
          *bad = 1;
        i = end;
      } else if (b->sem == DG_SEM_LIST) {
        pptx_list(s->w, &s->id, pg, i, end, s->st->font);
        i = end;
      } else if (b->sem == DG_SEM_TABLE && b->table) {
        pptx_table(s->w, &s->id, pg, i, end, s->st->font);
        i = end;
      }
      break;
    }
    case DG_OP_END:
      s->heading = 0;
      break;
    }
  }
}

int dg_render_pptx(dg_ctx *ctx, const dg_layout *l, const dg_render_opts *o,
                   dg_buf *out) {
  memset(out, 0, sizeof *out);
  const dg_deck *d = l->deck;
  dg_arena *a = dg_arena_new();
  pkg *p = pkg_new();
  pptx_look look;
  pptx_look_of(l, &look);
  pptx_doc doc = {d,          l->npages, l->w_pt, l->h_pt, o->epoch,
                  o->version, 1,         &look};
  pptx_parts(p, &doc);
  int nchart = 0, bad = 0;
  for (int i = 0; i < l->npages && !bad; i++) {
    const dg_page *pg = &l->pages[i];
    int num = i + 1;
    const dg_theme *th = i < d->nslides ? &d->slides[i].theme : &d->theme;
    pptx_style st = {th->font_family, th};
    slide s = {.w = xw_new(), .rels = xw_rels(), .id = 2, .rel = 2, .st = &st, .a = a};
    /* slides that share a title are numbered in order: 「…（1）」「…（2）」 */
    int same = 0, nth = 0;
    for (int k = 0; k < l->npages; k++)
      if (!strcmp(l->pages[k].title, pg->title)) {
        same++;
        nth += k <= i;
      }
    if (same > 1)
      s.suffix = dg_printf(a, "（%d）", nth);
    /* a cover on 表紙, the others on the deck's layout */
    if (i < d->nslides && d->slides[i].cover) {
      s.cover = 1;
      s.has_sub = d->slides[i].subtitle && *d->slides[i].subtitle;
    }
    xw_rel(s.rels, 1, REL_DOC "slideLayout",
           s.cover ? "../slideLayouts/slideLayout2.xml"
                   : "../slideLayouts/slideLayout1.xml");
    xw *w = s.w;
    xw_start(w, "p:sld");
    xw_attr(w, "xmlns:a", NS_A);
    xw_attr(w, "xmlns:r", NS_R);
    xw_attr(w, "xmlns:p", NS_P);
    /* the slide draws its own marks where its title and lead are; the
     * layout's are for slides added in PowerPoint */
    xw_attr(w, "showMasterSp", "0");
    xw_start(w, "p:cSld");
    xw_attr(w, "name",
            s.suffix ? dg_printf(a, "%s%s", pg->title, s.suffix) : pg->title);
    pptx_tree_start(w);
    slide_ops(ctx, a, p, &s, pg, &nchart, &bad);
    pptx_tree_end(w);
    pkg_add_xml(p, dg_printf(a, "ppt/slides/slide%d.xml", num),
                CT_P "slide+xml", w);
    xw_rel(s.rels, s.rel++, REL_DOC "notesSlide",
           dg_printf(a, "../notesSlides/notesSlide%d.xml", num));
    xw_end(s.rels);
    pkg_add_xml(p, dg_printf(a, "ppt/slides/_rels/slide%d.xml.rels", num), NULL,
                s.rels);
    pptx_notes(p, a, d, num, pg->number, th->font_family);
  }
  int rc = -1;
  if (bad)
    pkg_discard(p);
  else
    rc = pkg_finish(ctx, p, out);
  dg_arena_free(a);
  return rc;
}
