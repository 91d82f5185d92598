/* run: one deck, end to end. The PDF is rendered into memory and the site
 * into a temporary folder; both are put in place at the end (rename), so a
 * failure anywhere leaves the previous outputs exactly as they were. */
#include "run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "layout.h"
#include "render.h"

#ifndef DG_VERSION
#define DG_VERSION "0.0"
#endif

/* "2025-06-30" or "2025-06-30T12:00:00Z" → seconds since 1970 (UTC). */
static long long parse_date(const char *s) {
  struct tm tm = {0};
  if (!s || sscanf(s, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
    return 0;
  if (strlen(s) >= 19)
    sscanf(s + 10, "T%2d:%2d:%2d", &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return (long long)timegm(&tm);
}

/* Every character the deck can draw: the template's text and attributes,
 * every cell of its datasets, and what layout and the HTML add themselves
 * (ASCII, CJK punctuation, full-width forms, 計, headings of the site). A
 * bound string is made only of these, so the font subsets cover it. */
typedef struct cpset {
  unsigned char *bits;
  uint32_t *v;
  int n, cap;
} cpset;

static void cp_add(cpset *c, const char *s) {
  size_t len = strlen(s);
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    int k = dg_utf8_decode(s + i, len - i, &cp);
    if (k <= 0) {
      i++;
      continue;
    }
    i += (size_t)k;
    if (c->bits[cp >> 3] & (1u << (cp & 7))) continue;
    c->bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
    if (c->n == c->cap) {
      c->cap = c->cap ? c->cap * 2 : 1024;
      c->v = realloc(c->v, sizeof(uint32_t) * (size_t)c->cap);
      if (!c->v) abort();
    }
    c->v[c->n++] = cp;
  }
}

static void cp_node(cpset *c, const dg_node *n) {
  cp_add(c, n->text);
  for (int i = 0; i < n->nattrs; i++) cp_add(c, n->attr_value[i]);
  for (int i = 0; i < n->nkids; i++) cp_node(c, n->kids[i]);
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

static void deck_codepoints(const dg_node *root, const dg_deck *d, cpset *c) {
  c->bits = calloc(0x110000 / 8, 1);
  if (!c->bits) abort();
  char buf[8];
  for (uint32_t cp = 0x20; cp < 0x7F; cp++) {
    buf[0] = (char)cp;
    buf[1] = 0;
    cp_add(c, buf);
  }
  dg_buf b = {0};
  for (uint32_t cp = 0x3000; cp <= 0x303F; cp++) dg_utf8_put(&b, cp);
  for (uint32_t cp = 0xFF01; cp <= 0xFF5E; cp++) dg_utf8_put(&b, cp);
  dg_buf_puts(&b, "計…・ー―スライドへ移動目次のデータ（CSV形式）項目値");
  cp_add(c, b.data);
  dg_buf_free(&b);
  cp_node(c, root);
  for (int t = 0; t < d->ntables; t++)
    for (int r = 0; r < d->tables[t]->nrows; r++)
      for (int k = 0; k < d->tables[t]->ncols; k++)
        cp_add(c, dg_table_cell(d->tables[t], r, k)->text);
  free(c->bits);
  c->bits = NULL;
  qsort(c->v, (size_t)c->n, sizeof(uint32_t), cmp_u32);
}

static int write_pngs(dg_ctx *ctx, dg_text *tx, const dg_layout *l,
                      const char *dir, double dpi, dg_arena *a) {
  for (int i = 0; i < l->npages; i++) {
    dg_buf png = {0};
    int bad = dg_render_png_page(ctx, tx, l, i, dpi, &png) ||
              dg_write_atomic(ctx, dg_printf(a, "%s/slide-%02d.png", dir, i + 1),
                              png.data, png.len);
    dg_buf_free(&png);
    if (bad) return -1;
  }
  return 0;
}

int dg_run_deck(dg_ctx *ctx, dg_text **tx, const dg_node *root,
                const char *deck_path, const dg_run_opts *o) {
  dg_arena *a = dg_arena_new();
  int rc = -1;
  char *tmp = NULL;
  dg_buf pdf = {0};
  dg_deck *d = dg_bind(ctx, a, root, deck_path, &o->bind);
  if (!d) goto done;
  {
    /* fonts cut down to what this deck can draw; a warm set is reused
     * (batch, --watch) while it still covers the deck */
    cpset cs = {0};
    deck_codepoints(root, d, &cs);
    if (*tx && !dg_text_covers(*tx, cs.v, cs.n)) {
      dg_text_free(*tx);
      *tx = NULL;
    }
    if (!*tx) *tx = dg_text_new(ctx, o->fonts, d->theme.font_family, cs.v, cs.n);
    free(cs.v);
  }
  if (!*tx) goto done;
  dg_layout *l = dg_layout_deck(ctx, a, *tx, d);
  if (!l) goto done;
  if (o->dump) {
    for (int i = 0; i < l->npages; i++) dg_layout_dump(&l->pages[i], stdout);
    rc = 0;
    goto done;
  }
  if (dg_layout_check_overlaps(ctx, l)) goto done;
  const char *id = o->id ? o->id : d->id ? d->id : "deck";
  dg_render_opts ro = {o->paper, o->epoch ? atoll(o->epoch) : parse_date(d->date),
                       o->dpi, DG_VERSION, NULL, o->png};
  char *pdf_path = dg_printf(a, "%s/%s.pdf", o->outdir, id);
  char *site = dg_printf(a, "%s/%s", o->outdir, id);
  ro.name = pdf_path;
  if (dg_mkdirs(o->outdir)) {
    dg_error(ctx, (dg_pos){o->outdir, 0, 0}, "cannot create output folder: %s",
             strerror(errno));
    goto done;
  }
  if (o->pdf && dg_render_pdf(ctx, *tx, l, &ro, &pdf)) goto done;
  if (o->html) {
    tmp = dg_printf(a, "%s.tmp-XXXXXX", site);
    if (!mkdtemp(tmp)) {
      dg_error(ctx, (dg_pos){site, 0, 0}, "cannot create the site folder: %s",
               strerror(errno));
      tmp = NULL;
      goto done;
    }
    chmod(tmp, 0755);
    if (dg_render_html(ctx, *tx, l, tmp, &ro)) goto done;
    if (o->png && write_pngs(ctx, *tx, l, tmp, o->dpi, a)) goto done;
  }
  /* everything rendered: put it in place */
  if (o->pdf && dg_write_atomic(ctx, pdf_path, pdf.data, pdf.len)) goto done;
  if (o->html) {
    if (dg_swap_dir(ctx, tmp, site)) goto done;
    tmp = NULL;
  } else if (o->png) {
    if (dg_mkdirs(site)) {
      dg_error(ctx, (dg_pos){site, 0, 0}, "cannot create folder: %s",
               strerror(errno));
      goto done;
    }
    if (write_pngs(ctx, *tx, l, site, o->dpi, a)) goto done;
  }
  rc = 0;
done:
  if (tmp) dg_rm_tree(tmp);
  dg_buf_free(&pdf);
  dg_arena_free(a);
  return rc;
}
