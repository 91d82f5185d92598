/* layout_int: what the layout stage's files share above box.c: the
 * chart engine (chart.c and the chart types above it, chart_narrow.c,
 * chart_label.c) and the tables and key figures (table.c) that layout.c
 * calls. Internal. */
#ifndef DG_LAYOUT_INT_H
#define DG_LAYOUT_INT_H

#include "layout/box.h"

/* A segment's value label placed outside its bar (layout/chart_label.c). */
typedef struct lo_outlab {
  const char *t;
  double cx; /* in: the segment's centre (x) */
  double w;  /* in: the label's width */
  double x;  /* out: the label's left end */
  double lx; /* out: where the leader meets the label (x) */
  int row;   /* out: 0 nearest the bar */
} lo_outlab;

/* Places n labels above their bar within [left, right], in at most
 * max_rows rows row_h apart, the first gap above the bar, each box_h high;
 * no two overlap, no leader (from (cx, bar top) to (lx, its row's bottom))
 * crosses another leader or another label or comes near one where it ends,
 * none leans flatter than 1 in 8, none is left out. Returns the number of
 * rows used, or -1 if max_rows are not enough (nothing placed). */
int lo_place_outside(lo_outlab *v, int n, double left, double right,
                     double row_h, double gap, double box_h, int max_rows);

/* Label k of v, placed by lo_place_outside in [left, right] and just
 * emitted (the page's last op): the side it is anchored at, its box as
 * wide as itself, so that a renderer whose text grows under the reader's
 * spacing (HTML) widens it towards the larger room in its row, away from
 * the nearer neighbour. */
void lo_outlab_anchor(lctx *L, const lo_outlab *v, int n, int k, double left,
                      double right);

/* The page's last op, a label centred in its segment: centred in a box as
 * wide as itself, so that it grows both ways under the reader's spacing
 * (HTML), staying inside its segment as long as it can. */
void lo_label_centred(lctx *L);

/* chart.c: the frame every chart type shares */
uint32_t lo_ser_col(const lctx *L, const dg_chart *c, int s);
/* opens the figure group of chart c, whose BEGIN op carries f, with the
 * chart's data in one sentence for screen readers (f->desc) */
void lo_chart_begin(lctx *L, const dg_chart *c, dg_figure *f, double x,
                    double y, double w, double h);
/* records the plot, or the legend box, of figure f (see dg_figure) */
void lo_chart_plot(dg_figure *f, double px, double py, double pw, double ph,
                   double axis_max, double axis_step, double bar_frac);
void lo_chart_legend(dg_figure *f, double x, double y, double w, double h);
/* the heading above a chart (two-chart slides): the height used, or -1
 * after reporting */
double lo_chart_heading(lctx *L, const dg_chart *c, double x, double y,
                        double w);
/* the heading, then for several series the legend in a row (its box
 * recorded in f): where the rest starts in *top; -1 after reporting */
int lo_chart_head(lctx *L, const dg_chart *c, dg_figure *f, double x, double y,
                  double w, double *top);
/* the series' swatches and names in rows within w from (x, y): the y
 * below them */
double lo_legend_row(lctx *L, const dg_chart *c, double x, double y, double w);
/* all category labels fitted at one common size into (w, row_h) */
int lo_fit_labels(lctx *L, const dg_chart *c, double w, double row_h,
                  tblock *out);
/* segment edges on whole points from exact lengths (nser + 1 edges); with
 * fit, the rounding excess taken from the widest segment */
void lo_seg_edges(const double *len, int nser, double x0, int fit,
                  double *edge);
/* a round axis step for max in about target steps, and a tick's text */
double lo_nice_step(double max, int target);
const char *lo_fmt_tick(lctx *L, double v);

/* chart_bar.c, chart_stacked.c, chart_pie.c: horizontal bars, 100% bars
 * and doughnuts; chart_xy.c: charts over a vertical value axis, categories
 * along x. Each lays chart c out into figure f; -1 after reporting. */
int lo_bar_chart(lctx *L, const dg_chart *c, dg_figure *f, double x, double y,
                 double w, double h);
int lo_stacked_chart(lctx *L, const dg_chart *c, dg_figure *f, double x,
                     double y, double w, double h);
int lo_pie_chart(lctx *L, const dg_chart *c, dg_figure *f, double x, double y,
                 double w, double h);
int lo_column_chart(lctx *L, const dg_chart *c, dg_figure *f, double x,
                    double y, double w, double h);
int lo_line_chart(lctx *L, const dg_chart *c, dg_figure *f, double x, double y,
                  double w, double h);

/* chart_type.c: any chart, by its type, and again for the narrow column */
int lo_chart(lctx *L, const dg_chart *c, double x, double y, double w,
             double h);
/* chart_narrow.c: lays chart c out again for the reflow column and hangs
 * the result on its figure f (f->reflow). */
void lo_chart_narrow(lctx *L, const dg_chart *c, dg_figure *f);

int lo_table(lctx *L, const dg_tablek *t, double x, double y, double w,
             double h);
int lo_figures(lctx *L, const dg_keyfig *f, int n, double x, double y, double w,
               double h);

#endif
