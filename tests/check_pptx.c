/* Check suite for the PPTX renderer: the package it writes (entries, order,
 * fixed times, same bytes twice), the chart parts and their workbooks, the
 * number formats derived from the deck's printed values, escaping through
 * libxml2's writer, and native tables from the display list. The OPC rules
 * on the whole file are tests/pptx_check.py's (run by tests/pptx.sh). */
#include <minizip/unzip.h>

#include "render/pptx/pptx_int.h"
#include "render/render.h"
#include "testdeck.h"

static dg_buf render(const dg_layout *l) {
  dg_render_opts o = {NULL, 1700000000, 96,   "test", "t.pptx",
                      0,    NULL,       NULL, NULL,   NULL};
  dg_buf b = {0};
  ck_assert_msg(dg_render_pptx(&ctx, l, &o, &b) == 0, "%s", errbuf);
  return b;
}

/* A zip in memory, read with minizip's unzip through file functions over
 * the buffer (tests/pptx.sh reads the file with unzip and Python too). */
typedef struct rd {
  const dg_buf *b;
  size_t pos;
} rd;

static voidpf rd_open(voidpf opaque, const void *name, int mode) {
  (void)name;
  (void)mode;
  return opaque;
}
static uLong rd_read(voidpf opaque, voidpf stream, void *buf, uLong n) {
  (void)opaque;
  rd *r = stream;
  size_t k = r->b->len - r->pos < n ? r->b->len - r->pos : n;
  memcpy(buf, r->b->data + r->pos, k);
  r->pos += k;
  return k;
}
static uLong rd_write(voidpf opaque, voidpf stream, const void *buf, uLong n) {
  (void)opaque;
  (void)stream;
  (void)buf;
  (void)n;
  return 0;
}
static ZPOS64_T rd_tell(voidpf opaque, voidpf stream) {
  (void)opaque;
  return ((rd *)stream)->pos;
}
static long rd_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int whence) {
  (void)opaque;
  rd *r = stream;
  ZPOS64_T base = whence == ZLIB_FILEFUNC_SEEK_SET   ? 0
                  : whence == ZLIB_FILEFUNC_SEEK_CUR ? r->pos
                                                     : r->b->len;
  if (off > r->b->len - base)
    return -1;
  r->pos = base + off;
  return 0;
}
static int rd_close(voidpf opaque, voidpf stream) {
  (void)opaque;
  (void)stream;
  return 0;
}

static unzFile open_zip(const dg_buf *b, rd *r) {
  r->b = b;
  r->pos = 0;
  zlib_filefunc64_def io = {rd_open, rd_read,  rd_write, rd_tell,
                            rd_seek, rd_close, rd_close, r};
  unzFile z = unzOpen2_64("", &io);
  ck_assert_ptr_nonnull(z);
  return z;
}

/* The bytes of entry `name` of the zip in b (caller frees), or NULL; its
 * CRC is checked. */
static char *entry(const dg_buf *b, const char *name, size_t *n) {
  rd r;
  unzFile z = open_zip(b, &r);
  char *out = NULL;
  if (unzLocateFile(z, name, 1) == UNZ_OK) {
    unz_file_info64 fi;
    ck_assert_int_eq(unzGetCurrentFileInfo64(z, &fi, NULL, 0, NULL, 0, NULL, 0),
                     UNZ_OK);
    ck_assert_int_eq(unzOpenCurrentFile(z), UNZ_OK);
    out = calloc(1, fi.uncompressed_size + 1);
    ck_assert_int_eq(unzReadCurrentFile(z, out, (unsigned)fi.uncompressed_size),
                     (int)fi.uncompressed_size);
    ck_assert_int_eq(unzCloseCurrentFile(z), UNZ_OK);
    if (n)
      *n = fi.uncompressed_size;
  }
  unzClose(z);
  return out;
}

static unsigned le(const char *p, int n) {
  unsigned v = 0;
  for (int i = n - 1; i >= 0; i--)
    v = v << 8 | (unsigned char)p[i];
  return v;
}

