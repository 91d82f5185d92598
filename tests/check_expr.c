/* Check suite for the expression language (parser, evaluator, exact
 * numbers and formatting): values, ranking, conditionals and every error
 * message word for word. */
#include "bind/bind.h"
#include "data/num.h"
#include "expr/expr.h"
#include "testutil.h"

static dg_table *tabs[9];
static dg_env env;

static dg_table *mk(const char *id, const char *csv, const dg_colspec *c,
                    int n) {
  dg_table *t = dg_csv_parse(&ctx, arena, dg_printf(arena, "data/%s.csv", id),
                             csv, strlen(csv), NULL, c, n, NULL);
  ck_assert_msg(t != NULL, "fixture %s: %s", id, errbuf);
  t->id = id;
  return t;
}

static void esetup(void) {
  setup();
  static const dg_colspec cnt[] = {{"count", DG_COL_INT, {0}}};
  static const dg_colspec ad[] = {{"no", DG_COL_INT, {0}},
                                  {"count", DG_COL_INT, {0}}};
  static const dg_colspec dec[] = {{"v", DG_COL_DEC, {0}}};
  tabs[0] =
      mk("uc",
         "label,count,source\nあいさつ,875,B\n議事録,755,B\n企画書,638,B\n"
         "メール,635,B\nその他,287,P\n",
         cnt, 1);
  tabs[1] = mk("ad",
               "group,no,count\n都道府県,1,41\n都道府県,2,5\n都道府県,3,1\n"
               "その他,1,514\nその他,2,212\nその他,3,152\nその他,4,843\n",
               ad, 2);
  tabs[2] = mk("d", "k,v\na,50.95\nb,29.87\nc,87.23\nz,0\n", dec, 1);
  /* ties at the top (B, C, G) and at the fifth place (D, E) */
  tabs[3] =
      mk("tie", "label,count\nA,5\nB,7\nC,7\nD,3\nE,3\nF,1\nG,7\n", cnt, 1);
  tabs[4] = mk("zero", "label,count\nA,0\nB,0\n", cnt, 1);
  tabs[5] = mk("neg", "label,count\nA,-3\nB,-1\n", cnt, 1);
  tabs[6] =
      mk("many",
         "label,count\nA,1\nB,2\nA,3\nC,4\nD,5\nE,6\nF,7\nG,8\nH,9\nI,10\n",
         cnt, 1);
  /* tied shares (decimal: 同率), tied amounts (declared: 同額) */
  static const dg_colspec shr[] = {{"v", DG_COL_DEC, {0}}};
  tabs[7] = mk("rate", "label,v\nA,67.6\nB,67.60\nC,65.9\n", shr, 1);
  tabs[7]->kinds = dg_alloc_array(arena, 2, sizeof(dg_numkind));
  tabs[7]->kinds[1] = DG_KIND_SHARE;
  static const dg_colspec amc[] = {{"v", DG_COL_INT, {0}}};
  tabs[8] = mk("amt", "label,v\nA,120\nB,120\nC,90\n", amc, 1);
  tabs[8]->kinds = dg_alloc_array(arena, 2, sizeof(dg_numkind));
  tabs[8]->kinds[1] = DG_KIND_AMOUNT;
  env = (dg_env){.ctx = &ctx,
                 .a = arena,
                 .tables = tabs,
                 .ntables = 9,
                 .pos = {"deck.xml", 7, 0}};
}

/* Interpolates "{src}" and returns the text, or NULL (error in errbuf). */
static const char *ev(const char *src) {
  return dg_interpolate(&env, dg_printf(arena, "{%s}", src), NULL, 1, "t");
}

#define EQ(src, want)                                                          \
  do {                                                                         \
    const char *got = ev(src);                                                 \
    ck_assert_msg(got != NULL, "%s: %s", src, errbuf);                         \
    ck_assert_str_eq(got, want);                                               \
  } while (0)

#define ERR(src, msg)                                                          \
  do {                                                                         \
    reset_errors();                                                            \
    ck_assert_ptr_null(ev(src));                                               \
    ck_assert_str_eq(first_error(), msg);                                      \
  } while (0)

/* Every spelling of the survey's date comes from one ISO date;
 * the era is computed, with 元年 and the boundaries of 令和 and 平成. */
