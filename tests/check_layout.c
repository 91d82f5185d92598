/* Check suite for the text and layout stages: Japanese line-breaking
 * (kinsoku) rules, shrink-to-fit, and the whole sample deck laid out with
 * no overlapping text and nothing off the page. */
#include <math.h>

#include "testdeck.h"

static uint32_t first_cp(const char *s) {
  uint32_t c = 0;
  dg_utf8_decode(s, strlen(s), &c);
  return c;
}
static uint32_t last_cp(const char *s) {
  size_t n = strlen(s);
  size_t i = n;
  while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
    i--;
  if (i > 0)
    i--;
  uint32_t c = 0;
  dg_utf8_decode(s + i, n - i, &c);
  return c;
}

static int starts_bad(uint32_t c) { return !dg_kinsoku_allows('A', c); }
static int ends_bad(uint32_t c) { return !dg_kinsoku_allows(c, 'A'); }

START_TEST(kinsoku_table) {
  const char *no_start[] = {"、", "。", "，", "．", "）", "」", "』", "％",
                            "ゃ", "ッ", "ー", "ぁ", "ョ", "%",  ")"};
  for (size_t i = 0; i < sizeof no_start / sizeof *no_start; i++)
    ck_assert_msg(starts_bad(first_cp(no_start[i])), "%s may start a line",
                  no_start[i]);
  const char *no_end[] = {"（", "「", "『", "(", "【"};
  for (size_t i = 0; i < sizeof no_end / sizeof *no_end; i++)
    ck_assert_msg(ends_bad(first_cp(no_end[i])), "%s may end a line",
                  no_end[i]);
  ck_assert(dg_kinsoku_allows(first_cp("あ"), first_cp("い")));
}
END_TEST

/* For every width, no line of s breaks a rule. */
static void sweep(const char *s, double size) {
  for (double w = 60; w < 500; w += 7) {
    dg_line *lines;
    int over;
    int n = dg_text_break(tx, arena, s, size, 0, w, &lines, &over);
    for (int i = 0; i < n; i++) {
      if (i > 0)
        ck_assert_msg(!starts_bad(first_cp(lines[i].text)),
                      "w=%g line %d starts with a forbidden character: %s", w,
                      i, lines[i].text);
      if (i + 1 < n)
        ck_assert_msg(!ends_bad(last_cp(lines[i].text)),
                      "w=%g line %d ends with a forbidden character: %s", w, i,
                      lines[i].text);
      if (!over)
        ck_assert(lines[i].width_pt <= w + 0.01);
    }
  }
}

START_TEST(breaking_rules) {
  sweep("生成AIを導入済みの団体は、都道府県で87％、指定都市で90%"
        "、その他の市区町村で30%となった。",
        16);
  sweep("回答の多い順に「あいさつ文案の作成」、「議事録の要約」、「企画書案の作"
        "成」、「メール文案の作成」となった。",
        16);
  sweep(
      "ローコードの作成（マクロ、VBA等）、ちょっとしたチェック、ショッピング。",
      14);
}
END_TEST

START_TEST(explicit_newline) {
  dg_line *lines;
  int over;
  int n = dg_text_break(tx, arena, "一行目\n二行目", 12, 0, 500, &lines, &over);
  ck_assert_int_eq(n, 2);
  ck_assert_str_eq(lines[0].text, "一行目");
  ck_assert_str_eq(lines[1].text, "二行目");
}
END_TEST

/* One shaping per string (issue 14): a line is drawn with the glyphs its
 * paragraph was measured and broken with, and measures what it was given. */
START_TEST(lines_keep_the_paragraphs_glyphs) {
  const char *p = "回答の多い順に「あいさつ文案の作成」、「議事録の要約」、"
                  "「企画書案の作成」、「メール文案の作成」となった。";
  dg_line *lines;
  int over;
  int n = dg_text_break(tx, arena, p, 16, 0, 300, &lines, &over);
  ck_assert_int_gt(n, 1);
  const dg_glyph *pg;
  int npg = dg_text_glyphs(tx, p, 0, &pg), k = 0;
  for (int i = 0; i < n; i++) {
    ck_assert_double_eq_tol(dg_text_width(tx, lines[i].text, 16, 0),
                            lines[i].width_pt, 1e-9);
    const dg_glyph *lg;
    int nl = dg_text_glyphs(tx, lines[i].text, 0, &lg);
    ck_assert_int_gt(nl, 0);
    while (k < npg && pg[k].id != lg[0].id)
      k++; /* the paragraph's glyphs of this line start here */
    for (int j = 0; j < nl; j++, k++) {
      ck_assert_int_lt(k, npg);
      ck_assert_uint_eq(lg[j].id, pg[k].id);
      ck_assert_double_eq_tol(lg[j].x - lg[0].x, pg[k].x - pg[k - j].x, 1e-9);
    }
  }
}
END_TEST

START_TEST(latin_kept_together) {
  dg_line *lines;
  int over;
  int n = dg_text_break(tx, arena, "生成AIの活用パターン", 16, 0, 1000, &lines,
                        &over);
  ck_assert_int_eq(n, 1);
  ck_assert_str_eq(lines[0].text, "生成AIの活用パターン");
  ck_assert_double_gt(dg_text_width(tx, "生成AI", 16, 0), 40);
}
END_TEST

