/* run: one deck, end to end. Every output (PDF, site, PNGs) is written into
 * one temporary folder that publish.c swaps in as OUTDIR/<id> at the end,
 * so a failure or a kill anywhere leaves the previous outputs exactly as
 * they were. */
#include "cli/run.h"

#include "expr/expr.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "data/wareki.h"
#include "layout/coverage.h"
#include "layout/layout.h"
#include "output/publish.h"
#include "render/render.h"

#ifndef DG_VERSION
#define DG_VERSION "0.0"
#endif
#ifndef DG_DATADIR
#define DG_DATADIR "/usr/local/share/deckgen"
#endif

static int is_file(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The checkout the running executable was built in (it lives in
 * out/build/ or out/build-san/), or NULL. argv0, when given, finds it
 * where /proc is not mounted. */
static const char *checkout_of(dg_arena *a, const char *argv0) {
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0)
    exe[n] = 0;
  else {
    char *r = argv0 && strchr(argv0, '/') ? realpath(argv0, NULL) : NULL;
    if (!r || strlen(r) >= sizeof exe) {
      free(r);
      return NULL;
    }
    strcpy(exe, r);
    free(r);
  }
  for (int up = 0; up < 3; up++) {
    char *s = strrchr(exe, '/');
    if (!s)
      return NULL;
    *s = 0;
  }
  char *rng = dg_printf(a, "%s/templates/deck.rng", exe);
  return is_file(rng) ? dg_strdup(a, exe) : NULL;
}

const char *dg_run_root(dg_arena *a, const char *deck_path) {
  /* project layout: ROOT/templates/DECK.xml, ROOT/data, ROOT/fonts */
  const char *slash = strrchr(deck_path, '/');
  char *deck_dir = slash ? dg_strndup(a, deck_path, (size_t)(slash - deck_path))
                         : dg_strdup(a, ".");
  const char *s2 = strrchr(deck_dir, '/');
  return !strcmp(deck_dir, ".") ? dg_strdup(a, "..")
         : s2 ? dg_strndup(a, deck_dir, (size_t)(s2 - deck_dir))
              : dg_strdup(a, ".");
}

static const char *checkout(dg_arena *a) { return checkout_of(a, NULL); }

const char *dg_run_schema(dg_arena *a, const char *argv0) {
  /* deckgen's own schema, never one a project brings: a schema beside the
   * template would decide what the template may contain */
  const char *co = checkout_of(a, argv0);
  return co ? dg_printf(a, "%s/templates/deck.rng", co)
            : DG_DATADIR "/deck.rng";
}

const char *dg_run_fonts(dg_arena *a, const char *root) {
  const char *p = !strcmp(root, ".") ? "fonts" : dg_printf(a, "%s/fonts", root);
  if (is_dir(p))
    return p;
  const char *co = checkout(a);
  char *q = co ? dg_printf(a, "%s/fonts", co) : NULL;
  return q && is_dir(q) ? q : p;
}

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

char *dg_run_table_chars(dg_table *const *t, int n) {
  dg_cpset c = {0};
  table_codepoints(t, n, &c);
  dg_buf b = {0};
  for (int i = 0; i < c.n; i++)
    dg_utf8_put(&b, c.v[i]);
  dg_buf_put(&b, "", 1);
  dg_cpset_free(&c);
  return b.data;
}

static int among(const dg_table *t, dg_table *const *set, int n) {
  for (int i = 0; i < n; i++)
    if (set[i] == t)
      return 1;
  return 0;
}

/* o->all_chars holds every character of o->all_tables: a deck's tables
 * that are among them (the batch's datasets, shared by every deck) need
 * no scan of their own */
static void deck_codepoints(const dg_node *root, const dg_deck *d,
                            const dg_run_opts *o, dg_cpset *c) {
  dg_buf b = {0};
  for (uint32_t cp = 0x20; cp < 0x7F; cp++)
    dg_utf8_put(&b, cp);
  for (uint32_t cp = 0x3000; cp <= 0x303F; cp++)
    dg_utf8_put(&b, cp);
  for (uint32_t cp = 0xFF01; cp <= 0xFF5E; cp++)
    dg_utf8_put(&b, cp);
  dg_buf_puts(&b, "計…・ー―スライドへ移動目次のデータ（CSV形式）項目値版");
  dg_buf_puts(&b, DG_WAREKI_CHARS);
  dg_buf_puts(&b, DG_CHART_NO_ANSWERS);
  dg_buf_puts(&b, dg_expr_vocabulary());
  for (int i = 0; i < d->ntables; i++)
    if (d->tables[i]->kinds) {
      dg_buf_puts(&b, DG_EXPR_TIE_WORDS);
      break;
    }
  dg_cpset_add(c, b.data);
  dg_buf_free(&b);
  cp_node(c, root);
  for (int i = 0; i < d->ntables; i++)
    if (!o->all_chars || !among(d->tables[i], o->all_tables, o->nall_tables))
      table_codepoints(&d->tables[i], 1, c);
  if (o->all_chars)
    dg_cpset_add(c, o->all_chars);
  else
    table_codepoints(o->all_tables, o->nall_tables, c);
}