START_TEST(dates) {
  EQ("wareki('2024-12-31')", "令和6年12月31日");
  EQ("wareki('2023-12-31')", "令和5年12月31日");
  EQ("wareki('2019-05-01')", "令和元年5月1日");
  EQ("wareki('2019-12-31')", "令和元年12月31日");
  EQ("wareki('2020-01-01')", "令和2年1月1日");
  EQ("wareki('2019-04-30')", "平成31年4月30日");
  EQ("wareki('1989-01-08')", "平成元年1月8日");
  EQ("wareki('1989-01-07')", "昭和64年1月7日");
  EQ("wareki('1926-12-25')", "昭和元年12月25日");
  EQ("wareki('1912-07-30')", "大正元年7月30日");
  EQ("wareki('2024-12-31', 'year')", "令和6年");
  EQ("wareki('2019-05-01', 'year')", "令和元年");
  EQ("wareki('2019-04-30', 'era')", "平成");
  EQ("wareki('2024-02-29', 'date')", "令和6年2月29日");
  /* fiscal years run April to March */
  EQ("wareki('2024-12-31', 'fy')", "令和6年度");
  EQ("wareki('2025-03-31', 'fy')", "令和6年度");
  EQ("wareki('2025-04-01', 'fy')", "令和7年度");
  EQ("wareki('2019-03-31', 'fy')", "平成30年度");
  EQ("wareki('1989-03-31', 'fy')", "昭和63年度");
  EQ("wareki('1989-04-01', 'fy')", "平成元年度");
  /* a fiscal year is named in the era of the day: FY2019 was 平成31年度
   * until 30 April and 令和元年度 from 1 May, so a deck dated 2019-04-30
   * names no era that had not begun */
  EQ("wareki('2019-04-01', 'fy')", "平成31年度");
  EQ("wareki('2019-04-30', 'fy')", "平成31年度");
  EQ("wareki('2019-05-01', 'fy')", "令和元年度");
  EQ("wareki('2020-03-31', 'fy')", "令和元年度");
  EQ("wareki('1926-12-24', 'fy')", "大正15年度");
  EQ("wareki('1926-12-25', 'fy')", "昭和元年度");
  EQ("wareki('1927-03-31', 'fy')", "昭和元年度");
  EQ("wareki('1989-01-08', 'fy')", "昭和63年度");
  EQ("fw(wareki('2024-12-31', 'year'))", "令和６年");
  EQ("fw(wareki('2019-12-31', 'fy'))", "令和元年度");
  /* 明治 from 1868-10-23; fiscal years April to March from 明治19年度 */
  EQ("wareki('1868-10-23')", "明治元年10月23日");
  EQ("wareki('1912-07-29')", "明治45年7月29日");
  EQ("wareki('1900-01-01', 'era')", "明治");
  EQ("wareki('1886-04-01', 'fy')", "明治19年度");
  EQ("wareki('1912-07-30', 'fy')", "大正元年度");
  /* 'fy-date': the ministry's 令和6年度12月31日 names one day only from
   * April to December; from January to March 令和7年度3月31日 would read
   * as March 2025, so the calendar date is written */
  EQ("wareki('2024-12-31', 'fy-date')", "令和6年度12月31日");
  EQ("wareki('2025-04-01', 'fy-date')", "令和7年度4月1日");
  EQ("wareki('2026-03-31', 'fy-date')", "令和8年3月31日");
  EQ("wareki('2026-01-01', 'fy-date')", "令和8年1月1日");
  EQ("wareki('2019-04-30', 'fy-date')", "平成31年度4月30日");
  EQ("wareki('2019-05-01', 'fy-date')", "令和元年度5月1日");
  EQ("wareki('2020-03-31', 'fy-date')", "令和2年3月31日");
  EQ("wareki('1989-01-08', 'fy-date')", "平成元年1月8日");
  EQ("wareki('1989-04-01', 'fy-date')", "平成元年度4月1日");
  EQ("wareki('1926-12-25', 'fy-date')", "昭和元年度12月25日");
  EQ("wareki('1926-12-24', 'fy-date')", "大正15年度12月24日");
  EQ("wareki('1886-04-01', 'fy-date')", "明治19年度4月1日");
  EQ("wareki('1886-03-31', 'fy-date')", "明治19年3月31日");
  EQ("wareki('1885-12-31', 'fy-date')", "明治18年12月31日");
  EQ("wareki('1868-10-23', 'fy-date')", "明治元年10月23日");
  /* fw(…, 1): a number of one digit full-width, longer ones as they are */
  EQ("fw(wareki('2024-12-31', 'fy-date'), 1)", "令和６年度12月31日");
  EQ("fw(wareki('2026-03-31', 'fy-date'), 1)", "令和８年３月31日");
  EQ("fw(wareki('2019-05-01'), 1)", "令和元年５月１日");
  EQ("fw(wareki('2031-10-10'), 2)", "令和１３年１０月１０日");
  EQ("fw('-1.5%', 1)", "-1.5%");
  EQ("fw('5%と1,721団体、3.0', 1)", "５%と1,721団体、3.0");
  EQ("fw('1,721')", "１，７２１");
  EQ("plain(year('2024-12-31'))", "2024");
  EQ("month('2024-12-31')", "12");
  EQ("day('2024-01-05')", "5");
  EQ("year('2025-12-31') - year('2024-12-31')", "1");
  ERR("wareki('2023-02-29')",
      "deck.xml:7: error: expected a date such as \"2024-12-31\", found text "
      "\"2023-02-29\" in expression {wareki('2023-02-29')} at column 8");
  ERR("wareki('2024/12/31')",
      "deck.xml:7: error: expected a date such as \"2024-12-31\", found text "
      "\"2024/12/31\" in expression {wareki('2024/12/31')} at column 8");
  ERR("wareki(5)",
      "deck.xml:7: error: expected a date such as \"2024-12-31\", found number "
      "in expression {wareki(5)} at column 8");
  ERR("wareki('1868-10-22')",
      "deck.xml:7: error: no Japanese era for \"1868-10-22\" (eras from 明治, "
      "1868-10-23) in expression {wareki('1868-10-22')} at column 8");
  ERR("wareki('1886-03-31', 'fy')",
      "deck.xml:7: error: no fiscal year April to March holds \"1886-03-31\" "
      "(they begin with 明治19年度, 1886-04-01): use wareki(…, 'fy-date') or "
      "'year' in expression {wareki('1886-03-31', 'fy')} at column 8");
  ERR("wareki('2024-12-31', 'month')",
      "deck.xml:7: error: unknown part \"month\" (expected date, year, fy, "
      "fy-date, era) in expression {wareki('2024-12-31', 'month')} at column "
      "22");
  ERR("fw(5, 0)",
      "deck.xml:7: error: the longest number must be an integer from 1 to 20 "
      "in expression {fw(5, 0)} at column 7");
  ERR("year('2024-12-31', 1)",
      "deck.xml:7: error: wrong number of arguments (expected a date) in "
      "expression {year('2024-12-31', 1)} at column 1");
}
END_TEST

