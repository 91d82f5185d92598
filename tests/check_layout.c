/* Check suite for the text and layout stages: Japanese line-breaking
 * (kinsoku) rules, shrink-to-fit, and the whole sample deck laid out with
 * no overlapping text and nothing off the page. */
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
      ck_assert_msg(!starts_bad(first_cp(o->text)),
                    "slide %d: line starts with a forbidden character: %s",
                    p + 1, o->text);
    }
}
END_TEST

/* Issue 15: a table's fills and rules are decoration (artifacts), never
 * table content; the deck's first title is the level-1 heading, the others
 * level 2; a cell's written line break is kept as the second line's sep;
 * every figure carries its data sentence. */
START_TEST(issue15_structure_in_the_display_list) {
  dg_layout *l = sample();
  int tables = 0, breaks = 0;
  for (int p = 0; p < l->npages; p++) {
    dg_sem open[32];
    int depth = 0, headings = 0;
    for (int i = 0; i < l->pages[p].nops; i++) {
      const dg_op *o = &l->pages[p].ops[i];
      if (o->kind == DG_OP_BEGIN) {
        ck_assert_int_lt(depth, 32);
        open[depth++] = o->sem;
        tables += o->sem == DG_SEM_TABLE;
        if (o->sem == DG_SEM_HEADING) {
          headings++;
          ck_assert_int_eq(o->level, p == 0 ? 1 : 2);
        }
        if (o->sem == DG_SEM_FIGURE)
          ck_assert_msg(o->desc && strstr(o->desc, "、"),
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
          !strcmp(o->text, "企画書案の作成")) {
        ck_assert_str_eq(o->sep, "\n");
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
      if (!strcmp(o->text, want) && o->x > 800)
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
  other->x = 955;
  /* issue 13: the message names the element's file:line and quotes at most
   * 40 characters of a long text */
  other->text = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
                "一二三四五六七八九十一二三四五";
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
  tcase_add_test(tc, issue15_structure_in_the_display_list);
  tcase_add_test(tc, overlap_detected);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