START_TEST(sample_deck_no_overlaps) {
  dg_layout *l = sample();
  ck_assert_int_eq(l->npages, 17);
  int bad = dg_layout_check_overlaps(&ctx, l);
  ck_assert_msg(bad == 0, "%s", errbuf);
  int texts = 0;
  for (int p = 0; p < l->npages; p++)
    for (int i = 0; i < l->pages[p].nops; i++)
      texts += l->pages[p].ops[i].kind == DG_OP_TEXT;
  ck_assert_int_gt(texts, 400);
}
END_TEST

START_TEST(sample_deck_lines_follow_rules) {
  dg_layout *l = sample();
  for (int p = 0; p < l->npages; p++)
    for (int i = 0, prev = -1; i < l->pages[p].nops; i++) {
      const dg_op *o = &l->pages[p].ops[i];
      if (o->kind != DG_OP_TEXT)
        continue;
      /* a run on the same baseline as the one before continues its line */
      int cont = prev >= 0 && l->pages[p].ops[prev].y == o->y;
      prev = i;
      if (cont)
        continue;
      ck_assert_msg(!starts_bad(first_cp(o->text.str)),
                    "slide %d: line starts with a forbidden character: %s",
                    p + 1, o->text.str);
    }
}
END_TEST

/* Issue 15: a table's fills and rules are decoration (artifacts), never
 * table content; the deck's first title is the level-1 heading, the others
 * level 2; a cell's written line break is kept as the second line's sep;
 * every figure carries its data sentence. */
START_TEST(structure_in_the_display_list) {
  dg_layout *l = sample();
  int tables = 0, breaks = 0;
  for (int p = 0; p < l->npages; p++) {
    dg_sem open[32];
    int depth = 0, headings = 0;
    for (int i = 0; i < l->pages[p].nops; i++) {
      const dg_op *o = &l->pages[p].ops[i];
      if (o->kind == DG_OP_BEGIN) {
        ck_assert_int_lt(depth, 32);
        const dg_op_begin *b = &o->begin;
        open[depth++] = b->sem;
        tables += b->sem == DG_SEM_TABLE;
        if (b->sem == DG_SEM_HEADING) {
          headings++;
          ck_assert_int_eq(b->level, p == 0 ? 1 : 2);
        }
        if (b->sem == DG_SEM_FIGURE)
          ck_assert_msg(b->fig && b->fig->desc && strstr(b->fig->desc, "、"),
                        "slide %d: a figure without its data", p + 1);
        continue;
      }
      if (o->kind == DG_OP_END) {
        depth--;
        continue;
      }
      dg_sem in = depth ? open[depth - 1] : DG_SEM_ARTIFACT;
      if (o->kind == DG_OP_RECT || o->kind == DG_OP_LINE)
        ck_assert_msg(in != DG_SEM_TABLE && in != DG_SEM_TR &&
                          in != DG_SEM_TH && in != DG_SEM_TD,
                      "slide %d: a table rule or fill is table content", p + 1);
      if (o->kind == DG_OP_TEXT && in == DG_SEM_TH &&
          !strcmp(o->text.str, "企画書案の作成")) {
        ck_assert_str_eq(o->text.sep, "\n");
        breaks++;
      }
    }
    ck_assert_int_eq(depth, 0);
    ck_assert_int_eq(headings, 1);
  }
  ck_assert_int_gt(tables, 0);
  ck_assert_int_eq(breaks, 1);
}
END_TEST

/* One past the END of the chart figure that pg's op k begins; 0 when op k
 * begins no chart figure. */
static int chart_end(const dg_page *pg, int k) {
  const dg_op *fo = &pg->ops[k];
  if (fo->kind != DG_OP_BEGIN || fo->begin.sem != DG_SEM_FIGURE ||
      !fo->begin.fig || !fo->begin.fig->chart)
    return 0;
  int end = k + 1, depth = 1;
  while (end < pg->nops && depth > 0) {
    depth += pg->ops[end].kind == DG_OP_BEGIN;
    depth -= pg->ops[end].kind == DG_OP_END;
    end++;
  }
  return end;
}

/* A line's right end under WCAG 1.4.12's text spacing (letters 0.12 em
 * apart, words 0.16 em): its advance plus that per character and space;
 * a centred line (align 1) grows both ways. */
static double spaced_right(const dg_op *o) {
  int chars = 0, spaces = 0;
  for (const unsigned char *p = (const unsigned char *)o->text.str; *p; p++)
    if ((*p & 0xC0) != 0x80) {
      chars++;
      spaces += *p == ' ';
    }
  double grow = o->text.size_pt * (0.12 * chars + 0.16 * spaces);
  return o->x + o->text.w + (o->text.align == 1 ? grow / 2 : grow);
}

/* every chart has a narrow layout for the reflowed HTML, with text at the
 * nominal label size (12 pt) or larger, inside its column even under the
 * reader's text spacing (an SVG label cannot wrap), and its bars inside
 * the column too */