START_TEST(literals) {
  EQ("1", "1");
  EQ("1004", "1,004");
  EQ("1234567", "1,234,567");
  EQ("'text'", "text");
  EQ("\"dq\"", "dq");
  EQ("-5", "-5");
}
END_TEST

START_TEST(arithmetic) {
  EQ("1 + 2 * 3", "7");
  EQ("(1 + 2) * 3", "9");
  EQ("10 - 4 - 3", "3");
  EQ("12 / 4", "3");
  EQ("fixed(10 / 4, 2)", "2.50");
  EQ("fixed(1 / 3, 4)", "0.3333");
  EQ("--3", "3");
  EQ("fixed(0.1 + 0.2, 1)", "0.3");
}
END_TEST

START_TEST(rounding) {
  EQ("fixed(87.23, 1)", "87.2");
  EQ("fixed(29.87, 1)", "29.9");
  EQ("fixed(50.95, 1)", "51.0");
  EQ("fixed(0.05, 1)", "0.1");
  EQ("fixed(-0.05, 1)", "-0.1");
  EQ("fixed(2.5, 0)", "3");
  EQ("fixed(1004.5, 0)", "1,005");
  EQ("plain(1004.5, 0)", "1005");
  EQ("fixed(round(87.25, 1) - round(51.06, 1), 1)", "36.2");
}
END_TEST

START_TEST(percent) {
  EQ("fixed(pct(41, 47), 1)", "87.2");
  EQ("fixed(pct(41, 47), 0)", "87");
  EQ("fixed(pct(18, 20), 1)", "90.0");
  EQ("fixed(pct(514, 1721), 1)", "29.9");
  EQ("fixed(pct(878, 1721), 0)", "51");
  EQ("fixed(pct(474, 573), 1)", "82.7");
  EQ("fixed(pct(98, 218), 1)", "45.0");
  EQ("fixed(ratio(1, 8), 3)", "0.125");
}
END_TEST

START_TEST(lookup) {
  EQ("uc.count[label='議事録']", "755");
  EQ("ad.count[group='その他', no=2]", "212");
  EQ("ad.count[group='その他' and no=2]", "212");
  EQ("uc.label[count=638]", "企画書");
  EQ("fixed(d.v[k='a'], 2)", "50.95");
}
END_TEST

START_TEST(aggregates) {
  EQ("sum(ad.count where group='都道府県')", "47");
  EQ("sum(ad.count[group='その他'])", "1,721");
  EQ("sum(ad.count where no <= 3 and group='その他')", "878");
  EQ("count(uc.label)", "5");
  EQ("count(uc.label where count > 700)", "2");
  EQ("max(uc.count)", "875");
  EQ("min(uc.count)", "287");
  EQ("sum(uc.count where label != 'その他')", "2,903");
  EQ("fixed(sum(d.v), 2)", "168.05");
  EQ("sum(uc.count where count > 10000)", "0");
}
END_TEST

START_TEST(ranking) {
  EQ("quote(top(uc.label, uc.count, 3))",
     "「あいさつ」、「議事録」、「企画書」");
  EQ("quote(top(uc.label[label != 'あいさつ'], uc.count[label != 'あいさつ'], "
     "2))",
     "「議事録」、「企画書」");
  EQ("nth(top(uc.label, uc.count, 2), 2)", "議事録");
  EQ("nth(top(uc.count, uc.count, 5), 5)", "287");
  EQ("join(top(uc.label, uc.count, 2), '/')", "あいさつ/議事録");
  EQ("top(uc.label, uc.count, 2)", "あいさつ、議事録");
  EQ("quote(uc.label where count < 700 and count > 600)",
     "「企画書」、「メール」");
}
END_TEST

