/* render/html: takes the display list (const dg_layout) and the text
 * module's font files, and gives a static site in a folder: index.html,
 * subset web fonts, one CSV per chart. At 960 CSS px and wider, and in
 * print, each slide is the fixed 16:9 picture of the PDF: the text is real
 * HTML text where layout put it, paragraphs, tables' cells and lists'
 * items (html_list.c) as boxes the browser wraps. Narrower (phones,
 * 200% zoom) the same elements reflow at their nominal size: text in
 * reading order, each chart as the narrow layout that layout made for it,
 * tables as HTML tables in a scroll box. The switch is CSS only
 * (render/html/html_css.c); no script. */
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/render.h"

#include "render/html/html_int.h"
#include "text/woff2.h"

/* The site's files are made in memory first and written at the end, once
 * the folder to fill is known (dg_render_html_to): the pages can be made
 * on a thread while the folder is still being prepared. */
typedef struct site_file {
  char *name;
  dg_buf b;
} site_file;

typedef struct site {
  dg_ctx *ctx;
  const char *dir;
  const char *prev; /* the site being replaced (may not exist), or NULL */
  int failed;
  site_file *f; /* made, not yet written, in order */
  int nf, capf;
} site;

/* Takes b's bytes over (b is left empty). */
static void put_file(site *st, const char *name, dg_buf *b) {
  if (st->nf == st->capf) {
    st->capf = st->capf ? 2 * st->capf : 32;
    st->f = realloc(st->f, dg_mul_size((size_t)st->capf, sizeof *st->f));
    if (!st->f)
      dg_oom();
  }
  site_file *f = &st->f[st->nf++];
  if (!(f->name = strdup(name)))
    dg_oom();
  f->b = *b;
  *b = (dg_buf){0};
}

/* Writes the files made so far into st->dir: its fonts/ and data/ always,
 * img/ when an image needs it. The folder is temporary and moves into
 * place whole; a file equal to the one it replaces is that file, linked. */
static void write_files(site *st) {
  char sub[4096];
  snprintf(sub, sizeof sub, "%s/fonts", st->dir);
  mkdir(sub, 0755);
  snprintf(sub, sizeof sub, "%s/data", st->dir);
  mkdir(sub, 0755);
  for (int i = 0; i < st->nf; i++) {
    const char *name = st->f[i].name;
    if (!strncmp(name, "img/", 4)) {
      snprintf(sub, sizeof sub, "%s/img", st->dir);
      mkdir(sub, 0755);
    }
    char *p = malloc(strlen(st->dir) + strlen(name) + 2);
    if (!p)
      dg_oom();
    sprintf(p, "%s/%s", st->dir, name);
    char *old = NULL;
    if (st->prev) {
      old = malloc(strlen(st->prev) + strlen(name) + 2);
      if (!old)
        dg_oom();
      sprintf(old, "%s/%s", st->prev, name);
    }
    const dg_buf *b = &st->f[i].b;
    if (dg_write_or_link(st->ctx, p, b->data ? b->data : "", b->len, old))
      st->failed = 1;
    free(old);
    free(p);
  }
}

static void drop_files(site *st) {
  for (int i = 0; i < st->nf; i++) {
    free(st->f[i].name);
    dg_buf_free(&st->f[i].b);
  }
  free(st->f);
  st->f = NULL;
  st->nf = st->capf = 0;
}

/* A key figure's card (the PARA group after a card's frame, layout's
 * lo_figures): the label at the top, the figure (value and unit) centred
 * in the card, the caption centred at its foot, as blocks in a column the
 * size of the frame. At the default spacing every line's baseline is
 * where layout put it; under the reader's spacing the lines grow inside
 * the card (the caption up from the foot, a long label onto a second
 * line) instead of running into each other, as offsets from a line box
 * did. k is the group's BEGIN, frame the card's outer rectangle; returns
 * the index of its END, or -1 when the group is not a label, a figure
 * and a caption (it is then written line by line). */
