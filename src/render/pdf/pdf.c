/* render/pdf: takes the display list (const dg_layout) and the text
 * module's fonts and shaped glyphs, and gives the bytes of one tagged PDF,
 * written directly. Each slide becomes one page whose content stream is
 * made from the ops alone: rectangles, rules, wedges as Bézier arcs, and
 * text as the glyphs layout shaped (CID fonts, subsets of the deck's fonts
 * made with hb-subset, ToUnicode maps). The semantic groups become the
 * structure tree; slide titles the outline. It is not Cairo's PDF surface
 * because Cairo 1.16 cannot make this accessible PDF (tests/cairo116/
 * reasons.c shows each case; `make cairo-reasons`). */
#include "render/render.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "render/pdf/pdf_int.h"

/* The structure tree's root element is always the first made. */
#define DOC 0

static const char *tag_of(const dg_op_begin *o) {
  switch (o->sem) {
  case DG_SEM_HEADING: /* the deck's title H1, each slide's H2 */
    return o->level == 1 ? "H1" : "H2";
  case DG_SEM_PARA:
  case DG_SEM_NOTE:
    return "P";
  case DG_SEM_FIGURE:
    return "Figure";
  case DG_SEM_TABLE:
    return "Table";
  case DG_SEM_TR:
    return "TR";
  case DG_SEM_TH:
    return "TH";
  case DG_SEM_TD:
    return "TD";
  case DG_SEM_LIST:
    return "L";
  case DG_SEM_LI:
    return "LI";
  case DG_SEM_LBL:
    return "Lbl";
  case DG_SEM_LBODY:
    return "LBody";
  default:
    return NULL;
  }
}

static void add_kid(elem *e, int k) {
  if (e->nkids == e->cap) {
    e->cap = e->cap ? e->cap * 2 : 4;
    e->kids = realloc(e->kids, dg_mul_size((size_t)e->cap, sizeof(int)));
    if (!e->kids)
      dg_oom();
  }
  e->kids[e->nkids++] = k;
}

static int new_elem(pdf *p, const char *tag, int parent, int page,
                    const dg_op_begin *op) {
  if (p->nelems == p->ecap) {
    p->ecap = p->ecap ? p->ecap * 2 : 64;
    p->elems =
        realloc(p->elems, dg_mul_size((size_t)p->ecap, sizeof *p->elems));
    if (!p->elems)
      dg_oom();
  }
  elem *e = &p->elems[p->nelems];
  memset(e, 0, sizeof *e);
  e->tag = tag;
  e->parent = parent;
  e->page = page;
  e->op = op;
  if (parent >= 0)
    add_kid(&p->elems[parent], -p->nelems - 1);
  return p->nelems++;
}

/* The state of one page's content stream while it is written. */
typedef struct page_state {
  dg_buf *c;
  int page;
  int stack[64]; /* open groups: elem index, -1 artifact, -2 untagged */
  int depth;
  int mc;      /* open marked content: elem index, -1 artifact, -3 none */
  int mc_once; /* the open sequence holds one line's ActualText */
  int root;    /* the element the page's groups go in */
  uint32_t fill, stroke;
  double lw;
  int font;
  int mcids, mcap;
  const double *cm; /* slide units → PDF user space */
} page_state;

/* The element (or -1: artifact) that owns what is drawn now. */
static int owner(const page_state *s) {
  for (int i = s->depth - 1; i >= 0; i--)
    if (s->stack[i] != -2)
      return s->stack[i];
  return -1;
}

/* Opens the marked-content sequence for what is drawn next, unless the
 * open one already belongs to its owner. With `actual` (real content
 * only), the sequence is the next line's alone and carries it as
 * /ActualText: the line with what joins it to the line before (a cell's
 * written line break must reach the tagged text: check_pdf's
 * cell_line_break_and_xmp_escaping). ISO 32000-1 14.9.4 gives
 * /ActualText to Span marked content, so such a sequence is tagged Span;
 * its MCID still makes it content of the P, TD or TH that owns it. */
