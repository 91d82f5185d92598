/* theme: defaults and overrides for the deck's look; consumed by layout.
 * Colours are chosen for colour-vision deficiency (Okabe–Ito based series)
 * and text contrast of at least 4.5:1 on white. */
#include "deck/theme.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *role_names[DG_ROLE_COUNT] = {
    "title",  "lead", "body",   "heading", "label",     "tick",
    "legend", "note", "source", "number",  "keyfigure", "table"};

static const char *pattern_names[DG_PAT_COUNT] = {
    "solid", "up-diagonal", "dots",     "down-diagonal",
    "grid",  "horizontal",  "cross-diagonal", "vertical"};

const char *dg_pattern_name(dg_pattern p) {
  return p >= 0 && p < DG_PAT_COUNT ? pattern_names[p] : "solid";
}

int dg_pattern_by_name(const char *name) {
  for (int i = 0; name && i < DG_PAT_COUNT; i++)
    if (strcmp(pattern_names[i], name) == 0)
      return i;
  return -1;
}

int dg_role_by_name(const char *name) {
  for (int i = 0; i < DG_ROLE_COUNT; i++)
    if (strcmp(role_names[i], name) == 0)
      return i;
  return -1;
}

void dg_theme_defaults(dg_theme *t) {
  memset(t, 0, sizeof *t);
  t->page_w_pt = 960;
  t->page_h_pt = 540;
  t->margin_x_pt = 40;
  t->margin_top_pt = 20;
  t->margin_bottom_pt = 14;
  t->gap_pt = 12;
  t->font_family = "BIZ UDPGothic";
  t->min_size_pt = 8;
  dg_role d[DG_ROLE_COUNT] = {
      [DG_ROLE_TITLE] = {24, 1, 0x1A1A1A, 1.3},
      [DG_ROLE_LEAD] = {16, 0, 0x1A1A1A, 1.55},
      [DG_ROLE_BODY] = {14, 0, 0x1A1A1A, 1.5},
      [DG_ROLE_HEADING] = {14, 1, 0x1A1A1A, 1.3},
      [DG_ROLE_LABEL] = {12, 0, 0x1A1A1A, 1.25},
      [DG_ROLE_TICK] = {11, 0, 0x404040, 1.2},
      [DG_ROLE_LEGEND] = {11, 0, 0x1A1A1A, 1.3},
      [DG_ROLE_NOTE] = {11, 0, 0x404040, 1.35},
      [DG_ROLE_SOURCE] = {10, 0, 0x404040, 1.35},
      [DG_ROLE_NUMBER] = {18, 1, 0x1D4F91, 1.2},
      [DG_ROLE_KEYFIG] = {44, 1, 0x1D4F91, 1.1},
      [DG_ROLE_TABLE] = {12, 0, 0x1A1A1A, 1.4},
  };
  memcpy(t->roles, d, sizeof d);
  t->accent = 0x1D4F91;
  t->background = 0xFFFFFF;
  t->text = 0x1A1A1A;
  t->muted = 0x595959;
  t->grid = 0xD9D9D9;
  t->axis = 0x595959;
  t->lead_fill = 0xF1F5FB;
  t->lead_stroke = 0x1D4F91;
  t->table_head_fill = 0xDCE6F2;
  t->table_rule = 0x8C9DB5;
  t->rule_width_pt = 2.5;
  t->title_h_pt = 56;
  t->lead_pad_pt = 12;
  static const uint32_t s[] = {0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7,
                               0x56B4E9, 0xD55E00, 0xF0E442, 0x999999};
  memcpy(t->series, s, sizeof s);
  t->nseries = 8;
  /* both ends of the ramp keep 3:1 against white (WCAG 1.4.11) */
  t->seq_light = 0x4292C6;
  t->seq_dark = 0x08306B;
  t->highlight = 0xD55E00;
  /* the first series plain; neighbours differ in the direction or kind of
   * their marks, so two adjacent segments never look alike in grey */
  for (int i = 0; i < DG_PAT_COUNT; i++)
    t->patterns[i] = (dg_pattern)i;
  t->npatterns = DG_PAT_COUNT;
}

uint32_t dg_theme_series_color(const dg_theme *t, int s, int n,
                               int sequential) {
  if (!sequential)
    return t->series[s % (t->nseries > 0 ? t->nseries : 1)];
  double f = n > 1 ? (double)s / (n - 1) : 1;
  uint32_t c = 0;
  for (int sh = 16; sh >= 0; sh -= 8) {
    double a = (t->seq_light >> sh) & 255, b = (t->seq_dark >> sh) & 255;
    c |= (uint32_t)lround(a + (b - a) * f) << sh;
  }
  return c;
}

static int parse_color(const char *s, uint32_t *out) {
  if (!s || s[0] != '#' || strlen(s) != 7)
    return -1;
  char *end;
  unsigned long v = strtoul(s + 1, &end, 16);
  if (*end)
    return -1;
  *out = (uint32_t)v;
  return 0;
}

