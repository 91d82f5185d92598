/* Check suite for the parse stage: the sample deck and theme validate;
 * invalid decks fail at the right line with the right message; unsafe XML
 * (DTDs, entities, NUL bytes, deep nesting) is refused. */
#include "deck/parse.h"
#include "testutil.h"

#define SCHEMA "templates/deck.rng"

static dg_node *p(const char *xml) {
  return dg_parse_memory(&ctx, arena, "t.xml", xml, strlen(xml), SCHEMA);
}

#define HEAD "<?xml version=\"1.0\"?>\n"
#define BAD(xml, msg)                                                          \
  do {                                                                         \
    reset_errors();                                                            \
    ck_assert_ptr_null(p(xml));                                                \
    ck_assert_str_eq(first_error(), msg);                                      \
  } while (0)

START_TEST(sample_deck) {
  dg_node *n = dg_parse_file(&ctx, arena, "templates/genai-2024.xml", SCHEMA);
  ck_assert_msg(n != NULL, "%s", errbuf);
  ck_assert_str_eq(n->name, "deck");
  /* the output name spells the survey's year */
  ck_assert_str_eq(dg_node_attr(n, "id"), "genai-{plain(year(survey.date))}");
  ck_assert_int_gt(n->nkids, 17);
  ck_assert_ptr_nonnull(
      dg_parse_file(&ctx, arena, "templates/theme.xml", SCHEMA));
}
END_TEST

START_TEST(lines_kept) {
  dg_node *n = p(
      HEAD "<deck id=\"x\">\n\n<slide>\n<title>t</title>\n</slide>\n</deck>\n");
  ck_assert_ptr_nonnull(n);
  ck_assert_int_eq(n->pos.line, 2);
  ck_assert_int_eq(n->kids[0]->pos.line, 4);
  ck_assert_str_eq(n->kids[0]->kids[0]->text, "t");
}
END_TEST

START_TEST(invalid_decks) {
  BAD(HEAD "<deck id=\"x\">\n<slide>\n<title>t</title>\n<chart "
           "type=\"donut\"/>\n</slide>\n</deck>\n",
      "t.xml:5: error: unknown chart type \"donut\" (expected bar, stacked100, "
      "pie, line, column)");
  BAD(HEAD "<deck id=\"x\">\n<slide>\n<title>t</title>\n<chart type=\"bar\" "
           "sort=\"up\"/>\n</slide>\n</deck>\n",
      "t.xml:5: error: unknown chart sort \"up\" (expected none, desc, asc)");
  BAD(HEAD
      "<deck "
      "id=\"x\">\n<slide>\n<title>t</title>\n<bogus/>\n</slide>\n</deck>\n",
      "t.xml:5: error: did not expect element bogus there "
      "(<slide> holds optionally <style>, then <title>, then optionally "
      "<subtitle>, then optionally <date>, then optionally <organization>, "
      "then any number of <let>, <lead>, <text>, <ul>, <ol>, <columns>, "
      "<image>, <chart>, <table>, <figures>, <row>, <note> or <source>)");
  BAD(HEAD "<deck id=\"x\">\n<slide>\n<title>t</title>\n<chart type=\"bar\" "
           "colour=\"red\"/>\n</slide>\n</deck>\n",
      "t.xml:5: error: invalid attribute colour for element chart "
      "(<chart> takes type (required), id, data, category, value, "
      "aggregate, series, where, sort, last, mode, labels, reference, "
      "reference-label, highlight, categories, palette, legend, axis-title, "
      "axis-max, heading, caption, unit, value-suffix, total-unit, decimals, "
      "pct-decimals, alt)");
  BAD(HEAD
      "<deck id=\"x\">\n<dataset id=\"a\" file=\"a.csv\"><column name=\"c\" "
      "type=\"float\"/></dataset>\n<slide><title>t</title></slide>\n</deck>\n",
      "t.xml:3: error: unknown column type \"float\" (expected text, integer, "
      "decimal)");
  BAD(HEAD "<deck id=\"x\">\n<dataset id=\"a\" file=\"a.csv\" "
           "encoding=\"latin1\"/>\n<slide><title>t</title></slide>\n</deck>\n",
      "t.xml:3: error: unknown dataset encoding \"latin1\" (expected utf-8, "
      "cp932, shift_jis)");
  BAD(HEAD "<deck>\n<slide><title>t</title></slide>\n</deck>\n",
      "t.xml:2: error: element deck failed to validate attributes "
      "(<deck> takes id (required), lang, theme)");
  BAD(HEAD "<deck id=\"x\">\n</deck>\n",
      "t.xml:2: error: deck has no <slide> (expected at least one)");
  BAD(HEAD
      "<deck id=\"x\">\n<slide>\n<lead><p>x</p></lead>\n</slide>\n</deck>\n",
      "t.xml:4: error: did not expect element lead there "
      "(<slide> holds optionally <style>, then <title>, then optionally "
      "<subtitle>, then optionally <date>, then optionally <organization>, "
      "then any number of <let>, <lead>, <text>, <ul>, <ol>, <columns>, "
      "<image>, <chart>, <table>, <figures>, <row>, <note> or <source>)");
  BAD(HEAD "<deck "
           "id=\"x\">\n<slide>\n<title>t</title>\n<lead></lead>\n</slide>\n</"
           "deck>\n",
      "t.xml:5: error: element lead is missing a required child element "
      "(<lead> holds any number of <let>, then <p>, then any number of <p> or "
      "<let>)");
  BAD(HEAD "<deck id=\"x\">\n<slide>\n<title>t</title>\n<figures><figure "
           "label=\"a\"/></figures>\n</slide>\n</deck>\n",
      "t.xml:5: error: element figure failed to validate attributes "
      "(<figure> takes label (required), value (required), unit, caption)");
  BAD(HEAD "<deck id=\"x\">\n<slide>\n<title>t</title>\n<row><chart "
           "type=\"bar\"/></row>\n</slide>\n</deck>\n",
      "t.xml:5: error: element row is missing a required child element "
      "(<row> holds <chart> or <table>, then one or more of <chart> or "
      "<table>)");
}
END_TEST