START_TEST(narrow_charts) {
  dg_layout *l = sample();
  int charts = 0;
  for (int i = 0; i < l->npages; i++)
    for (int k = 0; k < l->pages[i].nops; k++) {
      if (!chart_end(&l->pages[i], k))
        continue;
      const dg_figure *f = l->pages[i].ops[k].begin.fig;
      charts++;
      ck_assert_msg(f->reflow != NULL,
                    "slide %d: chart without a narrow "
                    "layout",
                    l->pages[i].number);
      ck_assert(fabs(f->reflow_w - DG_REFLOW_W_PT) < 1e-9);
      int texts = 0;
      for (int j = 0; j < f->reflow->nops; j++) {
        const dg_op *o = &f->reflow->ops[j];
        if (o->kind == DG_OP_TEXT) {
          texts++;
          ck_assert_msg(o->text.size_pt >= 12 - 1e-9,
                        "slide %d: \"%s\" at %g pt", l->pages[i].number,
                        o->text.str, o->text.size_pt);
          ck_assert_msg(o->x >= 0 && o->x + o->text.w <= f->reflow_w + 0.5 &&
                            o->y <= f->reflow_h,
                        "slide %d: \"%s\" leaves the column",
                        l->pages[i].number, o->text.str);
          ck_assert_msg(spaced_right(o) <= f->reflow_w + 0.5,
                        "slide %d: \"%s\" leaves the column under the "
                        "reader's text spacing (right end %.1f)",
                        l->pages[i].number, o->text.str, spaced_right(o));
        } else if (o->kind == DG_OP_RECT)
          ck_assert_msg(o->x >= 0 && o->x + o->rect.w <= f->reflow_w + 0.5 &&
                            o->y + o->rect.h <= f->reflow_h,
                        "slide %d: a bar leaves the column",
                        l->pages[i].number);
      }
      /* a label per category at least */
      ck_assert_int_ge(texts, f->chart->ncat);
    }
  ck_assert_int_eq(charts, 16);
}
END_TEST

/* A run that writes no site lays no chart out twice: the pages are the
 * same op for op, and no figure carries a narrow layout. */
START_TEST(no_narrow_charts_without_the_site) {
  dg_layout *l = sample();
  dg_layout *p = dg_layout_deck_for(&ctx, arena, tx, l->deck, 0, 0);
  ck_assert_msg(p != NULL, "%s", errbuf);
  ck_assert_int_eq(p->npages, l->npages);
  int charts = 0;
  for (int i = 0; i < l->npages; i++) {
    ck_assert_int_eq(p->pages[i].nops, l->pages[i].nops);
    for (int k = 0; k < l->pages[i].nops; k++) {
      const dg_op *a = &l->pages[i].ops[k], *b = &p->pages[i].ops[k];
      ck_assert_int_eq(a->kind, b->kind);
      ck_assert(a->x == b->x && a->y == b->y);
      if (a->kind == DG_OP_TEXT)
        ck_assert_str_eq(a->text.str, b->text.str);
      if (b->kind == DG_OP_BEGIN && b->begin.fig && b->begin.fig->chart) {
        charts++;
        ck_assert(a->begin.fig->reflow != NULL);
        ck_assert(b->begin.fig->reflow == NULL);
      }
    }
  }
  ck_assert_int_eq(charts, 16);
}
END_TEST

/* The display list of a layout on two threads (every other slide on a
 * second one, shaping with the font set's twin) dumps byte for byte as
 * that of one thread, twice in a row (the second time with both memos of
 * shaped strings warm, as in --watch). */
static char *dump_all(const dg_layout *l) {
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  for (int i = 0; i < l->npages; i++)
    dg_layout_dump(&l->pages[i], f);
  fclose(f);
  return buf;
}

START_TEST(two_threads_lay_out_as_one) {
  dg_layout *l = sample();
  char *one = dump_all(l);
  for (int round = 0; round < 2; round++) {
    dg_layout *p = dg_layout_deck_for(&ctx, arena, tx, l->deck, 1, 1);
    ck_assert_msg(p != NULL, "%s", errbuf);
    char *two = dump_all(p);
    ck_assert_str_eq(one, two);
    free(two);
  }
  free(one);
}
END_TEST

START_TEST(slide_number_on_title_line) {
  dg_layout *l = sample();
  for (int p = 0; p < l->npages; p++) {
    const dg_op *title = NULL, *num = NULL;
    char want[16];
    snprintf(want, sizeof want, "%d", p + 1);
    for (int i = 0; i < l->pages[p].nops; i++) {
      const dg_op *o = &l->pages[p].ops[i];
      if (o->kind != DG_OP_TEXT)
        continue;
      if (!title)
        title = o;
      if (!strcmp(o->text.str, want) && o->x > 800)
        num = o;
    }
    ck_assert_msg(num != NULL, "slide %d has no number at the right", p + 1);
    ck_assert_double_eq_tol(num->y, title->y, 0.01);
  }
}
END_TEST

