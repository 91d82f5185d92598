/* Check suite for the bind stage: datasets load, checks run, charts and
 * text bind to data, and each binding error names the template line. */
#include "bind/bind.h"
#include "deck/parse.h"
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
  dg_bind_opts o = {.root = ROOT, .schema = "templates/deck.rng"};
  return dg_bind(&ctx, arena, n, DECK, &o);
}

#define BAD(body, msg)                                                         \
  do {                                                                         \
    reset_errors();                                                            \
    ck_assert_ptr_null(bindx(body));                                           \
    ck_assert_str_eq(first_error(), msg);                                      \
  } while (0)

/* The survey is set in one place. A deck whose <survey> names
 * the folders; every date spelling and the output name come from the
 * folders' survey.csv; --data/--previous point elsewhere. */
static const char *survey_deck =
    "<?xml version=\"1.0\"?>\n"
    "<deck id=\"t-{plain(year(survey.date))}\">\n"
    "<meta><title>t</title><subject>（{fw(wareki(survey.date, "
    "'year'))}{month(survey.date)}月{day(survey.date)}日現在）</subject>"
    "<keywords>{wareki(survey.date, 'fy')}</keywords>"
    "<date>{survey.published}</date></meta>\n"
    "<survey data=\"data/s2024\" previous=\"data/s2023\"/>\n"
    "<dataset id=\"c\" file=\"counts.csv\"><column name=\"count\" "
    "type=\"integer\"/></dataset>\n"
    "<dataset id=\"c0\" from=\"previous\" file=\"counts.csv\"><column "
    "name=\"count\" type=\"integer\"/></dataset>\n"
    "<slide><title>前回調査（{wareki(previous.date)}現在）</title>"
    "<lead><p>{wareki(survey.date)}現在{sum(c.count)}件、"
    "{wareki(previous.date, 'year')}は{sum(c0.count)}件</p></lead>"
    "</slide>\n</deck>\n";

static dg_deck *bind_survey(const char *xml, const char *data,
                            const char *previous) {
  dg_node *n = dg_parse_memory(&ctx, arena, DECK, xml, strlen(xml),
                               "templates/deck.rng");
  if (!n)
    return NULL;
  dg_bind_opts o = {.root = ROOT,
                    .schema = "templates/deck.rng",
                    .data = data,
                    .previous = previous};
  return dg_bind(&ctx, arena, n, DECK, &o);
}

START_TEST(survey_in_one_place) {
  dg_deck *d = bind_survey(survey_deck, NULL, NULL);
  ck_assert_msg(d != NULL, "%s", errbuf);
  ck_assert_str_eq(d->id, "t-2024");
  ck_assert_str_eq(d->subject, "（令和６年12月31日現在）");
  ck_assert_str_eq(d->keywords, "令和6年度");
  ck_assert_str_eq(d->date, "2025-06-30");
  ck_assert_str_eq(d->slides[0].title, "前回調査（令和5年12月31日現在）");
  ck_assert_str_eq(d->slides[0].blocks[0].paras[0],
                   "令和6年12月31日現在100件、令和5年は50件");
  /* dataset files are relative to the survey's folders */
  ck_assert_str_eq(d->tables[2]->path, ROOT "/data/s2024/counts.csv");
  ck_assert_str_eq(d->tables[3]->path, ROOT "/data/s2023/counts.csv");
  /* next year: the same template pointed at other folders */
  d = bind_survey(survey_deck, ROOT "/data/s2025", ROOT "/data/s2024");
  ck_assert_msg(d != NULL, "%s", errbuf);
  ck_assert_str_eq(d->id, "t-2025");
  ck_assert_str_eq(d->subject, "（令和７年12月31日現在）");
  ck_assert_str_eq(d->keywords, "令和7年度");
  ck_assert_str_eq(d->date, "2026-06-30");
  ck_assert_str_eq(d->slides[0].title, "前回調査（令和6年12月31日現在）");
  ck_assert_str_eq(d->slides[0].blocks[0].paras[0],
                   "令和7年12月31日現在115件、令和6年は100件");
}
END_TEST