static void mark(pdf *p, page_state *s, const char *actual) {
  int o = owner(s);
  if (o < 0)
    actual = NULL;
  if (o == s->mc && !s->mc_once && !actual)
    return;
  if (s->mc != -3)
    dg_buf_puts(s->c, "EMC\n");
  s->mc = o;
  s->mc_once = actual != NULL;
  if (o == -1) {
    dg_buf_puts(s->c, "/Artifact BMC\n");
    return;
  }
  int id = p->nmcid[s->page]++;
  if (id >= s->mcap) {
    s->mcap = s->mcap ? s->mcap * 2 : 64;
    p->ptree[s->page] =
        realloc(p->ptree[s->page], dg_mul_size((size_t)s->mcap, sizeof(int)));
    if (!p->ptree[s->page])
      dg_oom();
  }
  p->ptree[s->page][id] = o;
  add_kid(&p->elems[o], id);
  dg_buf_puts(s->c, "/");
  dg_buf_puts(s->c, actual ? "Span" : p->elems[o].tag);
  dg_buf_puts(s->c, " <</MCID ");
  pw_put_int(s->c, id);
  if (actual) {
    dg_buf_puts(s->c, " /ActualText ");
    pw_text_string(s->c, actual);
  }
  dg_buf_puts(s->c, ">> BDC\n");
}

