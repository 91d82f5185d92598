/* table: the layout of tables (column widths from their content, wrapped
 * cells, header row and column) and of key-figure cards, for both
 * renderers. */
#include "data/num.h"
#include "layout/layout_int.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------- table ---------- */

/* Column widths at one size: "auto" columns (width 0) take their longest
 * line as written (cell line breaks are kept); the others share the rest
 * by weight, and any width left over goes to the last column. */
static int col_widths(lctx *L, const dg_tablek *t, double size, double w,
                      double pad, double *cw) {
  int nc = t->ncols;
  double used = 0, wsum = 0;
  for (int c = 0; c < nc; c++) {
    cw[c] = 0;
    if (t->widths[c] > 0) {
      wsum += t->widths[c];
      continue;
    }
    for (int r = 0; r <= t->nrows; r++) {
      const char *s = r == 0 ? t->head[c] : t->cells[(r - 1) * nc + c];
      while (*s) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        double lw = dg_text_width(L->tx, dg_strndup(L->a, s, n), size, r == 0);
        if (lw + 2 * pad + 1 > cw[c])
          cw[c] = lw + 2 * pad + 1;
        s += n + (e ? 1 : 0);
      }
    }
    used += cw[c];
  }
  if (used > w)
    return 0;
  for (int c = 0; c < nc; c++)
    if (t->widths[c] > 0)
      cw[c] = (w - used) * t->widths[c] / wsum;
  if (wsum == 0)
    cw[nc - 1] += w - used;
  return 1;
}

/* Gives a table's, row's or cell's BEGIN op its box: the PPTX renderer's
 * native table takes its column widths and row heights from these. */
static void cell_box(dg_op *o, double x, double y, double w, double h) {
  o->x = x;
  o->y = y;
  o->begin.w = w;
  o->begin.h = h;
}

int lo_table(lctx *L, const dg_tablek *t, double x, double y, double w,
             double h) {
  const dg_theme *th = L->th;
  const dg_role *r = &th->roles[DG_ROLE_TABLE];
  int nc = t->ncols, nr = t->nrows;
  double pad = 6;
  size_t ncell = (size_t)(nr + 1) * (size_t)nc;
  tblock *cells = dg_alloc_array(L->a, ncell, sizeof(tblock));
  double *rh = dg_alloc_array(L->a, (size_t)nr + 1, sizeof(double));
  double *cwid = dg_alloc_array(L->a, (size_t)nc, sizeof(double));
  double size, total = 0;
  for (size = r->size_pt + 4; size >= th->min_size_pt - 1e-9; size -= 0.5) {
    int ok = col_widths(L, t, size, w, pad, cwid);
    total = 0;
    for (int row = 0; row <= nr && ok; row++) {
      rh[row] = 0;
      for (int col = 0; col < nc && ok; col++) {
        const char *s =
            row == 0 ? t->head[col] : t->cells[(row - 1) * nc + col];
        tblock *b = &cells[row * nc + col];
        ok = lo_break_at(L, s, size, row == 0, r->leading, cwid[col] - 2 * pad,
                         b);
        b->color = r->color;
        if (lo_height(b) > rh[row])
          rh[row] = lo_height(b);
      }
      rh[row] += 2 * pad;
      total += rh[row];
    }
    if (ok && total <= h)
      break;
  }
  if (size < th->min_size_pt - 1e-9) {
    dg_error(L->ctx, L->s->pos,
             "slide %d: table does not fit %.0f x %.0f pt "
             "at the minimum size of %g pt",
             L->s->number, w, h, th->min_size_pt);
    return -1;
  }
  /* spread what is left over the rows, up to 1.5 lines each */
  double spare = fmin((h - total) / (nr + 1), size * 1.5);
  for (int row = 0; row <= nr; row++)
    rh[row] += spare;
  dg_op *o = lo_begin(L, DG_SEM_TABLE, lo_fig_id(L));
  o->begin.table = t;
  cell_box(o, x, y, w, h);
  double cy = y;
  for (int row = 0; row <= nr; row++) {
    if (row == 0) { /* decoration: an artifact, not table content */
      lo_begin(L, DG_SEM_ARTIFACT, NULL);
      lo_rect(L, x, cy, w, rh[0], th->table_head_fill);
      lo_end(L);
    }
    double cx = x;
    const int *al = row == 0 ? t->head_align : t->align;
    cell_box(lo_begin(L, DG_SEM_TR, NULL), x, cy, w, rh[row]);
    for (int col = 0; col < nc; col++) {
      double cw = cwid[col];
      tblock *b = &cells[row * nc + col];
      cell_box(lo_begin(L, row == 0 || col == 0 ? DG_SEM_TH : DG_SEM_TD, NULL),
               cx, cy, cw, rh[row]);
      double ty = cy + pad;
      int va = row == 0 ? 1 : t->valign[col];
      if (va == 1)
        ty = cy + (rh[row] - lo_height(b)) / 2;
      if (va == 2)
        ty = cy + rh[row] - pad - lo_height(b);
      lo_emit(L, b, cx + pad, cw - 2 * pad, ty,
              al[col] == 2   ? AL_RIGHT
              : al[col] == 1 ? AL_CENTER
                             : AL_LEFT);
      lo_end(L);
      cx += cw;
    }
    lo_end(L);
    cy += rh[row];
    lo_begin(L, DG_SEM_ARTIFACT, NULL);
    lo_line(L, x, cy, x + w, cy, th->table_rule, row == 0 ? 1.2 : 0.6);
    lo_end(L);
  }
  lo_begin(L, DG_SEM_ARTIFACT, NULL);
  lo_line(L, x, y, x + w, y, th->table_rule, 1.2);
  lo_end(L);
  lo_end(L);
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
    lo_begin(L, DG_SEM_ARTIFACT, NULL);
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