#define SBAD(xml, data, previous, msg)                                         \
  do {                                                                         \
    reset_errors();                                                            \
    ck_assert_ptr_null(bind_survey(xml, data, previous));                      \
    ck_assert_str_eq(first_error(), msg);                                      \
  } while (0)

START_TEST(survey_errors) {
  SBAD(survey_deck, ROOT "/data/s2025", NULL,
       DECK ":6: error: dataset \"c0\" reads the previous survey, but none is "
            "given (with --data, give --previous DIR too)");
  /* a copied folder whose survey.csv still has last year's date */
  SBAD(survey_deck, ROOT "/data/stale", ROOT "/data/s2024",
       ROOT "/data/stale/survey.csv:2:1: error: this survey's date 2024-12-31 "
            "is not after the previous survey's date 2024-12-31 (" ROOT
            "/data/s2024/survey.csv:2:1)");
  SBAD(survey_deck, ROOT "/data/badday", NULL,
       ROOT "/data/badday/survey.csv:2:1: error: \"2025-02-30\" is not a date "
            "(expected YYYY-MM-DD, or as Excel saves one, 2025/12/31 with or "
            "without a time)");
  /* hostile12: this survey's publication date is checked where it is
   * written, not at the template's <date> */
  SBAD(survey_deck, ROOT "/data/nopub", NULL,
       ROOT "/data/nopub/survey.csv:2:2: error: published \"\" is not a date "
            "(expected YYYY-MM-DD or 2025/12/31, the deck's publication date)");
  SBAD(survey_deck, ROOT "/data/earlypub", NULL,
       ROOT "/data/earlypub/survey.csv:2:2: error: published 2025-01-01 is "
            "before this survey's date 2025-12-31 (the deck cannot be "
            "published before the date its figures describe)");
  SBAD(survey_deck, ROOT "/data/none", NULL,
       ROOT "/data/none/survey.csv: error: cannot open file: No such file or "
            "directory");
  const char *taken = "<?xml version=\"1.0\"?>\n<deck id=\"t\">\n"
                      "<survey data=\"data/s2024\"/>\n"
                      "<dataset id=\"survey\" file=\"counts.csv\"/>\n"
                      "<slide><title>t</title></slide></deck>\n";
  SBAD(taken, NULL, NULL,
       DECK ":4: error: dataset id \"survey\" is taken: with a <survey>, "
            "\"survey\" is the survey.csv of this survey's folder (choose "
            "another id)");
  const char *plain = "<?xml version=\"1.0\"?>\n<deck id=\"t\">\n"
                      "<dataset id=\"c\" from=\"previous\" "
                      "file=\"data/counts.csv\"/>\n"
                      "<slide><title>t</title></slide></deck>\n";
  SBAD("<?xml version=\"1.0\"?>\n<deck id=\"t\">\n<meta><title>t</title>\n"
       "<date>30 June</date></meta>\n<slide><title>t</title></slide></deck>\n",
       NULL, NULL,
       DECK ":4: error: <date> \"30 June\" is not a date (expected YYYY-MM-DD "
            "or YYYY-MM-DDThh:mm:ssZ)");
  SBAD(plain, NULL, NULL,
       DECK ":3: error: dataset \"c\" has from=\"previous\" but the deck has "
            "no <survey> element");
  SBAD(plain, ROOT "/data/s2025", NULL,
       DECK ":2: error: --data needs a <survey> element in the deck (its "
            "datasets name their own folders)");
  const char *odd = "<?xml version=\"1.0\"?>\n<deck id=\"t/{survey.date}\">\n"
                    "<survey data=\"data/s2024\"/>\n"
                    "<slide><title>t</title></slide></deck>\n";
  SBAD(odd, NULL, NULL,
       DECK ":2: error: deck id \"t/2024-12-31\" cannot name a file (expected "
            "letters, digits, '.', '-' and '_')");
  const char *outside = "<?xml version=\"1.0\"?>\n<deck id=\"t\">\n"
                        "<survey data=\"../data/s2024\"/>\n"
                        "<slide><title>t</title></slide></deck>\n";
  SBAD(outside, NULL, NULL,
       DECK ":3: error: survey data folder \"../data/s2024\" leaves the "
            "project (absolute paths and \"..\" are refused; pass "
            "--allow-outside to permit)");
}
END_TEST

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