static int card(dg_buf *b, styles *ss, const dg_page *p, int k,
                const dg_op *frame) {
  int row[3] = {-1, -1, -1}, nrow = 0, end = k + 1, ncap = 0;
  for (; end < p->nops && p->ops[end].kind == DG_OP_TEXT; end++) {
    const dg_op_text *t = &p->ops[end].text;
    if (t->run || t->nobr)
      return -1;
    if (!t->cont) {
      if (nrow == 3)
        return -1;
      row[nrow++] = end;
    } else if (nrow == 2 && p->ops[end].y != p->ops[end - 1].y)
      return -1; /* the figure's unit is on the value's baseline */
    if (nrow == 3)
      ncap++;
  }
  if (end >= p->nops || p->ops[end].kind != DG_OP_END || nrow < 2)
    return -1;
  const dg_op *lab = &p->ops[row[0]], *val = &p->ops[row[1]];
  double cx = frame->x, cy = frame->y;
  double lab_lh = lab->text.ascent + lab->text.descent;
  double lab_top =
      lab->y - html_baseline_in(lab->text.ascent, lab->text.descent, lab_lh);
  double val_lh = val->text.ascent + val->text.descent;
  double val_top =
      val->y - html_baseline_in(val->text.ascent, val->text.descent, val_lh);
  dg_buf_puts(b, "<p class=\"g kf\" style=\"--x:");
  html_num(b, cx);
  dg_buf_puts(b, "px;--y:");
  html_num(b, cy);
  dg_buf_puts(b, "px;--w:");
  html_num(b, frame->rect.w);
  dg_buf_puts(b, "px;--h:");
  html_num(b, frame->rect.h);
  dg_buf_printf(
      b, "px\"><span class=\"l f%d b\" style=\"--t:", html_style_of(ss, &lab->text));
  html_num(b, lab_top - cy);
  dg_buf_puts(b, "px;--i:");
  html_num(b, lab->x - cx);
  dg_buf_puts(b, "px\">");
  dg_html_esc(b, lab->text.str);
  int stop = nrow == 3 ? row[2] : end;
  dg_buf_puts(b, "</span><span class=\"kv\" style=\"--t:");
  html_num(b, val_top - lab_top - lab_lh);
  /* the figure starts where layout put it (centred, its advances differ
   * from the browser's by a fraction of a pixel); wider, it grows to the
   * right, and wraps at the card's edge */
  dg_buf_puts(b, "px;--i:");
  html_num(b, val->x - cx);
  /* the value at least as wide as layout measured it (and half a pixel),
   * so that its unit stands where layout put it */
  dg_buf_puts(b, "px;--vw:");
  html_num(b, val->text.w + 0.5);
  if (stop > row[1] + 1) {
    dg_buf_puts(b, "px;--g:");
    html_num(b, p->ops[row[1] + 1].x - val->x - val->text.w - 0.5);
  }
  dg_buf_puts(b, "px\">");
  for (int j = row[1]; j < stop; j++) {
    dg_buf_printf(b, "<span class=\"l f%d%s\">", html_style_of(ss, &p->ops[j].text),
                  j == row[1] ? " b" : "");
    dg_html_esc(b, p->ops[j].text.str);
    dg_buf_puts(b, "</span>");
  }
  dg_buf_puts(b, "</span>");
  if (nrow == 3) {
    /* the caption: a paragraph the browser wraps in layout's box */
    const dg_op *c0 = &p->ops[row[2]], *cl = &p->ops[end - 1];
    const dg_op_text *ct = &c0->text;
    double lh = ct->ascent + ct->descent;
    double pitch = ncap > 1 ? (cl->y - c0->y) / (ncap - 1) : lh;
    double last_top = cl->y - html_baseline_in(ct->ascent, ct->descent, pitch);
    dg_buf_puts(b, "<span class=\"kc\" style=\"--t:0px");
    if (ncap == 1)
      html_centre(b, cx, ct->box_w > 0 ? ct->box_x : c0->x, c0->x, ct->w);
    else { /* wrapped: centred in layout's box */
      dg_buf_puts(b, ";--i:");
      html_num(b, ct->box_x - cx - 0.25);
      dg_buf_puts(b, "px;--cw:");
      html_num(b, ct->box_w + 0.5);
      dg_buf_puts(b, "px");
    }
    dg_buf_puts(b, ";--lh:");
    html_num(b, pitch);
    dg_buf_puts(b, "px;--b:");
    html_num(b, cy + frame->rect.h - last_top - pitch);
    dg_buf_puts(b, "px\">");
    for (int j = row[2]; j < end; j++)
      html_flow_span(b, ss, &p->ops[j], j == row[2]);
    dg_buf_puts(b, "</span>");
  }
  dg_buf_puts(b, "</p>");
  return end;
}

/* An image's file, copied into the site's img/ folder as it is (an SVG
 * in <img> runs no script and loads nothing). */
static void image_file(site *st, const dg_op *o) {
  dg_buf b = {0};
  dg_buf_put(&b, (const char *)o->image.img->data, o->image.img->len);
  char name[256];
  snprintf(name, sizeof name, "img/%s", o->image.name);
  put_file(st, name, &b);
  dg_buf_free(&b);
}

/* An image that says something: <img> with its alt, where layout put it
 * on the fixed slide, as wide as the column (at most its own size) when
 * the slide reflows. */
static void image_figure(dg_buf *b, const dg_op *g, const dg_op *o) {
  dg_buf_printf(b, "<figure class=\"fig\" id=\"%s\"><img class=\"im\" "
                   "src=\"img/%s\" alt=\"",
                g->begin.id, o->image.name);
  dg_html_esc(b, g->begin.fig && g->begin.fig->alt ? g->begin.fig->alt : "");
  dg_buf_printf(b, "\" width=\"%d\" height=\"%d\" style=\"left:",
                (int)lround(o->image.w), (int)lround(o->image.h));
  html_num(b, o->x);
  dg_buf_puts(b, "px;top:");
  html_num(b, o->y);
  dg_buf_puts(b, "px;width:");
  html_num(b, o->image.w);
  dg_buf_puts(b, "px;height:");
  html_num(b, o->image.h);
  dg_buf_puts(b, "px\"></figure>");
}

/* A figure: the chart or table as drawn on the slide, then what replaces
 * it when the slide reflows. Returns the index of its END op. */