START_TEST(overlap_detected) {
  dg_layout *l = sample();
  /* move slide 3's first label onto its title */
  dg_page *pg = &l->pages[2];
  dg_op *first = NULL, *other = NULL;
  for (int i = 0; i < pg->nops; i++)
    if (pg->ops[i].kind == DG_OP_TEXT) {
      if (!first)
        first = &pg->ops[i];
      else if (!other && pg->ops[i].y > 200)
        other = &pg->ops[i];
    }
  other->x = first->x + 5;
  other->y = first->y;
  reset_errors();
  ck_assert_int_ge(dg_layout_check_overlaps(&ctx, l), 1);
  ck_assert_ptr_nonnull(strstr(first_error(), "slide 3: text"));
  /* two labels of one chart: the message names the chart and what gives
   * its labels room */
  dg_op *v1 = NULL, *v2 = NULL;
  const dg_figure *fig = NULL;
  for (int i = 0; i < pg->nops && !v2; i++) {
    if (pg->ops[i].kind == DG_OP_BEGIN && pg->ops[i].begin.fig)
      fig = pg->ops[i].begin.fig;
    else if (fig && pg->ops[i].kind == DG_OP_TEXT && !v1)
      v1 = &pg->ops[i];
    else if (v1 && pg->ops[i].kind == DG_OP_TEXT)
      v2 = &pg->ops[i];
  }
  ck_assert_ptr_nonnull(v2);
  double sx = v2->x, sy = v2->y;
  v2->x = v1->x + 1;
  v2->y = v1->y;
  reset_errors();
  ck_assert_int_ge(dg_layout_check_overlaps(&ctx, l), 1);
  char fw[512];
  snprintf(fw, sizeof fw,
           " in chart 「%s」; give the chart more room (fewer blocks on the "
           "slide), shorter labels, or a smaller <role name=\"label\" size> "
           "in the theme or the slide's <style>",
           fig->alt);
  ck_assert_msg(strstr(first_error(), fw) != NULL, "got %s", first_error());
  v2->x = sx;
  v2->y = sy;
  other->x = 955;
  /* issue 13: the message names the element's file:line and quotes at most
   * 40 characters of a long text */
  other->text.str = "一二三四五六七八九十一二三四五六七八九十一二三四五六七"
                    "八九十一二三四五六七八九十一二三四五";
  reset_errors();
  ck_assert_int_ge(dg_layout_check_overlaps(&ctx, l), 1);
  ck_assert_ptr_nonnull(other->pos.file);
  ck_assert_int_gt(other->pos.line, 0);
  char want[512];
  snprintf(want, sizeof want,
           "%s:%d: error: slide 3: text "
           "\"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
           "一二三四五六七八九十…\" leaves the page\n",
           other->pos.file, other->pos.line);
  fflush(ctx.err);
  ck_assert_msg(strstr(errbuf, want) != NULL, "got %s", errbuf);
}
END_TEST

/* ---- issue 12: value labels of small segments ---- */

typedef struct seg {
  double x0, y0, x1, y1; /* a leader: foot (x0, y0) on the bar, top (x1, y1) */
} seg;

typedef struct box {
  double x0, y0, x1, y1;
} box;

static int boxes_meet(box a, box b) {
  return a.x0 < b.x1 - 0.05 && b.x0 < a.x1 - 0.05 && a.y0 < b.y1 - 0.05 &&
         b.y0 < a.y1 - 0.05;
}

static double orient(double ax, double ay, double bx, double by, double cx,
                     double cy) {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

static int segs_cross(seg a, seg b) {
  double d1 = orient(b.x0, b.y0, b.x1, b.y1, a.x0, a.y0);
  double d2 = orient(b.x0, b.y0, b.x1, b.y1, a.x1, a.y1);
  double d3 = orient(a.x0, a.y0, a.x1, a.y1, b.x0, b.y0);
  double d4 = orient(a.x0, a.y0, a.x1, a.y1, b.x1, b.y1);
  return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0)) && d1 && d2 && d3 &&
         d4;
}

/* Does the segment pass through the box? (sampled finely: leaders are
 * short) */
static int seg_in_box(seg s, box b) {
  for (int k = 0; k <= 400; k++) {
    double t = k / 400.0, x = s.x0 + (s.x1 - s.x0) * t,
           y = s.y0 + (s.y1 - s.y0) * t;
    if (x > b.x0 + 0.05 && x < b.x1 - 0.05 && y > b.y0 + 0.05 &&
        y < b.y1 - 0.05)
      return 1;
  }
  return 0;
}

static box text_box(const dg_op *o) {
  return (box){o->x, o->y - o->text.ascent, o->x + o->text.w,
               o->y + o->text.descent};
}

/* Checks every figure of a page: each bar segment has one value label,
 * inside it or joined to it by a leader; no two labels overlap; no two
 * leaders cross or end near each other; no leader passes through another
 * segment's label. Returns the number of segments checked. */
