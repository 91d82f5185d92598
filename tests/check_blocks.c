/* Check suite for the layout blocks and inline text: <b>, <br/> and <nobr>
 * inside paragraphs (the text module's styled breaking, the binder's
 * markup, the display list's runs), on the constructed deck
 * tests/fixtures/blocks/templates/blocks.xml. */
#include <math.h>

#include "testdeck.h"

#define BLOCKS "tests/fixtures/blocks"

static const dg_deck *blocks_deck(void) {
  dg_node *n = dg_parse_file(&ctx, arena, BLOCKS "/templates/blocks.xml",
                             "templates/deck.rng");
  ck_assert_msg(n != NULL, "%s", errbuf);
  dg_bind_opts o = {.root = BLOCKS, .schema = "templates/deck.rng"};
  dg_deck *d = dg_bind(&ctx, arena, n, BLOCKS "/templates/blocks.xml", &o);
  ck_assert_msg(d != NULL, "%s", errbuf);
  return d;
}

static const dg_page *page_of(const dg_layout *l, int number) {
  for (int i = 0; i < l->npages; i++)
    if (l->pages[i].number == number)
      return &l->pages[i];
  ck_abort_msg("no page %d", number);
  return NULL;
}

/* The style bytes of s: 'b' bold, 'n' nobr, 'x' both, anything else none. */
static unsigned char *styles(const char *s, const char *marks) {
  size_t n = strlen(s);
  unsigned char *v = dg_alloc(arena, n + 1);
  for (size_t i = 0; i < n && marks[i]; i++)
    v[i] = marks[i] == 'b'   ? DG_TS_BOLD
           : marks[i] == 'n' ? DG_TS_NOBR
           : marks[i] == 'x' ? DG_TS_BOLD | DG_TS_NOBR
                             : 0;
  return v;
}

/* A bold run is measured in the bold face: the line is wider than the
 * same text in regular by what the bold words add, and each run is as wide
 * as its text set alone in its weight. */
START_TEST(bold_runs_measured_in_bold) {
  const char *s = "導入済みは2,746団体となった";
  /*               導入済みは = 15 bytes, 2,746団体 = 11 bytes */
  char m[64] = {0};
  memset(m, '.', strlen(s));
  memset(m + 15, 'b', 11);
  dg_sline *ln;
  int over;
  int n = dg_text_break_styled(tx, arena, s, styles(s, m), 16, 1000, &ln,
                               &over);
  ck_assert_int_eq(n, 1);
  ck_assert_int_eq(ln[0].nruns, 3);
  ck_assert_str_eq(ln[0].runs[0].text, "導入済みは");
  ck_assert_str_eq(ln[0].runs[1].text, "2,746団体");
  ck_assert_str_eq(ln[0].runs[2].text, "となった");
  ck_assert(ln[0].runs[1].bold && !ln[0].runs[0].bold && !ln[0].runs[2].bold);
  double reg = dg_text_width(tx, s, 16, 0);
  double bold = dg_text_width(tx, "2,746団体", 16, 1) -
                dg_text_width(tx, "2,746団体", 16, 0);
  ck_assert_double_gt(bold, 0.1);
  ck_assert_double_eq_tol(ln[0].width_pt, reg + bold, 0.05);
  for (int k = 0; k < 3; k++)
    ck_assert_double_eq_tol(
        ln[0].runs[k].width_pt,
        dg_text_width(tx, ln[0].runs[k].text, 16, ln[0].runs[k].bold), 1e-9);
  ck_assert_double_eq_tol(ln[0].runs[1].x_pt, ln[0].runs[0].width_pt, 1e-9);
}
END_TEST

/* No width breaks a line inside a <nobr> phrase, while kinsoku still
 * holds everywhere else; without the phrase the same text does break
 * inside it at some width. */
