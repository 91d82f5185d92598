/* html_rows: a table on the fixed slide written as rows of text in the
 * slide's flow instead of a drawing, so that under the reader's text
 * spacing its cells wrap and its rows grow (WCAG 1.4.12). Uses
 * html_text.c. */
#include <math.h>
#include <string.h>

#include "render/html/html_int.h"

/* A fill (an artifact's one rectangle taller than a rule) of the row whose
 * BEGIN is r: the whole row's (-1) or its cell's (that cell's BEGIN);
 * 0: none of them. */
static int fill_of(const dg_page *p, const dg_op *fill, int r) {
  const dg_op *row = &p->ops[r];
  /* within the point that snapping the fill to whole points moves it */
  if (fabs(fill->y - row->y) > 1 || fabs(fill->rect.h - row->begin.h) > 1)
    return 0;
  if (fabs(fill->x - row->x) <= 1 && fabs(fill->rect.w - row->begin.w) <= 1)
    return -1;
  for (int c = r + 1; c < p->nops && p->ops[c].kind == DG_OP_BEGIN;
       c = dg_group_end(p, c) + 1)
    if (fabs(fill->x - p->ops[c].x) <= 1 &&
        fabs(fill->rect.w - p->ops[c].begin.w) <= 1)
      return c;
  return 0;
}

int html_rows_shape(const dg_page *p, int k, int end) {
  for (int j = k + 1; j < end; j = dg_group_end(p, j) + 1) {
    const dg_op *o = &p->ops[j];
    if (o->kind != DG_OP_BEGIN)
      return 0;
    int e = dg_group_end(p, j);
    if (o->begin.sem == DG_SEM_ARTIFACT) {
      if (e != j + 2 || p->ops[j + 1].kind != DG_OP_RECT)
        return 0;
      const dg_op *r = &p->ops[j + 1];
      if (r->rect.h >= 3 &&
          (e + 1 >= end || p->ops[e + 1].kind != DG_OP_BEGIN ||
           p->ops[e + 1].begin.sem != DG_SEM_TR || !fill_of(p, r, e + 1)))
        return 0;
      continue;
    }
    if (o->begin.sem != DG_SEM_TR)
      return 0;
    for (int c = j + 1; c < e; c = dg_group_end(p, c) + 1) {
      const dg_op *cell = &p->ops[c];
      if (cell->kind != DG_OP_BEGIN ||
          (cell->begin.sem != DG_SEM_TH && cell->begin.sem != DG_SEM_TD) ||
          cell->begin.rowspan > 1)
        return 0;
      int ce = dg_group_end(p, c);
      for (int t = c + 1; t < ce; t++)
        if (p->ops[t].kind != DG_OP_TEXT || p->ops[t].text.run ||
            p->ops[t].text.nobr ||
            p->ops[t].text.size_pt != p->ops[c + 1].text.size_pt ||
            p->ops[t].text.bold != p->ops[c + 1].text.bold ||
            p->ops[t].text.color != p->ops[c + 1].text.color)
          return 0;
    }
  }
  return 1;
}

/* One cell of table_rows: its lines as one run of text the browser wraps
 * in layout's box, placed by padding where layout put them. */