/* Every numeric attribute may be one {expression}: the chart's axis, its
 * decimals, a slide's text sizes; what is not a number is an error. */
START_TEST(numeric_attributes_as_expressions) {
  dg_deck *d = bindx(
      "<let name=\"n\" expr=\"sum(c.count) * 2\"/>"
      "<slide><style><role name=\"lead\" size=\"{c.count[label='C'] + 2}\" "
      "leading=\"{3 / 2}\"/></style><title>t</title>"
      "<chart type=\"bar\" data=\"c\" category=\"label\" value=\"count\" "
      "axis-max=\"{n}\" decimals=\"{1}\"/></slide>");
  ck_assert_msg(d != NULL, "%s", errbuf);
  const dg_chart *c = d->slides[0].blocks[0].chart;
  ck_assert_double_eq(c->axis_max, 200);
  ck_assert_str_eq(c->val_text[0], "30.0");
  ck_assert_double_eq(d->slides[0].theme.roles[DG_ROLE_LEAD].size_pt, 22);
  ck_assert_double_eq(d->slides[0].theme.roles[DG_ROLE_LEAD].leading, 1.5);
  BAD("<slide><title>t</title>\n<chart type=\"bar\" data=\"c\" "
      "category=\"label\" value=\"count\" axis-max=\"{c.label[label='B']}\"/>"
      "</slide>",
      DECK ":5: error: expected a number, found text \"B\" in expression "
           "{c.label[label='B']} at column 1");
  BAD("<slide><title>t</title>\n<chart type=\"bar\" data=\"c\" "
      "category=\"label\" value=\"count\" decimals=\"{1 / 2}\"/></slide>",
      DECK ":5: error: attribute decimals=\"0.5\" must be an integer from 0 "
           "to 6");
}
END_TEST

/* A derived dataset: this survey's share minus the previous one's per
 * group, joined by key; the wording functions rank computed values and
 * name a tie of shares 同率. */
#define SHARES                                                                 \
  "<dataset id=\"s\" file=\"data/shares.csv\"><column name=\"share\" "         \
  "type=\"decimal\" kind=\"share\"/></dataset>\n"                              \
  "<dataset id=\"p\" file=\"data/shares_prev.csv\"><column name=\"share\" "    \
  "type=\"decimal\" kind=\"share\"/></dataset>\n"

START_TEST(derived_dataset) {
  dg_deck *d = bindx(
      SHARES "<dataset id=\"change\" derive=\"s\" join=\"p\" as=\"prev\" "
             "key=\"group\" missing=\"skip\"><column name=\"diff\" "
             "expr=\"share - prev.share\" kind=\"share\"/><column "
             "name=\"up\" expr=\"if(diff &gt; 10, '大', '小')\"/></dataset>\n"
             "<slide><title>t</title><lead><p>{most(change.group, "
             "change.diff, '%')}最も増えた。{quote(ranked(change.group, "
             "change.diff, 3))}。{fixed(sum(change.diff), 1)}。"
             "{count(change.group where up = '大')}</p></lead>"
             "<table data=\"change\" columns=\"group,diff\" "
             "decimals=\"auto,1\"/></slide>");
  ck_assert_msg(d != NULL, "%s", errbuf);
  ck_assert_str_eq(d->slides[0].blocks[0].paras[0],
                   "「都道府県」と「市区町村」が同率の17.1%で最も増えた。"
                   "「都道府県」、「市区町村」、「指定都市」。39.2。2");
  const dg_tablek *t = d->slides[0].blocks[1].table;
  ck_assert_int_eq(t->nrows, 3); /* 一部事務組合 has no previous share */
  ck_assert_str_eq(t->cells[1], "17.1");
  ck_assert_str_eq(t->cells[3], "5.0");
  BAD(SHARES "<dataset id=\"change\" derive=\"s\" join=\"p\" key=\"group\">"
             "<column name=\"diff\" expr=\"share - p.share\"/></dataset>\n"
             "<slide><title>t</title></slide>",
      DECK ":6: error: dataset \"change\": no row of \"p\" "
           "(" ROOT "/data/shares_prev.csv) has group 「一部事務組合」, which "
           "row 4 of \"s\" has; give missing=\"skip\" to leave such rows out");
  BAD(SHARES "<dataset id=\"change\" derive=\"s\" join=\"p\" key=\"group\" "
             "missing=\"skip\">\n<column name=\"diff\" expr=\"share - "
             "p.shar\"/></dataset>\n<slide><title>t</title></slide>",
      DECK ":7: error: unknown column \"shar\" in \"p\", the joined dataset "
           "\"p\" (expected one of: group, share) in expression {share - "
           "p.shar} at column 9");
  BAD(SHARES "<dataset id=\"change\" derive=\"x\"><column name=\"d\" "
             "expr=\"1\"/></dataset>\n<slide><title>t</title></slide>",
      DECK ":6: error: derive=\"x\" names no dataset declared before this one");
}
END_TEST

