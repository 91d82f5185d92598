/* Check suite for the PDF writer: the file's own structure (cross-reference
 * offsets, trailer), the page content streams (balanced text objects and
 * marked content, consecutive MCIDs, one glyph per shaped glyph), the
 * structure tree, ToUnicode, and the number formatting it relies on. */
#include <zlib.h>

#include "render/render.h"
#include "testdeck.h"

static dg_buf render(const dg_layout *l, const char *paper) {
  dg_render_opts o = {paper, 1700000000, 96,   "test", "t.pdf",
                      0,     NULL,       NULL, NULL,   NULL};
  dg_buf pdf = {0};
  ck_assert_msg(dg_render_pdf(&ctx, tx, l, &o, &pdf) == 0, "%s", errbuf);
  return pdf;
}

static int count(const dg_buf *b, const char *needle) {
  int n = 0;
  size_t k = strlen(needle);
  for (const char *p = b->data;
       (p = memmem(p, b->len - (size_t)(p - b->data), needle, k)); p += k)
    n++;
  return n;
}

/* Inflates every deflated stream of the file; calls f on each. */
static void streams(const dg_buf *pdf, void (*f)(const char *, size_t, void *),
                    void *arg) {
  const char *p = pdf->data, *end = pdf->data + pdf->len;
  while ((p = memmem(p, (size_t)(end - p), ">>\nstream\n", 10))) {
    /* the stream's dictionary opens after "N 0 obj" (it may hold others:
     * a tiling pattern's /Resources) */
    const char *dict = p;
    while (dict > pdf->data && memcmp(dict, " obj\n", 5))
      dict--;
    const char *len = memmem(dict, (size_t)(p - dict), "/Length ", 8);
    ck_assert_ptr_nonnull(len);
    size_t n = strtoul(len + 8, NULL, 10);
    p += 10;
    if (!memmem(dict, (size_t)(p - dict), "/FlateDecode", 12)) {
      p += n; /* the XMP packet: plain text */
      continue;
    }
    uLongf out_n = 4 << 20;
    char *out = malloc(out_n);
    ck_assert_int_eq(uncompress((Bytef *)out, &out_n, (const Bytef *)p, n),
                     Z_OK);
    ck_assert(!memcmp(p + n, "\nendstream", 10));
    f(out, out_n, arg);
    free(out);
    p += n;
  }
}

typedef struct page_stats {
  int pages, glyphs, bad;
  char why[256];
} page_stats;

/* A content stream: BT/ET and BDC|BMC/EMC balanced, never crossed, MCIDs
 * 0, 1, 2, ... in order; counts the glyphs drawn (4 hex digits each). */
static void check_content(const char *s, size_t n, void *arg) {
  page_stats *st = arg;
  if (n < 20 || memcmp(s, "1 0 0 -1 0 540 cm", 17))
    return; /* a font program or a ToUnicode map */
  st->pages++;
  char *t = strndup(s, n);
  int bt = 0, mc = 0, next_mcid = 0;
  for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n")) {
    size_t k = strlen(line);
    if (!strcmp(line, "BT"))
      bt++;
    else if (!strcmp(line, "ET"))
      bt--;
    else if (k > 4 && !strcmp(line + k - 4, " BDC")) {
      int id = -1;
      char *m = strstr(line, "/MCID ");
      if (m)
        id = atoi(m + 6);
      if (id != next_mcid++ || bt)
        snprintf(st->why, sizeof st->why, "MCID %d where %d due, or in BT", id,
                 next_mcid - 1),
            st->bad++;
      mc++;
    } else if (!strcmp(line, "/Artifact BMC"))
      mc++;
    else if (!strcmp(line, "EMC"))
      mc--;
    else if (k > 3 && !strcmp(line + k - 3, "]TJ") && line[0] == '[') {
      int in = 0, digits = 0;
      for (char *c = line; *c; c++) {
        if (*c == '<')
          in = 1;
        else if (*c == '>')
          in = 0;
        else if (in)
          digits++;
      }
      st->glyphs += digits / 4;
    }
    if (bt < 0 || bt > 1 || mc < 0 || mc > 1) {
      snprintf(st->why, sizeof st->why, "unbalanced at: %s", line);
      st->bad++;
    }
  }
  if (bt || mc)
    st->bad++;
  free(t);
}

