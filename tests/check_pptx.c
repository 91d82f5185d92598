/* Check suite for the PPTX renderer: the package it writes (entries, order,
 * fixed times, same bytes twice), the chart parts and their workbooks, the
 * number formats derived from the deck's printed values, escaping through
 * libxml2's writer, and native tables from the display list. The OPC rules
 * on the whole file are tests/pptx_check.py's (run by tests/pptx.sh). */
#include <zip.h>

#include "pptx_int.h"
#include "render.h"
#include "testdeck.h"

static dg_buf render(const dg_layout *l) {
  dg_render_opts o = {NULL, 1700000000, 96, "test", "t.pptx",
                      0,    NULL,       NULL, NULL, NULL};
  dg_buf b = {0};
  ck_assert_msg(dg_render_pptx(&ctx, l, &o, &b) == 0, "%s", errbuf);
  return b;
}

/* The bytes of entry `name` of the zip in b (caller frees), or NULL. */
static char *entry(const dg_buf *b, const char *name, size_t *n) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(b->data, b->len, 0, &ze);
  ck_assert_ptr_nonnull(src);
  zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
  ck_assert_ptr_nonnull(z);
  char *out = NULL;
  zip_stat_t st;
  if (zip_stat(z, name, 0, &st) == 0) {
    zip_file_t *f = zip_fopen(z, name, 0);
    out = calloc(1, st.size + 1);
    ck_assert_int_eq(zip_fread(f, out, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    if (n)
      *n = st.size;
  }
  zip_close(z);
  zip_error_fini(&ze);
  return out;
}

START_TEST(package_entries_and_times) {
  dg_layout *l = sample();
  dg_buf a = render(l), b = render(l);
  ck_assert_uint_eq(a.len, b.len);
  ck_assert(memcmp(a.data, b.data, a.len) == 0);
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(a.data, a.len, 0, &ze);
  zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
  ck_assert_ptr_nonnull(z);
  ck_assert_str_eq(zip_get_name(z, 0, 0), "[Content_Types].xml");
  zip_int64_t n = zip_get_num_entries(z, 0);
  int slides = 0, charts = 0, books = 0;
  for (zip_int64_t i = 0; i < n; i++) {
    zip_stat_t st;
    ck_assert_int_eq(zip_stat_index(z, (zip_uint64_t)i, 0, &st), 0);
    ck_assert_int_eq(st.comp_method, ZIP_CM_DEFLATE);
    slides += !strncmp(st.name, "ppt/slides/slide", 16);
    charts += !strncmp(st.name, "ppt/charts/chart", 16);
    books += !strncmp(st.name, "ppt/embeddings/chart", 20);
  }
  ck_assert_int_eq(slides, 17);
  ck_assert_int_eq(charts, 16);
  ck_assert_int_eq(books, 16);
  zip_close(z);
  zip_error_fini(&ze);
  /* the local headers hold DOS time 0 and date 1980-01-01 (0x0021) */
  for (size_t i = 0; i + 14 <= a.len; i++)
    if (!memcmp(a.data + i, "PK\3\4", 4)) {
      ck_assert_int_eq((unsigned char)a.data[i + 10], 0);
      ck_assert_int_eq((unsigned char)a.data[i + 11], 0);
      ck_assert_int_eq((unsigned char)a.data[i + 12], 0x21);
      ck_assert_int_eq((unsigned char)a.data[i + 13], 0);
    }
  dg_buf_free(&a);
  dg_buf_free(&b);
}
END_TEST

START_TEST(chart_cache_and_workbook) {
  dg_layout *l = sample();
  dg_buf p = render(l);
  /* slide 3's chart: the cases in the deck's order, values as bound */
  char *chart = entry(&p, "ppt/charts/chart2.xml", NULL);
  ck_assert_ptr_nonnull(chart);
  ck_assert_ptr_nonnull(strstr(chart, "<c:f>Sheet1!$B$2:$B$11</c:f>"));
  ck_assert_ptr_nonnull(
      strstr(chart, "<c:pt idx=\"0\"><c:v>あいさつ文案の作成</c:v></c:pt>"));
  ck_assert_ptr_nonnull(strstr(chart, "<c:pt idx=\"0\"><c:v>875</c:v></c:pt>"));
  ck_assert_ptr_nonnull(strstr(chart, "<c:externalData r:id=\"rId1\">"));
  ck_assert_ptr_nonnull(strstr(chart, "<c:formatCode>0</c:formatCode>"));
  free(chart);
  /* slide 7: 647, 137 and 1,004 — labels grouped by thousands */
  chart = entry(&p, "ppt/charts/chart5.xml", NULL);
  ck_assert_ptr_nonnull(strstr(chart, "<c:formatCode>#,##0</c:formatCode>"));
  free(chart);
  char *rels = entry(&p, "ppt/charts/_rels/chart2.xml.rels", NULL);
  ck_assert_ptr_nonnull(strstr(rels, "Target=\"../embeddings/chart2.xlsx\""));
  free(rels);
  /* the workbook: a package of its own, the same numbers in Sheet1 */
  size_t n;
  char *book = entry(&p, "ppt/embeddings/chart2.xlsx", &n);
  ck_assert_ptr_nonnull(book);
  dg_buf bb = {book, n, n};
  char *sheet = entry(&bb, "xl/worksheets/sheet1.xml", NULL);
  ck_assert_ptr_nonnull(sheet);
  ck_assert_ptr_nonnull(strstr(
      sheet, "<c r=\"A2\" t=\"inlineStr\"><is><t>あいさつ文案の作成</t></is></c>"));
  ck_assert_ptr_nonnull(strstr(sheet, "<c r=\"B2\" s=\"1\"><v>875</v></c>"));
  char *styles = entry(&bb, "xl/styles.xml", NULL);
  ck_assert_ptr_nonnull(strstr(styles, "formatCode=\"0\""));
  free(styles);
  free(sheet);
  free(book);
  /* slide 2's 100% bars: the deck's labels as the deck prints them */
  chart = entry(&p, "ppt/charts/chart1.xml", NULL);
  ck_assert_ptr_nonnull(strstr(chart, "<a:t>41，87.2%</a:t>"));
  ck_assert_ptr_nonnull(strstr(chart, "percentStacked"));
  /* 「1，2.1%」 stands above its bar, where layout set it */
  const char *lab = strstr(chart, "<a:t>1，2.1%</a:t>");
  ck_assert_ptr_nonnull(lab);
  const char *dl = lab;
  while (dl > chart && strncmp(dl, "<c:dLbl>", 8))
    dl--;
  const char *ml = strstr(dl, "<c:manualLayout>");
  ck_assert(ml && ml < lab);
  free(chart);
  dg_buf_free(&p);
}
END_TEST

/* A chart of one series with the given printed values. */
static dg_chart one(const char **texts, double *vals, int n) {
  static const char *cats[] = {"A&B<C>", "\"q\"", "x", "y"};
  dg_chart c = {0};
  c.type = DG_CH_BAR;
  c.ncat = n;
  c.nser = 1;
  c.cat = cats;
  c.val = vals;
  c.val_text = texts;
  return c;
}

START_TEST(number_formats) {
  struct {
    const char *text;
    const char *want;
  } c[] = {{"1,004", "#,##0"},
           {"51.1%", "0.0\"%\""},
           {"12", "0"},
           {"0.25", "0.00"},
           {"¥1,200円", "\"¥\"#,##0\"円\""},
           {"-3.5", "0.0"}};
  /* one printed value with a comma makes the format group them all */
  const char *t2[] = {"647", "1,004"};
  double v2[] = {647, 1004};
  dg_chart c2 = one(t2, v2, 2);
  ck_assert_str_eq(pptx_numfmt(arena, &c2), "#,##0");
  for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
    const char *t[] = {c[i].text};
    double v[] = {1};
    dg_chart ch = one(t, v, 1);
    const char *got = pptx_numfmt(arena, &ch);
    ck_assert_msg(!strcmp(got, c[i].want), "%s -> %s (want %s)", c[i].text, got,
                  c[i].want);
  }
}
END_TEST

