/* table: the layout of tables (column widths from their content, wrapped
 * cells, header row and column) and of key-figure cards, for both
 * renderers. */
#include "data/num.h"
#include "layout/layout_int.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------- table ---------- */

/* continue="column": at most this many columns side by side; narrower
 * ones would break every cell into lines */
#define DG_TABLE_PARTS 4
#define DG_STR2(x) #x
#define DG_STR(x) DG_STR2(x)

/* The grid of a table: its header rows (cells with spans, NULL where a
 * merged cell covers the slot) over its data rows. */
static const char *slot(const dg_tablek *t, int r, int c) {
  return r < t->nhead ? t->head[r * t->ncols + c]
                      : t->cells[(r - t->nhead) * t->ncols + c];
}
static int cspan(const dg_tablek *t, int r, int c) {
  return r < t->nhead ? t->colspan[r * t->ncols + c] : 1;
}
static int rspan(const dg_tablek *t, int r, int c) {
  return r < t->nhead ? t->rowspan[r * t->ncols + c] : 1;
}

/* One attempt at a size and a width: column widths, every cell broken,
 * row heights (padding included) and, for columns aligned on the decimal
 * point, the width right of each value's point and the widest. */
typedef struct tfit {
  double size, w;
  double *cw;   /* ncols */
  tblock *b;    /* (nhead + nrows) * ncols */
  double *rh;   /* nhead + nrows */
  double *frac; /* (nhead + nrows) * ncols: width from the point on */
  double *maxf; /* ncols */
  /* why it failed: a column wider than w (need), or a word wider than its
   * cell (row, col) */
  int bad_col, bad_row;
  double need;
} tfit;

/* From the decimal point (or the end of a number without one) on. */
static double frac_w(lctx *L, const char *s, double size) {
  const char *p = strchr(s, '.');
  return p && !strchr(s, '\n') ? dg_text_width(L->tx, p, size, 0) : 0;
}

/* Column widths at one size: "auto" columns (width 0) take their longest
 * line as written (cell line breaks are kept; a merged header cell widens
 * the last auto column it covers when its line is longer than they are
 * together); the others share the rest by weight, and any width left over
 * goes to the last column. */
static int col_widths(lctx *L, const dg_tablek *t, tfit *f, double pad) {
  int nc = t->ncols, nr = t->nhead + t->nrows;
  double used = 0, wsum = 0, size = f->size;
  double *cw = f->cw;
  for (int c = 0; c < nc; c++) {
    cw[c] = 0;
    f->maxf[c] = 0;
    if (t->align[c] == 3)
      for (int r = t->nhead; r < nr; r++) {
        f->frac[r * nc + c] = frac_w(L, slot(t, r, c), size);
        f->maxf[c] = fmax(f->maxf[c], f->frac[r * nc + c]);
      }
    if (t->widths[c] > 0) {
      wsum += t->widths[c];
      continue;
    }
    for (int r = 0; r < nr; r++) {
      const char *s = slot(t, r, c);
      if (!s || cspan(t, r, c) != 1)
        continue;
      /* a value aligned on its point is as wide as the widest integer
       * part and the widest fraction */
      double extra = r >= t->nhead && t->align[c] == 3
                         ? f->maxf[c] - f->frac[r * nc + c]
                         : 0;
      while (*s) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        double lw =
            dg_text_width(L->tx, dg_strndup(L->a, s, n), size, r < t->nhead) +
            extra;
        if (lw + 2 * pad + 1 > cw[c])
          cw[c] = lw + 2 * pad + 1;
        s += n + (e ? 1 : 0);
      }
    }
  }
  for (int r = 0; r < t->nhead; r++)
    for (int c = 0; c < nc; c++) {
      int cs = cspan(t, r, c);
      const char *s = slot(t, r, c);
      if (!s || cs < 2)
        continue;
      double have = 0, need = 0;
      int last = -1;
      for (int k = c; k < c + cs; k++) {
        have += cw[k];
        if (t->widths[k] > 0)
          last = -2;
        else if (last != -2)
          last = k;
      }
      while (*s) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        need =
            fmax(need, dg_text_width(L->tx, dg_strndup(L->a, s, n), size, 1) +
                           2 * pad + 1);
        s += n + (e ? 1 : 0);
      }
      if (last >= 0 && need > have)
        cw[last] += need - have;
    }
  for (int c = 0; c < nc; c++)
    used += cw[c];
  if (used > f->w) {
    f->bad_col = 0;
    for (int c = 1; c < nc; c++)
      if (cw[c] > cw[f->bad_col])
        f->bad_col = c;
    f->need = used;
    return 0;
  }
  for (int c = 0; c < nc; c++)
    if (t->widths[c] > 0)
      cw[c] = (f->w - used) * t->widths[c] / wsum;
  if (wsum == 0)
    cw[nc - 1] += f->w - used;
  return 1;
}