static int figure(dg_buf *b, dg_buf *extra, dg_buf *bold, site *st, styles *ss,
                  const dg_layout *l, const dg_page *p, int k, double *flow_y) {
  const dg_op_begin *g = &p->ops[k].begin;
  const dg_figure *f = g->fig;
  int fig = g->sem == DG_SEM_FIGURE;
  if (k + 1 < p->nops && p->ops[k + 1].kind == DG_OP_IMAGE) {
    image_figure(b, &p->ops[k], &p->ops[k + 1]);
    return k + 2; /* its END */
  }
  int end = dg_group_end(p, k);
  if (!fig && flow_y && html_rows_shape(p, k, end)) {
    dg_buf_printf(b, "<figure class=\"fig\" id=\"%s\">", g->id);
    html_table_rows(b, ss, p, k, end, flow_y);
    if (g->table && !g->part)
      html_table(b, bold, g->table, p->number, p->title);
    dg_buf_puts(b, "</figure>");
    return end;
  }
  dg_buf_printf(b, "<figure class=\"fig\" id=\"%s\"><svg class=\"w\"", g->id);
  html_view_box(b, l->w_pt, l->h_pt);
  if (fig) {
    /* one accessible name and one description; the data table is in the
     * page after the slide, closed */
    dg_buf_printf(b,
                  "\" role=\"img\" aria-labelledby=\"%s-t\" "
                  "aria-describedby=\"%s-d\"><title id=\"%s-t\">",
                  g->id, g->id, g->id);
    dg_html_esc(b, f && f->alt ? f->alt : p->title);
    dg_buf_printf(b, "</title><desc id=\"%s-d\">", g->id);
    if (f && f->desc)
      dg_html_esc(b, f->desc);
    dg_buf_puts(b, "</desc>");
  } else
    dg_buf_puts(b, "\" aria-hidden=\"true\">");
  int start = k, depth = 0;
  for (int end = k; end < p->nops; end++) /* the figure's patterns */
    if (p->ops[end].kind == DG_OP_BEGIN)
      depth++;
    else if (p->ops[end].kind == DG_OP_END && --depth == 0) {
      dg_svg_patterns(b, p->ops + k, end - k, g->id);
      break;
    }
  /* shapes first, then every label: a label the reader's spacing widens
   * runs over the next bar instead of under it */
  for (int text = 0; text < 2; text++) {
    depth = 0;
    for (k = start; k < p->nops; k++) {
      const dg_op *o = &p->ops[k];
      if (o->kind == DG_OP_BEGIN)
        depth++;
      else if (o->kind == DG_OP_END && --depth == 0)
        break;
      else if ((o->kind == DG_OP_TEXT) == text)
        dg_svg_op_in(b, o, g->id);
    }
  }
  dg_buf_puts(b, "</svg>");
  if (f && f->reflow) {
    const dg_page *r = f->reflow;
    dg_buf_puts(b, "<svg class=\"nw\" aria-hidden=\"true\"");
    html_view_box(b, f->reflow_w, f->reflow_h);
    dg_buf_puts(b, "\" width=\"");
    html_num(b, f->reflow_w);
    dg_buf_puts(b, "\" height=\"");
    html_num(b, f->reflow_h);
    dg_buf_puts(b, "\">");
    char scope[160];
    snprintf(scope, sizeof scope, "%s-n", g->id);
    dg_svg_patterns(b, r->ops, r->nops, scope);
    for (int text = 0; text < 2; text++)
      for (int j = 0; j < r->nops; j++) {
        if ((r->ops[j].kind == DG_OP_TEXT) != text)
          continue;
        dg_svg_op_in(b, &r->ops[j], scope);
        if (text && r->ops[j].text.bold)
          dg_buf_puts(bold, r->ops[j].text.str);
      }
    dg_buf_puts(b, "</svg>");
  }
  if (fig && f && f->chart) {
    const dg_chart *c = f->chart;
    const char *cap = c->heading ? c->heading : p->title;
    html_data_table(extra, bold, c, p->number, cap);
    char name[128];
    snprintf(name, sizeof name, "data/%s.csv", g->id);
    dg_buf csv = {0};
    html_chart_csv(&csv, c);
    put_file(st, name, &csv);
    dg_buf_free(&csv);
    dg_buf_printf(extra, "<p><a href=\"%s\">", name);
    dg_html_esc(extra, cap);
    dg_buf_puts(extra, "のデータ（CSV形式）</a></p>");
  } else if (g->table && !g->part) /* a table's further columns: drawn only */
    html_table(b, bold, g->table, p->number, p->title);
  dg_buf_puts(b, "</figure>");
  return k;
}

/* Opens a list whose BEGIN is op: <ul>, or <ol> with the first item's
 * number when it is not 1; a text group (class g) unless it is nested in
 * an item, whose lines it goes on after. Returns the tag. */
static const char *list_open(dg_buf *b, const dg_op *op) {
  const char *t = op->begin.level ? "ol" : "ul";
  dg_buf_printf(b, "<%s%s", t, op->begin.depth ? "" : " class=\"g\"");
  if (op->begin.level && op->begin.start > 1)
    dg_buf_printf(b, " start=\"%d\"", op->begin.start);
  dg_buf_puts(b, ">");
  return t;
}

/* The top of what an op draws (a glyph's box for text). */
static double op_top(const dg_op *o) {
  switch (o->kind) {
  case DG_OP_LINE:
    return fmin(o->y, o->line.y2);
  case DG_OP_WEDGE:
    return o->y - o->wedge.r_out;
  case DG_OP_TEXT:
    return o->y - o->text.ascent;
  default:
    return o->y;
  }
}

/* The slide's title: its first heading outside any other group, when it
 * is one flowing box (flow_box). Returns its BEGIN's index (fb filled) or
 * -1. */
static int title_group(const dg_page *p, flowbox *fb) {
  int depth = 0;
  for (int k = 0; k < p->nops; k++) {
    const dg_op *o = &p->ops[k];
    if (o->kind == DG_OP_END)
      depth--;
    else if (o->kind == DG_OP_BEGIN && depth++ == 0 &&
             o->begin.sem == DG_SEM_HEADING)
      return html_flow_box(p, k, fb) ? k : -1;
  }
  return -1;
}