START_TEST(workbook_escapes_and_repeats) {
  const char *t[] = {"1", "2", "3"};
  double v[] = {1, 2, 3};
  dg_chart ch = one(t, v, 3);
  ch.axis_title = "件数（件）";
  dg_buf a = {0}, b = {0};
  ck_assert_int_eq(xlsx_write(&ctx, arena, &ch, "BIZ UDPGothic", &a), 0);
  ck_assert_int_eq(xlsx_write(&ctx, arena, &ch, "BIZ UDPGothic", &b), 0);
  ck_assert(a.len == b.len && !memcmp(a.data, b.data, a.len));
  char *sheet = entry(&a, "xl/worksheets/sheet1.xml", NULL);
  ck_assert_ptr_nonnull(strstr(sheet, "<t>A&amp;B&lt;C&gt;</t>"));
  ck_assert_ptr_nonnull(strstr(sheet, "<t>&quot;q&quot;</t>"));
  ck_assert_ptr_nonnull(strstr(sheet, "<t>件数（件）</t>")); /* B1 */
  ck_assert_ptr_nonnull(strstr(sheet, "<dimension ref=\"A1:B4\"/>"));
  free(sheet);
  char *ct = entry(&a, "[Content_Types].xml", NULL);
  ck_assert_ptr_nonnull(strstr(ct, "/xl/worksheets/sheet1.xml"));
  free(ct);
  dg_buf_free(&a);
  dg_buf_free(&b);
}
END_TEST