static int num_attr(dg_ctx *ctx, const dg_node *n, const char *name, double lo,
                    double hi, double *out) {
  const char *v = dg_node_attr(n, name);
  if (!v)
    return 0;
  char *end;
  double d = strtod(v, &end);
  if (*end || end == v || !(d >= lo && d <= hi)) {
    dg_error(ctx, n->pos, "attribute %s=\"%s\" must be a number from %g to %g",
             name, v, lo, hi);
    return -1;
  }
  *out = d;
  return 0;
}

static int color_attr(dg_ctx *ctx, const dg_node *n, const char *name,
                      uint32_t *out) {
  const char *v = dg_node_attr(n, name);
  if (!v)
    return 0;
  if (parse_color(v, out)) {
    dg_error(ctx, n->pos,
             "attribute %s=\"%s\" is not a colour (expected "
             "#RRGGBB)",
             name, v);
    return -1;
  }
  return 0;
}

int dg_theme_apply(dg_ctx *ctx, dg_arena *a, dg_theme *t, const dg_node *n) {
  int e = ctx->nerrors;
  for (int i = 0; i < n->nkids; i++) {
    const dg_node *k = n->kids[i];
    if (!strcmp(k->name, "page")) {
      num_attr(ctx, k, "width", 100, 5000, &t->page_w_pt);
      num_attr(ctx, k, "height", 100, 5000, &t->page_h_pt);
      num_attr(ctx, k, "margin-x", 0, 500, &t->margin_x_pt);
      num_attr(ctx, k, "margin-top", 0, 500, &t->margin_top_pt);
      num_attr(ctx, k, "margin-bottom", 0, 500, &t->margin_bottom_pt);
      num_attr(ctx, k, "gap", 0, 200, &t->gap_pt);
    } else if (!strcmp(k->name, "font")) {
      const char *f = dg_node_attr(k, "family");
      if (f)
        t->font_family = dg_strdup(a, f);
      num_attr(ctx, k, "min-size", 4, 72, &t->min_size_pt);
    } else if (!strcmp(k->name, "role")) {
      int r = dg_role_by_name(dg_node_attr(k, "name"));
      if (r < 0)
        continue; /* the schema lists the names */
      num_attr(ctx, k, "size", 4, 200, &t->roles[r].size_pt);
      num_attr(ctx, k, "leading", 0.8, 4, &t->roles[r].leading);
      color_attr(ctx, k, "color", &t->roles[r].color);
      const char *w = dg_node_attr(k, "weight");
      if (w)
        t->roles[r].bold = !strcmp(w, "bold");
    } else if (!strcmp(k->name, "colors")) {
      color_attr(ctx, k, "accent", &t->accent);
      color_attr(ctx, k, "text", &t->text);
      color_attr(ctx, k, "muted", &t->muted);
      color_attr(ctx, k, "grid", &t->grid);
      color_attr(ctx, k, "axis", &t->axis);
      color_attr(ctx, k, "background", &t->background);
      color_attr(ctx, k, "highlight", &t->highlight);
    } else if (!strcmp(k->name, "sequential")) {
      color_attr(ctx, k, "light", &t->seq_light);
      color_attr(ctx, k, "dark", &t->seq_dark);
    } else if (!strcmp(k->name, "series")) {
      int ns = 0;
      for (int j = 0; j < k->nkids && ns < DG_MAX_SERIES; j++)
        if (!color_attr(ctx, k->kids[j], "value", &t->series[ns]))
          ns++;
      if (ns > 0)
        t->nseries = ns;
    } else if (!strcmp(k->name, "patterns")) {
      int np = 0;
      for (int j = 0; j < k->nkids && np < DG_MAX_SERIES; j++) {
        int p = dg_pattern_by_name(dg_node_attr(k->kids[j], "name"));
        if (p >= 0) /* the schema lists the names */
          t->patterns[np++] = (dg_pattern)p;
      }
      if (np > 0)
        t->npatterns = np;
    } else if (!strcmp(k->name, "titlebar")) {
      num_attr(ctx, k, "height", 20, 200, &t->title_h_pt);
      num_attr(ctx, k, "rule-width", 0, 20, &t->rule_width_pt);
    } else if (!strcmp(k->name, "leadbox")) {
      color_attr(ctx, k, "fill", &t->lead_fill);
      color_attr(ctx, k, "stroke", &t->lead_stroke);
      num_attr(ctx, k, "padding", 0, 60, &t->lead_pad_pt);
    } else if (!strcmp(k->name, "table")) {
      color_attr(ctx, k, "head-fill", &t->table_head_fill);
      color_attr(ctx, k, "rule", &t->table_rule);
    }
  }
  return ctx->nerrors > e ? -1 : 0;
}