/* The last list outside any other group whose items flow (html_list.c):
 * its BEGIN's index and its bottom, or -1. */
static int last_list(const dg_page *p, double *bottom) {
  int depth = 0, last = -1;
  double top, b;
  for (int k = 0; k < p->nops; k++) {
    const dg_op *o = &p->ops[k];
    if (o->kind == DG_OP_END)
      depth--;
    else if (o->kind == DG_OP_BEGIN && depth++ == 0 &&
             o->begin.sem == DG_SEM_LIST && html_list_flows(p, k, &top, &b)) {
      last = k;
      *bottom = b;
    }
  }
  return last;
}

/* The lines of the group whose BEGIN is k (the runs of a line are in
 * it). */
static int group_lines(const dg_page *p, int k) {
  int n = 0;
  for (int j = k + 1; j < p->nops && p->ops[j].kind == DG_OP_TEXT; j++)
    n += !p->ops[j].text.run;
  return n;
}

/* The paragraphs at the slide's foot: the last groups outside any other,
 * decoration aside, that are flowing paragraphs (notes, the source).
 * Returns the BEGIN of the first, or nops when there are none. */
static int foot_groups(const dg_page *p) {
  int depth = 0, foot = p->nops;
  flowbox fb;
  for (int k = 0; k < p->nops; k++) {
    const dg_op *o = &p->ops[k];
    if (o->kind == DG_OP_END)
      depth--;
    else if (o->kind == DG_OP_BEGIN && depth++ == 0 &&
             o->begin.sem != DG_SEM_ARTIFACT) {
      int para = o->begin.sem == DG_SEM_PARA || o->begin.sem == DG_SEM_NOTE;
      if (!para || !html_flow_box(p, k, &fb))
        foot = p->nops;
      else if (foot == p->nops)
        foot = k;
    }
  }
  return foot;
}

/* A box drawn behind a flowing paragraph (a lead's frame): the artifact
 * group at k, only rectangles, followed by a flowing PARA inside their
 * bounds. Fills bb (x, y, w and, as pitch, the height) and fb (the
 * paragraph's); returns the paragraph's BEGIN, or -1. */
static int boxed_para(const dg_page *p, int k, flowbox *bb, flowbox *fb) {
  int e = dg_group_end(p, k);
  if (e == k + 1 || e + 1 >= p->nops || p->ops[e + 1].kind != DG_OP_BEGIN ||
      p->ops[e + 1].begin.sem != DG_SEM_PARA || !html_flow_box(p, e + 1, fb))
    return -1;
  double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
  for (int j = k + 1; j < e; j++) {
    const dg_op *o = &p->ops[j];
    if (o->kind != DG_OP_RECT)
      return -1;
    x0 = fmin(x0, o->x);
    y0 = fmin(y0, o->y);
    x1 = fmax(x1, o->x + o->rect.w);
    y1 = fmax(y1, o->y + o->rect.h);
  }
  double bottom = fb->y + group_lines(p, e + 1) * fb->pitch;
  if (fb->x < x0 || fb->y < y0 || fb->x + fb->w > x1 + 1 || bottom > y1)
    return -1;
  *bb = (flowbox){x0, y0, x1 - x0, y1 - y0, -1};
  return e + 1;
}