/* --explain of computed cells: each names the file:line of the <column
 * expr> that computed it, the expression, its dataset and row, then the
 * cells it was computed from a tab further in, down to the CSV cells,
 * through a dataset derived from a derived one (its copied cells keep the
 * line that computed them); what a value of many computed cells would
 * print past the budget is left out, and says so. */
START_TEST(explain_computed_cells) {
  dg_deck *d = bindx(
      SHARES
      "<dataset id=\"change\" derive=\"s\" join=\"p\" as=\"prev\" "
      "key=\"group\" missing=\"skip\">\n<column name=\"diff\" "
      "expr=\"share - prev.share\" kind=\"share\"/></dataset>\n"
      "<dataset id=\"twice\" derive=\"change\">\n<column name=\"d2\" "
      "expr=\"diff * 2\"/></dataset>\n"
      "<slide><title>t</title><lead><p>{fixed(twice.d2[group='市区町村'], "
      "1)}、{fixed(twice.diff[group='都道府県'], 1)}</p></lead></slide>");
  ck_assert_msg(d != NULL, "%s", first_error());
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  dg_bind_explain(d, f);
  fclose(f);
  const char *want =
      "slide 1\tlead p1\t" DECK ":10\t{fixed(twice.d2[group='市区町村'], "
      "1)}\t= 34.2\n"
      "\t\t" DECK ":9\t34.2\tcomputed: {diff * 2}, dataset \"twice\" row "
      "3\n"
      "\t\t\t" DECK ":7\t17.1\tcomputed: {share - prev.share}, dataset "
      "\"change\" row 3\n"
      "\t\t\t\t" ROOT "/data/shares.csv:4:2\t75.8\t(no provenance)\n"
      "\t\t\t\t" ROOT "/data/shares_prev.csv:4:2\t58.7\t(no provenance)\n"
      "slide 1\tlead p1\t" DECK ":10\t{fixed(twice.diff[group='都道府県'], "
      "1)}\t= 17.1\n"
      "\t\t" DECK ":7\t17.1\tcomputed: {share - prev.share}, dataset "
      "\"change\" row 1\n"
      "\t\t\t" ROOT "/data/shares.csv:2:2\t100.0\t(no provenance)\n"
      "\t\t\t" ROOT "/data/shares_prev.csv:2:2\t82.9\t(no provenance)\n";
  const char *at = strstr(buf, "slide 1\t");
  ck_assert_ptr_nonnull(at);
  ck_assert_str_eq(at, want);
  free(buf);

  /* three levels of columns that each read the whole column below: a
   * cell of z is computed from 5 of y, each from 5 of x, each from 8
   * shares; the sum of the 4 z would list 4 × 231 lines of sources, so
   * it stops at the budget and says so */
  d = bindx(SHARES "<dataset id=\"w\" derive=\"s\">\n<column name=\"x\" "
                   "expr=\"share + sum(s.share) + sum(p.share)\"/></dataset>\n"
                   "<dataset id=\"w2\" derive=\"w\"><column name=\"y\" "
                   "expr=\"x + sum(w.x)\"/></dataset>\n"
                   "<dataset id=\"w3\" derive=\"w2\"><column name=\"z\" "
                   "expr=\"y + sum(w2.y)\"/></dataset>\n"
                   "<slide><title>t</title><lead><p>{fixed(sum(w3.z), 1)}</p>"
                   "</lead></slide>");
  ck_assert_msg(d != NULL, "%s", first_error());
  f = open_memstream(&buf, &len);
  dg_bind_explain(d, f);
  fclose(f);
  int lines = 0;
  for (const char *p = strstr(buf, "slide 1\t"); p && *p; p++)
    lines += *p == '\n';
  ck_assert_int_le(lines, 1 + 4 + 200 + 1);
  ck_assert_ptr_nonnull(
      strstr(buf, "\n\t\t… the sources of further computed cells are left out "
                  "(at most 200 lines of them per value)\n"));
  free(buf);
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
           "and 99 (the left side from " ROOT "/data/counts.csv:2:2 30, :3:2 "
           "50, :4:2 20; the right side is a constant)");
  /* a fraction on either side reads with its decimals, not as an error
   * that would demand fixed() in a check that has no sentence */
  BAD("<check expr=\"sum(c.count) / 8 = 12.45\"/>\n<slide><title>t</title></"
      "slide>",
      DECK ":4: error: check failed: {sum(c.count) / 8 = 12.45}: found 12.5 "
           "and 12.45 (the left side from " ROOT "/data/counts.csv:2:2 30, "
           ":3:2 50, :4:2 20; the right side is a constant)");
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
           "/data/counts.csv (expected exactly one); no row has label = 'Z' "
           "(its values: A, B, C) in expression {c.count[label='Z']} at "
           "column 1");
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
  /* an all-zero pie is a clear error naming its dataset */
  BAD("<dataset id=\"z\" file=\"data/zero.csv\"><column name=\"count\" "
      "type=\"integer\"/></dataset>\n"
      "<slide><title>t</title>\n<chart type=\"pie\" data=\"z\" "
      "category=\"status\" value=\"count\"/></slide>",
      DECK ":6: error: every value of the pie chart of \"z\" (" ROOT
           "/data/zero.csv) is zero, so its shares cannot be computed");
  BAD("<slide><title>t</title>\n<chart type=\"bar\"/></slide>",
      DECK ":5: error: chart needs data= or <series> with <item>s");
}
END_TEST

