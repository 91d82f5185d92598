/* pattern: the marks that tell a chart's series apart without colour —
 * each pattern's tile, and each series' colour, pattern and ink. The
 * renderers draw the tiles (PDF tiling patterns, Cairo surface patterns,
 * SVG <pattern>s, DrawingML preset patterns) but decide none of them. */
#include "layout/layout.h"

#include <math.h>

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

static double lum(uint32_t c) {
  double ch[3] = {((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                  (c & 255) / 255.0};
  for (int i = 0; i < 3; i++)
    ch[i] =
        ch[i] <= 0.03928 ? ch[i] / 12.92 : pow((ch[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

/* The deck's text colour (#1A1A1A) or white; black where neither reaches
 * 4.6:1, a margin over WCAG's 4.5:1 (#1A1A1A on #D55E00 is 4.50:1). */
uint32_t dg_on_colour(uint32_t fill) {
  double l = lum(fill);
  double white = 1.05 / (l + 0.05), black = (l + 0.05) / 0.05;
  if (white >= black)
    return 0xFFFFFF;
  return (l + 0.05) / (lum(0x1A1A1A) + 0.05) >= 4.6 ? 0x1A1A1A : 0x000000;
}

const dg_tile *dg_pattern_tile(dg_pattern p) {
  return &tiles[p >= 0 && p < DG_PAT_COUNT ? p : DG_PAT_SOLID];
}

void dg_series_look(const dg_theme *th, int s, uint32_t fill,
                    dg_pattern *pattern, uint32_t *ink) {
  *pattern = th->npatterns > 0 ? th->patterns[s % th->npatterns]
                               : DG_PAT_SOLID;
  *ink = dg_on_colour(fill);
}

dg_marker dg_series_marker(int s) { return (dg_marker)(s % DG_MARK_COUNT); }