static void slide(dg_buf *body, dg_buf *bold, styles *ss, site *st,
                  const dg_layout *l, const dg_page *p) {
  dg_buf deco = {0}, content = {0}, extra = {0};
  /* named "スライドN　title": two slides may share a title (7 and 8) */
  dg_buf_printf(body,
                "<section class=\"slide\" id=\"slide-%d\" data-slide=\"%d\" "
                "aria-labelledby=\"slide-%d-n slide-%d-title\">"
                "<span class=\"sr\" id=\"slide-%d-n\">スライド%d</span>",
                p->number, p->number, p->number, p->number, p->number,
                p->number);
  dg_buf_puts(&deco, "<svg class=\"deco\" aria-hidden=\"true\"");
  html_view_box(&deco, l->w_pt, l->h_pt);
  dg_buf_puts(&deco, "\">");
  for (int k = 0; k < p->nops; k++) {
    if (p->ops[k].kind == DG_OP_TEXT && p->ops[k].text.bold)
      dg_buf_puts(bold, p->ops[k].text.str);
    if (p->ops[k].kind == DG_OP_IMAGE) {
      image_file(st, &p->ops[k]);
      ss->used |= DG_CSS_IMAGE;
    }
  }
  /* the title: in the flow of the slide, and everything below it in a box
   * that follows it (html_css.c's .bd), drawn where layout put it while
   * the title keeps its height; a title the reader's spacing wraps onto a
   * second line pushes the slide down instead of running into the lead */
  flowbox tfb;
  int title = title_group(p, &tfb), in_title = 0;
  int boxed = -1, in_box = 0; /* a paragraph in its frame (boxed_para) */
  double split = 0;
  size_t split_at = 0;
  dg_buf below = {0};
  /* and below the last list that flows, when it is in that box's flow,
   * the rest of the slide in a box of its own after it, drawn where
   * layout put it while the list keeps its height: a list the reader's
   * spacing makes taller pushes what is below it (cards, their frames,
   * the foot) down instead of running into it */
  double lsplit = 0;
  int lsplit_k = -1, list_k = -1;
  size_t lsplit_at = 0;
  dg_buf below2 = {0};
  /* and the paragraphs at its foot in the flow of that box, each at its
   * place below the one before: growing, they make the slide taller
   * instead of running past its foot */
  int foot = p->nops;
  double foot_y = 0; /* the bottom of the slide's flow so far */
  if (title >= 0) {
    split = tfb.y + group_lines(p, title) * tfb.pitch;
    foot = foot_groups(p);
    lsplit_k = last_list(p, &lsplit);
    dg_buf_puts(&below, "<svg class=\"deco\" aria-hidden=\"true\"");
    html_view_box(&below, l->w_pt, l->h_pt);
    dg_buf_puts(&below, "\">");
  }
  tgroup tg = {0};
  int artifact = 0; /* depth inside an artifact group */
  const dg_op *frame = NULL; /* a key figure card's, until its PARA */
  /* the groups open inside a list: the tag each closes with, or NULL */
  const char *tag[32];
  int nopen = 0;
  /* a list whose items flow (html_list.c): the bottom of its flow so
   * far; in_list 2 when it is in the slide's flow below the title */
  int in_list = 0;
  double list_y = 0;
  for (int k = 0; k < p->nops; k++) {
    const dg_op *op = &p->ops[k];
    if (op->kind == DG_OP_BEGIN) {
      dg_sem sem = op->begin.sem;
      flowbox bb, pb;
      if (!artifact && sem == DG_SEM_ARTIFACT && !op->begin.card && split > 0 &&
          (boxed = boxed_para(p, k, &bb, &pb)) > 0) {
        /* the frame and its paragraph in one box that grows with the
         * text: the frame's drawing stretches to the box (html_css.c's
         * .bx), in the slide's flow when the paragraph is at its foot */
        html_group_close(&content, &tg);
        int in_foot = boxed >= foot;
        dg_buf_printf(&content, "<div class=\"bx%s\" style=\"--bx:",
                      in_foot ? " ft" : "");
        html_num(&content, bb.x);
        dg_buf_puts(&content, "px");
        html_var_px(&content, "by", bb.y);
        html_var_px(&content, "bw", bb.w);
        html_var_px(&content, "bh", bb.pitch);
        html_var_px(&content, "bb",
               bb.y + bb.pitch - (pb.y + group_lines(p, boxed) * pb.pitch));
        if (in_foot) {
          html_var_px(&content, "m", bb.y - foot_y);
          foot_y = bb.y + bb.pitch;
        }
        dg_buf_puts(&content, "\"><svg class=\"bxs\" aria-hidden=\"true\" "
                              "preserveAspectRatio=\"none\" viewBox=\"");
        html_num(&content, bb.x);
        dg_buf_puts(&content, " ");
        html_num(&content, bb.y);
        dg_buf_puts(&content, " ");
        html_num(&content, bb.w);
        dg_buf_puts(&content, " ");
        html_num(&content, bb.pitch);
        dg_buf_puts(&content, "\">");
        int e = dg_group_end(p, k);
        for (int j = k + 1; j < e; j++)
          dg_svg_op(&content, &p->ops[j]);
        dg_buf_puts(&content, "</svg>");
        k = e;
        continue;
      }
      if (artifact || sem == DG_SEM_ARTIFACT) {
        if (!artifact && op->begin.card && k + 1 < p->nops &&
            p->ops[k + 1].kind == DG_OP_RECT)
          frame = &p->ops[k + 1];
        artifact++;
        continue;
      }
      /* a list is one text group, <ul> or <ol>, its items <li> */
      if (sem == DG_SEM_LI || sem == DG_SEM_LBL || sem == DG_SEM_LBODY ||
          (sem == DG_SEM_LIST && nopen > 0)) {
        /* a list nested in an item is a <ul> or <ol> inside its <li> */
        if (in_list && sem == DG_SEM_LBL) {
          k = html_list_label(&content, ss, p, k);
          continue;
        }
        const char *t = sem == DG_SEM_LI     ? "li"
                        : sem == DG_SEM_LIST ? list_open(&content, op)
                                             : NULL;
        if (sem == DG_SEM_LI && in_list)
          html_list_item(&content, p, k, &list_y);
        else if (sem == DG_SEM_LI)
          dg_buf_puts(&content, "<li>");
        if (nopen < 32)
          tag[nopen++] = t;
        if (in_list && sem == DG_SEM_LBODY)
          k = html_list_body(&content, ss, p, k);
        continue;
      }
      html_group_close(&content, &tg);
      if (sem == DG_SEM_LIST) {
        ss->used |= DG_CSS_LIST;
        double top, bottom;
        if (html_list_flows(p, k, &top, &bottom)) {
          /* in the slide's flow below the title, as a table's rows,
           * when nothing in that flow is below its top: growing, it
           * pushes the paragraphs at the slide's foot down */
          in_list = split > 0 && top >= foot_y ? 2 : 1;
          list_k = k;
          const char *t = op->begin.level ? "ol" : "ul";
          dg_buf_printf(&content, "<%s class=\"g lf%s\"", t,
                        in_list == 2 ? " ft" : "");
          if (op->begin.level && op->begin.start > 1)
            dg_buf_printf(&content, " start=\"%d\"", op->begin.start);
          dg_buf_printf(&content, " style=\"--%s:", in_list == 2 ? "m" : "y");
          html_num(&content, in_list == 2 ? top - foot_y : top);
          dg_buf_puts(&content, "px\">");
          tg.tag = t;
          list_y = top;
          if (in_list == 2)
            foot_y = bottom;
        } else
          tg.tag = list_open(&content, op);
        tg.top = 0;
        tg.flow = 0;
        continue;
      }
      flowbox fb;
      int flow = html_flow_box(p, k, &fb), end;
      if (sem == DG_SEM_PARA && frame &&
          (end = card(&content, ss, p, k, frame)) > 0)
        k = end;
      else if (sem == DG_SEM_FIGURE || sem == DG_SEM_TABLE)
        k = figure(&content, &extra, bold, st, ss, l, p, k,
                   split > 0 ? &foot_y : NULL);
      else if (sem == DG_SEM_HEADING && k == title) {
        html_group_open(&content, &tg, "h2", op->begin.id, &fb, " tt");
        in_title = 1;
      } else if (sem == DG_SEM_HEADING)
        html_group_open(&content, &tg, "h2", op->begin.id, flow ? &fb : NULL, "");
      else if (k == boxed) {
        html_group_open(&content, &tg, "p", NULL, &fb, "");
        in_box = 1;
      } else if (flow && k >= foot) {
        fb.m = fb.y - foot_y;
        foot_y = fb.y + group_lines(p, k) * fb.pitch;
        html_group_open(&content, &tg, "p", NULL, &fb, " ft");
      } else
        html_group_open(&content, &tg, "p", NULL, flow ? &fb : NULL, "");
      frame = NULL;
      continue;
    }
    if (op->kind == DG_OP_END) {
      if (artifact)
        artifact--;
      else if (nopen > 0) {
        if (tag[--nopen])
          dg_buf_printf(&content, "</%s>", tag[nopen]);
      } else {
        html_group_close(&content, &tg);
        if (in_list == 2 && list_k == lsplit_k) {
          lsplit_at = content.len;
          foot_y = 0; /* the new box's top is the slide's */
        }
        in_list = 0;
        if (in_title) {
          split_at = content.len;
          in_title = 0;
        }
        if (in_box) {
          dg_buf_puts(&content, "</div>");
          in_box = 0;
        }
      }
      continue;
    }
    if (op->kind == DG_OP_TEXT && !artifact) {
      if (op->text.run) /* written with its line */
        continue;
      if (!tg.tag)
        html_group_open(&content, &tg, "p", NULL, NULL, "");
      if (tg.flow)
        html_flow_span(&content, ss, op, tg.top == 0);
      else
        html_span(&content, ss, op, &tg.top,
             k + 1 < p->nops && p->ops[k + 1].kind == DG_OP_TEXT &&
                 p->ops[k + 1].text.run);
      tg.top += tg.flow;
    } else
      dg_svg_op(split <= 0 || op_top(op) < split ? &deco
                : lsplit > 0 && op_top(op) >= lsplit ? &below2
                                                     : &below,
                op);
  }
  html_group_close(&content, &tg);
  dg_buf_puts(&deco, "</svg>");
  dg_buf_put(body, deco.data, deco.len);
  if (split > 0) {
    dg_buf_put(body, content.data, split_at);
    dg_buf_puts(body, "<div class=\"bd\" style=\"--s:");
    html_num(body, split);
    dg_buf_puts(body, "px\">");
    if (!lsplit_at && below2.data) /* the list is not in the flow */
      dg_buf_put(&below, below2.data, below2.len);
    dg_buf_puts(&below, "</svg>");
    dg_buf_put(body, below.data, below.len);
    if (lsplit_at && (lsplit_at < content.len || below2.data)) {
      dg_buf_put(body, content.data + split_at, lsplit_at - split_at);
      dg_buf_puts(body, "<div class=\"bd\" style=\"--s:");
      html_num(body, lsplit);
      dg_buf_puts(body, "px\"><svg class=\"deco\" aria-hidden=\"true\"");
      html_view_box(body, l->w_pt, l->h_pt);
      dg_buf_puts(body, "\">");
      if (below2.data)
        dg_buf_put(body, below2.data, below2.len);
      dg_buf_puts(body, "</svg>");
      dg_buf_put(body, content.data + lsplit_at, content.len - lsplit_at);
      dg_buf_puts(body, "</div>");
    } else
      dg_buf_put(body, content.data + split_at, content.len - split_at);
    dg_buf_puts(body, "</div>");
  } else if (content.data)
    dg_buf_put(body, content.data, content.len);
  dg_buf_puts(body, "</section>\n");
  if (extra.data) {
    dg_buf_printf(
        body, "<details class=\"data\"><summary>スライド%dのデータ</summary>",
        p->number);
    dg_buf_put(body, extra.data, extra.len);
    dg_buf_puts(body, "</details>\n");
  } else {
    dg_buf_puts(body, "<div class=\"data\"></div>\n");
  }
  dg_buf_free(&deco);
  dg_buf_free(&below);
  dg_buf_free(&below2);
  dg_buf_free(&content);
  dg_buf_free(&extra);
}