/* Named values read like the sentence; evaluated when read. */
START_TEST(named_values) {
  dg_deck *d =
      bindx("<let name=\"total\" expr=\"sum(c.count)\"/>\n"
            "<slide><title>{total}</title>"
            "<let name=\"unused\" expr=\"c.count[label='Z']\"/>"
            "<lead><let name=\"half\" expr=\"total / 2\"/>"
            "<p>計{total}件、半分{half}件、Bは{c.count[label = 'B' and count = "
            "half]}件</p></lead></slide>"
            "<slide><title>t</title><let name=\"half\" expr=\"1\"/>"
            "<lead><p>{half}</p></lead></slide>");
  ck_assert_msg(d != NULL, "%s", errbuf);
  ck_assert_str_eq(d->slides[0].title, "100");
  ck_assert_str_eq(d->slides[0].blocks[0].paras[0],
                   "計100件、半分50件、Bは50件");
  ck_assert_str_eq(d->slides[1].blocks[0].paras[0], "1");
  /* a slide's names end with the slide */
  BAD("<slide><title>t</title><let name=\"x\" expr=\"1\"/></slide>\n"
      "<slide><title>t</title><lead><p>{x}</p></lead></slide>",
      DECK ":5: error: unknown name \"x\" (expected table.column, a named "
           "value, a function call, a number or 'text') in expression {x} at "
           "column 1");
  BAD("<slide><title>t</title>\n<let name=\"x\" expr=\"1\"/>"
      "<let name=\"x\" expr=\"2\"/></slide>",
      DECK ":5: error: value \"x\" is declared twice");
  BAD("<slide><title>t</title>\n<let name=\"x\" expr=\"y\"/><let "
      "name=\"y\" expr=\"x\"/><lead><p>{x}</p></lead></slide>",
      DECK ":5: error: value \"x\" is defined by itself");
  /* a value may be a selection; it must be one cell where it is printed */
  BAD("<slide><title>t</title>\n<let name=\"x\" "
      "expr=\"c.count[label='Z']\"/>\n<lead><p>{x}</p></lead></slide>",
      DECK ":6: error: lookup c.count matches no row of " ROOT
           "/data/counts.csv (expected exactly one); no row has label = 'Z' "
           "(its values: A, B, C) in expression {x} at column 1");
  /* an error inside a value is reported at its <let> when it is read */
  BAD("<slide><title>t</title>\n<let name=\"x\" "
      "expr=\"1 / (c.count[label='A'] - 30)\"/>\n<lead><p>{x}</p></lead>"
      "</slide>",
      DECK ":5: error: division by zero in expression {1 / "
           "(c.count[label='A'] - 30)} at column 3");
}
END_TEST