START_TEST(nobr_never_broken) {
  const char *s = "長い文の中でも「生成AIの利活用に関するガイドライン」という"
                  "語句は一行に収まり、折り返されない。";
  const char *ph = "生成AIの利活用に関するガイドライン";
  const char *at = strstr(s, ph);
  size_t a = (size_t)(at - s), b = a + strlen(ph);
  char m[512] = {0};
  memset(m, '.', strlen(s));
  memset(m + a, 'n', b - a);
  unsigned char *st = styles(s, m), *none = styles(s, "");
  int broke_plain = 0;
  for (double w = 300; w < 700; w += 3) {
    dg_sline *ln;
    int over;
    int n = dg_text_break_styled(tx, arena, s, st, 14, w, &ln, &over);
    ck_assert(!over);
    size_t pos = 0;
    for (int i = 0; i < n; i++) {
      size_t len = 0;
      for (int k = 0; k < ln[i].nruns; k++)
        len += strlen(ln[i].runs[k].text);
      size_t end = pos + len;
      ck_assert_msg(end <= a || pos >= b || (pos <= a && end >= b),
                    "w=%g: line %d [%zu, %zu) cuts the phrase [%zu, %zu)", w,
                    i, pos, end, a, b);
      uint32_t c0 = 0;
      dg_utf8_decode(s + pos, strlen(s + pos), &c0);
      if (i > 0)
        ck_assert_msg(dg_kinsoku_allows('A', c0),
                      "w=%g: line %d starts with U+%04X", w, i, c0);
      ck_assert_double_le(ln[i].width_pt, w + 0.01);
      pos = end;
    }
    n = dg_text_break_styled(tx, arena, s, none, 14, w, &ln, &over);
    pos = 0;
    for (int i = 0; i < n; i++) {
      size_t len = 0;
      for (int k = 0; k < ln[i].nruns; k++)
        len += strlen(ln[i].runs[k].text);
      broke_plain |= pos > a && pos < b;
      pos += len;
    }
  }
  ck_assert_msg(broke_plain, "the test never breaks inside the phrase");
}
END_TEST

/* <br/> is a written line break: the next line's separator is "\n"; a
 * paragraph with markup binds to its text with the markup as style bytes
 * and lays out as runs on one baseline. */
START_TEST(inline_markup_bound_and_laid_out) {
  const dg_deck *d = blocks_deck();
  const dg_block *t = &d->slides[1].blocks[0];
  ck_assert_int_eq(t->kind, DG_B_TEXT);
  const char *p = t->paras[0];
  ck_assert_str_eq(p, "導入済みの団体は2,746団体で、前回調査から大きく増加した。"
                      "\n次の行は書かれた改行の後に始まる。");
  const unsigned char *st = t->para_style[0];
  ck_assert_ptr_nonnull(st);
  size_t b0 = strlen("導入済みの団体は"), b1 = b0 + strlen("2,746団体");
  for (size_t i = 0; i < strlen(p); i++)
    ck_assert_int_eq(st[i], i >= b0 && i < b1 ? DG_INL_BOLD
                            : i >= strlen("導入済みの団体は2,746団体で、前回調査から") &&
                                    i < strlen("導入済みの団体は2,746団体で、前回調査から大きく増加")
                                ? DG_INL_BOLD
                                : 0);
  dg_layout *l = dg_layout_deck(&ctx, arena, tx, d);
  ck_assert_msg(l != NULL, "%s", errbuf);
  const dg_page *pg = page_of(l, 2);
  int i = 0;
  while (i < pg->nops && !(pg->ops[i].kind == DG_OP_TEXT &&
                           !strcmp(pg->ops[i].text.str, "導入済みの団体は")))
    i++;
  ck_assert_int_lt(i + 5, pg->nops);
  const char *want[] = {"導入済みの団体は", "2,746団体", "で、前回調査から",
                        "大きく増加", "した。",
                        "次の行は書かれた改行の後に始まる。"};
  for (int k = 0; k < 6; k++) {
    const dg_op *o = &pg->ops[i + k];
    ck_assert_int_eq(o->kind, DG_OP_TEXT);
    ck_assert_str_eq(o->text.str, want[k]);
    ck_assert_int_eq(o->text.bold, k == 1 || k == 3);
    ck_assert_int_eq(o->text.run, k >= 1 && k <= 4);
    if (k >= 1 && k <= 4) {
      ck_assert_double_eq(o->y, pg->ops[i].y);
      ck_assert_double_eq_tol(o->x, pg->ops[i + k - 1].x + pg->ops[i + k - 1].text.w,
                              1e-6);
    }
  }
  ck_assert_str_eq(pg->ops[i + 5].text.sep, "\n");
  ck_assert_int_eq(pg->ops[i + 5].text.cont, 0);
  ck_assert_int_eq(dg_layout_check_overlaps(&ctx, l), 0);
}
END_TEST