/* The site's icon (a browser asks for one on every visit): the theme's
 * accent as a rounded square with the title bar's mark, in SVG. */
static void favicon(site *st, const dg_theme *th) {
  dg_buf b = {0};
  dg_buf_printf(&b,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                "viewBox=\"0 0 32 32\"><rect width=\"32\" height=\"32\" "
                "rx=\"6\" fill=\"#%06X\"/><rect x=\"8\" y=\"7\" "
                "width=\"5\" height=\"18\" fill=\"#FFFFFF\"/><rect x=\"16\" "
                "y=\"21\" width=\"9\" height=\"4\" fill=\"#FFFFFF\"/></svg>\n",
                th->accent);
  put_file(st, "favicon.svg", &b);
  dg_buf_free(&b);
}

/* The web font of one weight: the font file cut to the characters that
 * weight draws (hb-subset), then compressed to WOFF2 (about half the
 * size of the TrueType subset). Returns 0, or -1 after reporting. */
static int webfont(dg_ctx *ctx, const char *file, const dg_cpset *cps,
                   dg_buf *out) {
  dg_buf ttf = {0};
  if (dg_font_subset(ctx, file, cps->v, cps->n, &ttf))
    return -1;
  size_t n = 0;
  dg_stderr_mute(1);
  unsigned char *w =
      dg_woff2_encode((const unsigned char *)ttf.data, ttf.len, &n);
  dg_stderr_mute(0);
  dg_buf_free(&ttf);
  if (!w) {
    dg_error(ctx, (dg_pos){0}, "%s: cannot compress the web font to WOFF2",
             file);
    return -1;
  }
  dg_buf_put(out, (const char *)w, n);
  free(w);
  return 0;
}

