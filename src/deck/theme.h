/* theme: page size, margins, palette, fonts and sizes per text role, title
 * bar, lead box and slide-number place. Read from the theme file (validated
 * by the same schema as decks); anything it leaves out has a default. */
#ifndef DG_THEME_H
#define DG_THEME_H

#include <stdint.h>

#include "deck/parse.h"
#include "base/util.h"

typedef enum {
  DG_ROLE_TITLE,
  DG_ROLE_LEAD,
  DG_ROLE_BODY,
  DG_ROLE_HEADING, /* chart headings on two-chart slides */
  DG_ROLE_LABEL,   /* category labels and value labels */
  DG_ROLE_TICK,    /* axis ticks and axis titles */
  DG_ROLE_LEGEND,
  DG_ROLE_NOTE,
  DG_ROLE_SOURCE,
  DG_ROLE_NUMBER, /* slide number */
  DG_ROLE_KEYFIG, /* large key figures */
  DG_ROLE_TABLE,
  DG_ROLE_COUNT
} dg_role_id;

typedef struct dg_role {
  double size_pt;
  int bold;
  uint32_t color; /* 0xRRGGBB */
  double leading; /* line pitch as a multiple of size */
} dg_role;

#define DG_MAX_SERIES 10

/* What tells a series apart besides its colour (WCAG 1.4.1): grey print,
 * forced colours and readers of close hues still see it. Drawn over the
 * series colour in a contrasting ink; layout/pattern.c has their tiles. */
typedef enum {
  DG_PAT_SOLID,     /* no pattern: the colour alone */
  DG_PAT_UP,        /* hatching rising to the right */
  DG_PAT_DOTS,      /* staggered dots */
  DG_PAT_DOWN,      /* hatching falling to the right */
  DG_PAT_GRID,      /* horizontal and vertical lines */
  DG_PAT_HORIZONTAL,
  DG_PAT_CROSS,     /* both diagonals */
  DG_PAT_VERTICAL,
  DG_PAT_COUNT
} dg_pattern;

typedef struct dg_theme {
  double page_w_pt, page_h_pt;
  double margin_x_pt, margin_top_pt, margin_bottom_pt;
  double gap_pt; /* vertical space between blocks */
  const char *font_family;
  double min_size_pt; /* text never shrinks below this */
  dg_role roles[DG_ROLE_COUNT];
  uint32_t accent, background, text, muted, grid, axis;
  uint32_t lead_fill, lead_stroke, table_head_fill, table_rule;
  double rule_width_pt, title_h_pt, lead_pad_pt;
  uint32_t series[DG_MAX_SERIES];
  int nseries;
  /* series in order (survey years): a ramp from seq_light (the first) to
   * seq_dark (the last); a highlighted category's fill */
  uint32_t seq_light, seq_dark, highlight;
  /* series s is drawn in series[s % nseries] (or its step of the ramp, or
   * highlight) with patterns[s % npatterns], the pattern by index whatever
   * the colour */
  dg_pattern patterns[DG_MAX_SERIES];
  int npatterns;
} dg_theme;

/* The colour of series s of n: the categorical palette, or the sequential
 * ramp when the series are ordered. */
uint32_t dg_theme_series_color(const dg_theme *t, int s, int n,
                               int sequential);

/* Fills t with the built-in defaults. */
void dg_theme_defaults(dg_theme *t);
/* Applies a <theme> element (or a slide's <style> overrides) on top of t.
 * Returns 0 or -1 after reporting errors at the element's line. */
int dg_theme_apply(dg_ctx *ctx, dg_arena *a, dg_theme *t, const dg_node *n);
/* Role id for a name ("title", "lead", ...) or -1. */
int dg_role_by_name(const char *name);
/* A pattern's name in the theme file ("solid", "up-diagonal", ...); and
 * the pattern of a name, or -1. */
const char *dg_pattern_name(dg_pattern p);
int dg_pattern_by_name(const char *name);

#endif
