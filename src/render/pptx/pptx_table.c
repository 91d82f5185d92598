/* pptx_table: a table group of the display list as a native PowerPoint
 * table. Column widths and row heights are the boxes layout gave each row
 * and cell (table.c); each cell's text is its lines as broken, aligned as
 * they were placed; the header fill and the rules between rows become cell
 * fills and borders. */
#include "render/pptx/pptx_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct cell {
  const dg_op *box;  /* BEGIN TH/TD with its box */
  const dg_op *text; /* first line, or NULL */
  int n;             /* lines */
} cell;

typedef struct row {
  const dg_op *box; /* BEGIN TR */
  cell *cells;
  int n;
  uint32_t fill;
  int has_fill;
  const dg_op *bottom; /* the rule under the row, if any */
} row;

/* A cell border from a rule as drawn: a line, or a thin filled bar. */
static void border(xw *w, const char *el, const dg_op *rule) {
  xw_start(w, el);
  if (rule) {
    int bar = rule->kind == DG_OP_RECT;
    xw_attr_int(w, "w", PPTX_EMU(bar ? rule->rect.h : rule->line.width_pt));
    xw_fill(w, bar ? rule->rect.fill : rule->line.color);
  } else
    xw_empty(w, "a:noFill");
  xw_end(w);
}

static int near(double a, double b) { return fabs(a - b) < 0.6; }

/* Alignment of a cell's lines in its box: left when they start at the
 * padding, right when they end there, else centred. */
static const char *h_align(const cell *c, double pad) {
  const dg_op *b = c->box;
  int left = 1, right = 1;
  for (int i = 0; i < c->n; i++) {
    const dg_op *t = &c->text[i];
    left &= near(t->x - b->x, pad);
    right &= near(b->x + b->begin.w - (t->x + t->text.w), pad);
  }
  return left ? "l" : right ? "r" : "ctr";
}

/* The right margin of a cell whose lines end short of the padding by the
 * same width without being centred (a number aligned on its decimal
 * point): they go right, that far in; else 0 (the padding). */
static double right_in(const cell *c, double pad) {
  const dg_op *b = c->box;
  if (!c->n)
    return 0;
  double gap = b->x + b->begin.w - (c->text[0].x + c->text[0].text.w);
  double left = c->text[0].x - b->x;
  if (near(gap, pad) || near(left, gap) || near(left, pad))
    return 0;
  for (int i = 1; i < c->n; i++)
    if (!near(b->x + b->begin.w - (c->text[i].x + c->text[i].text.w), gap))
      return 0;
  return gap;
}

static void tc(xw *w, const cell *c, const row *r, const dg_op *top, double pad,
               double size, const char *font) {
  xw_start(w, "a:tc");
  /* a merged header cell: the grid columns and rows it covers */
  if (c->box->begin.colspan > 1)
    xw_attr_int(w, "gridSpan", c->box->begin.colspan);
  if (c->box->begin.rowspan > 1)
    xw_attr_int(w, "rowSpan", c->box->begin.rowspan);
  xw_start(w, "a:txBody");
  xw_empty(w, "a:bodyPr");
  xw_empty(w, "a:lstStyle");
  const char *anchor = "ctr";
  double mar_t = 0, mar_b = 0;
  double mar_r = right_in(c, pad);
  if (c->n) {
    pptx_para(w, c->text, c->n, mar_r > 0 ? "r" : h_align(c, pad), font);
    const dg_op *f = c->text, *l = &c->text[c->n - 1];
    const dg_op *b = c->box;
    double top_gap = f->y - f->text.ascent - b->y,
           bottom_gap = b->y + b->begin.h - (l->y + l->text.descent);
    if (top_gap < bottom_gap - 2) {
      anchor = "t";
      mar_t = fmax(
          0, c->n > 1
                 ? f->y - (pptx_pitch(c->text, c->n) - f->text.descent) - b->y
                 : top_gap);
    } else if (bottom_gap < top_gap - 2) {
      anchor = "b";
      mar_b = fmax(0, bottom_gap);
    }
  } else {
    xw_start(w, "a:p");
    xw_start(w, "a:endParaRPr");
    xw_attr(w, "lang", "ja-JP");
    xw_attr_int(w, "sz", llround(size * 100));
    xw_end(w);
    xw_end(w);
  }
  xw_end(w);
  xw_start(w, "a:tcPr");
  xw_attr_int(w, "marL", PPTX_EMU(pad));
  xw_attr_int(w, "marR", PPTX_EMU(mar_r > 0 ? mar_r : pad));
  xw_attr_int(w, "marT", PPTX_EMU(mar_t));
  xw_attr_int(w, "marB", PPTX_EMU(mar_b));
  xw_attr(w, "anchor", anchor);
  border(w, "a:lnL", NULL);
  border(w, "a:lnR", NULL);
  border(w, "a:lnT", top);
  border(w, "a:lnB", r->bottom);
  if (r->has_fill)
    xw_fill(w, r->fill);
  else
    xw_empty(w, "a:noFill");
  xw_end(w);
  xw_end(w);
}

