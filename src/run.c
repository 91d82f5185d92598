/* run: one deck, end to end. The PDF is rendered into memory and the site
 * into a temporary folder; both are put in place at the end (rename), so a
 * failure anywhere leaves the previous outputs exactly as they were. */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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
static void cp_node(dg_cpset *c, const dg_node *n) {
  dg_cpset_add(c, n->text);
  for (int i = 0; i < n->nattrs; i++)
    dg_cpset_add(c, n->attr_value[i]);
  for (int i = 0; i < n->nkids; i++)
    cp_node(c, n->kids[i]);
}

static void table_codepoints(dg_table *const *t, int n, dg_cpset *c) {
  for (int i = 0; i < n; i++)
    for (int r = 0; r < t[i]->nrows; r++)
      for (int k = 0; k < t[i]->ncols; k++)
        dg_cpset_add(c, dg_table_cell(t[i], r, k)->text);
}

static void deck_codepoints(const dg_node *root, const dg_deck *d,
                            dg_cpset *c) {
  dg_buf b = {0};
  for (uint32_t cp = 0x20; cp < 0x7F; cp++)
    dg_utf8_put(&b, cp);
  for (uint32_t cp = 0x3000; cp <= 0x303F; cp++)
    dg_utf8_put(&b, cp);
  for (uint32_t cp = 0xFF01; cp <= 0xFF5E; cp++)
    dg_utf8_put(&b, cp);
  dg_buf_puts(&b, "計…・ー―スライドへ移動目次のデータ（CSV形式）項目値");
  dg_cpset_add(c, b.data);
  dg_buf_free(&b);
  cp_node(c, root);
  table_codepoints(d->tables, d->ntables, c);
}

static int write_pngs(dg_ctx *ctx, dg_text *tx, const dg_layout *l,
                      const char *dir, double dpi, dg_arena *a) {
  for (int i = 0; i < l->npages; i++) {
    dg_buf png = {0};
    int bad =
        dg_render_png_page(ctx, tx, l, i, dpi, &png) ||
        dg_write_atomic(ctx, dg_printf(a, "%s/slide-%02d.png", dir, i + 1),
                        png.data, png.len);
    dg_buf_free(&png);
    if (bad)
      return -1;
  }
  return 0;
}

typedef struct html_job {
  dg_ctx ctx;
  dg_text *tx;
  const dg_layout *l;
  const char *dir;
  const dg_render_opts *ro;
  int bad;
} html_job;

static void *html_thread(void *p) {
  html_job *j = p;
  dg_mark(NULL);
  j->bad = dg_render_html(&j->ctx, j->tx, j->l, j->dir, j->ro) != 0;
  dg_mark("html-thread");
  return NULL;
}