START_TEST(xref_points_at_objects) {
  dg_buf pdf = render(sample(), NULL);
  ck_assert(!memcmp(pdf.data, "%PDF-1.7\n", 9));
  ck_assert(!memcmp(pdf.data + pdf.len - 6, "%%EOF\n", 6));
  const char *sx = pdf.data + pdf.len - 7;
  while (sx > pdf.data && memcmp(sx, "startxref\n", 10))
    sx--;
  size_t xref = strtoul(sx + 10, NULL, 10);
  ck_assert(!memcmp(pdf.data + xref, "xref\n0 ", 7));
  int nobj = atoi(pdf.data + xref + 7);
  const char *e = strchr(pdf.data + xref + 5, '\n') + 1 + 20; /* entry 1 */
  for (int i = 1; i < nobj; i++, e += 20) {
    size_t off = strtoul(e, NULL, 10);
    char want[32];
    int k = snprintf(want, sizeof want, "%d 0 obj\n", i);
    ck_assert_msg(off < pdf.len && !memcmp(pdf.data + off, want, (size_t)k),
                  "object %d is not at %zu", i, off);
  }
  ck_assert(strstr(pdf.data + xref, "/Size ") != NULL);
  dg_buf_free(&pdf);
}
END_TEST

START_TEST(same_bytes_twice) {
  dg_layout *l = sample();
  dg_buf a = render(l, NULL), b = render(l, NULL);
  ck_assert_uint_eq(a.len, b.len);
  ck_assert(!memcmp(a.data, b.data, a.len));
  dg_buf_free(&a);
  dg_buf_free(&b);
}
END_TEST

START_TEST(content_streams) {
  dg_layout *l = sample();
  dg_buf pdf = render(l, NULL);
  page_stats st = {0};
  streams(&pdf, check_content, &st);
  ck_assert_int_eq(st.pages, 17);
  ck_assert_msg(st.bad == 0, "%s", st.why);
  /* exactly the glyphs layout shaped, each drawn once */
  int want = 0;
  for (int p = 0; p < l->npages; p++)
    for (int i = 0; i < l->pages[p].nops; i++)
      if (l->pages[p].ops[i].kind == DG_OP_TEXT) {
        const dg_glyph *g;
        want += dg_text_glyphs(tx, l->pages[p].ops[i].text.str,
                               l->pages[p].ops[i].text.bold, &g);
      }
  ck_assert_int_eq(st.glyphs, want);
  dg_buf_free(&pdf);
}
END_TEST

START_TEST(structure_tree) {
  dg_layout *l = sample();
  dg_buf pdf = render(l, NULL);
  int figures = 0, tables = 0, rows = 0, heads = 0;
  for (int p = 0; p < l->npages; p++)
    for (int i = 0; i < l->pages[p].nops; i++) {
      const dg_op *o = &l->pages[p].ops[i];
      if (o->kind != DG_OP_BEGIN)
        continue;
      figures += o->begin.sem == DG_SEM_FIGURE;
      tables += o->begin.sem == DG_SEM_TABLE;
      rows += o->begin.sem == DG_SEM_TR;
      heads += o->begin.sem == DG_SEM_TH;
    }
  ck_assert_int_gt(figures, 10);
  ck_assert_int_eq(count(&pdf, "/S /Figure"), figures);
  ck_assert_int_eq(count(&pdf, "/Alt <FEFF"), figures);
  ck_assert_int_eq(count(&pdf, "/A << /O /Layout /BBox ["), figures);
  ck_assert_int_gt(heads, 0);
  ck_assert_int_eq(count(&pdf, "/A << /O /Table /Scope /"), heads);
  ck_assert_int_eq(count(&pdf, "/S /Table"), tables);
  ck_assert_int_eq(count(&pdf, "/S /TR"), rows);
  ck_assert_int_eq(count(&pdf, "/S /Document"), 1);
  /* the deck's title is the one H1; every other slide a Sect with its H2 */
  ck_assert_int_eq(count(&pdf, "/S /H1 "), 1);
  ck_assert_int_eq(count(&pdf, "/S /H2 "), l->npages - 1);
  ck_assert_int_eq(count(&pdf, "/S /Sect "), l->npages - 1);
  /* XMP metadata from the catalog, PDF/UA-1 identified */
  ck_assert_int_eq(count(&pdf, ">> /Metadata "), 1);
  ck_assert_int_eq(count(&pdf, "/Type /Metadata /Subtype /XML"), 1);
  ck_assert_int_eq(count(&pdf, "<pdfuaid:part>1</pdfuaid:part>"), 1);
  ck_assert_int_eq(count(&pdf, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-"
                               "default\">自治体における生成AI導入状況<"),
                   1);
  ck_assert_int_eq(count(&pdf, "/StructParents "), 17);
  ck_assert_int_eq(count(&pdf, "/Type /Page "), 17);
  /* 17 outline entries and the document's title in Info */
  ck_assert_int_eq(count(&pdf, "/Title <FEFF"), 18);
  ck_assert_int_eq(count(&pdf, "/Parent 5 0 R"), 17);
  ck_assert_int_eq(count(&pdf, "/Lang (ja)"), 1);
  ck_assert_int_eq(count(&pdf, "/Marked true"), 1);
  /* no font other than the two subsets, each with its map */
  ck_assert_int_eq(count(&pdf, "/Subtype /Type0"), 2);
  ck_assert_int_eq(count(&pdf, "/ToUnicode "), 2);
  ck_assert_int_eq(count(&pdf, "/FontFile2 "), 2);
  dg_buf_free(&pdf);
}
END_TEST