/* The ops of the first group of kind sem on pg from op i: [*a, *b]. */
static int group(const dg_page *pg, int i, dg_sem sem, int *a, int *b) {
  for (int k = i; k < pg->nops; k++)
    if (pg->ops[k].kind == DG_OP_BEGIN && pg->ops[k].begin.sem == sem) {
      int depth = 0;
      for (int j = k; j < pg->nops; j++) {
        if (pg->ops[j].kind == DG_OP_BEGIN)
          depth++;
        else if (pg->ops[j].kind == DG_OP_END && --depth == 0) {
          *a = k;
          *b = j;
          return 1;
        }
      }
    }
  return 0;
}

/* A list is L > LI > (Lbl, LBody): bullets at the list's left edge, the
 * numbers' right ends aligned (1. to 10.), every line of every item's
 * text at one indent (a hanging indent), items in order down the slide. */
START_TEST(lists_hang_their_text) {
  const dg_deck *d = blocks_deck();
  dg_layout *l = dg_layout_deck(&ctx, arena, tx, d);
  ck_assert_msg(l != NULL, "%s", errbuf);
  ck_assert_int_eq(dg_layout_check_overlaps(&ctx, l), 0);
  const dg_page *pg = page_of(l, 3);
  int at = 0;
  for (int list = 0; list < 2; list++) {
    int l0, l1;
    ck_assert(group(pg, at, DG_SEM_LIST, &l0, &l1));
    ck_assert_int_eq(pg->ops[l0].begin.level, list);
    at = l1 + 1;
    int items = 0, k = l0 + 1;
    double body_x = -1, lbl_right = -1, lbl_left = -1, last_y = 0;
    int li0, li1;
    while (k < l1 && group(pg, k, DG_SEM_LI, &li0, &li1) && li1 < l1) {
      items++;
      k = li1 + 1;
      int a0, a1, b0, b1;
      ck_assert(group(pg, li0, DG_SEM_LBL, &a0, &a1) && a1 < li1);
      ck_assert(group(pg, li0, DG_SEM_LBODY, &b0, &b1) && b1 < li1);
      ck_assert_int_lt(a1, b0); /* the label first */
      const dg_op *lab = &pg->ops[a0 + 1];
      ck_assert_int_eq(lab->kind, DG_OP_TEXT);
      char want[16];
      snprintf(want, sizeof want, "%d.", items);
      ck_assert_str_eq(lab->text.str, list ? want : "・");
      if (list) {
        if (lbl_right < 0)
          lbl_right = lab->x + lab->text.w;
        ck_assert_double_eq_tol(lab->x + lab->text.w, lbl_right, 0.51);
      } else {
        if (lbl_left < 0)
          lbl_left = lab->x;
        ck_assert_double_eq(lab->x, lbl_left);
      }
      const dg_op *first = &pg->ops[b0 + 1];
      ck_assert_double_eq(first->y, lab->y); /* the label's line */
      ck_assert_double_gt(first->y, last_y);
      last_y = first->y;
      int lines = 0;
      for (int j = b0 + 1; j < b1; j++) {
        const dg_op *o = &pg->ops[j];
        ck_assert_int_eq(o->kind, DG_OP_TEXT);
        if (o->text.run)
          continue;
        lines++;
        if (body_x < 0)
          body_x = o->x;
        ck_assert_double_eq(o->x, body_x);
        ck_assert_double_gt(o->x, lab->x + lab->text.w);
      }
      if (!list && items == 2)
        ck_assert_int_ge(lines, 2); /* the long item wraps */
    }
    ck_assert_int_eq(items, list ? 10 : 3);
  }
}
END_TEST