int dg_run_deck(dg_ctx *ctx, dg_text **tx, const dg_node *root,
                const char *deck_path, const dg_run_opts *o) {
  dg_arena *a = dg_arena_new();
  int rc = -1;
  char *tmp = NULL, *pdf_tmp = NULL;
  dg_buf pdf = {0};
  dg_deck *d = dg_bind(ctx, a, root, deck_path, &o->bind);
  dg_mark("bind");
  if (!d)
    goto done;
  {
    /* fonts cut down to what this deck can draw; a warm set is reused
     * (batch, --watch) while it still covers the deck */
    dg_cpset cs = {0};
    deck_codepoints(root, d, &cs);
    table_codepoints(o->all_tables, o->nall_tables, &cs);
    dg_cpset_sort(&cs);
    if (*tx && !dg_text_covers(*tx, cs.v, cs.n)) {
      dg_text_free(*tx);
      *tx = NULL;
    } else if (*tx)
      dg_text_touch(*tx); /* in use: the cache keeps its subsets */
    if (!*tx)
      *tx = dg_text_new(ctx, o->fonts, d->theme.font_family, cs.v, cs.n);
    dg_cpset_free(&cs);
  }
  dg_mark("fonts");
  if (!*tx)
    goto done;
  dg_layout *l = dg_layout_deck(ctx, a, *tx, d);
  dg_mark("layout");
  if (!l)
    goto done;
  if (o->dump) {
    for (int i = 0; i < l->npages; i++)
      dg_layout_dump(&l->pages[i], stdout);
    rc = 0;
    goto done;
  }
  if (dg_layout_check_overlaps(ctx, l))
    goto done;
  const char *id = o->id ? o->id : d->id ? d->id : "deck";
  char *pdf_path = dg_printf(a, "%s/%s.pdf", o->outdir, id);
  char *site = dg_printf(a, "%s/%s", o->outdir, id);
  dg_render_opts ro = {
      o->paper, o->epoch ? atoll(o->epoch) : parse_date(d->date),
      o->dpi,   DG_VERSION,
      NULL,     o->png,
      site,     o->changed};
  ro.name = pdf_path;
  if (dg_mkdirs(o->outdir)) {
    dg_error(ctx, (dg_pos){o->outdir, 0, 0}, "cannot create output folder: %s",
             strerror(errno));
    goto done;
  }
  if (o->html) {
    tmp = dg_printf(a, "%s.tmp-XXXXXX", site);
    if (!mkdtemp(tmp)) {
      dg_error(ctx, (dg_pos){site, 0, 0}, "cannot create the site folder: %s",
               strerror(errno));
      tmp = NULL;
      goto done;
    }
    chmod(tmp, 0755);
  }
  /* With both formats and a core to spare, a thread writes the site while
   * this one renders the PDF. The site needs no Pango, Cairo or fontconfig,
   * only the finished display list (read-only) and hb-subset on its own
   * objects; it reports into its own error context. A thread, not a
   * process: after a fork every page the PDF writer touched was copied,
   * which cost more than the site itself (issue 8). PNGs (Cairo) are drawn
   * here, never in the thread. */
  html_job job = {{0, ctx->err}, *tx, l, tmp, &ro, 0};
  pthread_t th;
  int threaded = o->pdf && o->html && !o->png && o->parallel &&
                 pthread_create(&th, NULL, html_thread, &job) == 0;
  int pdf_bad = o->pdf && dg_render_pdf(ctx, *tx, l, &ro, &pdf);
  dg_mark("pdf");
  /* written now, beside its place, while the site may still be in the
   * making; renamed into place only when everything is done. An identical
   * PDF already there is kept (and touched), not replaced by a copy. */
  int pdf_same =
      o->pdf && !pdf_bad && dg_file_equals(pdf_path, pdf.data, pdf.len);
  if (o->pdf && !pdf_bad && !pdf_same &&
      !(pdf_tmp = dg_write_temp(ctx, pdf_path, pdf.data, pdf.len)))
    pdf_bad = 1;
  dg_mark("pdf-write");
  if (threaded) {
    pthread_join(th, NULL);
    ctx->nerrors += job.ctx.nerrors;
    if (job.bad)
      pdf_bad = 1;
  }
  if (pdf_bad)
    goto done;
  if (!threaded && o->html) {
    if (dg_render_html(ctx, *tx, l, tmp, &ro))
      goto done;
    dg_mark("html");
    if (o->png && write_pngs(ctx, *tx, l, tmp, o->dpi, a))
      goto done;
  }
  /* everything rendered: put it in place */
  dg_mark("join");
  if (pdf_tmp) {
    char *t = pdf_tmp;
    pdf_tmp = NULL;
    if (dg_commit_temp(ctx, t, pdf_path))
      goto done;
  } else if (pdf_same)
    utimensat(AT_FDCWD, pdf_path, NULL, 0);
  if (o->html) {
    if (dg_swap_dir(ctx, tmp, site))
      goto done;
    /* tmp now holds the previous site: removed below, or later by the
     * caller (--watch reports first) */
    if (o->trash) {
      *o->trash = strdup(tmp);
      tmp = NULL;
    }
  } else if (o->png) {
    if (dg_mkdirs(site)) {
      dg_error(ctx, (dg_pos){site, 0, 0}, "cannot create folder: %s",
               strerror(errno));
      goto done;
    }
    if (write_pngs(ctx, *tx, l, site, o->dpi, a))
      goto done;
  }
  rc = 0;
  dg_mark("commit");
done:
  if (pdf_tmp) {
    unlink(pdf_tmp);
    free(pdf_tmp);
  }
  if (tmp)
    dg_rm_tree(tmp);
  dg_buf_free(&pdf);
  dg_arena_free(a);
  return rc;
}