static void table_cell(dg_buf *b, styles *ss, const dg_page *p, int c,
                       const dg_op *row, double *right) {
  const dg_op *cell = &p->ops[c];
  int ce = dg_group_end(p, c);
  dg_buf_puts(b, "<div class=\"tc\" style=\"--l:");
  html_num(b, cell->x - *right);
  dg_buf_puts(b, "px");
  html_var_px(b, "w", cell->begin.w);
  *right = cell->x + cell->begin.w;
  if (ce > c + 1) {
    const dg_op *f = &p->ops[c + 1], *last = &p->ops[ce - 1];
    const dg_op_text *t = &f->text;
    int n = ce - c - 1;
    double pitch = n > 1 ? (last->y - f->y) / (n - 1) : t->ascent + t->descent;
    html_var_px(b, "t",
                f->y - html_baseline_in(t->ascent, t->descent, pitch) - row->y);
    html_var_px(b, "lh", pitch);
    double bx = t->box_w > 0 ? t->box_x : f->x,
           bw = t->box_w > 0 ? t->box_w : t->w;
    if (t->align == 2) { /* the right end where layout put it */
      html_var_px(b, "pl", bx - cell->x);
      html_var_px(b, "pr", cell->x + cell->begin.w - f->x - t->w);
      dg_buf_puts(b, ";text-align:right");
    } else {
      html_var_px(b, "pl", (t->align == 1 ? bx : f->x) - cell->x);
      html_var_px(b, "pr", fmax(0, cell->x + cell->begin.w - bx - bw - 0.5));
      if (t->align == 1)
        dg_buf_puts(b, ";text-align:center");
    }
  }
  dg_buf_puts(b, "\">");
  for (int j = c + 1; j < ce; j++)
    html_flow_span(b, ss, &p->ops[j], j == c + 1);
  dg_buf_puts(b, "</div>");
}

void html_table_rows(dg_buf *b, styles *ss, const dg_page *p, int k, int end,
                     double *flow_y) {
  const dg_op *tb = &p->ops[k];
  dg_buf_puts(b, "<div class=\"tb\" aria-hidden=\"true\" style=\"--m:");
  html_num(b, tb->y - *flow_y);
  dg_buf_puts(b, "px");
  html_var_px(b, "x", tb->x);
  html_var_px(b, "w", tb->begin.w);
  dg_buf_puts(b, "\">");
  double y = tb->y;
  const dg_op *fill = NULL;
  for (int j = k + 1; j < end; j = dg_group_end(p, j) + 1) {
    const dg_op *o = &p->ops[j];
    if (o->begin.sem == DG_SEM_ARTIFACT) {
      const dg_op *r = &p->ops[j + 1];
      if (r->rect.h >= 3) { /* drawn behind the row after it */
        fill = r;
        continue;
      }
      dg_buf_puts(b, "<div class=\"ru\" style=\"--m:");
      html_num(b, r->y - y);
      dg_buf_puts(b, "px");
      html_var_px(b, "l", r->x - tb->x);
      html_var_px(b, "w", r->rect.w);
      html_var_px(b, "h", r->rect.h);
      dg_buf_printf(b, ";background:#%06X\"></div>", r->rect.fill);
      y = r->y + r->rect.h;
      continue;
    }
    int f = fill ? fill_of(p, fill, j) : 0;
    dg_buf_puts(b, "<div class=\"trw\" style=\"--m:");
    html_num(b, o->y - y);
    dg_buf_puts(b, "px");
    html_var_px(b, "h", o->begin.h);
    if (f == -1)
      dg_buf_printf(b, ";background:#%06X", fill->rect.fill);
    dg_buf_puts(b, "\">");
    double right = tb->x;
    for (int c = j + 1; c < dg_group_end(p, j);
         c = dg_group_end(p, c) + 1) {
      size_t at = b->len;
      table_cell(b, ss, p, c, o, &right);
      if (f == c) { /* the cell's own fill */
        char bg[32];
        snprintf(bg, sizeof bg, ";background:#%06X", fill->rect.fill);
        char *q = strstr(b->data + at, "\">");
        size_t pos = (size_t)(q - b->data);
        dg_buf tail = {0};
        dg_buf_put(&tail, b->data + pos, b->len - pos);
        b->len = pos;
        dg_buf_puts(b, bg);
        dg_buf_put(b, tail.data, tail.len);
        dg_buf_free(&tail);
      }
    }
    dg_buf_puts(b, "</div>");
    fill = NULL;
    y = o->y + o->begin.h;
  }
  dg_buf_puts(b, "</div>");
  *flow_y = y;
}
