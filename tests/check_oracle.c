/* Check suite: Cairo as the oracle of the PDF writer (issue 14). Every page
 * of the PDF that render/pdf/pdf.c writes for the sample deck is rasterised by
 * pdftoppm (poppler) and compared with Cairo's drawing of the same display
 * list (render/png/png.c); then the display list is perturbed before the PDF
 * writer — one glyph, one bar moved by a point — and the comparison must
 * fail. The perturbation lives here, in the test, not in the program.
 *
 * Tolerance: as in the golden PNG tests (tests/e2e.sh), a page matches when
 * at most 0.05% of its pixels differ by more than 10%, with two changes.
 * Cairo 1.16's image surface puts every glyph on a whole device pixel and
 * poppler does not (a plain comparison finds ~10,000 differing pixels a
 * page, all on glyph edges), so a pixel counts as differing only when it
 * lies outside, by more than 10%, the range of the other image's pixels
 * within RADIUS of it: at DPI that forgives up to half a point, while a
 * moved point is 2 pixels. Left: 3-125 pixels a page. And a glyph moved by
 * a point is only ~150 pixels, far under 0.05% of a page, so no 12 pt
 * square may differ in more than 5% of its pixels either (faithful pages:
 * at most 12 of 576; a moved glyph or bar: 36 or more). */
#include <png.h>
#include <unistd.h>

#include "render/render.h"
#include "testdeck.h"

#define DPI 144.0
#define RADIUS 1
#define TOL 26 /* 10% of 255 */

typedef struct image {
  int w, h;
  unsigned char *px; /* RGB */
} image;

static image decode(png_image *pi, int ok) {
  image im = {0, 0, NULL};
  ck_assert_msg(ok, "cannot read PNG: %s", pi->message);
  pi->format = PNG_FORMAT_RGB;
  im.w = (int)pi->width;
  im.h = (int)pi->height;
  im.px = malloc(PNG_IMAGE_SIZE(*pi));
  ck_assert_ptr_nonnull(im.px);
  ck_assert_msg(png_image_finish_read(pi, NULL, im.px, 0, NULL),
                "cannot decode PNG: %s", pi->message);
  return im;
}

static image read_file(const char *path) {
  png_image pi;
  memset(&pi, 0, sizeof pi);
  pi.version = PNG_IMAGE_VERSION;
  return decode(&pi, png_image_begin_read_from_file(&pi, path));
}

static image read_mem(const dg_buf *b) {
  png_image pi;
  memset(&pi, 0, sizeof pi);
  pi.version = PNG_IMAGE_VERSION;
  return decode(&pi, png_image_begin_read_from_memory(&pi, b->data, b->len));
}

/* Is pixel (x, y) of a, channel by channel, within TOL of the range of
 * b's pixels near (x, y)? A sub-pixel shift of an edge keeps each value
 * between its neighbours' in the other image; a shift by more than RADIUS
 * puts ink where the other image has none nearby. */
static int matched(const image *a, const image *b, int x, int y) {
  const unsigned char *p = a->px + 3 * ((size_t)y * (size_t)a->w + (size_t)x);
  int lo[3] = {255, 255, 255}, hi[3] = {0, 0, 0};
  for (int dy = -RADIUS; dy <= RADIUS; dy++)
    for (int dx = -RADIUS; dx <= RADIUS; dx++) {
      int u = x + dx, v = y + dy;
      if (u < 0 || v < 0 || u >= b->w || v >= b->h)
        continue;
      const unsigned char *q =
          b->px + 3 * ((size_t)v * (size_t)b->w + (size_t)u);
      for (int c = 0; c < 3; c++) {
        if (q[c] < lo[c])
          lo[c] = q[c];
        if (q[c] > hi[c])
          hi[c] = q[c];
      }
    }
  for (int c = 0; c < 3; c++)
    if (p[c] + TOL < lo[c] || p[c] > hi[c] + TOL)
      return 0;
  return 1;
}

#define TILE 24

/* Pixels of either image with no close match in the other: the total, and
 * the most in any TILE x TILE square. */
static long differing(const image *a, const image *b, long *worst_tile) {
  ck_assert_int_eq(a->w, b->w);
  ck_assert_int_eq(a->h, b->h);
  int tw = (a->w + TILE - 1) / TILE, th = (a->h + TILE - 1) / TILE;
  long *tiles = calloc((size_t)tw * (size_t)th, sizeof *tiles);
  ck_assert_ptr_nonnull(tiles);
  long n = 0;
  for (int y = 0; y < a->h; y++)
    for (int x = 0; x < a->w; x++)
      if (!matched(a, b, x, y) || !matched(b, a, x, y)) {
        n++;
        tiles[(y / TILE) * tw + x / TILE]++;
      }
  *worst_tile = 0;
  for (int i = 0; i < tw * th; i++)
    if (tiles[i] > *worst_tile)
      *worst_tile = tiles[i];
  free(tiles);
  return n;
}

/* As in the golden PNG tests: at most 0.05% of the page's pixels. */
static long budget(const image *a) { return (long)a->w * a->h * 5 / 10000; }
/* And at most 5% of any TILE x TILE square (12 pt at DPI): a glyph or a bar
 * moved by a point is a few hundred pixels, too few for the page's budget
 * but all in one place, where the differences between two faithful
 * renderers are never more than a dozen. */
#define TILE_BUDGET (TILE * TILE * 5 / 100)

static char dir[] = "/tmp/deckgen-oracle-XXXXXX";