/* A sentence with fixed wording declares the fact it relies on;
 * its <else> wording is printed when the fact does not hold, and with no
 * <else> the build stops naming slide, sentence and values. */
/* values-file="…": a column's declared values from a one-column CSV (from
 * the project root, confined like every input), each error at its line */
#define VDS(file)                                                              \
  "<dataset id=\"v\" file=\"data/counts.csv\"><column name=\"label\" "         \
  "values-file=\"templates/values/" file "\"/><column name=\"count\" "         \
  "type=\"integer\"/></dataset><slide><title>t</title></slide>"
#define VF ROOT "/templates/values/"

START_TEST(values_file) {
  /* B declared the catch-all: never ranked, drawn last by a sorted chart
   * although it is the largest */
  dg_deck *d = bindx(
      "<dataset id=\"v\" file=\"data/counts.csv\"><column name=\"label\" "
      "values-file=\"templates/values/abc.csv\" other=\"B\"/><column "
      "name=\"count\" type=\"integer\"/></dataset><slide><title>{quote(top("
      "v.label, v.count, 1))}</title><chart type=\"bar\" data=\"v\" "
      "category=\"label\" value=\"count\" sort=\"desc\"/></slide>");
  ck_assert_msg(d != NULL, "%s", errbuf);
  ck_assert_str_eq(d->slides[0].title, "「A」");
  const dg_chart *c = d->slides[0].blocks[0].chart;
  ck_assert_str_eq(c->cat[0], "A");
  ck_assert_str_eq(c->cat[1], "C");
  ck_assert_str_eq(c->cat[2], "B");
  /* CRLF and quotes as Excel writes them; a row with nothing is no value */
  d = bindx(VDS("crlf.csv"));
  ck_assert_msg(d != NULL, "%s", errbuf);
  d = bindx(VDS("blank.csv"));
  ck_assert_msg(d != NULL, "%s", errbuf);
  BAD(VDS("ab.csv"),
      ROOT "/data/counts.csv:4:1: error: label \"C\" is not a value the "
           "template knows (expected \"A\", \"B\", declared at " VF
           "ab.csv:2, the values-file of " DECK ":4); correct the cell, or "
           "add the value to the values-file " VF "ab.csv and make the "
           "sentences that read v.label say it (no line of the template)");
  BAD(VDS("abcd.csv"),
      ROOT "/data/counts.csv:1:1: error: no row of column label holds the "
           "declared value \"D\" (declared at " VF "abcd.csv:5; read at no "
           "line of the template): add its rows (with 0 where nobody chose "
           "it), or remove it from the values-file " VF "abcd.csv and from the "
           "sentences that name it");
  BAD(VDS("twice.csv"), VF "twice.csv:4:1: error: \"A\" is declared twice "
                           "(first at " VF "twice.csv:2): each value once, in "
                           "the order the template relies on");
  BAD(VDS("two.csv"), VF "two.csv:1: error: expected one column, \"label\" "
                         "(the declared values, one a row), found 2 columns");
  BAD(VDS("none.csv"), VF "none.csv:1: error: no values under the header "
                          "\"label\" (one declared value a row)");
  BAD("<dataset id=\"v\" file=\"data/counts.csv\"><column name=\"label\" "
      "values=\"A|B|C\" values-file=\"templates/values/abc.csv\"/></dataset>"
      "<slide><title>t</title></slide>",
      DECK ":4: error: column \"label\" has both values=\"…\" and "
           "values-file=\"templates/values/abc.csv\": keep one");
  BAD(VDS("absent.csv"),
      VF "absent.csv: error: cannot open file: No such file or directory");
  BAD("<dataset id=\"v\" file=\"data/counts.csv\"><column name=\"label\" "
      "values-file=\"../values.csv\"/></dataset><slide><title>t</title>"
      "</slide>",
      DECK ":4: error: values-file \"../values.csv\" leaves the project "
           "(absolute paths and \"..\" are refused; pass --allow-outside to "
           "permit)");
}
END_TEST

