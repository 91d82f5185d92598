/* layout: takes the bound deck (const dg_deck: slides, their blocks, and
 * charts and tables whose values are bound) and the text module's
 * measuring and line breaking, and gives the display list (dg_layout): per
 * slide, ops already broken and placed in slide units (pt = CSS px), which
 * every renderer only walks. This file lays out slide structure — title
 * line with the slide number at its right end, lead box, body blocks in
 * template order, notes and source at the foot; charts are chart_type.c's,
 * tables and key figures table.c's, and the display-list builder and text
 * helpers they all use box.c's; layout_dump.c reads the result back. */
#include "layout/layout.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout_int.h"

static int para_block(lctx *L, const dg_block *b, int role, double x, double w,
                      double *y, int emit, const char *what) {
  const dg_role *r = &L->th->roles[role];
  for (int i = 0; i < b->npara; i++) {
    tblock tb;
    /* lead paragraphs open with an ideographic space, as the seed does */
    const char *s = role == DG_ROLE_LEAD
                        ? dg_printf(L->a, "\xE3\x80\x80%s", b->paras[i])
                        : b->paras[i];
    const unsigned char *st = b->para_style ? b->para_style[i] : NULL;
    if (st && role == DG_ROLE_LEAD) { /* the space is no part of the markup */
      size_t n = strlen(b->paras[i]);
      unsigned char *v = dg_alloc(L->a, n + 4);
      memcpy(v + 3, st, n);
      st = v;
    }
    if (lo_fit_styled(L, s, st, r, w, 0, what, &tb))
      return -1;
    if (emit) {
      dg_op *g =
          lo_begin(L,
                   role == DG_ROLE_NOTE || role == DG_ROLE_SOURCE ? DG_SEM_NOTE
                                                                  : DG_SEM_PARA,
                   NULL);
      /* the box the lines were broken for: an editor (PPTX) wraps the
       * paragraph again at this width */
      g->x = x;
      g->y = *y;
      g->begin.w = w;
      g->begin.h = lo_height(&tb);
      lo_emit(L, &tb, x, w, *y, AL_LEFT);
      lo_end(L);
    }
    *y += lo_height(&tb) + (i + 1 < b->npara ? r->size_pt * 0.5 : 0);
  }
  return 0;
}

/* How a list's items are labelled, by how deeply it is nested: the
 * bullets and numbering schemes of Japanese documents, 1. then (1) then
 * 1), the bullet a dash one level down (the working font subset holds
 * both marks); deeper lists start over. */
static const struct {
  const char *bullet;
  dg_list_mark number;
  const char *format; /* of the number */
} marks[] = {
    {"・", DG_MARK_PERIOD, "%d."},
    {"－", DG_MARK_PARENS, "(%d)"},
    {"・", DG_MARK_PAREN_R, "%d)"},
};

/* A list: each item's bullet or number in a column of its own, its text
 * in a hanging indent beside it (every line of an item starts at the
 * indent), items a third of a line apart; a list nested in an item
 * follows its text, its labels under that text, `depth` deep. */
