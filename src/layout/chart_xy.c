/* chartxy: charts over a vertical value axis with the categories along x
 * (survey years, groups): columns (single, grouped, stacked, 100%) and
 * lines with markers. Both share the frame — heading, legend, ticks on
 * the left, category labels under the plot, the reference line and the
 * highlighted category — and place every value label where it overlaps no
 * other label and no marker, or stop naming what to change. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout_int.h"

/* A text box for the placement checks (pt, y down). */
typedef struct xbox {
  double x0, y0, x1, y1;
} xbox;

static int meet(xbox a, xbox b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/* The frame both chart kinds share, computed before anything is drawn. */
typedef struct frame {
  double x0, x1;       /* the plot's left and right */
  double top, bot;     /* the plot's top (the axis maximum) and bottom (0) */
  double amax, step;   /* the value axis */
  double pitch;        /* one category's width */
  double lab_size;     /* category labels' common size */
  tblock *labs;        /* category labels, broken */
  double fs;           /* value labels' size */
  double vasc, vdesc;  /* their extents */
  double right_w;      /* room right of the plot (reference, last labels) */
  double *gap;         /* value labels the reference line passes: x0, x1 */
  int ngap;
} frame;

/* A highlighted category's band: the highlight colour, mostly white. */
static uint32_t tint(uint32_t c) {
  uint32_t r = 0;
  for (int sh = 16; sh >= 0; sh -= 8) {
    double v = (c >> sh) & 255;
    r |= (uint32_t)lround(255 - (255 - v) * 0.18) << sh;
  }
  return r;
}

static double value_y(const frame *F, double v) {
  return F->bot - (F->bot - F->top) * v / F->amax;
}

/* The widest value label at size fs. */
static double widest(lctx *L, const char **t, int n, double fs) {
  double w = 0;
  for (int i = 0; i < n; i++)
    if (t[i])
      w = fmax(w, dg_text_width(L->tx, t[i], fs, 0));
  return w;
}

/* The largest size from the label role's down to the theme's minimum at
 * which every text of t is at most room wide; -1 if none. */
static double fit_size(lctx *L, const char **t, int n, double room) {
  const dg_role *lr = &L->th->roles[DG_ROLE_LABEL];
  for (double fs = lr->size_pt; fs >= L->th->min_size_pt - 1e-9; fs -= 0.5)
    if (widest(L, t, n, fs) <= room)
      return fs;
  return -1;
}

/* Lays out the frame: heading, legend, axis title, the value axis from 0
 * to the largest value (or 100% / axis-max), category labels fitted to
 * their pitch in at most two lines. vals/nval: what the axis must hold;
 * right: room kept right of the plot. Draws nothing but the heading and
 * legend; returns 0 or -1 after reporting. */
static int frame_of(lctx *L, const dg_chart *c, dg_figure *fig, double x,
                    double y, double w, double h, double vmax, double right,
                    frame *F) {
  const dg_theme *th = L->th;
  const dg_role *lr = &th->roles[DG_ROLE_LABEL], *kr = &th->roles[DG_ROLE_TICK];
  double top;
  if (lo_chart_head(L, c, fig, x, y, w, &top))
    return -1;
  double kasc, kdesc;
  dg_text_metrics(L->tx, kr->size_pt, 0, &kasc, &kdesc);
  if (c->axis_title) {
    lo_text(L, c->axis_title, x, top + kasc, kr->size_pt, 0, kr->color);
    top += kasc + kdesc + 4;
  }
  if (c->axis_max > 0 && vmax > c->axis_max + 1e-9 && !c->percent) {
    /* a point or column off the plot would misstate its value */
    dg_error(L->ctx, L->s->pos,
             "slide %d: chart \"%s\" has a value of %g, above its "
             "axis-max=\"%g\" (raise axis-max or leave it out)",
             L->s->number, c->alt ? c->alt : "", vmax, c->axis_max);
    return -1;
  }
  /* the axis: round steps, about one per 40 pt */
  if (c->percent) {
    F->amax = 100;
    F->step = 20;
  } else {
    double m = c->axis_max > 0 ? c->axis_max : vmax;
    int target = (int)fmin(8, fmax(2, (y + h - top) / 48));
    F->step = lo_nice_step(m, target);
    F->amax = c->axis_max > 0 ? c->axis_max
                              : fmax(F->step, ceil(m / F->step - 1e-9) * F->step);
  }
  double tw = 0;
  for (double t = 0; t <= F->amax + 1e-9; t += F->step) {
    const char *ts = lo_fmt_tick(L, t);
    if (c->percent)
      ts = dg_printf(L->a, "%s%%", ts);
    tw = fmax(tw, dg_text_width(L->tx, ts, kr->size_pt, 0));
  }
  F->right_w = right;
  F->gap = dg_alloc_array(L->a, (size_t)(2 * (c->ncat + 1) * (c->nser + 1)),
                          sizeof(double));
  F->ngap = 0;
  F->x0 = x + tw + 8;
  F->x1 = x + w - right;
  F->pitch = (F->x1 - F->x0) / c->ncat;
  /* category labels: one size for all, at most two lines each */
  F->labs = dg_alloc_array(L->a, (size_t)c->ncat, sizeof(tblock));
  double lab_h = 0;
  F->lab_size = -1;
  for (double size = lr->size_pt; size >= th->min_size_pt - 1e-9;
       size -= 0.5) {
    int ok = 1;
    lab_h = 0;
    for (int i = 0; i < c->ncat && ok; i++) {
      int bold = lr->bold || i == c->highlight;
      ok = lo_break_balanced(L, c->cat[i], size, bold, lr->leading,
                             F->pitch - 4, &F->labs[i]) &&
           F->labs[i].n <= 2;
      F->labs[i].color = lr->color;
      lab_h = fmax(lab_h, lo_height(&F->labs[i]));
    }
    if (ok) {
      F->lab_size = size;
      break;
    }
  }
  if (F->lab_size < 0) {
    dg_error(L->ctx, L->s->pos,
             "slide %d: the category labels of chart \"%s\" do not fit "
             "under its %d categories (%.0f pt each, two lines at the "
             "theme's minimum size of %g pt): make the chart wider, chart "
             "fewer categories (where=), or use type=\"bar\"",
             L->s->number, c->alt ? c->alt : "", c->ncat, F->pitch,
             th->min_size_pt);
    return -1;
  }
  /* room above the highest value for its label */
  dg_text_metrics(L->tx, lr->size_pt, 0, &F->vasc, &F->vdesc);
  F->top = top + F->vasc + F->vdesc + 8;
  F->bot = y + h - lab_h - 6;
  if (F->bot - F->top < 40) {
    dg_error(L->ctx, L->s->pos,
             "slide %d: chart \"%s\" has %.0f pt for its plot, less than "
             "40 pt: give it more height (fewer blocks on the slide, or a "
             "shorter lead)",
             L->s->number, c->alt ? c->alt : "", F->bot - F->top);
    return -1;
  }
  return 0;
}

/* Grid, ticks, the axis line, category labels and the highlighted
 * category's band. */
static void draw_frame(lctx *L, const dg_chart *c, const frame *F) {
  const dg_theme *th = L->th;
  const dg_role *kr = &th->roles[DG_ROLE_TICK];
  double kasc, kdesc;
  dg_text_metrics(L->tx, kr->size_pt, 0, &kasc, &kdesc);
  if (c->highlight >= 0)
    lo_rect(L, F->x0 + F->pitch * c->highlight + 1, F->top,
            F->pitch - 2, F->bot - F->top, tint(th->highlight));
  for (double t = 0; t <= F->amax + 1e-9; t += F->step) {
    double ty = value_y(F, t);
    if (t > 0)
      lo_line(L, F->x0, ty, F->x1, ty, th->grid, 0.6);
    const char *ts = lo_fmt_tick(L, t);
    if (c->percent)
      ts = dg_printf(L->a, "%s%%", ts);
    double tw = dg_text_width(L->tx, ts, kr->size_pt, 0);
    lo_text(L, ts, F->x0 - 6 - tw, ty + (kasc - kdesc) / 2, kr->size_pt, 0,
            kr->color);
  }
  lo_line(L, F->x0, F->bot, F->x1, F->bot, th->axis, 1);
  for (int i = 0; i < c->ncat; i++)
    lo_emit(L, &F->labs[i], F->x0 + F->pitch * i + 2, F->pitch - 4,
            F->bot + 5, AL_CENTER);
}

/* Once the value labels' size F->fs is known: their metrics into F, the
 * sizes into fig, the frame drawn and the plot area recorded (bar_frac:
 * the share of a category's pitch its bars take, 0 without bars). */
static void plot_frame(lctx *L, const dg_chart *c, dg_figure *fig, frame *F,
                       double bar_frac) {
  dg_text_metrics(L->tx, F->fs, 0, &F->vasc, &F->vdesc);
  fig->val_pt = F->fs;
  fig->cat_pt = F->lab_size;
  draw_frame(L, c, F);
  lo_chart_plot(fig, F->x0, F->top, F->x1 - F->x0, F->bot - F->top, F->amax,
                F->step, bar_frac);
}

/* The reference line across the plot, over the bars and lines and broken
 * where a value label stands on it, so it never strikes a figure out. */
static void draw_reference_line(lctx *L, const dg_chart *c, frame *F,
                                dg_figure *fig) {
  if (!c->has_ref)
    return;
  double ry = round(value_y(F, c->ref));
  for (int a = 1; a < F->ngap; a++) /* by their left ends (few) */
    for (int b = a; b > 0 && F->gap[2 * b] < F->gap[2 * b - 2]; b--)
      for (int k = 0; k < 2; k++) {
        double t = F->gap[2 * b + k];
        F->gap[2 * b + k] = F->gap[2 * b - 2 + k];
        F->gap[2 * b - 2 + k] = t;
      }
  double x = F->x0;
  for (int g = 0; g <= F->ngap; g++) {
    double end = g < F->ngap ? F->gap[2 * g] : F->x1;
    if (end > x)
      lo_rect(L, x, ry - 1, end - x, 2, L->th->text);
    if (g < F->ngap)
      x = fmax(x, F->gap[2 * g + 1]);
  }
  fig->rx0 = F->x0;
  fig->rx1 = F->x1;
  fig->ry0 = fig->ry1 = ry;
}

/* The reference's label right of the plot, at baseline label_base. */
static void draw_reference(lctx *L, const dg_chart *c, const frame *F,
                           double label_base) {
  if (c->has_ref)
    lo_text(L, c->ref_text, F->x1 + 6, label_base, F->fs, 0,
            L->th->roles[DG_ROLE_LABEL].color);
}

/* A value label at (x, base); where the reference line would run through
 * it, the line leaves it a gap. */
static void value_text(lctx *L, const dg_chart *c, frame *F, const char *t,
                       double x, double base, uint32_t color) {
  if (c->has_ref) {
    double ry = round(value_y(F, c->ref)), tw = dg_text_width(L->tx, t, F->fs, 0);
    if (ry + 1 > base - F->vasc - 1 && ry - 1 < base + F->vdesc + 1) {
      F->gap[2 * F->ngap] = x - 2;
      F->gap[2 * F->ngap + 1] = x + tw + 2;
      F->ngap++;
    }
  }
  lo_text(L, t, x, base, F->fs, 0, color);
}

/* The reference label's baseline, centred on its line. */
static double ref_base(const frame *F, const dg_chart *c) {
  return value_y(F, c->ref) + (F->vasc - F->vdesc) / 2;
}

/* ---------- columns ---------- */

int lo_column_chart(lctx *L, const dg_chart *c, dg_figure *fig, double x,
                    double y, double w, double h) {
  const dg_theme *th = L->th;
  const dg_role *lr = &th->roles[DG_ROLE_LABEL];
  int n = c->ncat, ns = c->nser, stacked = ns > 1 && (c->stack || c->percent);
  lo_chart_begin(L, c, fig, x, y, w, h);
  /* what each point's label says, and the stack totals */
  const char **t = dg_alloc_array(L->a, (size_t)(n * ns), sizeof(char *));
  const char **tot = dg_alloc_array(L->a, (size_t)n, sizeof(char *));
  double vmax = c->has_ref ? c->ref : 0;
  for (int i = 0; i < n; i++) {
    double sum = 0;
    for (int s = 0; s < ns; s++) {
      int k = i * ns + s;
      t[k] = c->percent ? c->pct_text[k] : c->val_text[k];
      sum += c->val[k];
      if (!stacked)
        vmax = fmax(vmax, c->val[k]);
    }
    if (stacked)
      vmax = fmax(vmax, sum);
    if (c->tot_text && stacked && !c->percent)
      tot[i] = c->tot_text[i];
  }
  double right =
      c->has_ref ? dg_text_width(L->tx, c->ref_text, lr->size_pt, 0) + 10 : 4;
  frame F;
  if (frame_of(L, c, fig, x, y, w, h, vmax, right, &F))
    return -1;
  /* bars: 62% of the pitch (at most 56 pt a series); a group of bars side
   * by side takes 80%, its values over bars that touch */
  int grouped = ns > 1 && !stacked;
  double bw = fmin(F.pitch * (grouped ? 0.8 : 0.62), 56.0 * (stacked ? 1 : ns));
  double sw = stacked ? bw : bw / ns;
  /* a value over its bar: as wide as its bar (grouped) or its category,
   * the size shrinking to the theme's minimum */
  double slot = grouped ? sw - 2 : F.pitch - 4;
  F.fs = stacked ? fit_size(L, tot, n, slot) : fit_size(L, t, n * ns, slot);
  if (F.fs < 0) {
    dg_error(L->ctx, L->s->pos,
             "slide %d: the value labels of chart \"%s\" do not fit over its "
             "columns (%.0f pt each at the theme's minimum size of %g pt): "
             "make the chart wider, chart fewer categories or series, or use "
             "type=\"bar\"",
             L->s->number, c->alt ? c->alt : "", slot, th->min_size_pt);
    return -1;
  }
  plot_frame(L, c, fig, &F, bw / F.pitch);
  double asc = F.vasc, desc = F.vdesc;
  for (int i = 0; i < n; i++) {
    double cx = F.x0 + F.pitch * (i + 0.5), base = F.bot;
    double sum = 0;
    for (int s = 0; s < ns; s++)
      sum += c->val[i * ns + s];
    /* segments too small for their label: listed right of the column,
     * from the bottom up, never over one another */
    double side_y = F.bot + 1e9;
    for (int s = 0; s < ns; s++) {
      int k = i * ns + s;
      double v = c->percent ? (sum > 0 ? 100 * c->val[k] / sum : 0) : c->val[k];
      double len = (F.bot - F.top) * v / F.amax;
      uint32_t col = ns == 1 && i == c->highlight ? th->highlight
                                                  : lo_ser_col(L, c, s);
      double bx = stacked ? cx - bw / 2 : cx - bw / 2 + s * sw;
      double by = base - len;
      if (len > 0)
        lo_series_rect(L, bx, by, sw, len, s, col);
      double tw = dg_text_width(L->tx, t[k], F.fs, 0);
      if (!stacked) {
        /* above its bar, centred */
        value_text(L, c, &F, t[k], bx + sw / 2 - tw / 2, by - 4 - desc,
                   lr->color);
        continue;
      }
      if (len > 0 && s > 0 && len >= 3) /* a white seam between segments */
        lo_rect(L, bx, base - 0.5, sw, 1, 0xFFFFFF);
      /* over a pattern the label's chip (3 pt a side) stays inside */
      dg_pattern pat;
      uint32_t ink;
      dg_series_look(th, s, col, &pat, &ink);
      double pad = pat == DG_PAT_SOLID ? 4 : 6;
      if (v > 0 && tw + pad <= sw && asc + desc + 2 <= len)
        lo_series_label(L, s, col, t[k], cx - tw / 2,
                        by + len / 2 + (asc - desc) / 2, F.fs, 0);
      else if (v > 0) {
        /* beside the column, level with its segment where the previous
         * one leaves room */
        double b = fmin(by + len / 2 + (asc - desc) / 2, side_y - desc - 1);
        double lx = cx + bw / 2 + 3;
        if (lx + tw > F.x0 + F.pitch * (i + 1) + (i == n - 1 ? F.right_w : 0)) {
          dg_error(L->ctx, L->s->pos,
                   "slide %d: the value %s of \"%s\" in chart \"%s\" fits "
                   "neither inside its segment nor beside its column: make "
                   "the chart wider or chart fewer categories",
                   L->s->number, t[k], c->cat[i], c->alt ? c->alt : "");
          return -1;
        }
        value_text(L, c, &F, t[k], lx, b, lr->color);
        side_y = b - asc;
      }
      base = by;
    }
    if (stacked && tot[i]) {
      double tw = dg_text_width(L->tx, tot[i], F.fs, 0);
      value_text(L, c, &F, tot[i], cx - tw / 2, base - 4 - desc, lr->color);
    }
  }
  draw_reference_line(L, c, &F, fig);
  draw_reference(L, c, &F, ref_base(&F, c));
  lo_end(L);
  return 0;
}

/* ---------- lines ---------- */

/* Does the segment from (ax, ay) to (bx, by) pass through box b? */
static int seg_hits(double ax, double ay, double bx, double by, xbox b) {
  double lo = fmax(fmin(ax, bx), b.x0), hi = fmin(fmax(ax, bx), b.x1);
  if (lo > hi || bx == ax)
    return 0;
  double y0 = ay + (by - ay) * (lo - ax) / (bx - ax);
  double y1 = ay + (by - ay) * (hi - ax) / (bx - ax);
  return fmax(y0, y1) > b.y0 && fmin(y0, y1) < b.y1;
}

int lo_line_chart(lctx *L, const dg_chart *c, dg_figure *fig, double x,
                  double y, double w, double h) {
  const dg_theme *th = L->th;
  const dg_role *lr = &th->roles[DG_ROLE_LABEL];
  int n = c->ncat, ns = c->nser;
  lo_chart_begin(L, c, fig, x, y, w, h);
  double vmax = c->has_ref ? c->ref : 0;
  for (int k = 0; k < n * ns; k++)
    vmax = fmax(vmax, c->val[k]);
  /* which points are labelled, and the room right of the plot for the
   * last points' labels and the reference's */
  const char **last = dg_alloc_array(L->a, (size_t)ns + 1, sizeof(char *));
  for (int s = 0; s < ns; s++)
    last[s] = c->val_text[(n - 1) * ns + s];
  last[ns] = c->has_ref ? c->ref_text : NULL;
  double right = 4;
  if (c->labels == DG_LAB_LAST || c->has_ref)
    right = widest(L, c->labels == DG_LAB_LAST ? last : last + ns,
                   c->labels == DG_LAB_LAST ? ns + 1 : 1, lr->size_pt) +
            12;
  frame F;
  if (frame_of(L, c, fig, x, y, w, h, vmax, right, &F))
    return -1;
  /* a value label is at most a category wide, so labels of neighbouring
   * categories never meet */
  F.fs = lr->size_pt;
  if (c->labels == DG_LAB_ALL) {
    F.fs = fit_size(L, c->val_text, n * ns, F.pitch - 4);
    if (F.fs < 0) {
      dg_error(L->ctx, L->s->pos,
               "slide %d: the value labels of line chart \"%s\" do not fit "
               "its %d categories (%.0f pt each at the theme's minimum size "
               "of %g pt): use labels=\"last\", make the chart wider, or "
               "chart fewer categories",
               L->s->number, c->alt ? c->alt : "", n, F.pitch,
               th->min_size_pt);
      return -1;
    }
  }
  plot_frame(L, c, fig, &F, 0);
  double asc = F.vasc, desc = F.vdesc;
  double *px = dg_alloc_array(L->a, (size_t)n, sizeof(double));
  double *py = dg_alloc_array(L->a, (size_t)(n * ns), sizeof(double));
  for (int i = 0; i < n; i++) {
    px[i] = round(F.x0 + F.pitch * (i + 0.5));
    for (int s = 0; s < ns; s++)
      py[i * ns + s] = value_y(&F, c->val[i * ns + s]);
  }
  double mk = 7; /* a marker: the series' shape in its colour */
  for (int s = 0; s < ns; s++) {
    uint32_t col = lo_ser_col(L, c, s);
    for (int i = 0; i + 1 < n; i++)
      lo_line(L, px[i], py[i * ns + s], px[i + 1], py[(i + 1) * ns + s], col,
              2.25);
    for (int i = 0; i < n; i++)
      lo_series_marker(L, px[i], py[i * ns + s], mk, s, col);
  }
  double th_ = asc + desc;
  if (c->labels == DG_LAB_ALL) {
    /* per category: each label above or below its point, the nearest
     * place that meets no other label and no marker, preferring one that
     * no line crosses */
    xbox *placed = dg_alloc_array(L->a, (size_t)ns, sizeof(xbox));
    for (int i = 0; i < n; i++) {
      int np = 0;
      for (int s = 0; s < ns; s++) {
        int k = i * ns + s;
        const char *t = c->val_text[k];
        double tw = dg_text_width(L->tx, t, F.fs, 0);
        xbox best = {0};
        int found = 0;
        for (int pass = 0; pass < 2 && !found; pass++)
          for (int step = 0; step < 24 && !found; step++) {
            double off = mk / 2 + 3 + (step / 2) * (th_ / 2);
            double top = step % 2 == 0 ? py[k] - off - th_ : py[k] + off;
            xbox b = {px[i] - tw / 2, top, px[i] + tw / 2, top + th_};
            if (b.y0 < F.top - th_ - 6 || b.y1 > F.bot - 1)
              continue;
            int bad = 0;
            for (int q = 0; q < np && !bad; q++)
              bad = meet(b, placed[q]);
            for (int s2 = 0; s2 < ns && !bad; s2++) {
              double my = py[i * ns + s2];
              xbox m = {px[i] - mk / 2 - 1, my - mk / 2 - 1, px[i] + mk / 2 + 1,
                        my + mk / 2 + 1};
              bad = meet(b, m);
              if (!bad && pass == 0) { /* lines through it */
                if (i > 0)
                  bad = seg_hits(px[i - 1], py[(i - 1) * ns + s2], px[i], my, b);
                if (!bad && i + 1 < n)
                  bad = seg_hits(px[i], my, px[i + 1], py[(i + 1) * ns + s2], b);
              }
            }
            if (!bad) {
              best = b;
              found = 1;
            }
          }
        if (!found) {
          double lo = py[i * ns], hi = lo;
          for (int s2 = 1; s2 < ns; s2++) {
            lo = fmin(lo, py[i * ns + s2]);
            hi = fmax(hi, py[i * ns + s2]);
          }
          dg_error(L->ctx, L->s->pos,
                   "slide %d: the value labels of line chart \"%s\" at \"%s\" "
                   "cannot all be placed without overlapping (%d points "
                   "within %.0f pt of one another): use labels=\"last\", "
                   "chart fewer series, or give the chart more height",
                   L->s->number, c->alt ? c->alt : "", c->cat[i], ns,
                   hi - lo);
          return -1;
        }
        placed[np++] = best;
        value_text(L, c, &F, t, best.x0, best.y0 + asc, lr->color);
      }
    }
  }
  draw_reference_line(L, c, &F, fig);
  /* right of the plot: the last points' values (labels="last") and the
   * reference's label, each level with its point, pushed apart evenly */
  int nr = 0;
  double *ry = dg_alloc_array(L->a, (size_t)ns + 1, sizeof(double));
  const char **rt = dg_alloc_array(L->a, (size_t)ns + 1, sizeof(char *));
  if (c->labels == DG_LAB_LAST)
    for (int s = 0; s < ns; s++) {
      ry[nr] = py[(n - 1) * ns + s];
      rt[nr++] = last[s];
    }
  if (c->has_ref) {
    ry[nr] = value_y(&F, c->ref);
    rt[nr++] = c->ref_text;
  }
  int *ord = dg_alloc_array(L->a, (size_t)nr + 1, sizeof(int));
  for (int k = 0; k < nr; k++)
    ord[k] = k;
  for (int a = 1; a < nr; a++) /* by height, insertion sort (few) */
    for (int b = a; b > 0 && ry[ord[b]] < ry[ord[b - 1]]; b--) {
      int tmp = ord[b];
      ord[b] = ord[b - 1];
      ord[b - 1] = tmp;
    }
  double *top = dg_alloc_array(L->a, (size_t)nr + 1, sizeof(double));
  for (int k = 0; k < nr; k++) {
    top[k] = ry[ord[k]] - th_ / 2;
    if (k > 0 && top[k] < top[k - 1] + th_ + 1)
      top[k] = top[k - 1] + th_ + 1;
  }
  double over = nr ? top[nr - 1] + th_ - F.bot : 0;
  for (int k = nr - 1; k >= 0 && over > 0; k--) { /* back up from the axis */
    top[k] -= over;
    if (k > 0 && top[k - 1] + th_ + 1 > top[k])
      over = top[k - 1] + th_ + 1 - top[k];
    else
      over = 0;
  }
  if (nr && top[0] < F.top - th_ - 6) {
    dg_error(L->ctx, L->s->pos,
             "slide %d: the labels right of line chart \"%s\" (%d) do not fit "
             "its height: give the chart more height or chart fewer series",
             L->s->number, c->alt ? c->alt : "", nr);
    return -1;
  }
  for (int k = 0; k < nr; k++) {
    int j = ord[k];
    if (c->has_ref && j == nr - 1) {
      draw_reference(L, c, &F, top[k] + asc);
      continue;
    }
    /* a thin leader in the series' colour from the last point */
    lo_line(L, px[n - 1] + mk / 2 + 1, ry[j], F.x1 + 3, top[k] + th_ / 2,
            lo_ser_col(L, c, j), 0.75);
    lo_text(L, rt[j], F.x1 + 6, top[k] + asc, F.fs, 0, lr->color);
  }
  lo_end(L);
  return 0;
}