/* The label and the x of the first line of the item whose LI opens at
 * ops[li0]. */
static const dg_op *item_label(const dg_page *pg, int li0, const dg_op **body) {
  int a0, a1, b0, b1;
  ck_assert(group(pg, li0, DG_SEM_LBL, &a0, &a1));
  ck_assert(group(pg, li0, DG_SEM_LBODY, &b0, &b1));
  *body = &pg->ops[b0 + 1];
  ck_assert_int_eq((*body)->kind, DG_OP_TEXT);
  return &pg->ops[a0 + 1];
}

/* A list inside an item: bound as the item's sub-list with <ol start>
 * evaluated (an expression: 47 - 44 = 3); laid out inside the item's
 * LBODY after its text, its labels where the item's text starts, its
 * text further in, its numbers written (1) one level down and its
 * bullets ・ two down; the next item of the outer list below the nested
 * list's last line; a list of the slide numbered from start="7". */
START_TEST(nested_lists_and_start) {
  const dg_deck *d = blocks_deck();
  const dg_block *ul = &d->slides[6].blocks[0];
  ck_assert_int_eq(ul->kind, DG_B_LIST);
  ck_assert_int_eq(ul->npara, 2);
  ck_assert_ptr_nonnull(ul->sub);
  ck_assert_ptr_null(ul->sub[1]);
  const dg_block *ol = ul->sub[0];
  ck_assert_int_eq(ol->kind, DG_B_LIST);
  ck_assert_int_eq(ol->ordered, 1);
  ck_assert_int_eq(ol->start, 3);
  ck_assert_str_eq(ul->paras[0], "一段目の一つ目の項目。");
  ck_assert_ptr_nonnull(ol->sub[0]);
  ck_assert_str_eq(ol->sub[0]->paras[0], "三段目の項目");
  ck_assert_int_eq(d->slides[6].blocks[1].start, 7);

  dg_layout *l = dg_layout_deck(&ctx, arena, tx, d);
  ck_assert_msg(l != NULL, "%s", errbuf);
  ck_assert_int_eq(dg_layout_check_overlaps(&ctx, l), 0);
  const dg_page *pg = page_of(l, 7);
  int l0, l1, li0, li1, b0, b1, n0, n1;
  ck_assert(group(pg, 0, DG_SEM_LIST, &l0, &l1));
  ck_assert_int_eq(pg->ops[l0].begin.depth, 0);
  ck_assert_int_eq(pg->ops[l0].begin.mark, DG_MARK_BULLET);
  ck_assert(group(pg, l0 + 1, DG_SEM_LI, &li0, &li1));
  const dg_op *body1, *lab1 = item_label(pg, li0, &body1);
  ck_assert_str_eq(lab1->text.str, "・");
  /* the nested list: in the first item's LBODY, after its text */
  ck_assert(group(pg, li0, DG_SEM_LBODY, &b0, &b1));
  ck_assert(group(pg, b0 + 1, DG_SEM_LIST, &n0, &n1));
  ck_assert_int_lt(n1, b1);
  ck_assert_int_eq(pg->ops[n0 - 1].kind, DG_OP_TEXT);
  const dg_op_begin *nb = &pg->ops[n0].begin;
  ck_assert_int_eq(nb->depth, 1);
  ck_assert_int_eq(nb->level, 1);
  ck_assert_int_eq(nb->start, 3);
  ck_assert_int_eq(nb->mark, DG_MARK_PARENS);
  ck_assert_double_eq(pg->ops[n0].x, body1->x);
  const char *want[] = {"(3)", "(4)"};
  int k = n0 + 1, items = 0;
  double right = -1, text_x = -1, bottom = 0;
  int ni0, ni1;
  while (k < n1 && group(pg, k, DG_SEM_LI, &ni0, &ni1) && ni1 < n1) {
    const dg_op *body, *lab = item_label(pg, ni0, &body);
    ck_assert_str_eq(lab->text.str, want[items]);
    if (right < 0)
      right = lab->x + lab->text.w, text_x = body->x;
    ck_assert_double_eq_tol(lab->x + lab->text.w, right, 0.51);
    ck_assert_double_ge(lab->x, body1->x);
    ck_assert_double_eq(body->x, text_x);
    ck_assert_double_gt(body->x, lab->x + lab->text.w);
    ck_assert_double_gt(body->y, bottom);
    /* every line of the item at its indent (its own lines: the text ops
     * its LBODY opens with); the first item wraps */
    int lines = 0;
    for (const dg_op *o = body; o->kind == DG_OP_TEXT; o++)
      if (!o->text.run) {
        ck_assert_double_eq(o->x, text_x);
        lines++;
      }
    if (items == 0) {
      ck_assert_int_ge(lines, 2);
      /* three levels: its own list of bullets under its text */
      int s0, s1;
      ck_assert(group(pg, ni0, DG_SEM_LIST, &s0, &s1) && s1 < ni1);
      ck_assert_int_eq(pg->ops[s0].begin.depth, 2);
      ck_assert_int_eq(pg->ops[s0].begin.mark, DG_MARK_BULLET);
      const dg_op *b3, *l3 = item_label(pg, s0 + 1, &b3);
      ck_assert_str_eq(l3->text.str, "・");
      ck_assert_double_eq(l3->x, text_x);
      ck_assert_double_gt(l3->y, body->y);
    }
    for (int j = ni0; j < ni1; j++)
      if (pg->ops[j].kind == DG_OP_TEXT)
        bottom = fmax(bottom, pg->ops[j].y);
    items++;
    k = ni1 + 1;
  }
  ck_assert_int_eq(items, 2);
  /* the outer list's second item below everything nested in the first */
  int li2a, li2b;
  ck_assert(group(pg, li1 + 1, DG_SEM_LI, &li2a, &li2b) && li2b < l1);
  const dg_op *body2, *lab2 = item_label(pg, li2a, &body2);
  ck_assert_str_eq(body2->text.str, "一段目の二つ目の項目。");
  ck_assert_double_eq(lab2->x, lab1->x);
  ck_assert_double_gt(body2->y, bottom);
  /* the second list numbered from 7 */
  int m0, m1;
  ck_assert(group(pg, l1 + 1, DG_SEM_LIST, &m0, &m1));
  ck_assert_int_eq(pg->ops[m0].begin.start, 7);
  ck_assert_int_eq(pg->ops[m0].begin.depth, 0);
  ck_assert_int_eq(pg->ops[m0].begin.mark, DG_MARK_PERIOD);
  const dg_op *b7;
  ck_assert_str_eq(item_label(pg, m0 + 1, &b7)->text.str, "7.");
}
END_TEST