static int list_block(lctx *L, const dg_block *b, double x, double w, double *y,
                      int emit, int depth) {
  const dg_role *r = &L->th->roles[DG_ROLE_BODY];
  int m = depth % (int)(sizeof marks / sizeof *marks);
  double lw = 0;
  const char **lab = dg_alloc_array(L->a, (size_t)b->npara + 1, sizeof *lab);
  for (int i = 0; i < b->npara; i++) {
    lab[i] = b->ordered ? dg_printf(L->a, marks[m].format, b->start + i)
                        : marks[m].bullet;
    lw = fmax(lw, dg_text_width(L->tx, lab[i], r->size_pt, r->bold));
  }
  double ind = ceil(lw + r->size_pt * 0.4), gap = r->size_pt * 0.35;
  if (emit) {
    dg_op *o = lo_begin(L, DG_SEM_LIST, NULL);
    o->x = x;
    o->y = *y;
    o->begin.level = b->ordered;
    o->begin.mark = b->ordered ? marks[m].number : DG_MARK_BULLET;
    o->begin.start = b->ordered ? b->start : 0;
    o->begin.depth = depth;
  }
  for (int i = 0; i < b->npara; i++) {
    tblock tb;
    if (lo_fit_styled(L, b->paras[i], b->para_style ? b->para_style[i] : NULL,
                      r, w - ind, 0, "list item", &tb))
      return -1;
    const dg_block *sub = b->sub ? b->sub[i] : NULL;
    if (emit) {
      lo_begin(L, DG_SEM_LI, NULL);
      lo_begin(L, DG_SEM_LBL, NULL);
      /* numbers end at one right edge; a bullet starts at the left */
      double tw = dg_text_width(L->tx, lab[i], tb.size, r->bold);
      lo_text(L, lab[i], b->ordered ? x + lw - tw : x, *y + tb.asc, tb.size,
              r->bold, r->color);
      lo_end(L);
      lo_begin(L, DG_SEM_LBODY, NULL);
      int first = L->pg->nops;
      lo_emit(L, &tb, x + ind, w - ind, *y, AL_LEFT);
      /* the text goes on after its label on the label's line */
      L->pg->ops[first].text.cont = 1;
    }
    *y += lo_height(&tb);
    if (sub) {
      *y += gap;
      if (list_block(L, sub, x + ind, w - ind, y, emit, depth + 1))
        return -1;
    }
    if (emit) {
      lo_end(L);
      lo_end(L);
    }
    *y += i + 1 < b->npara ? gap : 0;
  }
  if (emit)
    lo_end(L);
  return 0;
}

static int is_flex(const dg_block *b) {
  if (b->kind == DG_B_COLUMNS || b->kind == DG_B_COLUMN) {
    for (int i = 0; i < b->nkids; i++)
      if (is_flex(&b->kids[i]))
        return 1; /* as tall as the room left, like the block it holds */
    return 0;
  }
  return b->kind == DG_B_CHART || b->kind == DG_B_TABLE ||
         b->kind == DG_B_FIGURES || b->kind == DG_B_ROW ||
         b->kind == DG_B_IMAGE;
}

/* An image as large as its box allows, never above its own size (1 px =
 * 1 pt, as CSS), its proportions kept, centred across the box. */
static void image_block(lctx *L, const dg_block *b, double x, double y,
                        double w, double h) {
  const dg_image *im = b->image;
  double s = fmin(1, fmin(w / im->w, h / im->h));
  double iw = im->w * s, ih = im->h * s, ix = x + (w - iw) / 2;
  dg_op *g;
  if (b->decorative)
    g = lo_begin(L, DG_SEM_ARTIFACT, NULL);
  else {
    g = lo_begin(L, DG_SEM_FIGURE, lo_fig_id(L));
    dg_figure *f = dg_alloc(L->a, sizeof *f);
    f->alt = b->alt;
    g->begin.fig = f;
  }
  g->x = ix;
  g->y = y;
  g->begin.w = iw;
  g->begin.h = ih;
  dg_op *o = lo_image(L, ix, y);
  o->image.img = im;
  o->image.w = iw;
  o->image.h = ih;
  o->image.name =
      dg_printf(L->a, "slide-%d-img-%d.%s", L->s->number, ++L->nimg, im->ext);
  lo_end(L);
}

/* The gap between columns, as between the charts of a <row>. */
#define COL_GAP 28.0

/* The columns' widths: %-wide ones take their share of w, the gaps their
 * room, and fr-wide ones share the rest by their fr. */
static void column_widths(const dg_block *b, double w, double *out) {
  double pct = 0, fr = 0;
  for (int i = 0; i < b->nkids; i++) {
    pct += b->kids[i].width_pct;
    fr += b->kids[i].width_fr;
  }
  double rest = w - COL_GAP * (b->nkids - 1) - w * pct / 100;
  for (int i = 0; i < b->nkids; i++)
    out[i] = b->kids[i].width_pct > 0 ? w * b->kids[i].width_pct / 100
             : fr > 0                 ? fmax(0, rest) * b->kids[i].width_fr / fr
                                      : 0;
}

