/* chartlabel: where the value labels of bar segments too small to hold them
 * go, so that no value is left out. Pure geometry under the chart types:
 * labels sit in rows above their bar, each joined to its segment by a
 * straight leader; no two labels overlap, no leader crosses another leader
 * or another label, leaders do not converge (they stay apart where they
 * end) nor lie flat (a bounded slope), and every label is placed.
 * Coordinates: x as on the slide, heights above the bar's top edge. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout_int.h"

#define PAD 6.0    /* between two labels of a row */
#define CLEAR 1.5  /* between a leader and a label it passes */
#define MARGIN 2.0 /* a leader meets its label this far inside its ends */
#define APART 4.0  /* two leaders, where the lower one ends */

/* A leader leans at most this much sideways per unit of height: 3 first,
 * flatter only when the rows the chart has room for need it. */
static const double slopes[] = {3, 5, 8};

typedef struct geo {
  double row_h, gap, box_h, left, right, slope;
} geo;

static double bottom(const geo *g, int row) { return g->gap + row * g->row_h; }

/* Does segment (ax,ah)-(bx,bh) meet the box [x0,x1] × [h0,h1]? */
static int seg_box(double ax, double ah, double bx, double bh, double x0,
                   double x1, double h0, double h1) {
  /* clip the segment's parameter range to the box (Liang–Barsky) */
  double t0 = 0, t1 = 1, dx = bx - ax, dh = bh - ah;
  double p[4] = {-dx, dx, -dh, dh};
  double q[4] = {ax - x0, x1 - ax, ah - h0, h1 - ah};
  for (int i = 0; i < 4; i++) {
    if (fabs(p[i]) < 1e-12) {
      if (q[i] < 0)
        return 0;
      continue;
    }
    double t = q[i] / p[i];
    if (p[i] < 0) {
      if (t > t1)
        return 0;
      if (t > t0)
        t0 = t;
    } else {
      if (t < t0)
        return 0;
      if (t < t1)
        t1 = t;
    }
  }
  return t0 <= t1;
}

/* x of the leader of o at height h (0 at the bar, its top at bottom()). */
static double at(const geo *g, const lo_outlab *o, double h) {
  return o->cx + (o->lx - o->cx) * h / bottom(g, o->row);
}

/* Could j stand where it is, given the placed labels? */
static int fits(const lo_outlab *const *placed, int np, const geo *g,
                const lo_outlab *j) {
  double jb = bottom(g, j->row), jt = jb + g->box_h;
  if (fabs(j->lx - j->cx) > g->slope * jb + 1e-9)
    return 0;
  for (int k = 0; k < np; k++) {
    const lo_outlab *i = placed[k];
    double ib = bottom(g, i->row), it = ib + g->box_h;
    if (i->row == j->row && j->x < i->x + i->w + PAD &&
        i->x < j->x + j->w + PAD)
      return 0;
    if (seg_box(j->cx, 0, j->lx, jb, i->x - CLEAR, i->x + i->w + CLEAR, ib, it))
      return 0;
    if (seg_box(i->cx, 0, i->lx, ib, j->x - CLEAR, j->x + j->w + CLEAR, jb, jt))
      return 0;
    /* leaders: the same side of each other from the bar up to where the
     * lower one ends, and apart there (the feet may be closer: the
     * segments are) */
    double h = fmin(ib, jb);
    double d0 = j->cx - i->cx, d1 = at(g, j, h) - at(g, i, h);
    if (d0 * d1 < 0 || fabs(d1) < APART)
      return 0;
  }
  return 1;
}

/* One greedy pass: labels in order (dir 1: left to right), each in the
 * first of rows 0..maxr-1 (high: from the top) where it fits, as close to
 * over its segment as it can (upright: first in any row straight over it).
 * Returns 1 if every label found a place. */