/* <columns widths="1fr 2fr">: the text and list in the first column, the
 * chart in the second, twice as wide; the gap between them; then three
 * columns, the first 25% of the width and the others sharing the rest. */
START_TEST(columns_side_by_side) {
  const dg_deck *d = blocks_deck();
  dg_layout *l = dg_layout_deck(&ctx, arena, tx, d);
  ck_assert_msg(l != NULL, "%s", errbuf);
  ck_assert_int_eq(dg_layout_check_overlaps(&ctx, l), 0);
  const dg_theme *th = &d->slides[3].theme;
  double cw = th->page_w_pt - 2 * th->margin_x_pt, col = (cw - 28) / 3;
  const dg_page *pg = page_of(l, 4);
  int f0, f1;
  ck_assert(group(pg, 0, DG_SEM_FIGURE, &f0, &f1));
  const dg_op *fig = &pg->ops[f0];
  ck_assert_double_eq_tol(fig->x, th->margin_x_pt + col + 28, 0.01);
  ck_assert_double_eq_tol(fig->begin.w, 2 * col, 0.01);
  int texts = 0;
  for (int i = 0; i < f0; i++) {
    const dg_op *o = &pg->ops[i];
    if (o->kind != DG_OP_TEXT || o->y < 80)
      continue; /* the title line */
    texts++;
    ck_assert_double_le(o->x + o->text.w, th->margin_x_pt + col + 0.5);
  }
  ck_assert_int_ge(texts, 4); /* the paragraph and the list's items */
  /* the first column is as tall as the slide's body: the chart fills it */
  ck_assert_double_gt(fig->begin.h, 250);

  pg = page_of(l, 5);
  double x[3] = {0};
  int n = 0;
  for (int i = 0; i < pg->nops && n < 3; i++) {
    const dg_op *o = &pg->ops[i];
    if (o->kind == DG_OP_TEXT && !o->text.cont && o->y > 120 &&
        (n == 0 || o->x > x[n - 1] + 1))
      x[n++] = o->x;
  }
  ck_assert_int_eq(n, 3);
  double c1 = cw * 0.25, rest = (cw - 2 * 28 - c1) / 2;
  ck_assert_double_eq_tol(x[0], th->margin_x_pt, 0.5);
  ck_assert_double_eq_tol(x[1], th->margin_x_pt + c1 + 28, 0.5);
  /* the third column is a numbered list: "1." ends where the wider "2."
   * does, so it starts a little right of the column's edge */
  double c3 = th->margin_x_pt + c1 + 28 + rest + 28;
  ck_assert_double_ge(x[2], c3 - 0.5);
  ck_assert_double_le(x[2], c3 + 3);
}
END_TEST