/* Superlatives and rankings that handle ties and empty data. */
START_TEST(most_and_ties) {
  EQ("most(uc.label, uc.count)", "「あいさつ」が");
  EQ("most(uc.label, uc.count, '件')", "「あいさつ」が875件と");
  EQ("most(tie.label[label != 'G'], tie.count[label != 'G'])",
     "「B」と「C」が同数で");
  EQ("most(tie.label[label != 'G'], tie.count[label != 'G'], '件')",
     "「B」と「C」が同数の7件で");
  EQ("most(tie.label, tie.count)", "「B」、「C」と「G」が同数で");
  /* the tie word follows the kind of value the column declares: shares
   * tie 同率, amounts 同額; a share unit on counts is refused */
  EQ("most(rate.label, rate.v)", "「A」と「B」が同率で");
  EQ("most(rate.label, rate.v, '%')", "「A」と「B」が同率の67.6%で");
  EQ("most(amt.label, amt.v)", "「A」と「B」が同額で");
  EQ("most(amt.label, amt.v, '万円')", "「A」と「B」が同額の120万円で");
  ERR("most(tie.label, tie.count, '％')",
      "deck.xml:7: error: most() would call the tie of 「B」 and 「C」 at 7％ "
      "同数 (equal counts); declare <column name=\"count\" kind=\"share\"> "
      "in dataset \"tie\" so that it says 同率 in expression "
      "{most(tie.label, tie.count, '％')} at column 1");
  EQ("quote(leaders(tie.label, tie.count), 'と')", "「B」と「C」と「G」");
  EQ("quote(leaders(uc.label, uc.count))", "「あいさつ」");
  /* a one-row table has a leader; decimals rank too */
  EQ("most(tie.label[label = 'F'], tie.count[label = 'F'], '件')",
     "「F」が1件と");
  EQ("most(d.k, d.v)", "「c」が");
  /* a count below 0 does not lead */
  ERR("most(neg.label, neg.count, '件')",
      "deck.xml:7: error: most() has nothing to name: no value of neg.count "
      "is above 0 in data/neg.csv (give the paragraph a premise such as "
      "max(neg.count) > 0 and an <else> wording) in expression "
      "{most(neg.label, neg.count, '件')} at column 1");
  ERR("most(zero.label, zero.count)",
      "deck.xml:7: error: most() has nothing to name: no value of "
      "zero.count is above 0 in data/zero.csv (give the paragraph a premise "
      "such "
      "as max(zero.count) > 0 and an <else> wording) in expression "
      "{most(zero.label, zero.count)} at column 1");
  ERR("most(uc.label[label = 'x'], uc.count[label = 'x'])",
      "deck.xml:7: error: most() has no rows of uc.count to rank in "
      "data/uc.csv in expression {most(uc.label[label = 'x'], uc.count[label "
      "= 'x'])} at column 1");
  ERR("leaders(zero.label, zero.count)",
      "deck.xml:7: error: leaders() has nothing to name: no value of "
      "zero.count is above 0 in data/zero.csv (give the paragraph a premise "
      "such "
      "as max(zero.count) > 0 and an <else> wording) in expression "
      "{leaders(zero.label, zero.count)} at column 1");
  ERR("most(uc.label, tie.count)",
      "deck.xml:7: error: most() needs labels and values from the same rows "
      "of one table in expression {most(uc.label, tie.count)} at column 1");
}
END_TEST