START_TEST(package_entries_and_times) {
  dg_layout *l = sample();
  dg_buf a = render(l), b = render(l);
  ck_assert_uint_eq(a.len, b.len);
  ck_assert(memcmp(a.data, b.data, a.len) == 0);
  rd r;
  unzFile z = open_zip(&a, &r);
  int slides = 0, charts = 0, books = 0, n = 0;
  for (int e = unzGoToFirstFile(z); e == UNZ_OK; e = unzGoToNextFile(z)) {
    unz_file_info64 fi;
    char name[256];
    ck_assert_int_eq(
        unzGetCurrentFileInfo64(z, &fi, name, sizeof name, NULL, 0, NULL, 0),
        UNZ_OK);
    if (n++ == 0)
      ck_assert_str_eq(name, "[Content_Types].xml");
    ck_assert_int_eq(fi.compression_method, Z_DEFLATED);
    /* no zip64 or other extra field, no data descriptor (flag bit 3) */
    ck_assert_int_eq(fi.size_file_extra, 0);
    ck_assert_int_eq(fi.flag & 8, 0);
    slides += !strncmp(name, "ppt/slides/slide", 16);
    charts += !strncmp(name, "ppt/charts/chart", 16);
    books += !strncmp(name, "ppt/embeddings/chart", 20);
  }
  unzClose(z);
  ck_assert_int_eq(slides, 17);
  ck_assert_int_eq(charts, 16);
  ck_assert_int_eq(books, 16);
  /* walked header to header: each local header holds DOS time 0, date
   * 1980-01-01 (0x0021), no data descriptor, no extra field, and the
   * compressed size that leads to the next header; the central directory
   * follows the last entry */
  size_t at = 0;
  int local = 0;
  while (at + 30 <= a.len && !memcmp(a.data + at, "PK\3\4", 4)) {
    const char *h = a.data + at;
    ck_assert_uint_eq(le(h + 6, 2) & 8, 0);
    ck_assert_uint_eq(le(h + 10, 2), 0);
    ck_assert_uint_eq(le(h + 12, 2), 0x21);
    ck_assert_uint_eq(le(h + 28, 2), 0);
    ck_assert_uint_gt(le(h + 18, 4), 0);
    at += 30 + le(h + 26, 2) + le(h + 18, 4);
    local++;
  }
  ck_assert_int_eq(local, n);
  ck_assert(at + 4 <= a.len && !memcmp(a.data + at, "PK\1\2", 4));
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
  /* the deck groups thousands: an edited 1200 prints 1,200 */
  ck_assert_ptr_nonnull(strstr(chart, "<c:formatCode>#,##0</c:formatCode>"));
  /* and a zero prints no label (the format's empty third section) */
  ck_assert_ptr_nonnull(strstr(chart, "formatCode=\"#,##0;-#,##0;\""));
  /* the value axis follows the data: no fixed maximum */
  ck_assert_ptr_null(strstr(chart, "<c:max "));
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
      sheet,
      "<c r=\"A2\" t=\"inlineStr\"><is><t>あいさつ文案の作成</t></is></c>"));
  ck_assert_ptr_nonnull(strstr(sheet, "<c r=\"B2\" s=\"1\"><v>875</v></c>"));
  char *styles = entry(&bb, "xl/styles.xml", NULL);
  ck_assert_ptr_nonnull(strstr(styles, "formatCode=\"#,##0\""));
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
  /* the labels are the cells of column K on (value from cells), each a
   * field PowerPoint fills in from them */
  ck_assert_ptr_nonnull(strstr(chart, "<c15:f>Sheet1!$K$2:$K$4</c15:f>"));
  ck_assert_ptr_nonnull(strstr(chart, "type=\"CELLRANGE\""));
  ck_assert_ptr_nonnull(strstr(chart, "<c15:showDataLabelsRange val=\"1\"/>"));
  free(chart);
  /* whose formulas compute them from the values, and the totals of the
   * categories likewise */
  book = entry(&p, "ppt/embeddings/chart1.xlsx", &n);
  bb = (dg_buf){book, n, n};
  sheet = entry(&bb, "xl/worksheets/sheet1.xml", NULL);
  ck_assert_ptr_nonnull(strstr(
      sheet,
      "<c r=\"K2\" t=\"str\"><f>IF(B2=0,&quot;&quot;,TEXT(B2,&quot;#,##0&quot;)"
      "&amp;&quot;，&quot;&amp;TEXT(B2/SUM($B2:$I2),&quot;0.0%&quot;))"
      "</f><v>41，87.2%</v></c>"));
  ck_assert_ptr_nonnull(strstr(
      sheet,
      "<c r=\"A2\" t=\"str\"><f>J2&amp;&quot;（&quot;&amp;TEXT(SUM($B2:$I2),"
      "&quot;#,##0&quot;)&amp;&quot;団体）&quot;</f><v>都道府県（47団体）</"
      "v>"));
  free(sheet);
  free(book);
  /* slide 6's stacked bars: the totals as labels of a helper series of
   * zeros that has no legend entry */
  chart = entry(&p, "ppt/charts/chart4.xml", NULL);
  ck_assert_ptr_nonnull(strstr(chart, "<c:v>計 250</c:v>"));
  ck_assert_ptr_nonnull(
      strstr(chart, "<c:legendEntry><c:idx val=\"0\"/><c:delete val=\"1\"/>"));
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
  } c[] = {{"1,004", "#,##0"},   {"51.1%", "#,##0.0\"%\""},
           {"12", "#,##0"},      {"12345", "0"},
           {"0.25", "#,##0.00"}, {"¥1,200円", "\"¥\"#,##0\"円\""},
           {"-3.5", "#,##0.0"}};
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
  for (const char *q = g;
       (q = strstr(q, "<a:gridCol w=\"")) && q < strstr(g, "</a:tblGrid>");
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
  ck_assert_ptr_nonnull(
      strstr(s4, "<a:t>自治体における生成AIの導入効果</a:t>"));
  /* the deck's font, named */
  ck_assert_ptr_nonnull(strstr(s4, "typeface=\"BIZ UDPGothic\""));
  free(s4);
  dg_buf_free(&p);
}
END_TEST