static int fixed_height(lctx *L, const dg_block *b, double w, double *h);
static int place_block(lctx *L, const dg_block *b, double x, double y, double w,
                       double h);

/* Does b hold a block that fills whatever height it is given (a chart, a
 * table, key figures)? Text, lists and images have a height of their own. */
static int stretches(const dg_block *b) {
  for (int i = 0; i < b->nkids; i++)
    if (stretches(&b->kids[i]))
      return 1;
  return b->kind == DG_B_CHART || b->kind == DG_B_TABLE ||
         b->kind == DG_B_FIGURES || b->kind == DG_B_ROW;
}

/* The height an image takes in a box w x h (image_block's scale). */
static double image_height(const dg_block *b, double w, double h) {
  const dg_image *im = b->image;
  return im->h * fmin(1, fmin(w / im->w, h / im->h));
}

/* A column's blocks stacked in w x h as a slide's body is: fixed blocks
 * take their height, flexible ones share the rest; with emit 0, *need is
 * the height of its fixed blocks and gaps. centre: the column holds only
 * text, lists and images (so do the columns beside it), which take their
 * own heights, and the stack is centred in h — a picture beside a list
 * stands level with the list's middle, and the two in the middle of the
 * room, rather than both at its top over an empty lower half (the trend
 * deck's slide 8). */
static int column_stack(lctx *L, const dg_block *c, double x, double y,
                        double w, double h, int emit, int centre,
                        double *need) {
  double fixed = 0, hs[64];
  int nflex = 0, n = c->nkids < 64 ? c->nkids : 64;
  for (int i = 0; i < n; i++) {
    if (is_flex(&c->kids[i])) {
      nflex++;
      continue;
    }
    if (fixed_height(L, &c->kids[i], w, &hs[i]))
      return -1;
    fixed += hs[i];
  }
  double gaps = L->th->gap_pt * (n > 0 ? n - 1 : 0);
  *need = fixed + gaps;
  if (!emit)
    return 0;
  double avail = h - fixed - gaps;
  if (nflex && avail < 60) {
    dg_error(L->ctx, c->pos,
             "slide %d: a column's chart or table has %.0f pt left below its "
             "text; shorten the text or give the column more width",
             L->s->number, avail);
    return -1;
  }
  double bh[64], used = gaps;
  for (int i = 0; i < n; i++) {
    const dg_block *k = &c->kids[i];
    bh[i] = !is_flex(k) ? hs[i]
            : centre && k->kind == DG_B_IMAGE
                ? image_height(k, w, avail / nflex)
                : avail / nflex;
    used += bh[i];
  }
  if (centre)
    y += fmax(0, (h - used) / 2);
  for (int i = 0; i < n; i++) {
    if (place_block(L, &c->kids[i], x, y, w, bh[i]))
      return -1;
    y += bh[i] + L->th->gap_pt;
  }
  return 0;
}

/* Height of a non-flexible block (lead, text) at width w. */
static int fixed_height(lctx *L, const dg_block *b, double w, double *h) {
  double y = 0;
  double pad = L->th->lead_pad_pt;
  if (b->kind == DG_B_COLUMNS) { /* as tall as its tallest column */
    double cw[64];
    *h = 0;
    column_widths(b, w, cw);
    for (int i = 0; i < b->nkids && i < 64; i++) {
      double need;
      if (column_stack(L, &b->kids[i], 0, 0, cw[i], 0, 0, 0, &need))
        return -1;
      *h = fmax(*h, need);
    }
    return 0;
  }
  if (b->kind == DG_B_LEAD) {
    if (para_block(L, b, DG_ROLE_LEAD, 0, w - 2 * pad - 6, &y, 0, "lead"))
      return -1;
    *h = y + 2 * pad;
    return 0;
  }
  if (b->kind == DG_B_LIST
          ? list_block(L, b, 0, w, &y, 0, 0)
          : para_block(L, b, DG_ROLE_BODY, 0, w, &y, 0, "text"))
    return -1;
  *h = y;
  return 0;
}