static int greedy(lo_outlab **ord, int n, const geo *g, int maxr, int dir,
                  int high, int upright, const lo_outlab **placed) {
  int np = 0;
  for (int q = 0; q < n; q++) {
    lo_outlab *o = ord[dir ? q : n - 1 - q];
    int found = 0;
    for (int rr = 0; rr < (upright ? 2 : 1) * maxr && !found; rr++) {
      int r = high ? maxr - 1 - rr % maxr : rr % maxr;
      int straight = upright && rr < maxr;
      double reach = g->slope * bottom(g, r);
      /* candidates: every 2 pt across the reach of the leader, and the
       * ends next to each placed label */
      double lo = fmax(g->left, o->cx - reach - o->w + MARGIN);
      double hi = fmin(g->right - o->w, o->cx + reach - MARGIN);
      double best = 1e18;
      lo_outlab pick = *o;
      int steps = hi >= lo ? (int)((hi - lo) / 2) + 1 : 0;
      for (int c = 0; c < steps + 2 * np + 1; c++) {
        double x = c < steps    ? lo + 2.0 * c
                   : c == steps ? o->cx - o->w / 2
                   : (c - steps) % 2
                       ? placed[(c - steps - 1) / 2]->x +
                             placed[(c - steps - 1) / 2]->w + PAD
                       : placed[(c - steps - 2) / 2]->x - PAD - o->w;
        x = fmin(fmax(x, g->left), g->right - o->w);
        lo_outlab t = *o;
        t.row = r;
        t.x = x;
        t.lx = fmin(fmax(o->cx, x + MARGIN), x + o->w - MARGIN);
        double cost = fabs(t.lx - o->cx) + fabs(x + o->w / 2 - o->cx) * 1e-3;
        if (straight && t.lx != o->cx)
          continue;
        if (cost < best && fits(placed, np, g, &t)) {
          best = cost;
          pick = t;
        }
      }
      if (best < 1e18) {
        *o = pick;
        found = 1;
      }
    }
    if (!found)
      return 0;
    placed[np++] = o;
  }
  return 1;
}

static int by_cx(const void *a, const void *b) {
  const lo_outlab *x = *(const lo_outlab *const *)a,
                  *y = *(const lo_outlab *const *)b;
  return (x->cx > y->cx) - (x->cx < y->cx);
}

int lo_place_outside(lo_outlab *v, int n, double left, double right,
                     double row_h, double gap, double box_h, int max_rows) {
  if (n == 0)
    return 0;
  geo g = {row_h, gap, box_h, left, right, 0};
  lo_outlab **ord = malloc(sizeof *ord * (size_t)n);
  const lo_outlab **placed = malloc(sizeof *placed * (size_t)n);
  lo_outlab *save = malloc(sizeof *save * (size_t)n),
            *best = malloc(sizeof *best * (size_t)n);
  if (!ord || !placed || !save || !best)
    dg_oom();
  for (int k = 0; k < n; k++)
    ord[k] = &v[k];
  qsort(ord, (size_t)n, sizeof *ord, by_cx);
  memcpy(save, v, sizeof *v * (size_t)n);
  /* the steepest leaders, then the fewest rows, in which one of eight
   * greedy orders places every label (left or right first; lowest or
   * highest row first; straight over the segment first or not); among
   * those, the one whose leaders lean least */
  int rows = 0;
  for (size_t si = 0; si < sizeof slopes / sizeof *slopes && !rows; si++) {
    g.slope = slopes[si];
    for (int maxr = 1; maxr <= max_rows && !rows; maxr++) {
      double best_lean = 1e18;
      for (int st = 0; st < 8; st++) {
        memcpy(v, save, sizeof *v * (size_t)n);
        if (!greedy(ord, n, &g, maxr, !(st & 1), (st >> 1) & 1, !(st >> 2),
                    placed))
          continue;
        double lean = 0;
        int used = 0;
        for (int k = 0; k < n; k++) {
          lean += fabs(v[k].lx - v[k].cx);
          if (v[k].row + 1 > used)
            used = v[k].row + 1;
        }
        lean += 1e6 * used;
        if (lean < best_lean) {
          best_lean = lean;
          memcpy(best, v, sizeof *v * (size_t)n);
          rows = used;
        }
      }
    }
  }
  memcpy(v, rows ? best : save, sizeof *v * (size_t)n);
  free(ord);
  free(placed);
  free(save);
  free(best);
  return rows ? rows : -1;
}

void lo_outlab_anchor(lctx *L, const lo_outlab *v, int n, int k, double left,
                      double right) {
  double lroom = v[k].x - left, rroom = right - (v[k].x + v[k].w);
  for (int j = 0; j < n; j++) {
    if (j == k || v[j].row != v[k].row)
      continue;
    if (v[j].x < v[k].x)
      lroom = fmin(lroom, v[k].x - (v[j].x + v[j].w));
    else
      rroom = fmin(rroom, v[j].x - (v[k].x + v[k].w));
  }
  dg_op_text *t = &L->pg->ops[L->pg->nops - 1].text;
  t->box_x = L->pg->ops[L->pg->nops - 1].x;
  t->box_w = t->w;
  t->align = lroom > rroom ? AL_RIGHT : AL_LEFT;
}

void lo_label_centred(lctx *L) {
  dg_op *o = &L->pg->ops[L->pg->nops - 1];
  o->text.box_x = o->x;
  o->text.box_w = o->text.w;
  o->text.align = AL_CENTER;
}