START_TEST(ranked_cut) {
  EQ("quote(ranked(tie.label, tie.count, 4))", "「B」、「C」、「G」、「A」");
  /* the fifth place is shared: both are named */
  EQ("quote(ranked(tie.label, tie.count, 5))",
     "「B」、「C」、「G」、「A」、「D」、「E」");
  EQ("quote(ranked(tie.label, tie.count, 1))", "「B」、「C」、「G」");
  EQ("quote(ranked(tie.label, tie.count, 7))",
     "「B」、「C」、「G」、「A」、「D」、「E」、「F」");
  EQ("quote(top(tie.label, tie.count, 4))", "「B」、「C」、「G」、「A」");
  ERR("top(tie.label, tie.count, 5)",
      "deck.xml:7: error: top() would cut between tied values: 「D」 and 「E」 "
      "both have 3 in data/tie.csv (use ranked() to include every tied "
      "label) in expression {top(tie.label, tie.count, 5)} at column 1");
  ERR("top(tie.label, tie.count, 2)",
      "deck.xml:7: error: top() would cut between tied values: 「C」 and 「G」 "
      "both have 7 in data/tie.csv (use ranked() to include every tied "
      "label) in expression {top(tie.label, tie.count, 2)} at column 1");
  ERR("ranked(zero.label, zero.count, 1)",
      "deck.xml:7: error: ranked() has nothing to name: no value of "
      "zero.count is above 0 in data/zero.csv (give the paragraph a premise "
      "such "
      "as max(zero.count) > 0 and an <else> wording) in expression "
      "{ranked(zero.label, zero.count, 1)} at column 1");
  ERR("ranked(tie.label, tie.count, 8)",
      "deck.xml:7: error: ranked() asks for 8 labels but only 7 rows of "
      "data/tie.csv match in "
      "expression {ranked(tie.label, tie.count, 8)} at column 1");
  /* hostile12: a selection with nothing above 0, in a table with other
   * rows above 0 */
  ERR("most(d.k[v < 1], d.v[v < 1])",
      "deck.xml:7: error: most() has nothing to name: no value of d.v in the "
      "1 of 4 rows selected from data/d.csv is above 0 (give the paragraph a "
      "premise such as max(d.v where …) > 0 and an <else> wording) in "
      "expression {most(d.k[v < 1], d.v[v < 1])} at column 1");
  /* hostile12: a share strictly between 0 and 100 never prints as 0 or
   * 100; the decimals grow instead */
  EQ("share(41, 47, 1)", "87.2");
  EQ("share(1720, 1721, 0)", "99.9");
  EQ("share(1, 2500, 1)", "0.04");
  EQ("share(47, 47, 0)", "100");
  EQ("share(0, 47, 1)", "0.0");
  EQ("share(1, 1000000000, 0)", "0.000000");
  ERR("share(5, 0, 1)",
      "deck.xml:7: error: share() of 5 in 0: a share needs a whole "
      "above 0 and a part from 0 to the whole in expression "
      "{share(5, 0, 1)} at column 1");
  /* hostile12: a label with no answers is not ranked (「回答の多い順に」
   * would list it) */
  EQ("quote(ranked(d.k, d.v, 3))", "「c」、「a」、「b」");
  ERR("ranked(d.k, d.v, 4)",
      "deck.xml:7: error: ranked() asks for 4 labels but only 3 rows of "
      "data/d.csv have a value above 0 (「z」 has 0; a label with no answers "
      "is not ranked) in expression {ranked(d.k, d.v, 4)} at column 1");
  /* 次いで relies on strictly ordered first places */
  EQ("if(distinct_top(uc.count, 3), 'y', 'n')", "y");
  EQ("if(distinct_top(uc.count), 'y', 'n')", "y");
  EQ("if(distinct_top(tie.count), 'y', 'n')", "n");
  EQ("if(distinct_top(tie.count[label != 'C' and label != 'G']), 'y', 'n')",
     "y");
  EQ("if(distinct_top(tie.count[label != 'C' and label != 'G'], 3), 'y', "
     "'n')",
     "n"); /* B 7 > A 5 > D 3 = E 3 */
  EQ("if(distinct_top(tie.count[label = 'A' or label = 'D' or label = 'F'], "
     "3), 'y', 'n')",
     "y");
  EQ("if(distinct_top(zero.count), 'y', 'n')", "n");
  EQ("if(distinct_top(uc.count, 6), 'y', 'n')", "n"); /* only 5 rows */
}
END_TEST

/* The direction of a change at the printed precision. */
START_TEST(change_words) {
  EQ("change(3.84, 1, 'ポイント')", "3.8ポイント増加");
  EQ("change(-0.7, 1, 'ポイント')", "0.7ポイント減少");
  EQ("change(0.04, 1, 'ポイント')", "横ばい");
  EQ("change(-0.04, 1, 'ポイント')", "横ばい");
  EQ("change(0.05, 1, 'ポイント')", "0.1ポイント増加");
  EQ("change(-1234, 0, '件')", "1,234件減少");
  EQ("change(0)", "横ばい");
  EQ("direction(2.5)", "増加"); /* half away from zero: 3 */
  EQ("direction(-0.4)", "横ばい");
  EQ("direction(-0.04, 2)", "減少");
  EQ("direction(0, 1)", "横ばい");
  EQ("magnitude(-3.84, 1)", "3.8");
  EQ("magnitude(-1234.5)", "1,235");
  EQ("magnitude(0.04, 1)", "0.0");
  ERR("change('x', 1)",
      "deck.xml:7: error: expected a number, found text \"x\" in expression "
      "{change('x', 1)} at column 8");
  ERR("change(1, 1, 2)",
      "deck.xml:7: error: the unit must be text such as '件' in expression "
      "{change(1, 1, 2)} at column 14");
}
END_TEST

/* 超える / 以上 by the value, rounded down never to 0. */
START_TEST(thresholds) {
  EQ("threshold(1400, 1000, '時間')", "1,000時間を超える");
  /* before a noun: 「1,000時間以上の業務削減効果」 (hostile12) */
  EQ("threshold(1000, 1000, '時間')", "1,000時間以上の");
  EQ("threshold(950, 1000, '時間')", "900時間を超える");
  EQ("threshold(900, 1000, '時間')", "900時間以上の");
  EQ("threshold(7, 10, '件')", "7件以上の");
  EQ("threshold(7.5, 10, '件')", "7件を超える");
  EQ("threshold(48333, 1000, '時間')", "48,000時間を超える");
  /* an effect under one unit is stated, not refused */
  EQ("threshold(0.5, 1000, '時間')", "1時間未満の");
  EQ("threshold(0.99, 1, '時間')", "1時間未満の");
  EQ("threshold(1, 1000, '時間')", "1時間以上の");
  EQ("atleast(85, 10)", "80");
  EQ("atleast(950, 1000)", "900");
  EQ("atleast(1000, 1000)", "1,000");
  EQ("atleast(1, 1000)", "1");
  ERR("threshold(0, 1000, '時間')",
      "deck.xml:7: error: threshold() of 0: a value below 1 has no unit to "
      "round down to (give the paragraph a premise and an <else> wording) in "
      "expression {threshold(0, 1000, '時間')} at column 1");
  ERR("atleast(0.5, 10)",
      "deck.xml:7: error: atleast() of 0.50: a value below 1 has no unit to "
      "round down to (give the paragraph a premise and an <else> wording) in "
      "expression {atleast(0.5, 10)} at column 1");
  ERR("atleast(-5, 10)",
      "deck.xml:7: error: atleast() of -5: a value below 1 has no unit to "
      "round down to (give the paragraph a premise and an <else> wording) in "
      "expression {atleast(-5, 10)} at column 1");
}
END_TEST