static int place_block(lctx *L, const dg_block *b, double x, double y, double w,
                       double h) {
  const dg_theme *th = L->th;
  L->pos = b->pos.file ? b->pos : L->s->pos;
  switch (b->kind) {
  case DG_B_LEAD: {
    double pad = th->lead_pad_pt;
    lo_begin(L, DG_SEM_ARTIFACT, NULL);
    lo_frame(L, x, y, w, h, th->lead_fill, 1, th->lead_stroke, 0.75);
    lo_rect(L, x, y, 5, h, th->accent);
    lo_end(L);
    double ty = y + pad;
    return para_block(L, b, DG_ROLE_LEAD, x + pad + 6, w - 2 * pad - 6, &ty, 1,
                      "lead");
  }
  case DG_B_TEXT: {
    double ty = y;
    return para_block(L, b, DG_ROLE_BODY, x, w, &ty, 1, "text");
  }
  case DG_B_LIST: {
    double ty = y;
    return list_block(L, b, x, w, &ty, 1, 0);
  }
  case DG_B_IMAGE:
    image_block(L, b, x, y, w, h);
    return 0;
  case DG_B_CHART:
    return lo_chart(L, b->chart, x, y, w, h);
  case DG_B_TABLE:
    return lo_table(L, b->table, x, y, w, h);
  case DG_B_FIGURES:
    return lo_figures(L, b->figs, b->nfigs, x, y, w, h);
  case DG_B_COLUMNS: {
    double cw[64], cx = x, need;
    int centre = !stretches(b);
    column_widths(b, w, cw);
    for (int i = 0; i < b->nkids && i < 64; i++) {
      L->pos = b->kids[i].pos.file ? b->kids[i].pos : L->s->pos;
      if (column_stack(L, &b->kids[i], cx, y, cw[i], h, 1, centre, &need))
        return -1;
      cx += cw[i] + COL_GAP;
    }
    return 0;
  }
  case DG_B_ROW: {
    double gap = 28;
    double cw = (w - gap * (b->nkids - 1)) / (b->nkids ? b->nkids : 1);
    for (int i = 0; i < b->nkids; i++)
      if (place_block(L, &b->kids[i], x + i * (cw + gap), y, cw, h))
        return -1;
    return 0;
  }
  default:
    return 0;
  }
}

/* A cover (a title page): the title large in the upper half over an
 * accent rule, the subtitle under it, the date and the organization
 * lower down; no slide number. Any blocks the slide has follow below. */