void pptx_table(xw *w, int *next_id, const dg_page *pg, int begin, int end,
                const char *font) {
  const dg_op *ops = pg->ops, *tb = &ops[begin];
  int nr = 0, nc = 0;
  for (int k = begin; k < end; k++)
    if (ops[k].kind == DG_OP_BEGIN) {
      dg_sem sem = ops[k].begin.sem;
      nr += sem == DG_SEM_TR;
      nc += sem == DG_SEM_TH || sem == DG_SEM_TD;
    }
  row *rows = calloc((size_t)nr + 1, sizeof *rows);
  cell *cells = calloc((size_t)nc + 1, sizeof *cells);
  if (!rows || !cells)
    dg_oom();
  int r = -1, used = 0, in_cell = 0;
  double pad = -1, size = 0;
  for (int k = begin + 1; k < end; k++) {
    const dg_op *o = &ops[k];
    int begin_op = o->kind == DG_OP_BEGIN;
    int cell_sem =
        begin_op && (o->begin.sem == DG_SEM_TH || o->begin.sem == DG_SEM_TD);
    if (begin_op && o->begin.sem == DG_SEM_TR) {
      rows[++r].box = o;
      rows[r].cells = &cells[used];
    } else if (cell_sem && r >= 0) {
      rows[r].cells[rows[r].n++].box = o;
      used++;
      in_cell = 1;
    } else if (o->kind == DG_OP_END)
      in_cell = 0; /* cells hold no groups */
    else if (o->kind == DG_OP_TEXT && in_cell) {
      cell *c = &rows[r].cells[rows[r].n - 1];
      if (!c->text)
        c->text = o;
      c->n++;
      size = o->text.size_pt;
      if (pad < 0 || o->x - c->box->x < pad)
        pad = o->x - c->box->x;
    }
  }
  nr = r + 1;
  if (pad < 0)
    pad = 0;
  /* fills and rules drawn outside the cells belong to the row they meet:
   * a fill covers the rows it spans (a header of two rows has one), a rule
   * is a thin bar (or a line) along an edge */
  const dg_op *top = NULL;
  for (int k = begin + 1; k < end; k++) {
    const dg_op *o = &ops[k];
    int rect = o->kind == DG_OP_RECT;
    int bar = rect && o->rect.h <= 2.5;
    int hline = o->kind == DG_OP_LINE && near(o->y, o->line.y2);
    double ry = bar ? o->y + o->rect.h / 2 : o->y;
    for (int i = 0; i < nr; i++) {
      const dg_op *b = rows[i].box;
      if (rect && !bar && o->y <= b->y + 0.5 &&
          b->y + b->begin.h <= o->y + o->rect.h + 0.5) {
        rows[i].fill = o->rect.fill;
        rows[i].has_fill = 1;
      } else if (bar || hline) {
        if (fabs(ry - (b->y + b->begin.h)) < 1.5)
          rows[i].bottom = o;
        else if (i == 0 && fabs(ry - b->y) < 1.5)
          top = o;
      }
    }
  }

  /* alt text for PowerPoint's checker: the caption, else the headers */
  const dg_tablek *k = tb->begin.table;
  dg_buf alt = {0};
  if (k && k->caption)
    dg_buf_puts(&alt, k->caption);
  for (int c = 0; k && !k->caption && k->head && c < k->ncols; c++)
    dg_buf_printf(&alt, "%s%s", c ? "、" : "表：", k->head[c] ? k->head[c] : "");
  pptx_frame_start(w, next_id, "Table", alt.data, tb->x, tb->y, tb->begin.w,
                   tb->begin.h, 1);
  dg_buf_free(&alt);
  xw_attr(w, "uri", "http://schemas.openxmlformats.org/drawingml/2006/table");
  xw_start(w, "a:tbl");
  xw_start(w, "a:tblPr");
  xw_attr(w, "firstRow", "1");
  xw_attr(w, "bandRow", "0");
  xw_end(w);
  /* the grid: every slot of every row is the cell that starts there or
   * one a merged cell covers (from the left: hMerge; from above: vMerge) */
  int ng = 0;
  for (int i = 0; i < nr; i++)
    for (int c = 0; c < rows[i].n; c++) {
      const dg_op_begin *b = &rows[i].cells[c].box->begin;
      int e = b->col + (b->colspan > 1 ? b->colspan : 1);
      ng = e > ng ? e : ng;
    }
  const cell **owner = calloc((size_t)nr * (size_t)ng + 1, sizeof *owner);
  int *orow = calloc((size_t)nr * (size_t)ng + 1, sizeof *orow);
  if (!owner || !orow)
    dg_oom();
  for (int i = 0; i < nr; i++)
    for (int c = 0; c < rows[i].n; c++) {
      const dg_op_begin *b = &rows[i].cells[c].box->begin;
      int cs = b->colspan > 1 ? b->colspan : 1,
          rs = b->rowspan > 1 ? b->rowspan : 1;
      for (int y = i; y < i + rs && y < nr; y++)
        for (int x = b->col; x < b->col + cs; x++) {
          owner[y * ng + x] = &rows[i].cells[c];
          orow[y * ng + x] = i;
        }
    }
  xw_start(w, "a:tblGrid");
  for (int c = 0; c < ng; c++) {
    /* from rounded edges, so the columns add up to the frame; a column
     * only merged cells start in gets its share of the first */
    const dg_op *b = NULL;
    int share = 1;
    for (int i = 0; i < nr * ng && !b; i++)
      if (owner[i] && owner[i]->box->begin.col == c &&
          owner[i]->box->begin.colspan <= 1)
        b = owner[i]->box;
    for (int i = 0; i < nr * ng && !b; i++)
      if (owner[i] && owner[i]->box->begin.col == c) {
        b = owner[i]->box;
        share = b->begin.colspan;
      }
    xw_start(w, "a:gridCol");
    xw_attr_int(w, "w",
                b ? (PPTX_EMU(b->x + b->begin.w) - PPTX_EMU(b->x)) / share : 0);
    xw_end(w);
  }
  xw_end(w);
  for (int i = 0; i < nr; i++) {
    const dg_op *b = rows[i].box;
    xw_start(w, "a:tr");
    xw_attr_int(w, "h", PPTX_EMU(b->y + b->begin.h) - PPTX_EMU(b->y));
    for (int c = 0; c < ng; c++) {
      const cell *o = owner[i * ng + c];
      if (o && orow[i * ng + c] == i && o->box->begin.col == c) {
        tc(w, o, &rows[i], i ? rows[i - 1].bottom : top, pad, size, font);
        continue;
      }
      xw_start(w, "a:tc");
      if (o && o->box->begin.col < c)
        xw_attr(w, "hMerge", "1");
      if (o && orow[i * ng + c] < i)
        xw_attr(w, "vMerge", "1");
      xw_start(w, "a:txBody");
      xw_empty(w, "a:bodyPr");
      xw_empty(w, "a:lstStyle");
      xw_empty(w, "a:p");
      xw_end(w);
      xw_empty(w, "a:tcPr");
      xw_end(w);
    }
    xw_end(w);
  }
  free(owner);
  free(orow);
  xw_end(w);
  xw_end(w);
  xw_end(w);
  xw_end(w);
  free(rows);
  free(cells);
}