/* above(): the catch-all (other=) is no answer, so 「その他」 never counts
 * among the answers above 議事録, whatever its count */
START_TEST(above_catchall) {
  EQ("above(uc.count, 700)", "2");
  EQ("above(uc.count, 200)", "5");
  tabs[0]->other = dg_alloc_array(arena, 2, sizeof(char *));
  tabs[0]->other[0] = "その他";
  EQ("above(uc.count, 200)", "4");
  EQ("above(uc.count, 755)", "1");
  EQ("above(uc.count where count < 700, 0)", "2");
  ERR("above(uc.label, 1)",
      "deck.xml:7: error: above() needs a numeric column, \"label\" is text in "
      "expression {above(uc.label, 1)} at column 1");
}
END_TEST

START_TEST(sameness) {
  EQ("if(same(1, 1.0, 2 / 2), 'y', 'n')", "y");
  EQ("if(same('a', 'b'), 'y', 'n')", "n");
  EQ("if(same(uc.count[label = 'あいさつ'], 875), 'y', 'n')", "y");
  EQ("if(same(leaders(tie.label, tie.count), ranked(tie.label, tie.count, "
     "1)), 'y', 'n')",
     "y");
  EQ("if(same(leaders(tie.label, tie.count), leaders(uc.label, uc.count)), "
     "'y', 'n')",
     "n");
  EQ("if(contains('ポスター・チラシ等の画\n像生成', '画像'), 'y', 'n')", "y");
  EQ("if(contains(uc.label[count = 875], 'あいさつ'), 'y', 'n')", "y");
  EQ("count(uc.label where contains(label, '作成'))", "0");
  EQ("count(uc.label where contains(label, '議事'))", "1");
  ERR("contains(1, 'a')",
      "deck.xml:7: error: contains() expects text, found "
      "number in expression {contains(1, 'a')} at column 10");
  ERR("same(1, 'a')", "deck.xml:7: error: same() compares number with text in "
                      "expression {same(1, 'a')} at column 9");
  ERR("same(1)", "deck.xml:7: error: wrong number of arguments (expected two "
                 "or more values) in expression {same(1)} at column 1");
}
END_TEST

START_TEST(conditionals) {
  EQ("if(uc.count[label='あいさつ'] = max(uc.count), '最も多かった', "
     "'であった')",
     "最も多かった");
  EQ("if(uc.count[label='議事録'] = max(uc.count), '最も多かった', 'であった')",
     "であった");
  EQ("if(not 1 = 2, 'y', 'n')", "y");
  EQ("if(1 = 1 or 1 / 0 = 1, 'short', 'x')", "short");
  EQ("if(1 < 2 and 2 <= 2 and 3 > 2 and 3 >= 3 and 1 != 2 and 1 <> 2, 'a', "
     "'b')",
     "a");
  EQ("if('abc' = 'abc', 1, 2)", "1");
}
END_TEST

START_TEST(formats) {
  EQ("fw(41)", "４１");
  EQ("fw(fixed(87.25, 1))", "８７．３");
  EQ("fw('30%')", "３０％");
  EQ("floorto(1400, 1000)", "1,000");
  EQ("floorto(85, 10)", "80");
  EQ("concat('A', 1, 'B')", "A1B");
  EQ("abs(-3)", "3");
}
END_TEST

START_TEST(interpolation) {
  env.src = NULL;
  const char *r = dg_interpolate(
      &env, "都道府県で{fixed(pct(41,47),0)}％、{{literal}}", NULL, 1, "p");
  ck_assert_str_eq(r, "都道府県で87％、{literal}");
  ck_assert_ptr_null(dg_interpolate(&env, "open {1 + 2", NULL, 1, "p"));
  ck_assert_str_eq(first_error(),
                   "deck.xml:7: error: expression not closed (expected \"}\")");
}
END_TEST

START_TEST(explain_sources) {
  dg_deck d = {0};
  const char *r = dg_interpolate(&env, "{sum(ad.count where group='都道府県')}",
                                 &d, 2, "lead p1");
  ck_assert_str_eq(r, "47");
  ck_assert_int_eq(d.nexplain, 1);
  ck_assert_int_eq(d.explain[0].nsrc, 3);
  ck_assert_str_eq(d.explain[0].src[0]->pos.file, "data/ad.csv");
  ck_assert_int_eq(d.explain[0].src[0]->pos.line, 2);
  ck_assert_int_eq(d.explain[0].src[0]->pos.col, 3);
}
END_TEST