static int layout_cover(lctx *L) {
  const dg_theme *th = L->th;
  const dg_slide *s = L->s;
  double W = th->page_w_pt, H = th->page_h_pt, mx = th->margin_x_pt + 40;
  double cw = W - 2 * mx;
  dg_role big = th->roles[DG_ROLE_TITLE], sub = th->roles[DG_ROLE_LEAD],
          meta = th->roles[DG_ROLE_BODY];
  big.size_pt = round(big.size_pt * 1.6);
  sub.size_pt = round(sub.size_pt * 1.25);
  tblock tt, ts, tm[2];
  if (lo_fit(L, s->title, &big, cw, H * 0.3, "cover title", &tt))
    return -1;
  int has_sub = s->subtitle && *s->subtitle;
  if (has_sub && lo_fit(L, s->subtitle, &sub, cw, H * 0.2, "subtitle", &ts))
    return -1;
  const char *lines[2] = {s->date, s->org};
  for (int i = 0; i < 2; i++)
    if (lines[i] && *lines[i] &&
        lo_fit(L, lines[i], &meta, cw, 0, i ? "organization" : "date", &tm[i]))
      return -1;
  /* the title ends just above the middle, the rule under it */
  double rule_y = round(H * 0.5);
  double ty = rule_y - 16 - lo_height(&tt);
  lo_begin(L, DG_SEM_ARTIFACT, NULL);
  lo_rect(L, mx, ty, 8, lo_height(&tt), th->accent);
  lo_line(L, mx, rule_y, W - mx, rule_y, th->accent, th->rule_width_pt * 2);
  lo_end(L);
  lo_begin(L, DG_SEM_HEADING, dg_printf(L->a, "slide-%d-title", s->number))
      ->begin.level = L->first ? 1 : 2;
  lo_emit(L, &tt, mx + 24, cw - 24, ty, AL_LEFT);
  lo_end(L);
  double y = rule_y + 18;
  if (has_sub) {
    lo_begin(L, DG_SEM_PARA, NULL);
    lo_emit(L, &ts, mx + 24, cw - 24, y, AL_LEFT);
    lo_end(L);
    y += lo_height(&ts);
  }
  /* date and organization: at the foot, right-aligned, one above the other */
  double fy = H - th->margin_bottom_pt - 24;
  for (int i = 1; i >= 0; i--) {
    if (!lines[i] || !*lines[i])
      continue;
    fy -= lo_height(&tm[i]);
  }
  if (fy < y + th->gap_pt)
    fy = y + th->gap_pt;
  /* the slide's blocks (a logo, a line of text) between the subtitle and
   * the date, stacked as in a column */
  if (s->nblocks) {
    dg_block col = {.kind = DG_B_COLUMN, .pos = s->pos};
    col.kids = s->blocks;
    col.nkids = s->nblocks;
    double need, top = y + th->gap_pt, h = fy - th->gap_pt - top;
    if (column_stack(L, &col, mx + 24, top, cw - 24, h, 0, 0, &need))
      return -1;
    if (need > h + 0.5) {
      dg_error(L->ctx, s->pos,
               "slide %d: the cover's blocks need %.0f pt and %.0f pt are "
               "left between its subtitle and its date; shorten them",
               s->number, need, h);
      return -1;
    }
    if (column_stack(L, &col, mx + 24, top, cw - 24, h, 1, 0, &need))
      return -1;
  }
  for (int i = 0; i < 2; i++) {
    if (!lines[i] || !*lines[i])
      continue;
    lo_begin(L, DG_SEM_PARA, NULL);
    lo_emit(L, &tm[i], mx, cw, fy, AL_RIGHT);
    lo_end(L);
    fy += lo_height(&tm[i]) + 4;
  }
  return 0;
}