typedef struct tu_find {
  char want[64];
  int found;
} tu_find;

static void find_in_tounicode(const char *s, size_t n, void *arg) {
  tu_find *f = arg;
  if (n > 8 && !memcmp(s, "/CIDInit", 8) &&
      memmem(s, n, f->want, strlen(f->want)))
    f->found++;
}

static void find_in_content(const char *s, size_t n, void *arg) {
  tu_find *f = arg;
  if (memmem(s, n, f->want, strlen(f->want)))
    f->found++;
}

START_TEST(tounicode_maps_glyphs_back) {
  dg_buf pdf = render(sample(), NULL);
  /* the glyph layout uses for 生 must read back as U+751F */
  const dg_glyph *g;
  ck_assert_int_eq(dg_text_glyphs(tx, "生", 0, &g), 1);
  tu_find f = {{0}, 0};
  snprintf(f.want, sizeof f.want, "<%04X> <751F>", g[0].id);
  streams(&pdf, find_in_tounicode, &f);
  ck_assert_int_ge(f.found, 1); /* regular, and bold if a title has it */
  dg_buf_free(&pdf);
}
END_TEST

START_TEST(a4_centres_the_slide) {
  dg_buf pdf = render(sample(), "a4");
  ck_assert_int_eq(count(&pdf, "/MediaBox [0 0 841.89 595.28]"), 17);
  dg_buf_free(&pdf);
}
END_TEST

/* A hand-made page: decoration outside any group is an artifact, a wedge
 * is closed Bézier arcs, a paragraph gets MCID 0. */
START_TEST(artifacts_and_wedges) {
  dg_deck d = {0};
  d.title = "t";
  dg_op ops[6] = {{0}};
  ops[0].kind = DG_OP_RECT;
  ops[0].rect.w = ops[0].rect.h = 10;
  ops[1].kind = DG_OP_WEDGE;
  ops[1].x = ops[1].y = 100;
  ops[1].wedge.r_out = 50;
  ops[1].wedge.r_in = 20;
  ops[1].wedge.a1 = 3.0;
  ops[2].kind = DG_OP_BEGIN;
  ops[2].begin.sem = DG_SEM_PARA;
  ops[3].kind = DG_OP_TEXT;
  ops[3].text.str = "生成AI";
  ops[3].x = ops[3].y = 50;
  ops[3].text.size_pt = 10;
  ops[4].kind = DG_OP_END;
  dg_page pg = {1, "p", ops, 5, 0}; /* cap 0: a finished page */
  dg_layout l = {960, 540, &d, &pg, 1};
  dg_buf pdf = render(&l, NULL);
  page_stats st = {0};
  streams(&pdf, check_content, &st);
  ck_assert_int_eq(st.pages, 1);
  ck_assert_msg(st.bad == 0, "%s", st.why);
  const dg_glyph *g;
  ck_assert_int_eq(st.glyphs, dg_text_glyphs(tx, "生成AI", 0, &g));
  ck_assert_int_eq(count(&pdf, "/S /P "), 1);
  dg_buf_free(&pdf);
}
END_TEST

