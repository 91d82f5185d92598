/* Check suite for the bind stage: datasets load, checks run, charts and
 * text bind to data, and each binding error names the template line. */
#include "bind.h"
#include "parse.h"
#include "testutil.h"

#define ROOT "tests/fixtures/mini"
#define DECK ROOT "/templates/t.xml"

static dg_deck *bindx(const char *body) {
  char *xml = dg_printf(arena,
                        "<?xml version=\"1.0\"?>\n"
                        "<deck id=\"t\">\n"
                        "<dataset id=\"c\" file=\"data/counts.csv\"><column "
                        "name=\"count\" type=\"integer\"/></dataset>\n%s\n"
                        "</deck>\n",
                        body);
  dg_node *n = dg_parse_memory(&ctx, arena, DECK, xml, strlen(xml),
                               "templates/deck.rng");
  if (!n)
    return NULL;
  dg_bind_opts o = {ROOT, "templates/deck.rng", 0, NULL, 0};
  return dg_bind(&ctx, arena, n, DECK, &o);
}

#define BAD(body, msg)                                                         \
  do {                                                                         \
    reset_errors();                                                            \
    ck_assert_ptr_null(bindx(body));                                           \
    ck_assert_str_eq(first_error(), msg);                                      \
  } while (0)

START_TEST(text_and_chart) {
  dg_deck *d = bindx("<slide><title>{quote(top(c.label, c.count, 1))}</title>"
                     "<lead><p>計{sum(c.count)}件</p></lead>"
                     "<chart type=\"bar\" data=\"c\" category=\"label\" "
                     "value=\"count\" sort=\"desc\"/></slide>");
  ck_assert_msg(d != NULL, "%s", errbuf);
  ck_assert_str_eq(d->slides[0].title, "「B」");
  ck_assert_str_eq(d->slides[0].blocks[0].paras[0], "計100件");
  const dg_chart *c = d->slides[0].blocks[1].chart;
  ck_assert_int_eq(c->ncat, 3);
  ck_assert_str_eq(c->cat[0], "B");
  ck_assert_str_eq(c->cat[2], "C");
  ck_assert_str_eq(c->val_text[0], "50");
}
END_TEST

START_TEST(pie_shares) {
  dg_deck *d = bindx("<slide><title>t</title><chart type=\"pie\" data=\"c\" "
                     "category=\"label\" value=\"count\"/></slide>");
  ck_assert_msg(d != NULL, "%s", errbuf);
  const dg_chart *c = d->slides[0].blocks[0].chart;
  ck_assert_str_eq(c->pct_text[0], "30.0%");
  ck_assert_str_eq(c->pct_text[1], "50.0%");
}
END_TEST

START_TEST(whitespace_folding) {
  dg_deck *d = bindx("<slide><title>t</title><lead><p>\n  日本語の\n  文章 "
                     "and\n  English\n</p></lead></slide>");
  ck_assert_msg(d != NULL, "%s", errbuf);
  ck_assert_str_eq(d->slides[0].blocks[0].paras[0], "日本語の文章 and English");
}
END_TEST

START_TEST(explain_records) {
  dg_deck *d = bindx("<slide><title>t</title><lead><p>{c.count[label='B']}</"
                     "p></lead></slide>");
  ck_assert_ptr_nonnull(d);
  ck_assert_int_eq(d->nexplain, 1);
  ck_assert_str_eq(d->explain[0].result, "50");
  ck_assert_str_eq(d->explain[0].src[0]->prov, "P");
  ck_assert_str_eq(d->explain[0].src[0]->pos.file, ROOT "/data/counts.csv");
  ck_assert_int_eq(d->explain[0].src[0]->pos.line, 3);
}
END_TEST