static int layout_slide(lctx *L) {
  const dg_theme *th = L->th;
  const dg_slide *s = L->s;
  if (s->cover)
    return layout_cover(L);
  double W = th->page_w_pt, H = th->page_h_pt, mx = th->margin_x_pt;
  double cw = W - 2 * mx;
  /* title line: accent mark, title, slide number at the right end */
  const dg_role *tr = &th->roles[DG_ROLE_TITLE],
                *nr = &th->roles[DG_ROLE_NUMBER];
  char num[16];
  snprintf(num, sizeof num, "%d", s->number);
  double numw = dg_text_width(L->tx, num, nr->size_pt, nr->bold);
  double base = th->margin_top_pt + th->title_h_pt * 0.62;
  double rule_y = th->margin_top_pt + th->title_h_pt - 8;
  tblock tt;
  if (lo_fit(L, s->title, tr, cw - 16 - numw - 24, th->title_h_pt - 12, "title",
             &tt))
    return -1;
  lo_begin(L, DG_SEM_ARTIFACT, NULL);
  lo_rect(L, mx, base - tr->size_pt * 0.9, 6, tr->size_pt * 1.1, th->accent);
  lo_line(L, mx, rule_y, W - mx, rule_y, th->accent, th->rule_width_pt);
  lo_end(L);
  lo_begin(L, DG_SEM_HEADING, dg_printf(L->a, "slide-%d-title", s->number))
      ->begin.level = L->first ? 1 : 2;
  /* a one-line title sits on the base line; two lines move up */
  double ty = base - tt.asc - (tt.n - 1) * tt.pitch;
  lo_emit(L, &tt, mx + 16, cw - 16 - numw - 24, ty, AL_LEFT);
  lo_end(L);
  lo_begin(L, DG_SEM_ARTIFACT, NULL);
  /* right-aligned in the space the title leaves it, so that a renderer
   * whose text grows under the reader's spacing grows it leftwards */
  lo_text_al(L, dg_strdup(L->a, num), W - mx - numw - 24, numw + 24, base,
             nr->size_pt, nr->bold, nr->color, AL_RIGHT);
  lo_end(L);

  double top = rule_y + th->gap_pt + 2;
  /* foot: notes and sources stacked from the bottom, in template order */
  double foot_h = 0;
  tblock feet[16];
  int foot_role[16], nfeet = 0;
  dg_pos foot_pos[16];
  for (int i = 0; i < s->nblocks && nfeet < 16; i++) {
    const dg_block *b = &s->blocks[i];
    if (b->kind != DG_B_NOTE && b->kind != DG_B_SOURCE)
      continue;
    int role = b->kind == DG_B_NOTE ? DG_ROLE_NOTE : DG_ROLE_SOURCE;
    if (lo_fit(L, b->paras[0], &th->roles[role], cw, 0,
               b->kind == DG_B_NOTE ? "note" : "source", &feet[nfeet]))
      return -1;
    foot_role[nfeet] = role;
    foot_h += lo_height(&feet[nfeet]) + (nfeet ? 3 : 0);
    nfeet++;
  }
  double bottom = H - th->margin_bottom_pt - foot_h - (nfeet ? th->gap_pt : 0);
  double fy = H - th->margin_bottom_pt - foot_h;
  /* body: fixed blocks take their height, flexible ones share the rest */
  double fixed = 0, hs[64];
  int nflex = 0, nbody = 0;
  for (int i = 0; i < s->nblocks && i < 64; i++) {
    const dg_block *b = &s->blocks[i];
    if (b->kind == DG_B_NOTE || b->kind == DG_B_SOURCE)
      continue;
    nbody++;
    if (is_flex(b)) {
      nflex++;
      continue;
    }
    if (fixed_height(L, b, cw, &hs[i]))
      return -1;
    fixed += hs[i];
  }
  double avail =
      bottom - top - fixed - th->gap_pt * (nbody > 0 ? nbody - 1 : 0);
  if (nflex && avail < 60) {
    dg_error(L->ctx, s->pos,
             "slide %d: no room left for the chart or table "
             "(%.0f pt); shorten the lead or notes",
             s->number, avail);
    return -1;
  }
  double y = top;
  for (int i = 0; i < s->nblocks && i < 64; i++) {
    const dg_block *b = &s->blocks[i];
    if (b->kind == DG_B_NOTE || b->kind == DG_B_SOURCE)
      continue;
    double h = is_flex(b) ? avail / nflex : hs[i];
    if (place_block(L, b, mx, y, cw, h))
      return -1;
    y += h + th->gap_pt;
  }
  int foot = 0;
  for (int i = 0; i < s->nblocks && foot < nfeet; i++)
    if (s->blocks[i].kind == DG_B_NOTE || s->blocks[i].kind == DG_B_SOURCE)
      foot_pos[foot++] = s->blocks[i].pos.file ? s->blocks[i].pos : s->pos;
  for (int i = 0; i < nfeet; i++) {
    L->pos = foot_pos[i];
    feet[i].color = th->roles[foot_role[i]].color;
    lo_begin(L, DG_SEM_NOTE, NULL);
    lo_emit(L, &feet[i], mx, cw, fy, AL_LEFT);
    lo_end(L);
    fy += lo_height(&feet[i]) + 3;
  }
  return 0;
}

dg_layout *dg_layout_deck(dg_ctx *ctx, dg_arena *a, dg_text *tx,
                          const dg_deck *d) {
  return dg_layout_deck_for(ctx, a, tx, d, 1, 0);
}