/* Breaks every cell in its width (a merged cell in the columns it
 * covers) and sets the row heights; a merged cell taller than its rows
 * together makes its last row taller. Returns 0 when a word is wider than
 * its cell (f->bad_row, f->bad_col). */
static int break_cells(lctx *L, const dg_tablek *t, tfit *f, double pad) {
  const dg_role *r = &L->th->roles[DG_ROLE_TABLE];
  int nc = t->ncols, nr = t->nhead + t->nrows;
  for (int row = 0; row < nr; row++) {
    f->rh[row] = 0;
    for (int col = 0; col < nc; col++) {
      const char *s = slot(t, row, col);
      tblock *b = &f->b[row * nc + col];
      if (!s) {
        b->n = 0;
        continue;
      }
      double w = 0;
      for (int k = col; k < col + cspan(t, row, col); k++)
        w += f->cw[k];
      if (!lo_break_at(L, s, f->size, row < t->nhead, r->leading, w - 2 * pad,
                       b)) {
        f->bad_row = row;
        f->bad_col = col;
        return 0;
      }
      b->color = r->color;
      if (rspan(t, row, col) == 1 && lo_height(b) > f->rh[row])
        f->rh[row] = lo_height(b);
    }
    f->rh[row] += 2 * pad;
  }
  for (int row = 0; row < t->nhead; row++)
    for (int col = 0; col < nc; col++) {
      int rs = rspan(t, row, col);
      if (!slot(t, row, col) || rs < 2)
        continue;
      double have = 0, need = lo_height(&f->b[row * nc + col]) + 2 * pad;
      for (int k = row; k < row + rs; k++)
        have += f->rh[k];
      if (need > have)
        f->rh[row + rs - 1] += need - have;
    }
  return 1;
}

/* The data rows each part takes, filling a part to height h before the
 * next (part p holds rows first[p] to first[p + 1] - 1). Returns the
 * number of parts, or 0 when one row with the header is taller than h. */
static int split_rows(const dg_tablek *t, const tfit *f, double h, int *first,
                      int maxparts) {
  double head = 0;
  for (int r = 0; r < t->nhead; r++)
    head += f->rh[r];
  int parts = 1;
  first[0] = 0;
  double used = head;
  for (int i = 0; i < t->nrows; i++) {
    double rh = f->rh[t->nhead + i];
    if (used + rh > h) {
      if (used == head || parts == maxparts)
        return 0;
      first[parts++] = i;
      used = head;
    }
    used += rh;
  }
  first[parts] = t->nrows;
  return parts;
}

/* Gives a table's, row's or cell's BEGIN op its box: the PPTX renderer's
 * native table takes its column widths and row heights from these. */
static void cell_box(dg_op *o, double x, double y, double w, double h) {
  o->x = x;
  o->y = y;
  o->begin.w = w;
  o->begin.h = h;
}