/* Slide 1's key figures: each card one group (p:grpSp, named by its
 * figures for a screen reader), the frame decorative, the number and its
 * unit two runs of one paragraph, the caption a text box of its own;
 * layout marks each card's frame so (begin.card) */
START_TEST(key_figure_cards_grouped) {
  dg_layout *l = sample();
  int cards = 0;
  for (int i = 0; i < l->pages[0].nops; i++) {
    const dg_op *o = &l->pages[0].ops[i];
    cards += o->kind == DG_OP_BEGIN && o->begin.sem == DG_SEM_ARTIFACT &&
             o->begin.card;
  }
  ck_assert_int_eq(cards, 6);
  dg_buf p = render(l);
  char *s1 = entry(&p, "ppt/slides/slide1.xml", NULL);
  ck_assert_ptr_nonnull(s1);
  int groups = 0;
  for (const char *q = s1; (q = strstr(q, "<p:grpSp>")); q++)
    groups++;
  ck_assert_int_eq(groups, 6);
  const char *g = strstr(s1, "<p:grpSp>");
  const char *ge = strstr(g, "</p:grpSp>");
  ck_assert_ptr_nonnull(
      strstr(g, "descr=\"都道府県（47団体） 87% 導入済（41団体）\""));
  const char *v = strstr(g, "<a:t>87</a:t></a:r><a:r>");
  ck_assert(v && v < ge);
  const char *u = strstr(v, "<a:t>%</a:t></a:r></a:p>");
  ck_assert(u && u < ge && !memmem(v, (size_t)(u - v), "</a:p>", 6));
  const char *c = strstr(g, "<a:t>導入済（41団体）</a:t>");
  ck_assert(c && c < ge);
  /* number and caption: two text boxes, each centred in the card */
  int ctr = 0;
  for (const char *q = g; (q = strstr(q, "algn=\"ctr\"")) && q < ge; q++)
    ctr++;
  ck_assert_int_eq(ctr, 2);
  ck_assert_ptr_nonnull(strstr(g, "adec:decorative"));
  free(s1);
  dg_buf_free(&p);
}
END_TEST