/* Lays out slide i of d into page i of l. */
static void lay_slide(dg_ctx *ctx, dg_arena *a, dg_text *tx, const dg_deck *d,
                      dg_layout *l, int i, int reflow) {
  dg_page *p = &l->pages[i];
  p->number = d->slides[i].number;
  p->title = d->slides[i].title;
  lctx L = {ctx,           a, tx,     &d->slides[i].theme, p,
            &d->slides[i], 0, i == 0, d->slides[i].pos,    0,
            reflow};
  layout_slide(&L);
  lo_page_done(&L, p);
}

/* One of two threads laying out a deck's slides: each takes the next
 * slide not yet taken (a thread that starts late, its core idle until
 * then, leaves more to the other instead of holding it up), with its own
 * arena and font set (tx or its twin), each slide's messages kept in that
 * slide's own stream. */
typedef struct lane {
  const dg_deck *d;
  dg_layout *l;
  dg_text *tx;
  dg_arena *a;
  dg_ctx *cx; /* one per slide */
  int *next;  /* the next slide to take, shared */
  int reflow;
} lane;

static void lay_lane(lane *h) {
  for (int i;
       (i = __atomic_fetch_add(h->next, 1, __ATOMIC_RELAXED)) < h->d->nslides;)
    lay_slide(&h->cx[i], h->a, h->tx, h->d, h->l, i, h->reflow);
}

static void *lane_thread(void *p) {
  lay_lane(p);
  return NULL;
}

/* Lays out the slides on this thread and another, each taking the next
 * slide; returns -1 (nothing done) when no twin could be had. Pango
 * objects are never shared between the two threads: each shapes with a
 * context of its own over the same font files, so a string gets the same
 * glyphs and positions on either. */
static int lay_two(dg_ctx *ctx, dg_arena *a, dg_text *tx, const dg_deck *d,
                   dg_layout *l, int reflow) {
  dg_text *twin = dg_text_twin(ctx, tx);
  if (!twin)
    return -1;
  int n = d->nslides;
  dg_ctx *cx = calloc((size_t)n, sizeof *cx);
  char **msg = calloc((size_t)n, sizeof *msg);
  size_t *len = calloc((size_t)n, sizeof *len);
  if (!cx || !msg || !len)
    dg_oom();
  for (int i = 0; i < n; i++) {
    cx[i] = (dg_ctx){0, open_memstream(&msg[i], &len[i]), ctx->confine};
    if (!cx[i].err)
      dg_oom();
  }
  int next = 0;
  lane h[2] = {{d, l, tx, a, cx, &next, reflow},
               {d, l, twin, dg_arena_new(), cx, &next, reflow}};
  /* tx finds only its own strings while the twin's thread shapes */
  dg_text_share(tx, 0);
  pthread_t th;
  int threaded = pthread_create(&th, NULL, lane_thread, &h[1]) == 0;
  lay_lane(&h[0]);
  if (threaded)
    pthread_join(th, NULL);
  else
    lay_lane(&h[1]);
  dg_text_share(tx, 1);
  dg_arena_adopt(a, h[1].a);
  for (int i = 0; i < n; i++) {
    fclose(cx[i].err);
    if (len[i])
      dg_emit(ctx->err ? ctx->err : stderr, msg[i], len[i]);
    ctx->nerrors += cx[i].nerrors;
    free(msg[i]);
  }
  free(cx);
  free(msg);
  free(len);
  return 0;
}

dg_layout *dg_layout_deck_for(dg_ctx *ctx, dg_arena *a, dg_text *tx,
                              const dg_deck *d, int reflow, int two) {
  dg_layout *l = dg_alloc(a, sizeof *l);
  l->w_pt = d->theme.page_w_pt;
  l->h_pt = d->theme.page_h_pt;
  l->deck = d;
  l->pages = dg_alloc_array(a, (size_t)d->nslides + 1, sizeof(dg_page));
  l->npages = d->nslides;
  int e0 = ctx->nerrors;
  if (!two || d->nslides < 2 || lay_two(ctx, a, tx, d, l, reflow))
    for (int i = 0; i < d->nslides; i++)
      lay_slide(ctx, a, tx, d, l, i, reflow);
  return ctx->nerrors > e0 ? NULL : l;
}