/* A table cell of two written lines: the second line's marked content
 * carries the line feed in /ActualText, so the cell reads "計画案の作成\n
 * 企画書案の作成", not one run-on word. A deck title with XML
 * specials comes out escaped in the XMP packet. */
START_TEST(cell_line_break_and_xmp_escaping) {
  dg_deck d = {0};
  d.title = "a<b & \"c\"";
  d.author = "x&y";
  dg_op ops[8] = {{0}};
  ops[0].kind = DG_OP_BEGIN;
  ops[0].begin.sem = DG_SEM_HEADING;
  ops[0].begin.level = 1;
  ops[1].kind = DG_OP_TEXT;
  ops[1].text.str = "計画案の作成";
  ops[1].text.sep = "";
  ops[1].x = ops[1].y = ops[1].text.size_pt = 10;
  ops[2] = ops[1];
  ops[2].text.str = "企画書案の作成";
  ops[2].text.sep = "\n";
  ops[2].y = 30;
  ops[3].kind = DG_OP_END;
  dg_page pg = {1, "p", ops, 4, 0}; /* cap 0: a finished page */
  dg_layout l = {960, 540, &d, &pg, 1};
  dg_buf pdf = render(&l, NULL);
  page_stats st = {0};
  streams(&pdf, check_content, &st);
  ck_assert_msg(st.bad == 0, "%s", st.why);
  ck_assert_int_eq(count(&pdf, "/S /H1 "), 1);
  ck_assert_int_eq(count(&pdf, "/S /Sect "), 0);
  /* U+000A then 企 (U+4F01), on Span marked content (ISO 32000-1
   * 14.9.4) that the H1 owns by its MCID */
  tu_find f = {"/Span <</MCID 1 /ActualText <FEFF000A4F01", 0};
  streams(&pdf, find_in_content, &f);
  ck_assert_int_eq(f.found, 1);
  ck_assert_int_eq(count(&pdf, "<rdf:li xml:lang=\"x-default\">a&lt;b &amp; "
                               "&quot;c&quot;</rdf:li>"),
                   1);
  ck_assert_int_eq(count(&pdf, "<rdf:li>x&amp;y</rdf:li>"), 1);
  dg_buf_free(&pdf);
}
END_TEST

START_TEST(numbers) {
  const struct {
    double v;
    int d;
    const char *want;
  } c[] = {{0, 3, "0"},
           {-0.0001, 3, "0"},
           {12, 3, "12"},
           {0.5, 3, "0.5"},
           {-3.25, 2, "-3.25"},
           {1.0625, 3, "1.063"},
           {0.113725, 6, "0.113725"},
           {540, 0, "540"},
           {2.675, 1, "2.7"},
           {1e300, 3, "0"}};
  for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
    dg_buf b = {0};
    dg_buf_num(&b, c[i].v, c[i].d);
    ck_assert_msg(!strcmp(b.data, c[i].want), "%g,%d -> %s (want %s)", c[i].v,
                  c[i].d, b.data, c[i].want);
    dg_buf_free(&b);
  }
}
END_TEST

int main(void) {
  Suite *s = suite_create("pdf");
  TCase *tc = tcase_create("pdf");
  tcase_set_timeout(tc, 60);
  tcase_add_checked_fixture(tc, deck_setup, deck_teardown);
  tcase_add_test(tc, xref_points_at_objects);
  tcase_add_test(tc, same_bytes_twice);
  tcase_add_test(tc, content_streams);
  tcase_add_test(tc, structure_tree);
  tcase_add_test(tc, tounicode_maps_glyphs_back);
  tcase_add_test(tc, a4_centres_the_slide);
  tcase_add_test(tc, artifacts_and_wedges);
  tcase_add_test(tc, cell_line_break_and_xmp_escaping);
  tcase_add_test(tc, numbers);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