START_TEST(premises) {
  dg_deck *d = bindx(
      "<slide id=\"s\"><title>t</title><lead>"
      "<let name=\"a\" expr=\"c.count[label='A']\"/>"
      "<let name=\"b\" expr=\"c.count[label='B']\"/>"
      "<p premise=\"b &gt; a\">Aは{a}件であったものの、Bが{b}件<else>Aは{a}件、"
      "Bは{b}件</else></p>"
      "<p premise=\"a &gt; b\">Aは{a}件であったものの、Bが{b}件<else>Aは{a}件、"
      "Bは{b}件</else></p>"
      "<p premise=\"distinct_top(c.count)\">{most(c.label, c.count, "
      "'件')}最も多かった。</p>"
      "</lead></slide>");
  ck_assert_msg(d != NULL, "%s", errbuf);
  ck_assert_str_eq(d->slides[0].blocks[0].paras[0],
                   "Aは30件であったものの、Bが50件");
  ck_assert_str_eq(d->slides[0].blocks[0].paras[1], "Aは30件、Bは50件");
  ck_assert_str_eq(d->slides[0].blocks[0].paras[2],
                   "「B」が50件と最も多かった。");
  BAD("<slide id=\"costs\"><title>t</title><lead>"
      "<let name=\"a\" expr=\"c.count[label='A']\"/>"
      "<let name=\"b\" expr=\"c.count[label='B']\"/>"
      "<p>first</p>\n"
      "<p premise=\"a &gt; b\">\n  Aは{a}件と{quote(c.label[label='B'])}の"
      "{b}件を上回った。</p></lead></slide>",
      DECK
      ":5: error: slide 1 \"costs\", lead p2: premise {a > b} does not "
      "hold (found a = 30, b = 50), so the sentence 「Aは{a}件と{…}の{b}件を"
      "上回った。」 would be false; fix the data or give the paragraph an "
      "<else> wording");
  BAD("<slide id=\"s\"><title>t</title><lead>\n"
      "<p premise=\"sum(c.count where label != 'B') &gt; 60 and "
      "distinct_top(c.count, 3)\">X</p></lead></slide>",
      DECK ":5: error: slide 1 \"s\", lead p1: premise {sum(c.count where "
           "label != 'B') > 60 and distinct_top(c.count, 3)} does not hold "
           "(found 50 and 60), so the sentence 「X」 would be false; fix the "
           "data or give the paragraph an <else> wording");
  /* data that leaves a phrase nothing to say names slide and sentence */
  BAD("<slide id=\"s\"><title>t</title><lead>\n"
      "<p>計{sum(c.count)}件、{most(c.label[label = 'Z'], c.count[label = "
      "'Z'])}最も多かった。</p></lead></slide>",
      DECK ":5: error: slide 1 \"s\", lead p1 「計{…}件、{…}最も多かった。」: "
           "most() "
           "has no rows of c.count to rank in " ROOT "/data/counts.csv in "
           "expression {most(c.label[label = 'Z'], c.count[label = 'Z'])} at "
           "column 1");
  BAD("<slide id=\"s\"><title>t</title><lead>\n"
      "<p premise=\"distinct_top(c.count, 4)\">X</p></lead></slide>",
      DECK ":5: error: slide 1 \"s\", lead p1: premise {distinct_top(c.count, "
           "4)} does not hold (found c.count (30, 50, 20)), so the sentence "
           "「X」 would be false; fix the data or give the paragraph an <else> "
           "wording");
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
  tcase_add_test(tc, numeric_attributes_as_expressions);
  tcase_add_test(tc, derived_dataset);
  tcase_add_test(tc, explain_computed_cells);
  tcase_add_test(tc, errors);
  tcase_add_test(tc, survey_in_one_place);
  tcase_add_test(tc, survey_errors);
  tcase_add_test(tc, named_values);
  tcase_add_test(tc, premises);
  tcase_add_test(tc, values_file);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