/* Images keep their proportions, fit their column and never grow past
 * their own size; one that says something is a FIGURE named by its alt,
 * a decorative one an ARTIFACT; each has a file name of its own. */
START_TEST(images_fit_their_boxes) {
  const dg_deck *d = blocks_deck();
  dg_layout *l = dg_layout_deck(&ctx, arena, tx, d);
  ck_assert_msg(l != NULL, "%s", errbuf);
  const dg_page *pg = page_of(l, 6);
  const dg_theme *th = &d->slides[5].theme;
  double cw = th->page_w_pt - 2 * th->margin_x_pt, fr = (cw - 2 * 28) / 4;
  struct {
    const char *name, *alt;
    double w, h, col_x, col_w;
  } want[] = {
      {"slide-6-img-1.jpg", "緑の円が描かれた写真の例", 320, 200,
       th->margin_x_pt, 2 * fr},
      {"slide-6-img-2.svg", "検証用のロゴ（SVG）", 240, 80,
       th->margin_x_pt + 2 * fr + 28, fr},
      {"slide-6-img-3.png", NULL, 200, 120,
       th->margin_x_pt + 3 * fr + 56, fr},
  };
  int n = 0;
  for (int i = 1; i < pg->nops; i++) {
    const dg_op *o = &pg->ops[i];
    if (o->kind != DG_OP_IMAGE)
      continue;
    ck_assert_int_lt(n, 3);
    const dg_op *g = &pg->ops[i - 1];
    ck_assert_int_eq(g->kind, DG_OP_BEGIN);
    ck_assert_int_eq(pg->ops[i + 1].kind, DG_OP_END);
    ck_assert_str_eq(o->image.name, want[n].name);
    if (want[n].alt) {
      ck_assert_int_eq(g->begin.sem, DG_SEM_FIGURE);
      ck_assert_str_eq(g->begin.fig->alt, want[n].alt);
      ck_assert_double_eq(g->x, o->x);
      ck_assert_double_eq(g->begin.w, o->image.w);
    } else
      ck_assert_int_eq(g->begin.sem, DG_SEM_ARTIFACT);
    /* proportions kept, at most its own size, inside its column */
    ck_assert_double_eq_tol(o->image.w / o->image.h, want[n].w / want[n].h,
                            1e-9);
    ck_assert_double_le(o->image.w, want[n].w + 1e-9);
    ck_assert_double_ge(o->x, want[n].col_x - 0.01);
    ck_assert_double_le(o->x + o->image.w, want[n].col_x + want[n].col_w + 0.01);
    ck_assert_double_le(o->y + o->image.h, th->page_h_pt);
    n++;
  }
  ck_assert_int_eq(n, 3);
  /* the photo at its own size (its column is wide enough); the logo and
   * the mark shrunk to their narrower columns */
  ck_assert_double_lt(fr, 240);
}
END_TEST