/* Writes l's PDF and rasterises pages first..last (from 1) with pdftoppm
 * into dir/<name>-NN.png. */
static void rasterise(const dg_layout *l, const char *name, int first,
                      int last) {
  dg_render_opts o = {
      .epoch = 1700000000, .dpi = DPI, .version = "test", .name = "t.pdf"};
  dg_buf pdf = {0};
  ck_assert_msg(dg_render_pdf(&ctx, tx, l, &o, &pdf) == 0, "%s", errbuf);
  char path[256], cmd[600];
  snprintf(path, sizeof path, "%s/%s.pdf", dir, name);
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  ck_assert_uint_eq(fwrite(pdf.data, 1, pdf.len, f), pdf.len);
  fclose(f);
  dg_buf_free(&pdf);
  snprintf(cmd, sizeof cmd, "pdftoppm -r %g -f %d -l %d -png %s %s/%s", DPI,
           first, last, path, dir, name);
  ck_assert_msg(system(cmd) == 0, "%s failed", cmd);
}

/* Differing pixels between page p of the PDF rasterised as name and
 * Cairo's drawing of page p of l, if over budget (else 0). */
static long page_diff(const dg_layout *l, const char *name, int p) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s-%02d.png", dir, name, p + 1);
  image a = read_file(path);
  dg_buf png = {0};
  ck_assert_msg(dg_render_png_page(&ctx, tx, l, p, DPI, &png) == 0, "%s",
                errbuf);
  image b = read_mem(&png);
  dg_buf_free(&png);
  long wt;
  long n = differing(&a, &b, &wt);
  long lim = budget(&a);
  free(a.px);
  free(b.px);
  return n > lim || wt > TILE_BUDGET ? n : 0;
}

static void oracle_setup(void) {
  deck_setup();
  ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void oracle_teardown(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  ck_assert_int_eq(system(cmd), 0);
  memcpy(dir + strlen(dir) - 6, "XXXXXX", 6);
  deck_teardown();
}

START_TEST(every_page_matches_cairo) {
  dg_layout *l = sample();
  ck_assert_int_eq(l->npages, 17);
  rasterise(l, "deck", 1, l->npages);
  for (int p = 0; p < l->npages; p++) {
    long n = page_diff(l, "deck", p);
    ck_assert_msg(n == 0,
                  "slide %d: %ld pixels differ from Cairo's drawing, or "
                  "too many in one place",
                  p + 1, n);
  }
}
END_TEST

/* The largest rectangle inside a chart of page p: a bar. */
static dg_op *bar(dg_layout *l, int p) {
  dg_page *pg = &l->pages[p];
  dg_op *best = NULL;
  int in_fig = 0;
  for (int i = 0; i < pg->nops; i++) {
    dg_op *o = &pg->ops[i];
    if (o->kind == DG_OP_BEGIN && o->begin.sem == DG_SEM_FIGURE)
      in_fig = 1;
    else if (o->kind == DG_OP_END)
      in_fig = 0;
    else if (in_fig && o->kind == DG_OP_RECT &&
             (!best || o->rect.w * o->rect.h > best->rect.w * best->rect.h))
      best = o;
  }
  return best;
}

/* Moves op o by (dx, dy) pt for the PDF only; the comparison with Cairo's
 * drawing of the unmoved list must then fail on page p. */
static void moved_is_caught(dg_layout *l, int p, dg_op *o, double dx, double dy,
                            const char *what) {
  ck_assert_ptr_nonnull(o);
  int line = o->kind == DG_OP_LINE;
  o->x += dx;
  o->y += dy;
  if (line) {
    o->line.x2 += dx;
    o->line.y2 += dy;
  }
  rasterise(l, "moved", p + 1, p + 1);
  o->x -= dx;
  o->y -= dy;
  if (line) {
    o->line.x2 -= dx;
    o->line.y2 -= dy;
  }
  long n = page_diff(l, "moved", p);
  ck_assert_msg(n > 0, "%s moved by (%g, %g) pt on slide %d went unnoticed",
                what, dx, dy, p + 1);
}

START_TEST(a_glyph_moved_by_a_point_fails) {
  dg_layout *l = sample();
  /* slide 1's number: one glyph ("1", 18 pt bold), right, then down */
  dg_page *pg = &l->pages[0];
  dg_op *num = NULL;
  for (int i = 0; i < pg->nops; i++)
    if (pg->ops[i].kind == DG_OP_TEXT && !strcmp(pg->ops[i].text.str, "1"))
      num = &pg->ops[i];
  moved_is_caught(l, 0, num, 1, 0, "the glyph \"1\"");
  moved_is_caught(l, 0, num, 0, 1, "the glyph \"1\"");
}
END_TEST

START_TEST(a_bar_moved_by_a_point_fails) {
  dg_layout *l = sample();
  /* slide 3: the longest bar of its chart, right, then down */
  moved_is_caught(l, 2, bar(l, 2), 1, 0, "a bar");
  moved_is_caught(l, 2, bar(l, 2), 0, 1, "a bar");
}
END_TEST

int main(void) {
  Suite *s = suite_create("oracle");
  TCase *tc = tcase_create("oracle");
  tcase_set_timeout(tc, 120);
  tcase_add_checked_fixture(tc, oracle_setup, oracle_teardown);
  tcase_add_test(tc, every_page_matches_cairo);
  tcase_add_test(tc, a_glyph_moved_by_a_point_fails);
  tcase_add_test(tc, a_bar_moved_by_a_point_fails);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
