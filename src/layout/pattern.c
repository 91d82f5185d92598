/* pattern: the marks that tell a chart's series apart without colour —
 * each pattern's tile, and each series' colour, pattern and ink. The
 * renderers draw the tiles (PDF tiling patterns, Cairo surface patterns,
 * SVG <pattern>s, DrawingML preset patterns) but decide none of them. */
#include "layout/box.h"

/* Sparse enough (a quarter of the tile inked or less) that the series'
 * colour still reads, dense enough that a 10 pt legend key shows two
 * marks; lines at least 0.7 pt, one pixel at 72 dpi. */
static const dg_tile tiles[DG_PAT_COUNT] = {
    [DG_PAT_SOLID] = {6, 0, 0, 0, 0, {{0}}, {{0}}},
    [DG_PAT_UP] = {6, 1.1, 0, 3,
                   0, {{0, 6, 6, 0}, {-3, 3, 3, -3}, {3, 9, 9, 3}}, {{0}}},
    [DG_PAT_DOTS] = {5, 0, 0.9, 0, 2, {{0}}, {{1.25, 1.25}, {3.75, 3.75}}},
    [DG_PAT_DOWN] = {6, 1.1, 0, 3,
                     0, {{0, 0, 6, 6}, {3, -3, 9, 3}, {-3, 3, 3, 9}}, {{0}}},
    [DG_PAT_GRID] = {5, 0.7, 0, 2, 0, {{0, 2.5, 5, 2.5}, {2.5, 0, 2.5, 5}},
                     {{0}}},
    [DG_PAT_HORIZONTAL] = {5, 1.2, 0, 1, 0, {{0, 2.5, 5, 2.5}}, {{0}}},
    [DG_PAT_CROSS] = {6, 0.8, 0, 6, 0,
                      {{0, 6, 6, 0},
                       {-3, 3, 3, -3},
                       {3, 9, 9, 3},
                       {0, 0, 6, 6},
                       {3, -3, 9, 3},
                       {-3, 3, 3, 9}},
                      {{0}}},
    [DG_PAT_VERTICAL] = {5, 1.2, 0, 1, 0, {{2.5, 0, 2.5, 5}}, {{0}}},
};

const dg_tile *dg_pattern_tile(dg_pattern p) {
  return &tiles[p >= 0 && p < DG_PAT_COUNT ? p : DG_PAT_SOLID];
}

void dg_series_look(const dg_theme *th, int s, uint32_t *fill,
                    dg_pattern *pattern, uint32_t *ink) {
  *fill = th->series[s % (th->nseries > 0 ? th->nseries : 1)];
  *pattern = th->npatterns > 0 ? th->patterns[s % th->npatterns]
                               : DG_PAT_SOLID;
  *ink = lo_on(*fill);
}
