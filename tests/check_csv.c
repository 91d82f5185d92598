/* Check suite for the CSV reader: quoting, BOM, CRLF, CP932, typing and
 * the exact messages for bad cells. */
#include "data/csv.h"
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

/* Control characters are refused where they are, C0
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

/* U+FFFE and U+FFFF are not XML 1.0 characters: refused at their cell,
 * while the noncharacters XML allows (U+FDD0) and astral text pass. */
START_TEST(xml_noncharacters) {
  ck_assert_ptr_null(parse("label,count\nab\xef\xbf\xbf,1\n", INTCOL, 1));
  ck_assert_str_eq(first_error(), "t.csv:2:3: error: noncharacter U+FFFF "
                                  "(not allowed in XML, so in no output)");
  reset_errors();
  ck_assert_ptr_null(parse("label,count\n\xef\xbf\xbe,1\n", INTCOL, 1));
  ck_assert_str_eq(first_error(), "t.csv:2:1: error: noncharacter U+FFFE "
                                  "(not allowed in XML, so in no output)");
  reset_errors();
  dg_table *t =
      parse("label,count\n\xef\xb7\x90\xf0\xa0\xae\xb7,1\n", INTCOL, 1);
  ck_assert_ptr_nonnull(t);
}
END_TEST

/* Excel's 「CSV (コンマ区切り)」 on Japanese Windows writes CP932
 * with CRLF; such a file is read without any declaration, and says so. */
START_TEST(cp932_detected) {
  const char sj[] = "label,count\r\n\x93\x73\x93\xb9\x95\x7b\x8c\xa7,47\r\n"
                    "\"\x8e\x77\x92\xe8\r\n\x93\x73\x8e\x73\",20\r\n";
  dg_table *t = parse(sj, INTCOL, 1);
  ck_assert_msg(t != NULL, "%s", errbuf);
  ck_assert_int_eq(t->nrows, 2);
  ck_assert_str_eq(dg_table_cell(t, 0, 0)->text, "都道府県");
  ck_assert_str_eq(dg_table_cell(t, 1, 0)->text, "指定\n都市");
  ck_assert_int_eq(dg_table_cell(t, 1, 1)->num.n, 20);
  ck_assert_int_eq(dg_table_cell(t, 1, 1)->pos.line, 4);
  ck_assert_str_eq(t->encoding, "CP932 (detected: not valid UTF-8; Excel's "
                                "「CSV (コンマ区切り)」), CRLF line ends");
  /* the same text in UTF-8, with and without a BOM, is UTF-8 */
  t = parse("label,count\n都道府県,47\n", INTCOL, 1);
  ck_assert_ptr_nonnull(t);
  ck_assert_str_eq(t->encoding, "UTF-8");
  t = parse("\xEF\xBB\xBFlabel,count\r\n都道府県,47\r\n", INTCOL, 1);
  ck_assert_ptr_nonnull(t);
  ck_assert_str_eq(dg_table_cell(t, 0, 0)->text, "都道府県");
  ck_assert_str_eq(t->encoding, "UTF-8 (with BOM), CRLF line ends");
}
END_TEST

START_TEST(neither_utf8_nor_cp932) {
  /* CP932 up to a byte CP932 does not have: the error is at that byte
   * (line 3, after 都道 and a comma: column 4) */
  const char sj[] = "label,count\n\x93\x73,1\n\x93\x73\x93\xb9,\xff\n";
  ck_assert_ptr_null(parse(sj, INTCOL, 1));
  ck_assert_str_eq(first_error(),
                   "t.csv:3:4: error: byte 0xFF is neither UTF-8 nor CP932 "
                   "(save the file from Excel as 「CSV UTF-8 (コンマ区切り)」 "
                   "or 「CSV (コンマ区切り)」)");
  /* UTF-8 up to a stray byte: the error is at the stray byte */
  reset_errors();
  ck_assert_ptr_null(parse("label,count\n都道府県,1\nab\x80,2\n", INTCOL, 1));
  ck_assert_str_eq(first_error(),
                   "t.csv:3:3: error: byte 0x80 is neither UTF-8 nor CP932 "
                   "(save the file from Excel as 「CSV UTF-8 (コンマ区切り)」 "
                   "or 「CSV (コンマ区切り)」)");
  /* a BOM says UTF-8: no guessing */
  reset_errors();
  ck_assert_ptr_null(
      parse("\xEF\xBB\xBFlabel,count\n\x93\x73\x93\xb9,47\n", INTCOL, 1));
  ck_assert_str_eq(first_error(),
                   "t.csv:2:1: error: byte 0x93 is not UTF-8 (the file starts "
                   "with a UTF-8 byte order mark)");
  /* declared encodings are held to */
  reset_errors();
  const char one[] = "label,count\n\x93\x73\x93\xb9,47\n";
  ck_assert_ptr_null(dg_csv_parse(&ctx, arena, "t.csv", one, strlen(one),
                                  "utf-8", INTCOL, 1, NULL));
  ck_assert_str_eq(first_error(),
                   "t.csv:2:1: error: byte 0x93 is not UTF-8 (the dataset "
                   "declares encoding=\"utf-8\")");
  reset_errors();
  const char two[] = "label,count\nab,47\nc\xa0,1\n";
  ck_assert_ptr_null(dg_csv_parse(&ctx, arena, "t.csv", two, strlen(two),
                                  "cp932", INTCOL, 1, NULL));
  ck_assert_str_eq(first_error(),
                   "t.csv:3:2: error: byte 0xA0 is not CP932 (the dataset "
                   "declares encoding=\"cp932\")");
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

/* Excel leaves rows of empty cells below the data (",,"): skipped like
 * blank lines, wherever they are; a row with one value is still checked */
START_TEST(empty_rows_skipped) {
  dg_table *t = parse("label,count\na,1\n,\nb,2\n,\n\n,\n", INTCOL, 1);
  ck_assert_msg(t != NULL, "%s", errbuf);
  ck_assert_int_eq(t->nrows, 2);
  ck_assert_str_eq(dg_table_cell(t, 1, 0)->text, "b");
  ck_assert_int_eq(dg_table_cell(t, 1, 1)->pos.line, 4);
  ck_assert_ptr_null(parse("label,count\na,1\nb,\n", INTCOL, 1));
  ck_assert_str_eq(first_error(),
                   "t.csv:3:2: error: empty cell in integer column \"count\"");
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
  tcase_add_test(tc, control_characters);
  tcase_add_test(tc, xml_noncharacters);
  tcase_add_test(tc, cp932_detected);
  tcase_add_test(tc, neither_utf8_nor_cp932);
  tcase_add_test(tc, bad_int);
  tcase_add_test(tc, decimal_in_int);
  tcase_add_test(tc, empty_cell);
  tcase_add_test(tc, empty_rows_skipped);
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