/* One part: the header, then data rows r0 to r1 - 1, at (x, y). */
static void emit_part(lctx *L, const dg_tablek *t, const tfit *f, int part,
                      int r0, int r1, double x, double y, double box_h,
                      double pad) {
  const dg_theme *th = L->th;
  int nc = t->ncols;
  double w = f->w, head = 0;
  for (int r = 0; r < t->nhead; r++)
    head += f->rh[r];
  dg_op *o = lo_begin(L, DG_SEM_TABLE, lo_fig_id(L));
  o->begin.table = t;
  o->begin.part = part;
  cell_box(o, x, y, w, box_h);
  double *colx = dg_alloc_array(L->a, (size_t)nc + 1, sizeof(double));
  colx[0] = x;
  for (int c = 0; c < nc; c++)
    colx[c + 1] = colx[c] + f->cw[c];
  int nrow = t->nhead + (r1 - r0);
  double *rowy = dg_alloc_array(L->a, (size_t)nrow + 1, sizeof(double));
  rowy[0] = y;
  for (int i = 0; i < nrow; i++) {
    int gr = i < t->nhead ? i : t->nhead + r0 + (i - t->nhead);
    rowy[i + 1] = rowy[i] + f->rh[gr];
  }
  for (int i = 0; i < nrow; i++) {
    int gr = i < t->nhead ? i : t->nhead + r0 + (i - t->nhead);
    int header = i < t->nhead;
    double cy = rowy[i];
    if (i == 0) { /* decoration: an artifact, not table content */
      lo_begin(L, DG_SEM_ARTIFACT, NULL);
      lo_rect(L, x, cy, w, head, th->table_head_fill);
      lo_end(L);
    }
    cell_box(lo_begin(L, DG_SEM_TR, NULL), x, cy, w, f->rh[gr]);
    for (int col = 0; col < nc; col++) {
      if (!slot(t, gr, col))
        continue;
      int cs = cspan(t, gr, col), rs = rspan(t, gr, col);
      double cw = colx[col + cs] - colx[col], ch = rowy[i + rs] - cy;
      const tblock *b = &f->b[gr * nc + col];
      dg_op *c = lo_begin(L, header || col == 0 ? DG_SEM_TH : DG_SEM_TD, NULL);
      cell_box(c, colx[col], cy, cw, ch);
      c->begin.col = col;
      c->begin.colspan = cs;
      c->begin.rowspan = rs;
      c->begin.scope = header ? 1 : col == 0 ? 2 : 0;
      double ty = cy + pad;
      int va = header ? 1 : t->valign[col];
      if (va == 1)
        ty = cy + (ch - lo_height(b)) / 2;
      if (va == 2)
        ty = cy + ch - pad - lo_height(b);
      int al = header ? t->head_align[col] : t->align[col];
      if (header && cs > 1) /* a merged header centres over its columns */
        al = 1;
      double right = al == 3 ? f->maxf[col] - f->frac[gr * nc + col] : 0;
      lo_emit(L, b, colx[col] + pad, cw - 2 * pad - right, ty,
              al >= 2   ? AL_RIGHT
              : al == 1 ? AL_CENTER
                        : AL_LEFT);
      lo_end(L);
    }
    lo_end(L);
    lo_begin(L, DG_SEM_ARTIFACT, NULL);
    if (i < t->nhead - 1) {
      /* between header rows: a rule under each cell that ends here */
      for (int r = 0; r <= i; r++)
        for (int col = 0; col < nc; col++)
          if (slot(t, r, col) && r + rspan(t, r, col) - 1 == i)
            lo_line(L, colx[col], rowy[i + 1], colx[col + cspan(t, r, col)],
                    rowy[i + 1], th->table_rule, 0.6);
    } else
      lo_line(L, x, rowy[i + 1], x + w, rowy[i + 1], th->table_rule,
              i == t->nhead - 1 ? 1.2 : 0.6);
    lo_end(L);
  }
  lo_begin(L, DG_SEM_ARTIFACT, NULL);
  lo_line(L, x, y, x + w, y, th->table_rule, 1.2);
  lo_end(L);
  lo_end(L);
}

/* The table's name in messages: its id, else its columns. */
static const char *table_name(lctx *L, const dg_tablek *t) {
  if (t->id)
    return dg_printf(L->a, "table \"%s\"", t->id);
  dg_buf b = {0};
  for (int c = 0; c < t->ncols; c++)
    dg_buf_printf(&b, "%s%s", c ? "," : "", t->colname[c]);
  const char *r =
      dg_printf(L->a, "table (columns=\"%s\")", b.data ? b.data : "");
  dg_buf_free(&b);
  return r;
}

/* At most 20 characters of s, its first line, with "…" when cut. */
static const char *quote20(lctx *L, const char *s) {
  size_t cut = 0;
  for (int k = 0; s[cut] && s[cut] != '\n' && k < 20; k++) {
    cut++;
    while (((unsigned char)s[cut] & 0xC0) == 0x80)
      cut++;
  }
  return dg_printf(L->a, "「%.*s%s」", (int)cut, s, s[cut] ? "…" : "");
}

/* Says why the table does not fit at the theme's minimum size, from the
 * attempt at that size in one column, and what would make it fit. */