static int write_pngs(dg_ctx *ctx, dg_text *tx, const dg_layout *l,
                      const dg_pub *pub, double dpi, dg_arena *a) {
  for (int i = 0; i < l->npages; i++) {
    dg_buf png = {0};
    const char *name = dg_printf(a, "slide-%02d.png", i + 1);
    int bad = dg_render_png_page(ctx, tx, l, i, dpi, &png) ||
              dg_write_or_link(
                  ctx, dg_printf(a, "%s/%s", pub->dir, name), png.data, png.len,
                  pub->prev ? dg_printf(a, "%s/%s", pub->prev, name) : NULL);
    dg_buf_free(&png);
    if (bad)
      return -1;
  }
  return 0;
}

/* Where the site goes (render/render.h's dg_site_dest): the temporary
 * folder, the site it replaces and the PDF's size, set once the PDF is
 * written and the folder made (or -1: the run failed, nothing to write);
 * awaited by the site, which is made on its own thread meanwhile. */
typedef struct site_wait {
  pthread_mutex_t m;
  pthread_cond_t c;
  int state; /* 0: not yet; 1: d holds the answer; -1: nothing to write */
  dg_site_dest d;
} site_wait;

static int site_dest_wait(void *p, dg_site_dest *out) {
  site_wait *s = p;
  pthread_mutex_lock(&s->m);
  while (!s->state)
    pthread_cond_wait(&s->c, &s->m);
  int rc = s->state > 0 ? 0 : -1;
  *out = s->d;
  pthread_mutex_unlock(&s->m);
  return rc;
}

static void site_dest_set(site_wait *s, int state, const dg_pub *pub,
                          long long pdf_size) {
  pthread_mutex_lock(&s->m);
  if (state > 0)
    s->d = (dg_site_dest){pub->dir, pub->prev, pdf_size};
  s->state = state;
  pthread_cond_broadcast(&s->c);
  pthread_mutex_unlock(&s->m);
}

/* The site's thread is started when the run starts and handed its job
 * once layout is done (html_go): a thread started then began 1-2 ms late
 * on the 2-core VM when its second core had been idle (--watch between
 * saves), by which time the PDF was done; started early, it is running
 * and waiting by then. */
typedef struct html_job {
  dg_ctx ctx;
  dg_text *tx;
  const dg_layout *l;
  const dg_render_opts *ro;
  site_wait *where;
  int bad;
  pthread_mutex_t m;
  pthread_cond_t c;
  int go; /* 0: not yet; 1: the fields above are set; -1: no site */
} html_job;

static void html_go(html_job *j, int go) {
  pthread_mutex_lock(&j->m);
  j->go = go;
  pthread_cond_broadcast(&j->c);
  pthread_mutex_unlock(&j->m);
}

static void *html_thread(void *p) {
  html_job *j = p;
  pthread_mutex_lock(&j->m);
  while (!j->go)
    pthread_cond_wait(&j->c, &j->m);
  int go = j->go;
  pthread_mutex_unlock(&j->m);
  if (go < 0)
    return NULL;
  dg_mark(NULL);
  j->bad = dg_render_html_to(&j->ctx, j->tx, j->l, j->ro, site_dest_wait,
                             j->where) != 0;
  dg_mark("html-thread");
  return NULL;
}