/* Slides 7 and 8 share their heading: their title placeholders are
 * numbered in order, the other slides' titles are as laid out, and no two
 * slides' titles are the same */
START_TEST(shared_titles_numbered) {
  dg_layout *l = sample();
  ck_assert_str_eq(l->pages[6].title, l->pages[7].title);
  dg_buf p = render(l);
  char *t[17];
  for (int k = 0; k < 17; k++) {
    char name[48];
    snprintf(name, sizeof name, "ppt/slides/slide%d.xml", k + 1);
    char *x = entry(&p, name, NULL);
    ck_assert_ptr_nonnull(x);
    const char *ph = strstr(x, "<p:ph type=\"title\"/>");
    ck_assert_ptr_nonnull(ph);
    const char *a = strstr(ph, "<a:t>") + 5;
    t[k] = strndup(a, (size_t)(strstr(a, "</a:t>") - a));
    free(x);
  }
  ck_assert_str_eq(t[6], "生成ＡＩ利用におけるガイドライン策定状況（1）");
  ck_assert_str_eq(t[7], "生成ＡＩ利用におけるガイドライン策定状況（2）");
  ck_assert_str_eq(t[3], "自治体における生成AIの導入効果");
  for (int a = 0; a < 17; a++)
    for (int b = a + 1; b < 17; b++)
      ck_assert_str_ne(t[a], t[b]);
  for (int k = 0; k < 17; k++)
    free(t[k]);
  dg_buf_free(&p);
}
END_TEST

/* The master offers three layouts to 「新しいスライド」: the deck's slide,
 * a cover (title and subtitle) and a title only */
START_TEST(master_layouts) {
  dg_layout *l = sample();
  dg_buf p = render(l);
  char *m = entry(&p, "ppt/slideMasters/slideMaster1.xml", NULL);
  char *mr = entry(&p, "ppt/slideMasters/_rels/slideMaster1.xml.rels", NULL);
  ck_assert_ptr_nonnull(m);
  ck_assert_ptr_nonnull(strstr(m, "<p:sldLayoutId id=\"2147483651\" r:id=\"rId3\"/>"));
  ck_assert_ptr_nonnull(strstr(mr, "Target=\"../slideLayouts/slideLayout3.xml\""));
  static const char *want[][4] = {
      {"ppt/slideLayouts/slideLayout1.xml", "type=\"obj\"", "<p:ph type=\"body\"", "タイトルとリード"},
      {"ppt/slideLayouts/slideLayout2.xml", "type=\"title\"", "<p:ph type=\"subTitle\"", "表紙"},
      {"ppt/slideLayouts/slideLayout3.xml", "type=\"titleOnly\"", "<p:ph type=\"title\"", "タイトルのみ"}};
  for (int k = 0; k < 3; k++) {
    char *x = entry(&p, want[k][0], NULL);
    ck_assert_msg(x != NULL, "%s missing", want[k][0]);
    ck_assert_ptr_nonnull(strstr(x, want[k][1]));
    ck_assert_ptr_nonnull(strstr(x, want[k][2]));
    ck_assert_ptr_nonnull(strstr(x, want[k][3]));
    if (k == 1) /* a cover's own title, and no slide number */
      ck_assert(strstr(x, "<p:ph type=\"ctrTitle\"") && !strstr(x, "sldNum"));
    if (k == 2) /* nothing under the title to fill */
      ck_assert(!strstr(x, "type=\"body\"") && strstr(x, "sldNum"));
    free(x);
  }
  char *ct = entry(&p, "[Content_Types].xml", NULL);
  ck_assert_ptr_nonnull(strstr(ct, "/ppt/slideLayouts/slideLayout2.xml"));
  free(ct);
  free(m);
  free(mr);
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
  tcase_add_test(tc, key_figure_cards_grouped);
  tcase_add_test(tc, shared_titles_numbered);
  tcase_add_test(tc, master_layouts);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