/* The PDF's link with its format and size as Japanese government sites
 * write them, 「PDF版（PDF、165KB）」: kilobytes of 1,024 bytes rounded up,
 * as a file manager shows the downloaded file, megabytes with one decimal
 * from 1,024 KB. The characters of the words are in the web font. */
#define PDF_LINK "PDF版（PDF、KB MB）"

static void pdf_link(dg_buf *b, const dg_render_opts *o, long long n) {
  dg_buf_printf(b, "<p class=\"pdf\"><a href=\"%s\">PDF版（PDF", o->pdf_file);
  if (n >= 1024LL * 1024) {
    long long tenths = (n * 10 + 1024LL * 1024 - 1) / (1024LL * 1024);
    dg_buf_printf(b, "、%lld.%lldMB", tenths / 10, tenths % 10);
  } else if (n >= 0)
    dg_buf_printf(b, "、%lldKB", (n + 1023) / 1024);
  dg_buf_puts(b, "）</a></p>\n");
}

typedef struct fixed_dest {
  const char *dir, *prev;
} fixed_dest;

static int fixed(void *arg, dg_site_dest *out) {
  const fixed_dest *f = arg;
  *out = (dg_site_dest){f->dir, f->prev, -1};
  return 0;
}

int dg_render_html(dg_ctx *ctx, dg_text *tx, const dg_layout *l,
                   const char *dir, const dg_render_opts *o) {
  fixed_dest f = {dir, o->prev_site};
  return dg_render_html_to(ctx, tx, l, o, fixed, &f);
}