static int check_segment_labels(const dg_page *pg, const dg_theme *th) {
  int nsegs = 0;
  for (int i = 0; i < pg->nops; i++) {
    if (pg->ops[i].kind != DG_OP_BEGIN || pg->ops[i].begin.sem != DG_SEM_FIGURE)
      continue;
    int end = i + 1;
    while (end < pg->nops && pg->ops[end].kind != DG_OP_END)
      end++;
    box segs[256], labs[256];
    int lab_of[256], nseg = 0, nlab = 0;
    seg leads[256];
    int lead_seg[256], lead_lab[256], nlead = 0;
    for (int k = i + 1; k < end; k++) {
      const dg_op *o = &pg->ops[k];
      if (o->kind != DG_OP_RECT)
        continue;
      const dg_op_rect *r = &o->rect;
      int series = r->series > 0; /* not a label's chip */
      /* a bar segment; legend swatches are small squares */
      if (series && !(fabs(r->w - r->h) <= 1.5 && r->w <= 12 && r->h <= 12)) {
        ck_assert_int_lt(nseg, 256);
        segs[nseg++] = (box){o->x, o->y, o->x + r->w, o->y + r->h};
      }
    }
    for (int k = i + 1; k < end; k++) {
      const dg_op *o = &pg->ops[k];
      seg l;
      if (o->kind == DG_OP_LINE && o->line.color == th->axis)
        l = o->y > o->line.y2 ? (seg){o->x, o->y, o->line.x2, o->line.y2}
                              : (seg){o->line.x2, o->line.y2, o->x, o->y};
      else if (o->kind == DG_OP_RECT && o->rect.fill == th->axis &&
               o->rect.w <= 1.01)
        l = (seg){o->x + o->rect.w / 2, o->y + o->rect.h, o->x + o->rect.w / 2,
                  o->y};
      else
        continue;
      /* a leader's foot is on the top edge of a segment (the axis is not) */
      int on = -1;
      double near = 1.01;
      for (int s = 0; s < nseg; s++) {
        double off = fmax(segs[s].x0 - l.x0, l.x0 - segs[s].x1);
        off = fmax(off, 0) + 1e-3 * fabs(l.x0 - (segs[s].x0 + segs[s].x1) / 2);
        if (fabs(l.y0 - segs[s].y0) < 1.2 && off < near) {
          near = off;
          on = s;
        }
      }
      if (on < 0)
        continue;
      ck_assert_int_lt(nlead, 256);
      lead_seg[nlead] = on;
      lead_lab[nlead] = -1;
      leads[nlead++] = l;
    }
    for (int k = i + 1; k < end; k++) {
      const dg_op *o = &pg->ops[k];
      if (o->kind != DG_OP_TEXT)
        continue;
      box b = text_box(o);
      int owner = -1;
      for (int s = 0; s < nseg; s++) /* inside a segment */
        if (b.x0 >= segs[s].x0 - 0.5 && b.x1 <= segs[s].x1 + 0.5 &&
            (b.y0 + b.y1) / 2 > segs[s].y0 && (b.y0 + b.y1) / 2 < segs[s].y1)
          owner = s;
      for (int l = 0; l < nlead; l++) /* or the top of a leader */
        if (fabs(leads[l].y1 - b.y1) < 2.5 && leads[l].x1 >= b.x0 &&
            leads[l].x1 <= b.x1) {
          ck_assert_msg(owner < 0 && lead_lab[l] < 0,
                        "page %d: label \"%s\" claimed twice", pg->number,
                        o->text.str);
          lead_lab[l] = nlab;
          owner = lead_seg[l];
        }
      if (owner < 0)
        continue;
      ck_assert_int_lt(nlab, 256);
      lab_of[nlab] = owner;
      labs[nlab++] = b;
    }
    for (int s = 0; s < nseg; s++) {
      int n = 0;
      for (int l = 0; l < nlab; l++)
        n += lab_of[l] == s;
      ck_assert_msg(n == 1,
                    "page %d: the segment at x %.1f (%.1f pt wide) has %d "
                    "value labels",
                    pg->number, segs[s].x0, segs[s].x1 - segs[s].x0, n);
    }
    for (int l = 0; l < nlead; l++)
      ck_assert_msg(lead_lab[l] >= 0, "page %d: a leader without a label",
                    pg->number);
    for (int a = 0; a < nlab; a++)
      for (int b = a + 1; b < nlab; b++)
        ck_assert_msg(!boxes_meet(labs[a], labs[b]),
                      "page %d: two value labels overlap", pg->number);
    for (int a = 0; a < nlead; a++) {
      for (int b = a + 1; b < nlead; b++) {
        if (fabs(leads[a].y0 - leads[b].y0) > 1.2)
          continue; /* leaders of another bar */
        ck_assert_msg(!segs_cross(leads[a], leads[b]),
                      "page %d: two leaders cross", pg->number);
        /* apart where the lower one ends */
        seg lo = leads[a].y1 > leads[b].y1 ? leads[a] : leads[b];
        seg hi = leads[a].y1 > leads[b].y1 ? leads[b] : leads[a];
        double t = (hi.y0 - lo.y1) / (hi.y0 - hi.y1);
        double hx = hi.x0 + (hi.x1 - hi.x0) * t;
        ck_assert_msg(fabs(hx - lo.x1) >= 3,
                      "page %d: two leaders converge (%.1f pt apart)",
                      pg->number, fabs(hx - lo.x1));
      }
      for (int b = 0; b < nlab; b++)
        if (b != lead_lab[a])
          ck_assert_msg(!seg_in_box(leads[a], labs[b]),
                        "page %d: a leader passes through a value label",
                        pg->number);
    }
    nsegs += nseg;
    i = end;
  }
  return nsegs;
}

static dg_layout *mini_deck(const char *path, const dg_deck **dp) {
  dg_node *n = dg_parse_file(&ctx, arena, path, "templates/deck.rng");
  ck_assert_msg(n != NULL, "%s", errbuf);
  dg_bind_opts o = {.root = "tests/fixtures/mini",
                    .schema = "templates/deck.rng"};
  const dg_deck *d = dg_bind(&ctx, arena, n, path, &o);
  ck_assert_msg(d != NULL, "%s", errbuf);
  dg_layout *l = dg_layout_deck(&ctx, arena, tx, d);
  ck_assert_msg(l != NULL, "%s", errbuf);
  *dp = d;
  return l;
}

static dg_layout *charts_deck(const dg_deck **dp) {
  return mini_deck("tests/fixtures/mini/templates/charts.xml", dp);
}

/* The cells of a page's table parts, in order: their boxes and spans. */
typedef struct tcell {
  const dg_op *box;
  const dg_op *text; /* first line */
  int part;
} tcell;

static int table_cells(const dg_page *p, tcell *out, int max) {
  int n = 0, part = -1;
  for (int i = 0; i < p->nops; i++) {
    const dg_op *o = &p->ops[i];
    if (o->kind == DG_OP_BEGIN && o->begin.sem == DG_SEM_TABLE)
      part = o->begin.part;
    if (o->kind == DG_OP_BEGIN &&
        (o->begin.sem == DG_SEM_TH || o->begin.sem == DG_SEM_TD) && n < max) {
      out[n] = (tcell){o, NULL, part};
      for (int k = i + 1; k < p->nops && p->ops[k].kind != DG_OP_END; k++)
        if (p->ops[k].kind == DG_OP_TEXT && !out[n].text)
          out[n].text = &p->ops[k];
      n++;
    }
  }
  return n;
}