static void not_fit(lctx *L, const dg_tablek *t, const tfit *f, int stage,
                    double h) {
  const char *name = table_name(L, t);
  double min = L->th->min_size_pt;
  if (stage == 0) { /* columns wider than the box */
    dg_error(L->ctx, L->pos,
             "slide %d: %s does not fit %.0f pt wide at the minimum size of "
             "%g pt: its columns need %.0f pt, the widest \"%s\" %.0f pt; "
             "give it a weight instead of auto in widths=, or shorten its "
             "longest lines",
             L->s->number, name, f->w, min, f->need, t->colname[f->bad_col],
             f->cw[f->bad_col]);
    return;
  }
  if (stage == 1) { /* a word wider than its cell */
    dg_error(
        L->ctx, L->pos,
        "slide %d: %s does not fit %.0f pt wide at the minimum size of "
        "%g pt: %s in column \"%s\" (%s) is wider than the column's %.0f pt; "
        "give the column a larger weight in widths=, or break the text",
        L->s->number, name, f->w, min,
        quote20(L, slot(t, f->bad_row, f->bad_col)), t->colname[f->bad_col],
        f->bad_row < t->nhead
            ? dg_printf(L->a, "header row %d", f->bad_row + 1)
            : dg_printf(L->a, "row %d", f->bad_row - t->nhead + 1),
        f->cw[f->bad_col] - 12);
    return;
  }
  double total = 0, low = 0;
  int tall = t->nhead;
  for (int r = 0; r < t->nhead + t->nrows; r++) {
    total += f->rh[r];
    if (r >= t->nhead && f->rh[r] > f->rh[tall])
      tall = r;
    if (r >= t->nhead && (low == 0 || f->rh[r] < low))
      low = f->rh[r];
  }
  const char *rows = "";
  if (t->nrows && f->rh[tall] > low + 0.5)
    rows = dg_printf(L->a, " (the tallest, row %d %s, %.0f pt)",
                     tall - t->nhead + 1, quote20(L, slot(t, tall, 0)),
                     f->rh[tall]);
  else if (t->nrows)
    rows = dg_printf(L->a, " (%.0f pt a row)", low);
  dg_error(L->ctx, L->pos,
           "slide %d: %s does not fit %.0f x %.0f pt at the minimum size of "
           "%g pt%s: its header and %d rows need %.0f pt%s; %s",
           L->s->number, name, f->w, h, min,
           t->flow ? " even in " DG_STR(DG_TABLE_PARTS) " columns" : "",
           t->nrows, total, rows,
           t->flow ? "select fewer rows with where=, or lower the theme's "
                     "<font min-size>"
                   : "give it continue=\"column\", select fewer rows with "
                     "where=, or lower the theme's <font min-size>");
}

int lo_table(lctx *L, const dg_tablek *t, double x, double y, double w,
             double h) {
  const dg_theme *th = L->th;
  const dg_role *r = &th->roles[DG_ROLE_TABLE];
  int nc = t->ncols, nr = t->nhead + t->nrows;
  double pad = 6, gap = 24;
  size_t ncell = dg_mul_size((size_t)nr, (size_t)nc);
  tfit f = {0};
  f.cw = dg_alloc_array(L->a, (size_t)nc, sizeof(double));
  f.maxf = dg_alloc_array(L->a, (size_t)nc, sizeof(double));
  f.b = dg_alloc_array(L->a, ncell, sizeof(tblock));
  f.frac = dg_alloc_array(L->a, ncell, sizeof(double));
  f.rh = dg_alloc_array(L->a, (size_t)nr, sizeof(double));
  int *first = dg_alloc_array(L->a, (size_t)t->nrows + 2, sizeof(int));
  int maxparts = t->flow ? DG_TABLE_PARTS : 1, parts = 0, stage = 0;
  /* the largest size that fits, in as few columns as it takes; the
   * widths of the last try in one column at the minimum size explain a
   * failure */
  for (double size = r->size_pt + (t->spread ? 4 : 0);
       size >= th->min_size_pt - 1e-9 && !parts; size -= 0.5)
    for (int k = 1; k <= maxparts && !parts; k++) {
      f.size = size;
      f.w = (w - gap * (k - 1)) / k;
      int st = !col_widths(L, t, &f, pad)    ? 0
               : !break_cells(L, t, &f, pad) ? 1
                                             : 2;
      if (st == 2)
        parts = split_rows(t, &f, h, first, k);
      if (k == 1)
        stage = st;
    }
  if (!parts) {
    /* the reason, from one column at the minimum size */
    f.size = th->min_size_pt;
    f.w = w;
    if (col_widths(L, t, &f, pad))
      break_cells(L, t, &f, pad);
    not_fit(L, t, &f, stage, h);
    return -1;
  }
  int spread = t->spread && parts == 1;
  if (spread) {
    /* spread what is left over the rows, up to 1.5 lines each */
    double total = 0;
    for (int row = 0; row < nr; row++)
      total += f.rh[row];
    double spare = fmin((h - total) / nr, f.size * 1.5);
    for (int row = 0; row < nr; row++)
      f.rh[row] += spare;
  }
  for (int p = 0; p < parts; p++) {
    /* a spread table fills its box; else the box is its rows' */
    double bh = 0;
    for (int row = 0; row < t->nhead; row++)
      bh += f.rh[row];
    for (int row = first[p]; row < first[p + 1]; row++)
      bh += f.rh[t->nhead + row];
    emit_part(L, t, &f, p, first[p], first[p + 1], x + p * (f.w + gap), y,
              spread ? h : bh, pad);
  }
  return 0;
}