START_TEST(errors_lookup) {
  /* a key that names no row: the values its column holds say what to
   * change (at most 8 listed, so the message stays linear in the table) */
  ERR("uc.count[label='なし']",
      "deck.xml:7: error: lookup uc.count matches no row of data/uc.csv "
      "(expected exactly one); no row has label = 'なし' (its values: "
      "あいさつ, 議事録, 企画書, メール, その他) in expression "
      "{uc.count[label='なし']} at column 1");
  ERR("ad.count['県' = group and no = 1]",
      "deck.xml:7: error: lookup ad.count matches no row of data/ad.csv "
      "(expected exactly one); no row has group = '県' (its values: 都道府県, "
      "その他) in expression {ad.count['県' = group and no = 1]} at column 1");
  ERR("many.count[label='Z']",
      "deck.xml:7: error: lookup many.count matches no row of data/many.csv "
      "(expected exactly one); no row has label = 'Z' (its values: A, B, C, "
      "D, E, F, G, H, …) in expression {many.count[label='Z']} at column 1");
  ERR("tie.count[label='Z' or label='Y']",
      "deck.xml:7: error: lookup tie.count matches no row of data/tie.csv "
      "(expected exactly one) in expression {tie.count[label='Z' or "
      "label='Y']} at column 1");
  ERR("ad.count[group='その他']",
      "deck.xml:7: error: lookup ad.count matches 4 rows of data/ad.csv "
      "(expected exactly one; add a condition or use sum()) in expression "
      "{ad.count[group='その他']} at column 1");
  ERR("nope.count", "deck.xml:7: error: unknown dataset \"nope\" (expected one "
                    "of: uc, ad, d, tie, zero, neg, many, rate, amt) "
                    "in expression {nope.count} at column 1");
  ERR("uc.cnt", "deck.xml:7: error: unknown column \"cnt\" in dataset \"uc\" "
                "(expected one "
                "of: label, count, source) in expression {uc.cnt} at column 1");
  ERR("uc.count[lbl='x']",
      "deck.xml:7: error: unknown column \"lbl\" in table \"uc\" (expected one "
      "of: label, count, source) in expression {uc.count[lbl='x']} at column "
      "10");
}
END_TEST

START_TEST(errors_math) {
  ERR("1 / 0",
      "deck.xml:7: error: division by zero in expression {1 / 0} at column 3");
  ERR("pct(1, d.v[k='z'])",
      "deck.xml:7: error: pct() of a zero total (division by zero) in "
      "expression {pct(1, d.v[k='z'])} at column 1");
  ERR("9223372036854775807 * 2",
      "deck.xml:7: error: number too large (overflow) in expression "
      "{9223372036854775807 * 2} at column 21");
  ERR("1 / 3",
      "deck.xml:7: error: value 0.3333 is not a whole number; say how many "
      "decimals with fixed(x, N) in expression {1 / 3}");
  ERR("fixed(1, 9)",
      "deck.xml:7: error: the count of decimals must be an integer from 0 to 6 "
      "in expression {fixed(1, 9)} at column 10");
}
END_TEST

START_TEST(errors_types) {
  ERR("uc.label[label='議事録'] + 1",
      "deck.xml:7: error: expected a number, found text \"議事録\" in "
      "expression "
      "{uc.label[label='議事録'] + 1} at column 1");
  ERR("sum(uc.label)",
      "deck.xml:7: error: sum() needs a numeric column, \"label\" is text in "
      "expression {sum(uc.label)} at column 1");
  ERR("sum(3)",
      "deck.xml:7: error: sum() expects a column such as table.column, found "
      "number in expression {sum(3)} at column 5");
  ERR("1 = 1", "deck.xml:7: error: a condition cannot be printed; use if(cond, "
               "'a', 'b') "
               "in expression {1 = 1}");
  ERR("if(1, 2, 3)",
      "deck.xml:7: error: expected a condition, found number in expression "
      "{if(1, 2, 3)} at column 4");
  ERR("top(uc.label, uc.count, 9)",
      "deck.xml:7: error: top() asks for 9 labels but only 5 rows of "
      "data/uc.csv match in "
      "expression {top(uc.label, uc.count, 9)} at column 1");
  ERR("top(uc.label, ad.count, 1)",
      "deck.xml:7: error: top() needs labels and values from the same rows of "
      "one table in expression {top(uc.label, ad.count, 1)} at column 1");
}
END_TEST

START_TEST(errors_syntax) {
  ERR("1 +", "deck.xml:7: error: unexpected end of expression in expression {1 "
             "+} at column 4");
  ERR("(1", "deck.xml:7: error: expected \")\" in expression {(1} at column 3");
  reset_errors();
  ck_assert_ptr_null(dg_expr_parse(&ctx, arena, "'abc", env.pos));
  ck_assert_str_eq(first_error(),
                   "deck.xml:7: error: unterminated string (expected ') in "
                   "expression {'abc} at column 1");
  ERR("1 2", "deck.xml:7: error: unexpected text after the end of the "
             "expression in expression {1 2} at column 3");
  ERR("foo(1)",
      "deck.xml:7: error: unknown function \"foo\" (expected sum, count, min, "
      "max, pct, ratio, share, round, fixed, plain, floorto, fw, top, quote, "
      "join, "
      "nth, first, if, concat, abs, wareki, year, month, day, change, "
      "direction, magnitude, most, leaders, ranked, distinct_top, above, "
      "threshold, "
      "atleast, same, contains) in expression "
      "{foo(1)} at column 1");
  ERR("foo",
      "deck.xml:7: error: unknown name \"foo\" (expected table.column, a "
      "named value, a function call, a number or 'text') in expression {foo} "
      "at column 1");
  ERR("1 # 2", "deck.xml:7: error: unexpected character \"#\" in expression {1 "
               "# 2} at column 3");
  ERR("pct(1)", "deck.xml:7: error: wrong number of arguments (expected two "
                "numbers: part, whole) in expression {pct(1)} at column 1");
  ERR("uc.", "deck.xml:7: error: expected a column name after \"uc.\" in "
             "expression {uc.} at column 4");
  ERR("uc.count[label='a'", "deck.xml:7: error: expected \"]\" in expression "
                            "{uc.count[label='a'} at column 19");
}
END_TEST