/* A two-level header: 団体区分 over both header rows, two headers over two
 * columns each with a written line break kept; numbers formatted per
 * column and aligned on their decimal point; rows as tall as their
 * content. */
START_TEST(table_merged_header_and_numbers) {
  const dg_deck *d;
  dg_layout *l = mini_deck("tests/fixtures/mini/templates/tables.xml", &d);
  ck_assert_int_eq(dg_layout_check_overlaps(&ctx, l), 0);
  tcell c[64];
  int n = table_cells(&l->pages[0], c, 64);
  /* 3 + 4 header cells, 3 rows of 5 */
  ck_assert_int_eq(n, 7 + 15);
  ck_assert_int_eq(c[0].box->begin.rowspan, 2);
  ck_assert_int_eq(c[0].box->begin.colspan, 1);
  ck_assert_int_eq(c[1].box->begin.colspan, 2);
  ck_assert_int_eq(c[1].box->begin.col, 1);
  ck_assert_int_eq(c[2].box->begin.col, 3);
  ck_assert_int_eq(c[3].box->begin.col, 1);
  for (int i = 0; i < 7; i++)
    ck_assert_int_eq(c[i].box->begin.scope, 1);
  ck_assert_int_eq(c[7].box->begin.scope, 2);
  ck_assert_int_eq(c[8].box->begin.sem, DG_SEM_TD);
  /* the merged cells cover the boxes of the cells under them */
  ck_assert(fabs(c[0].box->begin.h -
                 (c[3].box->y + c[3].box->begin.h - c[0].box->y)) < 0.01);
  ck_assert(fabs(c[1].box->begin.w - (c[3].box->begin.w + c[4].box->begin.w)) <
            0.01);
  /* 「導入団体数」, then 「（団体）」 on a line of its own */
  const dg_op *t = c[1].text;
  ck_assert_str_eq(t->text.str, "導入団体数");
  ck_assert_str_eq(t[1].text.str, "（団体）");
  ck_assert_str_eq(t[1].text.sep, "\n");
  /* thousands separators, decimals as the data has them */
  ck_assert_str_eq(c[7 + 10 + 1].text->text.str, "1,021");
  ck_assert_str_eq(c[7 + 3].text->text.str, "85.10");
  ck_assert_str_eq(c[7 + 5 + 3].text->text.str, "95");
  /* 85.10, 95 and 58.70 share their point: the whole parts end at one x */
  double w10 = dg_text_width(tx, ".10", c[7 + 3].text->text.size_pt, 0);
  double p85 = c[7 + 3].text->x + c[7 + 3].text->text.w - w10;
  double p95 = c[7 + 8].text->x + c[7 + 8].text->text.w;
  double p58 = c[7 + 13].text->x + c[7 + 13].text->text.w -
               dg_text_width(tx, ".70", c[7 + 13].text->text.size_pt, 0);
  ck_assert_msg(fabs(p85 - p95) < 1.01 && fabs(p85 - p58) < 1.01,
                "points at %.1f %.1f %.1f", p85, p95, p58);
  /* rows as tall as their content: the table ends far above the page's
   * foot, its text at the theme's table size */
  const dg_op *last = c[n - 1].box;
  ck_assert_double_lt(last->y + last->begin.h, 300);
  ck_assert_double_eq(c[8].text->text.size_pt,
                      d->theme.roles[DG_ROLE_TABLE].size_pt);
}
END_TEST

/* 47 rows go on in further columns, each under the header again, in
 * order, and every row once. */
START_TEST(table_continues_in_columns) {
  const dg_deck *d;
  dg_layout *l = mini_deck("tests/fixtures/mini/templates/tables.xml", &d);
  tcell c[512];
  int n = table_cells(&l->pages[1], c, 512);
  int parts = c[n - 1].part + 1;
  ck_assert_int_ge(parts, 2);
  ck_assert_int_eq(n, 4 * parts + 47 * 4);
  ck_assert_str_eq(c[4].text->text.str, "北海道");
  ck_assert_str_eq(c[n - 4].text->text.str, "沖縄県");
  double right = 0;
  for (int i = 0; i < n; i++) {
    if (c[i].box->begin.col == 0 && c[i].box->begin.sem == DG_SEM_TH &&
        c[i].box->begin.scope == 1)
      ck_assert_str_eq(c[i].text->text.str, "都道府県");
    /* each part starts right of the one before */
    if (i && c[i].part != c[i - 1].part) {
      ck_assert_double_gt(c[i].box->x, right);
      right = 0;
    }
    right = fmax(right, c[i].box->x + c[i].box->begin.w);
    ck_assert_double_le(c[i].box->y + c[i].box->begin.h,
                        d->theme.page_h_pt - d->theme.margin_bottom_pt);
  }
  ck_assert_int_eq(dg_layout_check_overlaps(&ctx, l), 0);
}
END_TEST

