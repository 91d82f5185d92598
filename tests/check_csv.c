/* Check suite for the CSV reader: quoting, BOM, CRLF, CP932, typing and
 * the exact messages for bad cells. */
#include "csv.h"
#include "testutil.h"

static const dg_colspec INTCOL[] = {{"count", DG_COL_INT, {"deck.xml", 3, 0}}};
static const dg_colspec DECCOL[] = {{"v", DG_COL_DEC, {"deck.xml", 3, 0}}};

static dg_table *parse(const char *s, const dg_colspec *c, int n) {
  return dg_csv_parse(&ctx, arena, "t.csv", s, strlen(s), NULL, c, n, NULL);
}

START_TEST(plain) {
  dg_table *t = parse("label,count\na,1\nb,22\n", INTCOL, 1);
  ck_assert_ptr_nonnull(t);
  ck_assert_int_eq(t->nrows, 2);
  ck_assert_int_eq(t->ncols, 2);
  ck_assert_str_eq(dg_table_cell(t, 1, 0)->text, "b");
  ck_assert_int_eq(dg_table_cell(t, 1, 1)->num.n, 22);
  ck_assert_int_eq(dg_table_cell(t, 1, 1)->pos.line, 3);
  ck_assert_int_eq(dg_table_cell(t, 1, 1)->pos.col, 2);
}
END_TEST

START_TEST(bom_crlf) {
  dg_table *t = parse("\xEF\xBB\xBFlabel,count\r\na,1\r\nb,2\r\n", INTCOL, 1);
  ck_assert_ptr_nonnull(t);
  ck_assert_str_eq(t->colnames[0], "label");
  ck_assert_int_eq(t->nrows, 2);
  ck_assert_str_eq(dg_table_cell(t, 1, 0)->text, "b");
}
END_TEST

START_TEST(quoting) {
  dg_table *t = parse(
      "label,count\n\"a, \"\"x\"\"\",1\n\"two\nlines\",2\nc,3\n", INTCOL, 1);
  ck_assert_ptr_nonnull(t);
  ck_assert_str_eq(dg_table_cell(t, 0, 0)->text, "a, \"x\"");
  ck_assert_str_eq(dg_table_cell(t, 1, 0)->text, "two\nlines");
  ck_assert_int_eq(dg_table_cell(t, 2, 0)->pos.line, 5);
}
END_TEST

START_TEST(quoted_crlf_newline) {
  dg_table *t = parse("label,count\r\n\"x\r\ny\",1\r\n", INTCOL, 1);
  ck_assert_ptr_nonnull(t);
  ck_assert_str_eq(dg_table_cell(t, 0, 0)->text, "x\ny");
}
END_TEST

START_TEST(thousands) {
  dg_table *t = parse("label,count\na,\"1,004\"\n", INTCOL, 1);
  ck_assert_ptr_nonnull(t);
  ck_assert_int_eq(dg_table_cell(t, 0, 1)->num.n, 1004);
}
END_TEST

START_TEST(decimal) {
  dg_table *t = parse("v\n775.35\n-0.5\n", DECCOL, 1);
  ck_assert_ptr_nonnull(t);
  ck_assert_int_eq(dg_table_cell(t, 0, 0)->num.n, 15507);
  ck_assert_int_eq(dg_table_cell(t, 0, 0)->num.d, 20);
  ck_assert_int_eq(dg_table_cell(t, 1, 0)->num.n, -1);
}
END_TEST

START_TEST(cp932) {
  /* 都道府県,47 in Shift_JIS */
  const char sj[] = "label,count\n\x93\x73\x93\xb9\x95\x7b\x8c\xa7,47\n";
  dg_table *t = dg_csv_parse(&ctx, arena, "t.csv", sj, strlen(sj), "cp932",
                             INTCOL, 1, NULL);
  ck_assert_ptr_nonnull(t);
  ck_assert_str_eq(dg_table_cell(t, 0, 0)->text, "都道府県");
}
END_TEST

/* issue 13 item 10: control characters are refused where they are, C0
 * and C1 alike; a tab and line breaks inside quotes are kept */
START_TEST(control_characters) {
  ck_assert_ptr_null(parse("label,count\na\x1b[31m,1\n", INTCOL, 1));
  ck_assert_str_eq(first_error(),
                   "t.csv:2:2: error: control character U+001B (a cell may "
                   "hold tabs and line breaks, no other control characters)");
  reset_errors();
  ck_assert_ptr_null(parse("label,count\nab,1\nc\xc2\x85,2\n", INTCOL, 1));
  ck_assert_str_eq(first_error(),
                   "t.csv:3:2: error: control character U+0085 (a cell may "
                   "hold tabs and line breaks, no other control characters)");
  reset_errors();
  dg_table *t = parse("label,count\r\n\"a\tb\r\nc\",1\r\n", INTCOL, 1);
  ck_assert_ptr_nonnull(t);
  ck_assert_str_eq(dg_table_cell(t, 0, 0)->text, "a\tb\nc");
}
END_TEST