int dg_render_html_to(dg_ctx *ctx, dg_text *tx, const dg_layout *l,
                      const dg_render_opts *o,
                      int (*dest)(void *arg, dg_site_dest *out), void *arg) {
  const dg_deck *d = l->deck;
  site st = {ctx, NULL, NULL, 0, NULL, 0, 0};

  styles ss = {0};
  dg_buf body = {0}, bold = {0};
  const char *title = d->title ? d->title : "";
  dg_buf_puts(
      &body,
      "<a class=\"skip\" href=\"#slides\">スライドへ移動</a>\n<header><h1>");
  dg_html_esc(&body, title);
  dg_buf_puts(&bold, title);
  dg_buf_puts(&body, "</h1>\n");
  /* the PDF's link goes here once its size is known (below) */
  size_t link_at = body.len;
  dg_buf_puts(&body, "<nav aria-label=\"目次\"><ol>");
  for (int i = 0; i < l->npages; i++) {
    dg_buf_printf(&body, "<li><a href=\"#slide-%d\">", l->pages[i].number);
    dg_html_esc(&body, l->pages[i].title);
    dg_buf_puts(&body, "</a></li>");
  }
  dg_buf_puts(&body, "</ol></nav></header>\n<main id=\"slides\">\n");
  for (int i = 0; i < l->npages; i++)
    slide(&body, &bold, &ss, &st, l, &l->pages[i]);
  dg_buf_puts(&body, "</main>\n</body>\n</html>\n");

  /* fonts: subset to the characters the page uses */
  dg_cpset cps[2] = {{0}, {0}};
  char ascii[96];
  for (int c = 0x20; c < 0x7F; c++)
    ascii[c - 0x20] = (char)c;
  ascii[0x7F - 0x20] = 0;
  for (int w = 0; w < 2; w++)
    dg_cpset_add(&cps[w], ascii);
  dg_cpset_add_nonascii(&cps[0], body.data); /* ASCII is in already */
  if (o->pdf_file)
    dg_cpset_add_nonascii(&cps[0], PDF_LINK);
  /* the bold face draws bold text ops, the h1 and every header cell */
  if (bold.data)
    dg_cpset_add(&cps[1], bold.data);
  dg_buf_free(&bold);
  static const char *fname[2] = {"fonts/deck-regular.woff2",
                                 "fonts/deck-bold.woff2"};
  for (int w = 0; w < 2; w++) {
    /* hb-subset and the WOFF2 compression (Brotli at its best, ~0.2 s a
     * font) are most of the site's time: the web font is kept in memory
     * under its exact inputs (font file, characters) for --watch, and
     * between runs in the cache — checking a cached entry's SHA-256 costs
     * far less than the compression, though not less than a subset alone,
     * which is why the cache pays only now that the font is compressed */
    const char *file = dg_text_font_file(tx, w);
    /* keyed by the set, not the order the page first used its characters:
     * decks that draw the same characters share one web font (hb-subset
     * takes a set, so the bytes are the same either way) */
    dg_cpset_sort(&cps[w]);
    dg_buf key = {0};
    int keep = !dg_font_key("woff2", file, cps[w].v,
                            sizeof(uint32_t) * (size_t)cps[w].n, &key);
    /* a batch worker renders many decks: neighbours' fonts stay at hand */
    static dg_memo *memo;
    if (!memo)
      memo = dg_memo_new(32);
    uint64_t mk[2] = {0, 0};
    dg_buf f = {0};
    size_t n = 0;
    const char *m = NULL;
    if (keep) {
      dg_hash128(key.data, key.len, mk);
      m = dg_memo_get(memo, mk, &n);
    }
    if (m)
      dg_buf_put(&f, m, n);
    else {
      if (keep) {
        f.data = dg_cache_get("woff2", key.data, key.len, &n);
        f.len = f.cap = f.data ? n : 0;
      }
      if (!f.data && webfont(ctx, file, &cps[w], &f) == 0 && keep)
        dg_cache_put("woff2", key.data, key.len, f.data, f.len);
      if (f.data && keep)
        dg_memo_put(memo, mk, f.data, f.len);
    }
    dg_buf_free(&key);
    if (f.data)
      put_file(&st, fname[w], &f);
    else
      st.failed = 1;
    dg_buf_free(&f);
    dg_cpset_free(&cps[w]);
  }

  favicon(&st, &d->theme);
  dg_buf html = {0};
  dg_buf_printf(
      &html,
      "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n<title>",
      d->lang ? d->lang : "ja");
  dg_html_esc(&html, title);
  dg_buf_puts(&html, "</title>\n");
  if (d->description) {
    dg_buf_puts(&html, "<meta name=\"description\" content=\"");
    dg_html_esc(&html, d->description);
    dg_buf_puts(&html, "\">\n");
  }
  if (d->author) {
    dg_buf_puts(&html, "<meta name=\"author\" content=\"");
    dg_html_esc(&html, d->author);
    dg_buf_puts(&html, "\">\n");
  }
  dg_buf_printf(&html, "<meta name=\"generator\" content=\"deckgen %s\">\n",
                o->version);
  /* with --format png, the first slide's picture is the link preview */
  if (o->png && l->npages > 0) {
    dg_buf_puts(&html, "<meta property=\"og:title\" content=\"");
    dg_html_esc(&html, title);
    dg_buf_puts(&html,
                "\">\n<meta property=\"og:type\" content=\"website\">\n");
    /* a preview's picture must be an absolute address: only with
     * --base-url */
    if (o->page_url) {
      dg_buf_puts(&html, "<meta property=\"og:url\" content=\"");
      dg_html_esc(&html, o->page_url);
      dg_buf_puts(&html, "\">\n<meta property=\"og:image\" content=\"");
      dg_html_esc(&html, o->page_url);
      dg_buf_puts(&html, "slide-01.png\">\n"
                         "<meta property=\"og:image:alt\" content=\"");
      dg_html_esc(&html, l->pages[0].title);
      dg_buf_puts(&html, "（スライド1）\">\n");
    }
  }
  dg_buf_puts(&html, "<link rel=\"icon\" href=\"favicon.svg\" "
                     "type=\"image/svg+xml\">\n");
  /* font-display swap: the text shows at once in a fallback font and
   * changes face when the web font arrives, never invisible */
  dg_buf_puts(&html, "<style>\n@font-face{font-family:\"BIZ UDPGothic "
                     "deck\";src:url(\"fonts/deck-regular.woff2\") "
                     "format(\"woff2\");font-weight:400;font-display:swap}\n"
                     "@font-face{font-family:\"BIZ UDPGothic "
                     "deck\";src:url(\"fonts/deck-bold.woff2\") "
                     "format(\"woff2\");font-weight:700;font-display:swap}\n");
  dg_buf_puts(&html, dg_html_css());
  dg_buf_puts(&html, dg_html_css_blocks(ss.used));
  for (int i = 0; i < ss.n; i++) {
    dg_buf_printf(&html, ".f%d{font-size:", i);
    html_num(&html, ss.v[i].size);
    dg_buf_puts(&html, "px;line-height:");
    html_num(&html, ss.v[i].lh);
    dg_buf_printf(&html, "px;font-weight:%d;color:#%06X}\n",
                  ss.v[i].bold ? 700 : 400, ss.v[i].color);
  }
  dg_buf_puts(&html, "</style>\n</head>\n<body>\n");
  dg_buf_put(&html, body.data, link_at);
  /* everything is made: now the folder (and the PDF's size), which may
   * still be in the making on another thread */
  dg_site_dest where;
  int gone = st.failed || dest(arg, &where);
  if (!gone && o->pdf_file) /* the PDF sits beside index.html (publish.c) */
    pdf_link(&html, o, where.pdf_size);
  dg_buf_put(&html, body.data + link_at, body.len - link_at);
  dg_buf_free(&body);
  if (!gone) {
    put_file(&st, "index.html", &html);
    st.dir = where.dir;
    st.prev = where.prev;
    write_files(&st);
  }
  dg_buf_free(&html);
  drop_files(&st);
  return gone || st.failed ? -1 : 0;
}