/* Columns of text and images only take their own heights and are centred
 * against each other and in the room below the title: on slide 6 the
 * photo's column (a paragraph over the photo), the logo and the mark have
 * one middle, the room's; beside a chart (slide 4) a column's text stays
 * at the top of the chart's box. */
START_TEST(columns_without_charts_centred) {
  const dg_deck *d = blocks_deck();
  dg_layout *l = dg_layout_deck(&ctx, arena, tx, d);
  ck_assert_msg(l != NULL, "%s", errbuf);
  ck_assert_int_eq(dg_layout_check_overlaps(&ctx, l), 0);
  const dg_theme *th = &d->slides[5].theme;
  const dg_page *pg = page_of(l, 6);
  double top = 1e9, mid[3];
  int n = 0;
  for (int i = 0; i < pg->nops; i++) {
    const dg_op *o = &pg->ops[i];
    if (o->kind == DG_OP_TEXT && o->y > 80) /* the paragraph */
      top = fmin(top, o->y - o->text.ascent);
    if (o->kind == DG_OP_IMAGE && n < 3) {
      mid[n] = n == 0 ? (top + o->y + o->image.h) / 2 : o->y + o->image.h / 2;
      n++;
    }
  }
  ck_assert_int_eq(n, 3);
  ck_assert_double_lt(top, 1e9);
  ck_assert_double_eq_tol(mid[1], mid[0], 1);
  ck_assert_double_eq_tol(mid[2], mid[0], 1);
  /* the room: from under the title's rule to the bottom margin */
  double room_top = th->margin_top_pt + th->title_h_pt - 8 + th->gap_pt + 2,
         room_bottom = th->page_h_pt - th->margin_bottom_pt;
  ck_assert_double_eq_tol(mid[0], (room_top + room_bottom) / 2, 1);

  pg = page_of(l, 4);
  int f0, f1;
  ck_assert(group(pg, 0, DG_SEM_FIGURE, &f0, &f1));
  for (int i = 0; i < f0; i++)
    if (pg->ops[i].kind == DG_OP_TEXT && pg->ops[i].y > 80) {
      ck_assert_double_eq_tol(pg->ops[i].y - pg->ops[i].text.ascent,
                              pg->ops[f0].y, 1);
      break;
    }
}
END_TEST

/* The formats are told by their bytes, with their sizes; pixels come
 * back at the size asked for an SVG and at their own for the others. */