START_TEST(cp932_in_utf8) {
  const char sj[] = "label,count\n\x93\x73\x93\xb9,47\n";
  ck_assert_ptr_null(parse(sj, INTCOL, 1));
  ck_assert_str_eq(first_error(),
                   "t.csv:2:1: error: invalid UTF-8 (if the file is Shift_JIS, "
                   "declare encoding=\"cp932\" on its dataset)");
}
END_TEST

START_TEST(bad_int) {
  ck_assert_ptr_null(parse("label,count\na,1\nb,12x\n", INTCOL, 1));
  ck_assert_str_eq(first_error(),
                   "t.csv:3:2: error: \"12x\" is not a valid integer (column "
                   "\"count\")");
}
END_TEST

START_TEST(decimal_in_int) {
  ck_assert_ptr_null(parse("label,count\na,1.5\n", INTCOL, 1));
  ck_assert_str_eq(first_error(),
                   "t.csv:2:2: error: \"1.5\" is not a valid integer (column "
                   "\"count\")");
}
END_TEST

START_TEST(empty_cell) {
  ck_assert_ptr_null(parse("label,count\na,\n", INTCOL, 1));
  ck_assert_str_eq(first_error(),
                   "t.csv:2:2: error: empty cell in integer column \"count\"");
}
END_TEST

START_TEST(ragged) {
  ck_assert_ptr_null(parse("label,count\na,1,9\n", INTCOL, 1));
  ck_assert_str_eq(first_error(),
                   "t.csv:2: error: row has 3 fields, the header has 2");
}
END_TEST

START_TEST(open_quote) {
  ck_assert_ptr_null(parse("label,count\n\"a,1\nb,2\n", INTCOL, 1));
  ck_assert_str_eq(first_error(),
                   "t.csv:2:1: error: quoted field is not closed (expected "
                   "'\"')");
}
END_TEST

START_TEST(missing_column) {
  ck_assert_ptr_null(parse("label,cnt\na,1\n", INTCOL, 1));
  ck_assert_str_eq(first_error(),
                   "t.csv:1: error: missing column \"count\" declared at "
                   "deck.xml:3");
}
END_TEST

START_TEST(nul_byte) {
  const char s[] = "label,count\na,1\n";
  char buf[32];
  memcpy(buf, s, sizeof s);
  buf[13] = 0;
  ck_assert_ptr_null(dg_csv_parse(&ctx, arena, "t.csv", buf, sizeof s - 1, NULL,
                                  INTCOL, 1, NULL));
  ck_assert_str_eq(first_error(), "t.csv:2:2: error: NUL byte in file");
}
END_TEST

START_TEST(provenance) {
  dg_table *t = parse("label,count,source\na,1,P\n", INTCOL, 1);
  ck_assert_ptr_nonnull(t);
  ck_assert_int_eq(t->prov_col, 2);
  ck_assert_str_eq(dg_table_cell(t, 0, 1)->prov, "P");
}
END_TEST

START_TEST(empty_file) {
  ck_assert_ptr_null(parse("", INTCOL, 1));
  ck_assert_str_eq(first_error(),
                   "t.csv:1: error: empty file (expected a header row)");
}
END_TEST

START_TEST(huge_number) {
  ck_assert_ptr_null(parse("label,count\na,99999999999999999999\n", INTCOL, 1));
  ck_assert_str_eq(first_error(),
                   "t.csv:2:2: error: \"99999999999999999999\" is not a valid "
                   "integer (column \"count\")");
}
END_TEST

int main(void) {
  Suite *s = suite_create("csv");
  TCase *tc = tcase_create("csv");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, plain);
  tcase_add_test(tc, bom_crlf);
  tcase_add_test(tc, quoting);
  tcase_add_test(tc, quoted_crlf_newline);
  tcase_add_test(tc, thousands);
  tcase_add_test(tc, decimal);
  tcase_add_test(tc, cp932);
  tcase_add_test(tc, cp932_in_utf8);
  tcase_add_test(tc, control_characters);
  tcase_add_test(tc, bad_int);
  tcase_add_test(tc, decimal_in_int);
  tcase_add_test(tc, empty_cell);
  tcase_add_test(tc, ragged);
  tcase_add_test(tc, open_quote);
  tcase_add_test(tc, missing_column);
  tcase_add_test(tc, nul_byte);
  tcase_add_test(tc, provenance);
  tcase_add_test(tc, empty_file);
  tcase_add_test(tc, huge_number);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