START_TEST(malformed) {
  BAD(HEAD "<deck id=\"x\">\n<slide>\n<title>t</title>\n</deck>\n",
      "t.xml:5: error: opening and ending tag mismatch: slide line 3 and deck");
  BAD(HEAD "<deck id=\"x\">\n<slide><title>a &amp b</title></slide>\n</deck>\n",
      "t.xml:3: error: entityRef: expecting ';'");
  BAD("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<deck "
      "id=\"x\"><slide><title>\xff\xfe</title></slide></deck>\n",
      "t.xml:2: error: input is not proper UTF-8, indicate encoding !");
}
END_TEST

START_TEST(unsafe) {
  BAD(HEAD "<!DOCTYPE deck [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<deck "
           "id=\"x\"><slide><title>&x;</title></slide></deck>\n",
      "t.xml:2: error: DOCTYPE declarations are not allowed in decks (no DTDs, "
      "no entities)");
  BAD(HEAD "<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
           "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
           "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d "
           "\"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>\n"
           "<deck id=\"x\"><slide><title>&d;&d;&d;&d;</title></slide></deck>\n",
      "t.xml:2: error: DOCTYPE declarations are not allowed in decks (no DTDs, "
      "no entities)");
  const char nul[] = HEAD "<deck id=\"x\">\0</deck>";
  reset_errors();
  ck_assert_ptr_null(
      dg_parse_memory(&ctx, arena, "t.xml", nul, sizeof nul - 1, SCHEMA));
  ck_assert_str_eq(first_error(), "t.xml:2: error: NUL byte in XML file");
  dg_buf deep = {0};
  dg_buf_puts(&deep, HEAD "<deck id=\"x\"><slide><title>t</title>");
  for (int i = 0; i < 40; i++)
    dg_buf_puts(&deep, "<row>");
  for (int i = 0; i < 40; i++)
    dg_buf_puts(&deep, "</row>");
  dg_buf_puts(&deep, "</slide></deck>");
  reset_errors();
  ck_assert_ptr_null(
      dg_parse_memory(&ctx, arena, "t.xml", deep.data, deep.len, NULL));
  ck_assert_str_eq(first_error(),
                   "t.xml:2: error: elements nested deeper than 32 levels");
  dg_buf_free(&deep);
}
END_TEST

int main(void) {
  Suite *s = suite_create("parse");
  TCase *tc = tcase_create("parse");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, sample_deck);
  tcase_add_test(tc, lines_kept);
  tcase_add_test(tc, invalid_decks);
  tcase_add_test(tc, malformed);
  tcase_add_test(tc, unsafe);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