START_TEST(small_segments_keep_their_labels) {
  const dg_deck *d;
  dg_layout *l = charts_deck(&d);
  ck_assert_int_eq(dg_layout_check_overlaps(&ctx, l), 0);
  /* 100% bars: 35 segments (5 groups of 8 series, some zero), most too
   * small for their label; stacked bars: 5 × 2 segments */
  ck_assert_int_eq(check_segment_labels(&l->pages[0], &d->theme), 35);
  ck_assert_int_eq(check_segment_labels(&l->pages[1], &d->theme), 10);
  /* and the sample deck's own: slide 2 (3 + 3 + 8 segments, 7 labels
   * outside), slide 8 (3 × 3) */
  dg_layout *s = sample();
  ck_assert_int_eq(check_segment_labels(&s->pages[1], &s->deck->theme), 14);
  ck_assert_int_eq(check_segment_labels(&s->pages[7], &s->deck->theme), 9);
}
END_TEST

static double luminance(uint32_t c) {
  double v[3];
  for (int i = 0; i < 3; i++) {
    double x = ((c >> (16 - 8 * i)) & 255) / 255.0;
    v[i] = x <= 0.03928 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4);
  }
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

static double contrast(uint32_t a, uint32_t b) {
  double x = luminance(a), y = luminance(b);
  return (fmax(x, y) + 0.05) / (fmin(x, y) + 0.05);
}

/* The ops [from, to) of one chart (wide or narrow): each series keeps one
 * colour and one pattern in its segments and its legend key, the first
 * plain, no two alike; a label over a series' fill reads at 4.6:1 or more
 * against what is right under it, a patterned fill never (a chip of the
 * plain colour is). Returns the number of series. */
/* highlight: a colour a series' segment may take instead of its own (a
 * highlighted category's bar), its pattern still the series'; 0x1000000
 * for none. */
static int check_series_looks(const dg_op *ops, int from, int to, int slide,
                              uint32_t highlight) {
  int pat[DG_MAX_SERIES + 1], n = 0;
  uint32_t fill[DG_MAX_SERIES + 1];
  for (int s = 0; s <= DG_MAX_SERIES; s++)
    pat[s] = -1;
  for (int k = from; k < to; k++) {
    const dg_op *o = &ops[k];
    int series = o->kind == DG_OP_RECT    ? o->rect.series
                 : o->kind == DG_OP_WEDGE ? o->wedge.series
                                          : 0;
    if (!series)
      continue;
    ck_assert_int_le(series, DG_MAX_SERIES);
    dg_pattern p = o->kind == DG_OP_RECT ? o->rect.pattern : o->wedge.pattern;
    uint32_t f = o->kind == DG_OP_RECT ? o->rect.fill : o->wedge.fill;
    uint32_t ink = o->kind == DG_OP_RECT ? o->rect.ink : o->wedge.ink;
    if (pat[series] < 0) {
      pat[series] = (int)p;
      fill[series] = f;
      n = series > n ? series : n;
    }
    ck_assert_msg(pat[series] == (int)p && (fill[series] == f || f == highlight),
                  "slide %d: series %d drawn two ways", slide, series - 1);
    if (p != DG_PAT_SOLID) /* the marks stand out from the colour */
      ck_assert_msg(contrast(ink, f) >= 3, "slide %d: series %d's marks",
                    slide, series - 1);
  }
  for (int a = 1; a <= n; a++) {
    ck_assert_msg(pat[a] >= 0, "slide %d: series %d not drawn", slide, a - 1);
    for (int b = a + 1; b <= n; b++)
      ck_assert_msg(pat[a] != pat[b],
                    "slide %d: series %d and %d share the pattern %s", slide,
                    a - 1, b - 1, dg_pattern_name((dg_pattern)pat[a]));
  }
  if (n)
    ck_assert_msg(pat[1] == DG_PAT_SOLID, "slide %d: first series patterned",
                  slide);
  /* every label over a series' rectangle: the topmost rectangle under its
   * middle, drawn before it, is what it is read against */
  for (int k = from; k < to; k++) {
    const dg_op *t = &ops[k];
    if (t->kind != DG_OP_TEXT)
      continue;
    double mx = t->x + t->text.w / 2, my = t->y - t->text.ascent / 2;
    for (int j = k - 1; j >= from; j--) {
      const dg_op *r = &ops[j];
      if (r->kind != DG_OP_RECT || mx < r->x || mx > r->x + r->rect.w ||
          my < r->y || my > r->y + r->rect.h)
        continue;
      ck_assert_msg(r->rect.pattern == DG_PAT_SOLID,
                    "slide %d: \"%s\" over a pattern", slide, t->text.str);
      ck_assert_msg(contrast(t->text.color, r->rect.fill) >= 4.6,
                    "slide %d: \"%s\" at %.2f:1", slide, t->text.str,
                    contrast(t->text.color, r->rect.fill));
      break;
    }
  }
  return n;
}

/* Every chart of the sample deck, as drawn and reflowed: the six with
 * more than one series (slides 2, 6, 8, 9, 10 and 17) tell each apart by
 * a pattern too, as the theme declares them. */
START_TEST(series_tell_apart_without_colour) {
  dg_layout *l = sample();
  const dg_theme *th = &l->deck->theme;
  ck_assert_int_eq(th->npatterns, 8);
  ck_assert_int_eq(th->patterns[0], DG_PAT_SOLID);
  int multi = 0, checked = 0;
  for (int i = 0; i < l->npages; i++) {
    const dg_page *pg = &l->pages[i];
    for (int k = 0; k < pg->nops; k++) {
      const dg_op *fo = &pg->ops[k];
      int end = chart_end(pg, k);
      if (!end)
        continue;
      const dg_chart *c = fo->begin.fig->chart;
      int want = c->type == DG_CH_PIE ? c->ncat : c->nser;
      int n = check_series_looks(pg->ops, k, end, pg->number, 0x1000000);
      const dg_page *r = fo->begin.fig->reflow;
      int nn = check_series_looks(r->ops, 0, r->nops, pg->number, 0x1000000);
      ck_assert_msg(n == want, "slide %d: %d series drawn of %d", pg->number,
                    n, want);
      /* the reflowed donut is bars of one colour each, without legend */
      ck_assert_int_eq(nn, want);
      multi += want > 1;
      checked++;
    }
  }
  ck_assert_int_eq(checked, 16);
  ck_assert_int_eq(multi, 6);
}
END_TEST