START_TEST(image_formats_and_pixels) {
  const char *f[] = {"photo.jpg", "logo.svg", "mark.png"};
  dg_imgfmt fmt[] = {DG_IMG_JPEG, DG_IMG_SVG, DG_IMG_PNG};
  double w[] = {320, 240, 200}, h[] = {200, 80, 120};
  for (int i = 0; i < 3; i++) {
    dg_image im;
    const char *path = dg_printf(arena, BLOCKS "/templates/img/%s", f[i]);
    ck_assert_int_eq(dg_image_read(&ctx, arena, (dg_pos){0}, path, f[i], &im),
                     0);
    ck_assert_int_eq(im.fmt, fmt[i]);
    ck_assert_double_eq(im.w, w[i]);
    ck_assert_double_eq(im.h, h[i]);
    unsigned char *px;
    int pw, ph;
    ck_assert_int_eq(dg_image_rgba(&im, 60, 20, &px, &pw, &ph), 0);
    ck_assert_int_eq(pw, i == 1 ? 60 : (int)w[i]);
    ck_assert_int_eq(ph, i == 1 ? 20 : (int)h[i]);
    /* the middle of each picture is drawn, opaque */
    const unsigned char *m = px + ((size_t)(ph / 2) * pw + pw / 2) * 4;
    ck_assert_int_eq(m[3], 255);
    if (i == 1) /* the logo's blue at its centre-left, white at its mark */
      ck_assert_int_eq(px[((size_t)10 * pw + 10) * 4 + 3], 255);
    if (i == 2) /* the mark's transparent corner */
      ck_assert_int_eq(px[3], 0);
    free(px);
  }
}
END_TEST

/* A cover: its title as the deck's H1 in the large size, no slide
 * number, the subtitle under the rule, date and organization at the foot,
 * right-aligned, and its logo between them. */
START_TEST(cover_has_no_number) {
  const dg_deck *d = blocks_deck();
  ck_assert(d->slides[0].cover);
  dg_layout *l = dg_layout_deck(&ctx, arena, tx, d);
  ck_assert_msg(l != NULL, "%s", errbuf);
  const dg_page *pg = page_of(l, 1);
  const dg_theme *th = &d->slides[0].theme;
  double right = th->page_w_pt - th->margin_x_pt - 40;
  int h0, h1, texts = 0, image = 0;
  ck_assert(group(pg, 0, DG_SEM_HEADING, &h0, &h1));
  ck_assert_int_eq(pg->ops[h0].begin.level, 1);
  ck_assert_str_eq(pg->ops[h0 + 1].text.str, "レイアウトの部品の検証");
  ck_assert_double_eq(pg->ops[h0 + 1].text.size_pt,
                      round(th->roles[DG_ROLE_TITLE].size_pt * 1.6));
  double title_y = pg->ops[h0 + 1].y, sub_y = 0, date_y = 0, org_y = 0;
  for (int i = 0; i < pg->nops; i++) {
    const dg_op *o = &pg->ops[i];
    image |= o->kind == DG_OP_IMAGE;
    if (o->kind != DG_OP_TEXT)
      continue;
    texts++;
    ck_assert_msg(strcmp(o->text.str, "1"), "a cover has no slide number");
    if (!strcmp(o->text.str, "段組み、箇条書き、画像、太字を一つの資料で"))
      sub_y = o->y;
    if (!strcmp(o->text.str, "令和7年3月") ||
        !strcmp(o->text.str, "deckgen 検証チーム")) {
      ck_assert_double_eq_tol(o->x + o->text.w, right, 0.51);
      *(o->text.str[0] == 'd' ? &org_y : &date_y) = o->y;
    }
  }
  ck_assert_int_eq(texts, 4);
  ck_assert(image);
  ck_assert_double_gt(sub_y, title_y);
  ck_assert_double_gt(date_y, sub_y + 80);
  ck_assert_double_gt(org_y, date_y);
  ck_assert_int_eq(dg_layout_check_overlaps(&ctx, l), 0);
}
END_TEST

int main(void) {
  Suite *s = suite_create("blocks");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 60);
  tcase_add_checked_fixture(tc, deck_setup, deck_teardown);
  tcase_add_test(tc, bold_runs_measured_in_bold);
  tcase_add_test(tc, nobr_never_broken);
  tcase_add_test(tc, inline_markup_bound_and_laid_out);
  tcase_add_test(tc, lists_hang_their_text);
  tcase_add_test(tc, nested_lists_and_start);
  tcase_add_test(tc, columns_side_by_side);
  tcase_add_test(tc, images_fit_their_boxes);
  tcase_add_test(tc, columns_without_charts_centred);
  tcase_add_test(tc, image_formats_and_pixels);
  tcase_add_test(tc, cover_has_no_number);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