int dg_run_deck(dg_ctx *ctx, dg_text **tx, const dg_node *root,
                const char *deck_path, const dg_run_opts *o) {
  dg_arena *a = dg_arena_new();
  int rc = -1, published = 0;
  dg_pub pub = {0};
  dg_buf pdf = {0}, pptx = {0};
  html_job job = {{0, ctx->err, ctx->confine},
                  NULL,
                  NULL,
                  NULL,
                  NULL,
                  0,
                  PTHREAD_MUTEX_INITIALIZER,
                  PTHREAD_COND_INITIALIZER,
                  0};
  pthread_t th;
  int threaded = o->pdf && o->html && !o->png && o->parallel && !o->dump &&
                 pthread_create(&th, NULL, html_thread, &job) == 0;
  dg_deck *d = dg_bind(ctx, a, root, deck_path, &o->bind);
  dg_mark("bind");
  if (!d)
    goto done;
  {
    /* fonts cut down to what this deck can draw; a warm set is reused
     * (batch, --watch) while it still covers the deck */
    dg_cpset cs = {0};
    deck_codepoints(root, d, o, &cs);
    dg_cpset_sort(&cs);
    if (*tx && !dg_text_covers(*tx, cs.v, cs.n)) {
      dg_text_free(*tx);
      *tx = NULL;
    }
    if (!*tx)
      *tx = dg_text_new(ctx, o->fonts_pre, o->fonts, d->theme.font_family, cs.v,
                        cs.n);
    dg_cpset_free(&cs);
  }
  dg_mark("fonts");
  if (!*tx)
    goto done;
  /* each chart's second, narrow layout serves the reflowed site alone
   * (and the display-list dump, which shows it): no PDF, PNG or PPTX op
   * comes from it */
  dg_layout *l =
      dg_layout_deck_for(ctx, a, *tx, d, o->html || o->dump, o->parallel);
  dg_mark("layout");
  if (!l)
    goto done;
  if (o->dump) {
    for (int i = 0; i < l->npages; i++)
      dg_layout_dump(&l->pages[i], stdout);
    rc = 0;
    goto done;
  }
  const char *id = o->id ? o->id : d->id ? d->id : "deck";
  char *pdf_name = dg_printf(a, "%s.pdf", id);
  dg_render_opts ro = {o->paper,
                       o->epoch ? atoll(o->epoch) : parse_date(d->date),
                       o->dpi,
                       DG_VERSION,
                       NULL,
                       o->png,
                       NULL,
                       o->changed,
                       o->pdf ? pdf_name : NULL,
                       NULL};
  if (o->base_url) {
    size_t n = strlen(o->base_url);
    ro.page_url = dg_printf(a, "%s%s%s/", o->base_url,
                            n && o->base_url[n - 1] == '/' ? "" : "/", id);
  }
  /* for messages: the PDF's published name (publish.c's OUTDIR/<id>) */
  ro.name = dg_printf(a, "%s/%s/%s", o->outdir, id, pdf_name);
  site_wait where = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0,
                     {NULL, NULL, -1}};
  /* With both formats and a core to spare, a thread makes the site while
   * this one checks the layout, renders the PDF and prepares the output
   * folder; the site is written once that folder and the PDF's size are
   * known (site_dest_wait). The site needs no Pango, Cairo or fontconfig,
   * only the finished display list (read-only: the checks below read it
   * too) and hb-subset on its own objects; it reports into its own error
   * context. A thread, not a process: after a fork every page the PDF
   * writer touched was copied, which cost more than the site itself. PNGs
   * (Cairo) are drawn here, never in the thread. */
  if (threaded) {
    job.tx = *tx;
    job.l = l;
    job.ro = &ro;
    job.where = &where;
    html_go(&job, 1);
  }
  int bad = dg_layout_check_overlaps(ctx, l) ||
            dg_coverage_check(ctx, *tx, l, root, d, deck_path);
  /* the PDF is made before the folder: it needs none, and the lock is
   * held only while the outputs are written */
  if (!bad && o->pdf)
    bad = dg_render_pdf(ctx, *tx, l, &ro, &pdf);
  /* Every output of the deck goes into one temporary folder, swapped in
   * as OUTDIR/<id> at the end (publish.c). A new format writes its file
   * into pub.dir like the others; a file equal to the one it replaces can
   * be linked from pub.prev (dg_write_or_link). */
  if (!bad && !(bad = dg_pub_begin(ctx, &pub, o->outdir, id) != 0))
    published = 1;
  /* the site may be written from now on, beside the PDF's writing (a
   * failure there fails the run, and the folder goes with it) */
  site_dest_set(&where, bad ? -1 : 1, &pub, o->pdf ? (long long)pdf.len : -1);
  if (!bad && o->pdf)
    bad = dg_write_or_link(
        ctx, dg_printf(a, "%s/%s", pub.dir, pdf_name), pdf.data, pdf.len,
        pub.prev ? dg_printf(a, "%s/%s", pub.prev, pdf_name) : NULL);
  dg_mark("pdf");
  /* the PowerPoint file, beside the PDF in the same folder and commit */
  if (!bad && o->pptx) {
    char *pptx_name = dg_printf(a, "%s.pptx", id);
    bad = dg_render_pptx(ctx, l, &ro, &pptx) ||
          dg_write_or_link(ctx, dg_printf(a, "%s/%s", pub.dir, pptx_name),
                           pptx.data, pptx.len,
                           pub.prev ? dg_printf(a, "%s/%s", pub.prev, pptx_name)
                                    : NULL);
    dg_mark("pptx");
  }
  if (threaded) {
    pthread_join(th, NULL);
    threaded = 0;
    ctx->nerrors += job.ctx.nerrors;
    if (job.bad)
      bad = 1;
  } else if (o->html)
    bad = bad ||
          dg_render_html_to(ctx, *tx, l, &ro, site_dest_wait, &where) != 0;
  if (bad)
    goto done;
  if (o->png && write_pngs(ctx, *tx, l, &pub, o->dpi, a))
    goto done;
  /* everything rendered: put it in place */
  dg_mark("join");
  char *trash = NULL;
  if (dg_pub_commit(ctx, &pub, &trash))
    goto done;
  if (o->committed)
    clock_gettime(CLOCK_MONOTONIC, o->committed);
  /* trash holds the previous output: removed here, or later by the caller
   * (--watch reports first) */
  if (o->trash)
    *o->trash = trash;
  else if (trash) {
    dg_rm_tree(trash);
    free(trash);
  }
  rc = 0;
  dg_mark("commit");
done:
  if (threaded) { /* the run failed before the site's job was handed over */
    html_go(&job, -1);
    pthread_join(th, NULL);
  }
  if (published)
    dg_pub_end(&pub);
  dg_buf_free(&pdf);
  dg_buf_free(&pptx);
  dg_arena_free(a);
  return rc;
}