START_TEST(slide_style_override) {
  dg_deck *d = bindx("<slide><style><role name=\"lead\" size=\"20\" "
                     "color=\"#112233\"/></style><title>a</title></slide>"
                     "<slide><title>b</title></slide>");
  ck_assert_msg(d != NULL, "%s", errbuf);
  ck_assert_double_eq(d->slides[0].theme.roles[DG_ROLE_LEAD].size_pt, 20);
  ck_assert_uint_eq(d->slides[0].theme.roles[DG_ROLE_LEAD].color, 0x112233);
  ck_assert_double_eq(d->slides[1].theme.roles[DG_ROLE_LEAD].size_pt,
                      d->theme.roles[DG_ROLE_LEAD].size_pt);
}
END_TEST

START_TEST(errors) {
  BAD("<check name=\"total\" expr=\"sum(c.count) = "
      "99\"/>\n<slide><title>t</title></slide>",
      DECK ":4: error: check failed: \"total\" {sum(c.count) = 99}: found 100 "
           "and 99");
  BAD("<slide><title>t</title>\n<chart type=\"bar\" data=\"nope\" "
      "category=\"label\" value=\"count\"/></slide>",
      DECK ":5: error: unknown dataset \"nope\"");
  BAD("<slide><title>t</title>\n<chart type=\"bar\" data=\"c\" "
      "category=\"lbl\" value=\"count\"/></slide>",
      DECK ":5: error: unknown column \"lbl\" in dataset \"c\" (expected one "
           "of: label, count, source)");
  BAD("<slide><title>t</title>\n<chart type=\"bar\" data=\"c\" "
      "category=\"label\" value=\"label\"/></slide>",
      DECK ":5: error: column \"label\" of dataset \"c\" is text; declare it "
           "integer or decimal to chart it");
  BAD("<slide><title>t</title>\n<lead><p>{c.count[label='Z']}</p></lead></"
      "slide>",
      DECK ":5: error: lookup c.count matches no row of " ROOT
           "/data/counts.csv (expected exactly one) in expression "
           "{c.count[label='Z']} at column 1");
  BAD("<dataset id=\"x\" "
      "file=\"../secret.csv\"/>\n<slide><title>t</title></slide>",
      DECK
      ":4: error: dataset path \"../secret.csv\" leaves the project (absolute "
      "paths and \"..\" are refused; pass --allow-outside to permit)");
  BAD("<dataset id=\"x\" "
      "file=\"/etc/passwd\"/>\n<slide><title>t</title></slide>",
      DECK
      ":4: error: dataset path \"/etc/passwd\" leaves the project (absolute "
      "paths and \"..\" are refused; pass --allow-outside to permit)");
  BAD("<dataset id=\"c\" "
      "file=\"data/counts.csv\"/>\n<slide><title>t</title></slide>",
      DECK ":4: error: dataset \"c\" is declared twice");
  BAD("<dataset id=\"m\" "
      "file=\"data/missing.csv\"/>\n<slide><title>t</title></slide>",
      ROOT
      "/data/missing.csv: error: cannot open file: No such file or directory");
  BAD("<dataset id=\"d\" file=\"data/dup.csv\"><column name=\"count\" "
      "type=\"integer\"/></dataset>\n"
      "<slide><title>t</title><chart type=\"bar\" data=\"d\" "
      "category=\"label\" value=\"count\"/></slide>",
      ROOT "/data/dup.csv:3:2: error: duplicate row for category \"A\" (first "
           "at line 2)");
  BAD("<dataset id=\"z\" file=\"data/zero.csv\"><column name=\"count\" "
      "type=\"integer\"/></dataset>\n"
      "<slide><title>t</title>\n<chart type=\"stacked100\" data=\"z\" "
      "category=\"group\" series=\"status\" value=\"count\"/></slide>",
      DECK ":6: error: category \"g\" totals zero, so its shares cannot be "
           "computed");
  BAD("<slide><title>t</title>\n<chart type=\"bar\"/></slide>",
      DECK ":5: error: chart needs data= or <series> with <item>s");
}
END_TEST

int main(void) {
  Suite *s = suite_create("bind");
  TCase *tc = tcase_create("bind");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, text_and_chart);
  tcase_add_test(tc, pie_shares);
  tcase_add_test(tc, whitespace_folding);
  tcase_add_test(tc, explain_records);
  tcase_add_test(tc, slide_style_override);
  tcase_add_test(tc, errors);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