static void colour(page_state *s, uint32_t c, int stroke) {
  uint32_t *cur = stroke ? &s->stroke : &s->fill;
  if (*cur == c)
    return;
  *cur = c;
  double v[3] = {((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                 (c & 255) / 255.0};
  pw_nums(s->c, v, 3, stroke ? "RG" : "rg");
}

static void line_width(page_state *s, double w) {
  if (s->lw == w)
    return;
  s->lw = w;
  pw_nums(s->c, &w, 1, "w");
}

/* Appends an arc of radius r around (cx, cy) from angle a to b (radians,
 * clockwise from 12 o'clock, y down) as cubic Béziers of at most 90°. */
static void arc(dg_buf *c, double cx, double cy, double r, double a, double b,
                int move) {
  int n = (int)ceil(fabs(b - a) / (M_PI / 2) - 1e-9);
  if (n < 1)
    n = 1;
  double step = (b - a) / n, k = 4.0 / 3.0 * tan(step / 4);
  double x0 = cx + r * sin(a), y0 = cy - r * cos(a);
  double p[2] = {x0, y0};
  pw_nums(c, p, 2, move ? "m" : "l");
  for (int i = 0; i < n; i++) {
    double t0 = a + step * i, t1 = t0 + step;
    double x1 = cx + r * sin(t1), y1 = cy - r * cos(t1);
    /* tangent of a clockwise (y down) turn at angle t: (cos t, sin t) */
    double q[6] = {x0 + k * r * cos(t0),
                   y0 + k * r * sin(t0),
                   x1 - k * r * cos(t1),
                   y1 - k * r * sin(t1),
                   x1,
                   y1};
    pw_nums(c, q, 6, "c");
    x0 = x1;
    y0 = y1;
  }
}

/* Pattern k's marks over the path just built ("re" or a wedge's), in ink:
 * the Pattern colour space with an uncoloured tiling pattern (its cell
 * sets no colour: the scn operands do), then the colour state is unknown,
 * so the next rg or RG is written again. The cell is part of the figure's
 * content: it is painted inside the same marked-content sequence. */
static void fill_pattern(pdf *p, page_state *s, dg_pattern k, uint32_t ink) {
  if (k <= DG_PAT_SOLID || k >= DG_PAT_COUNT)
    return;
  if (!p->pat_obj[k])
    p->pat_obj[k] = pw_new_obj(p);
  double v[3] = {((ink >> 16) & 255) / 255.0, ((ink >> 8) & 255) / 255.0,
                 (ink & 255) / 255.0};
  dg_buf_puts(s->c, "/Cp cs ");
  pw_nums(s->c, v, 3, "");
  dg_buf_printf(s->c, "/P%d scn\n", (int)k);
  s->fill = 0xFFFFFFFF;
}

/* The tiling pattern objects the pages used: one cell (dg_pattern_tile)
 * in slide units, mapped to the page as its content is (cm), so the
 * marks line up with the slide's top left corner in every renderer. */
static void write_patterns(pdf *p, const double *cm) {
  for (int k = 1; k < DG_PAT_COUNT; k++) {
    if (!p->pat_obj[k])
      continue;
    const dg_tile *t = dg_pattern_tile((dg_pattern)k);
    dg_buf c = {0};
    if (t->nseg) {
      pw_nums(&c, &t->width, 1, "w");
      for (int i = 0; i < t->nseg; i++) {
        pw_nums(&c, t->seg[i], 2, "m");
        pw_nums(&c, t->seg[i] + 2, 2, "l");
      }
      dg_buf_puts(&c, "S\n");
    }
    for (int i = 0; i < t->ndot; i++) {
      /* a circle as four Béziers */
      double r = t->dot_r, x = t->dot[i][0], y = t->dot[i][1], q = 0.5523 * r;
      double m[2] = {x + r, y};
      pw_nums(&c, m, 2, "m");
      double b[4][6] = {{x + r, y + q, x + q, y + r, x, y + r},
                        {x - q, y + r, x - r, y + q, x - r, y},
                        {x - r, y - q, x - q, y - r, x, y - r},
                        {x + q, y - r, x + r, y - q, x + r, y}};
      for (int j = 0; j < 4; j++)
        pw_nums(&c, b[j], 6, "c");
      dg_buf_puts(&c, "f\n");
    }
    dg_buf e = {0};
    dg_buf_puts(&e, " /Type /Pattern /PatternType 1 /PaintType 2 "
                    "/TilingType 1 /BBox [0 0 ");
    pw_num(&e, t->size);
    dg_buf_puts(&e, " ");
    pw_num(&e, t->size);
    dg_buf_puts(&e, "] /XStep ");
    pw_num(&e, t->size);
    dg_buf_puts(&e, " /YStep ");
    pw_num(&e, t->size);
    dg_buf_puts(&e, " /Matrix [");
    for (int i = 0; i < 6; i++) {
      dg_buf_puts(&e, i ? " " : "");
      pw_num(&e, cm[i]);
    }
    dg_buf_puts(&e, "] /Resources << >>");
    pw_stream_obj(p, p->pat_obj[k], c.data ? c.data : "", c.len, e.data, 6);
    dg_buf_free(&c);
    dg_buf_free(&e);
  }
}

/* A page's /Resources beyond its fonts: the patterns its ops use. */
static const char *pattern_resources(pdf *p, const dg_page *pg) {
  int used[DG_PAT_COUNT] = {0}, any = 0;
  for (int i = 0; i < pg->nops; i++) {
    const dg_op *o = &pg->ops[i];
    dg_pattern k = o->kind == DG_OP_RECT    ? o->rect.pattern
                   : o->kind == DG_OP_WEDGE ? o->wedge.pattern
                                            : DG_PAT_SOLID;
    if (k > DG_PAT_SOLID && k < DG_PAT_COUNT)
      used[k] = any = 1;
  }
  if (!any)
    return "";
  dg_buf b = {0};
  dg_buf_puts(&b, " /ColorSpace << /Cp [/Pattern /DeviceRGB] >> /Pattern <<");
  for (int k = 1; k < DG_PAT_COUNT; k++)
    if (used[k])
      dg_buf_printf(&b, " /P%d %d 0 R", k, p->pat_obj[k]);
  dg_buf_puts(&b, " >>");
  const char *r = dg_strdup(p->a, b.data);
  dg_buf_free(&b);
  return r;
}

static void draw_text(pdf *p, page_state *s, const dg_op *op) {
  const dg_op_text *o = &op->text;
  int f = o->bold ? 1 : 0;
  fontuse *fu = &p->font[f];
  const dg_glyph *g;
  int n = dg_text_glyphs(p->tx, o->str, f, &g);
  if (n == 0)
    return;
  fu->used = 1;
  colour(s, o->color, 0);
  dg_buf *c = s->c;
  dg_buf_puts(c, "BT\n");
  if (s->font != f) {
    s->font = f;
    dg_buf_puts(c, f ? "/F1 1 Tf\n" : "/F0 1 Tf\n");
  }
  double sz = o->size_pt, pen = 0, ty = 0;
  int open = 0;
  for (int i = 0; i < n; i++) {
    uint32_t id = g[i].id < (uint32_t)fu->nadv ? g[i].id : 0;
    if (!fu->seen[id]) {
      fu->seen[id] = 1;
      fu->uni[id] = o->str + g[i].cl_off;
      fu->ulen[id] = g[i].cl_len;
    } else if (!fu->ulen[id] && g[i].cl_len) {
      fu->uni[id] = o->str + g[i].cl_off;
      fu->ulen[id] = g[i].cl_len;
    }
    if (i == 0 || g[i].y != ty) {
      /* a new line matrix: first glyph, or a glyph moved up or down */
      if (open)
        dg_buf_puts(c, "]TJ\n");
      ty = g[i].y;
      double m[6] = {sz, 0, 0, -sz, op->x + g[i].x * sz, op->y + ty * sz};
      pw_nums(c, m, 6, "Tm");
      pen = g[i].x;
      dg_buf_puts(c, "[<");
      open = 1;
    } else {
      double adj = (g[i].x - pen) * 1000;
      if (fabs(adj) >= 0.05) {
        /* TJ moves left by the number: kerning, palt or rounding */
        double v = round(-adj * 10) / 10;
        dg_buf_puts(c, ">");
        pw_num(c, v);
        dg_buf_puts(c, "<");
        pen -= v / 1000;
      }
    }
    pw_hex4(c, id);
    /* where a viewer puts the next glyph: this one's advance in /W */
    pen += (double)fu->adv[id] / fu->info.upem;
  }
  dg_buf_puts(c, ">]TJ\nET\n");
}

static void page_content(pdf *p, int pi, const dg_page *pg, double w, double h,
                         const double *cm, dg_buf *c) {
  page_state s = {.c = c,
                  .page = pi,
                  .mc = -3,
                  .fill = 0xFFFFFFFF,
                  .stroke = 0xFFFFFFFF,
                  .lw = -1,
                  .font = -1};
  s.cm = cm;
  /* the deck is the Document: its title (H1) and the first slide's content
   * directly in it, every other slide a Sect led by its H2 */
  s.root = DOC;
  for (int i = 0; i < pg->nops; i++)
    if (pg->ops[i].kind == DG_OP_BEGIN &&
        pg->ops[i].begin.sem == DG_SEM_HEADING) {
      if (pg->ops[i].begin.level != 1)
        s.root = new_elem(p, "Sect", DOC, pi, NULL);
      break;
    }
  pw_nums(c, cm, 6, "cm");
  dg_buf_puts(c, "0 g 0 G\n");
  s.fill = s.stroke = 0;
  mark(p, &s, NULL); /* background: artifact */
  colour(&s, 0xFFFFFF, 0);
  double bg[4] = {0, 0, w, h};
  pw_nums(c, bg, 4, "re f");
  for (int i = 0; i < pg->nops; i++) {
    const dg_op *o = &pg->ops[i];
    switch (o->kind) {
    case DG_OP_RECT: {
      mark(p, &s, NULL);
      double r[4] = {o->x, o->y, o->rect.w, o->rect.h};
      colour(&s, o->rect.fill, 0);
      pw_nums(c, r, 4, "re f");
      if (o->rect.pattern != DG_PAT_SOLID) {
        fill_pattern(p, &s, o->rect.pattern, o->rect.ink);
        pw_nums(c, r, 4, "re f");
      }
      break;
    }
    case DG_OP_LINE: {
      mark(p, &s, NULL);
      colour(&s, o->line.color, 1);
      line_width(&s, o->line.width_pt);
      double v[4] = {o->x, o->y, o->line.x2, o->line.y2};
      pw_nums(c, v, 2, "m");
      pw_nums(c, v + 2, 2, "l S");
      break;
    }
    case DG_OP_WEDGE: {
      const dg_op_wedge *w = &o->wedge;
      mark(p, &s, NULL);
      colour(&s, w->fill, 0);
      colour(&s, w->stroke, 1);
      line_width(&s, w->stroke_pt);
      /* fill, pattern, outline: the path once for each */
      int paints = w->pattern != DG_PAT_SOLID ? 3 : 1;
      for (int k = 0; k < paints; k++) {
        if (k == 1)
          fill_pattern(p, &s, w->pattern, w->ink);
        arc(c, o->x, o->y, w->r_out, w->a0, w->a1, 1);
        if (w->r_in > 0)
          arc(c, o->x, o->y, w->r_in, w->a1, w->a0, 0);
        else {
          double ctr[2] = {o->x, o->y};
          pw_nums(c, ctr, 2, "l");
        }
        dg_buf_puts(c, paints == 1 ? "h B\n" : k < 2 ? "h f\n" : "h S\n");
      }
      break;
    }
    case DG_OP_TEXT: {
      const dg_op_text *t = &o->text;
      mark(p, &s,
           t->sep && *t->sep ? dg_printf(p->a, "%s%s", t->sep, t->str) : NULL);
      draw_text(p, &s, o);
      break;
    }
    case DG_OP_IMAGE: {
      /* under its Figure, or an artifact when decorative */
      mark(p, &s, NULL);
      int obj = pw_image(p, o, fabs(cm[0]));
      dg_buf_printf(&p->xobj, " /Im%d %d 0 R", p->nimg, obj);
      double m[6] = {o->image.w, 0, 0, -o->image.h, o->x, o->y + o->image.h};
      dg_buf_puts(c, "q\n");
      pw_nums(c, m, 6, "cm");
      dg_buf_printf(c, "/Im%d Do\nQ\n", p->nimg++);
      break;
    }
    case DG_OP_BEGIN: {
      const dg_op_begin *b = &o->begin;
      const char *t = tag_of(b);
      int e = -2;
      if (b->sem == DG_SEM_ARTIFACT)
        e = -1;
      else if (t) {
        int par = owner(&s);
        e = new_elem(p, t, par >= 0 ? par : s.root, pi, b);
        elem *el = &p->elems[e];
        if (b->sem == DG_SEM_TH) /* header rows, else row headers */
          el->scope = b->scope == 2 ? "Row" : "Column";
        else if (b->sem == DG_SEM_FIGURE) {
          const double *m = s.cm;
          el->bbox[0] = m[4] + m[0] * o->x;
          el->bbox[2] = m[4] + m[0] * (o->x + b->w);
          el->bbox[1] = m[5] + m[3] * (o->y + b->h);
          el->bbox[3] = m[5] + m[3] * o->y;
        }
      }
      if (s.depth < 64)
        s.stack[s.depth++] = e;
      break;
    }
    case DG_OP_END:
      if (s.depth > 0)
        s.depth--;
      break;
    }
  }
  if (s.mc != -3)
    dg_buf_puts(c, "EMC\n");
}

static void write_elems(pdf *p, const int *page_obj) {
  for (int i = 0; i < p->nelems; i++) {
    elem *e = &p->elems[i];
    pw_begin_obj(p, e->obj);
    dg_buf_puts(&p->b, "<< /Type /StructElem /S /");
    dg_buf_puts(&p->b, e->tag);
    dg_buf_puts(&p->b, " /P");
    pw_put_ref(&p->b, e->parent >= 0 ? p->elems[e->parent].obj : 4);
    if (e->page >= 0) {
      dg_buf_puts(&p->b, " /Pg");
      pw_put_ref(&p->b, page_obj[e->page]);
    }
    if (e->op && e->op->sem == DG_SEM_FIGURE) {
      /* its name and its data, the text the HTML gives */
      const dg_figure *f = e->op->fig;
      dg_buf_puts(&p->b, " /Alt ");
      const char *alt = f && f->alt ? f->alt : "";
      pw_text_string(&p->b, f && f->desc && *f->desc
                                ? dg_printf(p->a, "%s。%s。", alt, f->desc)
                                : alt);
      /* PDF/UA: a figure says where it is */
      dg_buf_puts(&p->b, " /A << /O /Layout /BBox [");
      for (int k = 0; k < 4; k++) {
        dg_buf_puts(&p->b, k ? " " : "");
        pw_num(&p->b, e->bbox[k]);
      }
      dg_buf_puts(&p->b, "] >>");
    } else if (e->op && e->op->sem == DG_SEM_LIST) {
      /* PDF/UA: a list says how its labels count */
      dg_buf_puts(&p->b, e->op->level ? " /A << /O /List /ListNumbering /Decimal >>"
                                      : " /A << /O /List /ListNumbering /Disc >>");
    } else if (e->scope) {
      dg_buf_puts(&p->b, " /A << /O /Table /Scope /");
      dg_buf_puts(&p->b, e->scope);
      /* a merged header cell says how many columns and rows it heads */
      if (e->op->colspan > 1) {
        dg_buf_puts(&p->b, " /ColSpan ");
        pw_put_int(&p->b, e->op->colspan);
      }
      if (e->op->rowspan > 1) {
        dg_buf_puts(&p->b, " /RowSpan ");
        pw_put_int(&p->b, e->op->rowspan);
      }
      dg_buf_puts(&p->b, " >>");
    }
    dg_buf_puts(&p->b, " /K [");
    for (int k = 0; k < e->nkids; k++) {
      int v = e->kids[k];
      if (v >= 0) {
        dg_buf_puts(&p->b, " ");
        pw_put_int(&p->b, v);
      } else
        pw_put_ref(&p->b, p->elems[-v - 1].obj);
    }
    dg_buf_puts(&p->b, " ] >>\nendobj\n");
  }
}

int dg_render_pdf(dg_ctx *ctx, dg_text *tx, const dg_layout *l,
                  const dg_render_opts *o, dg_buf *out) {
  pdf P = {0}, *p = &P;
  p->tx = tx;
  p->a = dg_arena_new();
  int np = l->npages, rc = -1;
  const dg_deck *d = l->deck;
  int a4 = o->paper && !strcmp(o->paper, "a4");
  double pw = a4 ? 841.89 : l->w_pt, ph = a4 ? 595.28 : l->h_pt;
  double scale = 1, ox = 0, oy = 0;
  if (a4) {
    scale = fmin(pw / l->w_pt, ph / l->h_pt);
    ox = (pw - l->w_pt * scale) / 2;
    oy = (ph - l->h_pt * scale) / 2;
  }
  double cm[6] = {scale, 0, 0, -scale, ox, ph - oy};
  for (int f = 0; f < 2; f++) {
    p->font[f].file = dg_text_font_file(tx, f);
  }
  p->ptree = calloc((size_t)np + 1, sizeof(int *));
  p->nmcid = calloc((size_t)np + 1, sizeof(int));
  int *page_obj = calloc((size_t)np + 1, sizeof(int));
  if (!p->ptree || !p->nmcid || !page_obj)
    dg_oom();
  for (int f = 0; f < 2; f++) {
    fontuse *fu = &p->font[f];
    fu->info = *dg_text_font_metrics(tx, f, &fu->adv, &fu->nadv);
    size_t ng = fu->nadv > 0 ? (size_t)fu->nadv : 1;
    fu->seen = calloc(ng, 1);
    fu->uni = calloc(ng, sizeof(char *));
    fu->ulen = calloc(ng, sizeof(int));
    if (!fu->seen || !fu->uni || !fu->ulen)
      dg_oom();
  }
  /* fixed objects: 1 catalog, 2 pages, 3 info, 4 structure tree root,
   * 5 outlines, 6 and 7 the two fonts */
  for (int i = 1; i <= 7; i++)
    pw_new_obj(p);
  p->font[0].obj = 6;
  p->font[1].obj = 7;
  dg_buf_puts(&p->b, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
  new_elem(p, "Document", -1, -1, NULL); /* elems[DOC] */
  dg_buf c = {0};
  for (int i = 0; i < np; i++) {
    page_obj[i] = pw_new_obj(p);
    int content = pw_new_obj(p);
    c.len = 0;
    p->xobj.len = 0;
    p->nimg = 0;
    page_content(p, i, &l->pages[i], l->w_pt, l->h_pt, cm, &c);
    if (pw_stream_obj(p, content, c.data, c.len, NULL, 1) && o->changed)
      dg_buf_printf(o->changed, "%s%d", o->changed->len ? ", " : "",
                    l->pages[i].number);
    pw_begin_obj(p, page_obj[i]);
    dg_buf_printf(&p->b,
                  "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] "
                  "/Contents %d 0 R /Resources << /Font << /F0 6 0 R /F1 7 0 "
                  "R >>%s%s%s%s >> /StructParents %d /Tabs /S >>\nendobj\n",
                  a4 ? "841.89" : dg_printf(p->a, "%g", pw),
                  a4 ? "595.28" : dg_printf(p->a, "%g", ph), content,
                  p->nimg ? " /XObject <<" : "",
                  p->nimg ? dg_printf(p->a, "%.*s", (int)p->xobj.len,
                                      p->xobj.data)
                          : "",
                  p->nimg ? " >>" : "", pattern_resources(p, &l->pages[i]), i);
  }
  dg_buf_free(&c);
  write_patterns(p, cm);
  for (int f = 0; f < 2; f++) {
    if (!p->font[f].used) {
      /* never drawn: still a valid, tiny font so /F1 resolves */
      p->font[f].seen[0] = 1;
    }
    if (pw_write_font(ctx, p, f))
      goto done;
  }
  for (int i = 0; i < p->nelems; i++)
    p->elems[i].obj = pw_new_obj(p);
  write_elems(p, page_obj);
  /* structure tree root with the parent tree (page → elements by MCID) */
  pw_begin_obj(p, 4);
  dg_buf_printf(&p->b,
                "<< /Type /StructTreeRoot /K %d 0 R /ParentTreeNextKey %d "
                "/ParentTree << /Nums [",
                p->elems[DOC].obj, np);
  for (int i = 0; i < np; i++) {
    dg_buf_printf(&p->b, "\n%d [", i);
    for (int k = 0; k < p->nmcid[i]; k++)
      pw_put_ref(&p->b, p->elems[p->ptree[i][k]].obj);
    dg_buf_puts(&p->b, " ]");
  }
  dg_buf_puts(&p->b, "\n] >> >>\nendobj\n");
  /* outline: one entry per slide, its title, to the top of its page */
  int first = p->nobj + 1;
  for (int i = 0; i < np; i++)
    pw_new_obj(p);
  for (int i = 0; i < np; i++) {
    const dg_page *pg = &l->pages[i];
    pw_begin_obj(p, first + i);
    dg_buf_puts(&p->b, "<< /Title ");
    pw_text_string(&p->b, pg->title && *pg->title ? pg->title : "slide");
    dg_buf_puts(&p->b, " /Parent 5 0 R");
    if (i > 0)
      dg_buf_printf(&p->b, " /Prev %d 0 R", first + i - 1);
    if (i + 1 < np)
      dg_buf_printf(&p->b, " /Next %d 0 R", first + i + 1);
    dg_buf_printf(&p->b, " /Dest [%d 0 R /XYZ 0 %s 0] >>\nendobj\n",
                  page_obj[i], a4 ? "595.28" : dg_printf(p->a, "%g", ph));
  }
  pw_begin_obj(p, 5);
  if (np)
    dg_buf_printf(&p->b,
                  "<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d "
                  ">>\nendobj\n",
                  first, first + np - 1, np);
  else
    dg_buf_puts(&p->b, "<< /Type /Outlines /Count 0 >>\nendobj\n");
  char creator[64];
  snprintf(creator, sizeof creator, "deckgen %s", o->version);
  const char *lang = d->lang ? d->lang : "ja";
  pw_meta meta = {d->title ? d->title : "",
                  d->author,
                  d->subject,
                  lang,
                  d->keywords,
                  creator,
                  creator,
                  o->epoch};
  /* Info (object 3) and the same again as XMP */
  int meta_obj = pw_write_meta(p, 3, &meta);
  if (meta_obj < 0) {
    dg_error(ctx, (dg_pos){0}, "%s: cannot write the XMP metadata",
             o->name ? o->name : "PDF");
    goto done;
  }
  pw_begin_obj(p, 2);
  dg_buf_puts(&p->b, "<< /Type /Pages /Kids [");
  for (int i = 0; i < np; i++)
    dg_buf_printf(&p->b, "%s%d 0 R", i ? " " : "", page_obj[i]);
  dg_buf_printf(&p->b, "] /Count %d >>\nendobj\n", np);
  pw_begin_obj(p, 1);
  dg_buf_puts(&p->b,
              "<< /Type /Catalog /Pages 2 0 R /Outlines 5 0 R /PageMode "
              "/UseOutlines /StructTreeRoot 4 0 R /MarkInfo << /Marked true "
              ">> /ViewerPreferences << /DisplayDocTitle true >> /Metadata");
  pw_put_ref(&p->b, meta_obj);
  dg_buf_puts(&p->b, " /Lang ");
  if (strspn(lang, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                   "0123456789-") == strlen(lang))
    dg_buf_printf(&p->b, "(%s)", lang); /* a language tag, as is */
  else
    pw_text_string(&p->b, lang);
  dg_buf_puts(&p->b, " >>\nendobj\n");
  /* cross-reference table; the file ID is a hash of everything before */
  size_t xref = p->b.len;
  uint64_t id[2];
  dg_hash128(p->b.data, p->b.len, id);
  uint64_t h1 = id[0], h2 = id[1];
  dg_buf_printf(&p->b, "xref\n0 %d\n0000000000 65535 f \n", p->nobj + 1);
  for (int i = 1; i <= p->nobj; i++) {
    char e[21] = "0000000000 00000 n \n";
    size_t v = p->off[i];
    for (int d = 9; d >= 0; d--, v /= 10)
      e[d] = (char)('0' + v % 10);
    dg_buf_put(&p->b, e, 20);
  }
  dg_buf_printf(&p->b,
                "trailer\n<< /Size %d /Root 1 0 R /Info 3 0 R /ID "
                "[<%016llx%016llx> <%016llx%016llx>] >>\nstartxref\n%zu\n"
                "%%%%EOF\n",
                p->nobj + 1, (unsigned long long)h1, (unsigned long long)h2,
                (unsigned long long)h1, (unsigned long long)h2, xref);
  *out = p->b;
  p->b = (dg_buf){0};
  rc = 0;
done:
  dg_buf_free(&p->b);
  dg_buf_free(&p->xobj);
  for (int f = 0; f < 2; f++) {
    free(p->font[f].seen);
    free(p->font[f].uni);
    free(p->font[f].ulen);
  }
  for (int i = 0; i < p->nelems; i++)
    free(p->elems[i].kids);
  free(p->elems);
  for (int i = 0; i < np; i++)
    free(p->ptree[i]);
  free(p->ptree);
  free(p->nmcid);
  free(p->off);
  free(page_obj);
  dg_arena_free(p->a);
  return rc;
}