/* The same on the trend deck's line and column charts: columns (grouped
 * in the sequential ramp, stacked) take their series' patterns whatever
 * their colour, the highlighted bar of the ranking keeps the series'
 * pattern; lines have no series fills but a marker shape each
 * (check_chart's line_labels_apart), and their reflowed bars patterns. */
START_TEST(trend_series_tell_apart_without_colour) {
  dg_node *nd = dg_parse_file(&ctx, arena, "templates/rpa-ai-trend.xml",
                              "templates/deck.rng");
  ck_assert_msg(nd != NULL, "%s", errbuf);
  dg_bind_opts o = {.root = ".", .schema = "templates/deck.rng"};
  dg_deck *d = dg_bind(&ctx, arena, nd, "templates/rpa-ai-trend.xml", &o);
  ck_assert_msg(d != NULL, "%s", errbuf);
  dg_layout *l = dg_layout_deck(&ctx, arena, tx, d);
  ck_assert_msg(l != NULL, "%s", errbuf);
  const dg_theme *th = &d->theme;
  int seen[4] = {0};
  for (int i = 0; i < l->npages; i++) {
    const dg_page *pg = &l->pages[i];
    for (int k = 0; k < pg->nops; k++) {
      const dg_op *fo = &pg->ops[k];
      int end = chart_end(pg, k);
      if (!end)
        continue;
      const dg_chart *c = fo->begin.fig->chart;
      uint32_t hl = c->highlight >= 0 ? th->highlight : 0x1000000;
      int n = check_series_looks(pg->ops, k, end, pg->number, hl);
      const dg_page *r = fo->begin.fig->reflow;
      int nn = check_series_looks(r->ops, 0, r->nops, pg->number, hl);
      ck_assert_int_eq(n, c->type == DG_CH_LINE ? 0 : c->nser);
      ck_assert_int_eq(nn, c->nser);
      int hl_drawn = 0, ramp = 0;
      for (int j = k; j < end; j++) {
        const dg_op *q = &pg->ops[j];
        if (q->kind != DG_OP_RECT || !q->rect.series)
          continue;
        hl_drawn += q->rect.fill == th->highlight;
        ramp += q->rect.fill == dg_theme_series_color(th, q->rect.series - 1,
                                                      c->nser, 1);
      }
      if (c->sequential)
        ck_assert_msg(ramp > 0 && ramp == c->ncat * c->nser + c->nser,
                      "slide %d: %d fills on the ramp", pg->number, ramp);
      if (c->highlight >= 0)
        ck_assert_int_eq(hl_drawn, 1);
      seen[c->type == DG_CH_LINE ? 0 : c->sequential ? 1 : c->highlight >= 0 ? 2 : 3]++;
    }
  }
  for (int t = 0; t < 4; t++)
    ck_assert_int_eq(seen[t], 1);
}
END_TEST

/* A chart whose values are all zero: an axis to 5 and a sentence. */
START_TEST(all_zero_chart_says_so) {
  const dg_deck *d;
  dg_layout *l = charts_deck(&d);
  const dg_page *pg = &l->pages[2];
  int said = 0, five = 0;
  for (int i = 0; i < pg->nops; i++) {
    const dg_op *o = &pg->ops[i];
    if (o->kind != DG_OP_TEXT)
      continue;
    said += !strcmp(o->text.str, DG_CHART_NO_ANSWERS);
    five += !strcmp(o->text.str, "5");
  }
  ck_assert_int_eq(said, 1);
  ck_assert_int_eq(five, 1);
}
END_TEST

int main(void) {
  Suite *s = suite_create("layout");
  TCase *tc = tcase_create("layout");
  tcase_set_timeout(tc, 60);
  tcase_add_checked_fixture(tc, deck_setup, deck_teardown);
  tcase_add_test(tc, kinsoku_table);
  tcase_add_test(tc, breaking_rules);
  tcase_add_test(tc, explicit_newline);
  tcase_add_test(tc, latin_kept_together);
  tcase_add_test(tc, lines_keep_the_paragraphs_glyphs);
  tcase_add_test(tc, sample_deck_no_overlaps);
  tcase_add_test(tc, sample_deck_lines_follow_rules);
  tcase_add_test(tc, slide_number_on_title_line);
  tcase_add_test(tc, structure_in_the_display_list);
  tcase_add_test(tc, narrow_charts);
  tcase_add_test(tc, overlap_detected);
  tcase_add_test(tc, small_segments_keep_their_labels);
  tcase_add_test(tc, all_zero_chart_says_so);
  tcase_add_test(tc, table_merged_header_and_numbers);
  tcase_add_test(tc, table_continues_in_columns);
  tcase_add_test(tc, series_tell_apart_without_colour);
  tcase_add_test(tc, trend_series_tell_apart_without_colour);
  tcase_add_test(tc, no_narrow_charts_without_the_site);
  tcase_add_test(tc, two_threads_lay_out_as_one);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