/* ---------- key figures ---------- */

int lo_figures(lctx *L, const dg_keyfig *f, int n, double x, double y, double w,
               double h) {
  const dg_theme *th = L->th;
  int cols = n < 3 ? n : 3, rows = (n + cols - 1) / cols;
  double gap = 16;
  double cw = (w - gap * (cols - 1)) / cols,
         ch = fmin((h - gap * (rows - 1)) / rows, 190);
  const dg_role *lr = &th->roles[DG_ROLE_HEADING],
                *kr = &th->roles[DG_ROLE_KEYFIG],
                *cr = &th->roles[DG_ROLE_LABEL];
  double ks = fmin(kr->size_pt, ch * 0.45);
  if (ks < th->min_size_pt) {
    dg_error(L->ctx, L->s->pos, "slide %d: key figures have no room",
             L->s->number);
    return -1;
  }
  for (int i = 0; i < n; i++) {
    double cx = x + (i % cols) * (cw + gap), cy = y + (i / cols) * (ch + gap);
    lo_begin(L, DG_SEM_ARTIFACT, NULL)->begin.card = 1;
    lo_frame(L, cx, cy, cw, ch, 0xFFFFFF, 1, th->table_rule, 0.75);
    lo_rect(L, cx, cy, cw, 4, th->accent);
    lo_end(L);
    lo_begin(L, DG_SEM_PARA, NULL);
    double a, d;
    dg_text_metrics(L->tx, lr->size_pt, 1, &a, &d);
    double ty = cy + 10 + a;
    lo_text(L, f[i].label, cx + 14, ty, lr->size_pt, 1, lr->color);
    double ka, kd;
    dg_text_metrics(L->tx, ks, 1, &ka, &kd);
    double vb = cy + ch / 2 + ka * 0.45 + 4;
    double vw = dg_text_width(L->tx, f[i].value, ks, 1);
    double uw = f[i].unit ? dg_text_width(L->tx, f[i].unit, ks * 0.5, 1) : 0;
    double vx = cx + (cw - vw - uw - 4) / 2;
    lo_text(L, f[i].value, vx, vb, ks, 1, kr->color);
    /* label, value and caption are lines of their own when read aloud or
     * copied, not one run-on phrase:
     * "都道府県（47団体）\n87%\n導入済（41団体）" */
    L->pg->ops[L->pg->nops - 1].text.sep = "\n";
    if (f[i].unit) {
      lo_text(L, f[i].unit, vx + vw + 4, vb, ks * 0.5, 1, kr->color);
      L->pg->ops[L->pg->nops - 1].text.cont = 1; /* "87" "%": one line */
    }
    if (f[i].caption) {
      tblock tb;
      if (lo_fit(L, f[i].caption, cr, cw - 28, cy + ch - vb - kd - 6,
                 "figure caption", &tb))
        return -1;
      int first = L->pg->nops;
      lo_emit(L, &tb, cx + 14, cw - 28, cy + ch - 8 - lo_height(&tb),
              AL_CENTER);
      if (L->pg->nops > first)
        L->pg->ops[first].text.sep = "\n";
    }
    lo_end(L);
  }
  return 0;
}