START_TEST(deep_nesting) {
  char src[400];
  memset(src, '(', 100);
  strcpy(src + 100, "1");
  memset(src + 101, ')', 100);
  src[201] = 0;
  ck_assert_ptr_null(ev(src));
  ck_assert_ptr_nonnull(
      strstr(first_error(), "expression nested too deeply (limit 64)"));
}
END_TEST

START_TEST(checks) {
  int ok = 0;
  dg_buf found = {0};
  ck_assert_int_eq(dg_eval_check(&env,
                                 "sum(ad.count where group='都道府県') = 48",
                                 &ok, &found),
                   0);
  ck_assert_int_eq(ok, 0);
  /* a failed check names the cells each side read */
  ck_assert_str_eq(found.data, "47 and 48 (the left side from data/ad.csv:2:3 "
                               "41, :3:3 5, :4:3 1; the right side is a "
                               "constant)");
  dg_buf_free(&found);
  ck_assert_int_eq(dg_eval_check(&env, "count(uc.label) = 5", &ok, &found), 0);
  ck_assert_int_eq(ok, 1);
  dg_buf_free(&found);
}
END_TEST

START_TEST(num_unit) {
  dg_num a, r;
  ck_assert_int_eq(dg_num_parse("1,234.50", &a), 0);
  ck_assert_int_eq(a.n, 2469);
  ck_assert_int_eq(a.d, 2);
  ck_assert_int_eq(dg_num_parse("12,34", &a), -1);
  ck_assert_int_eq(dg_num_parse("1,2345", &a), -1);
  ck_assert_int_eq(dg_num_parse(".5", &a), -1);
  ck_assert_int_eq(dg_num_parse("5.", &a), -1);
  ck_assert_int_eq(dg_num_mul(dg_num_int(INT64_MAX), dg_num_int(2), &r),
                   DG_NUM_OVERFLOW);
  ck_assert_int_eq(dg_num_div(dg_num_int(1), dg_num_int(0), &r),
                   DG_NUM_DIVZERO);
  ck_assert_int_eq(dg_num_cmp(dg_num_int(1), dg_num_int(2)), -1);
}
END_TEST

/* doc/functions.md is what the table of built-ins prints: a built-in
 * added, removed or reworded without `sh tests/gen-functions.sh` fails
 * here. Run from the project root, as `make check` does. */
START_TEST(functions_doc) {
  size_t n = 0;
  char *doc = dg_read_file(&ctx, "doc/functions.md", 1 << 20, &n);
  ck_assert_msg(doc != NULL, "doc/functions.md: %s", errbuf);
  dg_buf want = {0};
  dg_expr_functions_markdown(&want);
  ck_assert_msg(n == want.len && !memcmp(doc, want.data, n),
                "doc/functions.md differs from the table of built-ins in "
                "src/expr/expr_fn.c: run sh tests/gen-functions.sh");
  dg_buf_free(&want);
  free(doc);
}
END_TEST

int main(void) {
  Suite *s = suite_create("expr");
  TCase *tc = tcase_create("expr");
  tcase_add_checked_fixture(tc, esetup, teardown);
  tcase_add_test(tc, literals);
  tcase_add_test(tc, arithmetic);
  tcase_add_test(tc, rounding);
  tcase_add_test(tc, percent);
  tcase_add_test(tc, lookup);
  tcase_add_test(tc, aggregates);
  tcase_add_test(tc, ranking);
  tcase_add_test(tc, most_and_ties);
  tcase_add_test(tc, ranked_cut);
  tcase_add_test(tc, change_words);
  tcase_add_test(tc, thresholds);
  tcase_add_test(tc, above_catchall);
  tcase_add_test(tc, sameness);
  tcase_add_test(tc, conditionals);
  tcase_add_test(tc, formats);
  tcase_add_test(tc, interpolation);
  tcase_add_test(tc, explain_sources);
  tcase_add_test(tc, errors_lookup);
  tcase_add_test(tc, errors_math);
  tcase_add_test(tc, errors_types);
  tcase_add_test(tc, errors_syntax);
  tcase_add_test(tc, deep_nesting);
  tcase_add_test(tc, checks);
  tcase_add_test(tc, num_unit);
  tcase_add_test(tc, dates);
  tcase_add_test(tc, functions_doc);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