START_TEST(native_table_from_the_display_list) {
  dg_layout *l = sample();
  dg_buf p = render(l);
  char *s4 = entry(&p, "ppt/slides/slide4.xml", NULL);
  ck_assert_ptr_nonnull(s4);
  /* three columns, widths from the cells' boxes, adding up to the frame */
  const char *g = strstr(s4, "<a:tblGrid>");
  ck_assert_ptr_nonnull(g);
  long long sum = 0;
  int cols = 0;
  for (const char *q = g; (q = strstr(q, "<a:gridCol w=\"")) &&
                          q < strstr(g, "</a:tblGrid>");
       q++, cols++)
    sum += atoll(q + 14);
  ck_assert_int_eq(cols, 3);
  const char *fr = strstr(s4, "<p:xfrm>");
  const char *cx = strstr(fr, "cx=\"");
  ck_assert_int_eq(sum, atoll(cx + 4));
  ck_assert_ptr_nonnull(strstr(s4, "<a:t>議事録の要約</a:t>"));
  /* a cell's two lines stay two lines */
  ck_assert_ptr_nonnull(strstr(s4, "<a:t>計画案の作成</a:t></a:r><a:br>"));
  ck_assert_ptr_nonnull(strstr(s4, "firstRow=\"1\""));
  /* the slide's title is its title placeholder */
  ck_assert_ptr_nonnull(strstr(s4, "<p:ph type=\"title\"/>"));
  ck_assert_ptr_nonnull(strstr(s4, "<a:t>自治体における生成AIの導入効果</a:t>"));
  /* the deck's font, named */
  ck_assert_ptr_nonnull(strstr(s4, "typeface=\"BIZ UDPGothic\""));
  free(s4);
  dg_buf_free(&p);
}
END_TEST

int main(void) {
  Suite *s = suite_create("pptx");
  TCase *tc = tcase_create("pptx");
  tcase_set_timeout(tc, 60);
  tcase_add_checked_fixture(tc, deck_setup, deck_teardown);
  tcase_add_test(tc, package_entries_and_times);
  tcase_add_test(tc, chart_cache_and_workbook);
  tcase_add_test(tc, number_formats);
  tcase_add_test(tc, workbook_escapes_and_repeats);
  tcase_add_test(tc, native_table_from_the_display_list);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
