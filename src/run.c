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
  if (!*tx) *tx = dg_text_new(ctx, o->fonts, d->theme.font_family);
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
