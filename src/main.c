/* main: the command line. Runs the pipeline parse → bind → layout →
 * render, checking the error count between stages, and writes nothing
 * unless every stage succeeded. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "bind.h"
#include "layout.h"
#include "parse.h"
#include "render.h"
#include "text.h"

#ifndef DG_VERSION
#define DG_VERSION "0.0"
#endif
#ifndef DG_DATADIR
#define DG_DATADIR "/usr/local/share/deckgen"
#endif

static void usage(FILE *f) {
  fputs("usage: deckgen [options] DECK.xml\n"
        "Renders a deck (XML slides bound to CSV data) to PDF, HTML or PNG.\n"
        "\n"
        "  -o, --output DIR      output folder (default: out)\n"
        "  -f, --format LIST     pdf,html,png in any combination (default: pdf,html)\n"
        "      --paper a4        put each slide on A4 landscape, scaled and centred\n"
        "      --dpi N           PNG resolution (default 96)\n"
        "      --explain         list every bound value with its source cells\n"
        "      --fonts DIR       font folder (default: fonts/ of the project)\n"
        "      --allow-outside   accept data paths outside the project\n"
        "      --dump-layout     print the display list instead of rendering\n"
        "  -h, --help            this help\n"
        "  -V, --version         print the version\n"
        "\n"
        "The project root is the folder above the deck's folder; dataset paths\n"
        "in the deck are relative to it. Outputs: DIR/<id>.pdf, DIR/<id>/index.html,\n"
        "DIR/<id>/slide-NN.png.\n",
        f);
}

static int exists(const char *p) {
  struct stat st;
  return stat(p, &st) == 0;
}

static int mkdirs(const char *path) {
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++)
    if (*p == '/') {
      *p = 0;
      if (mkdir(buf, 0755) != 0 && errno != EEXIST) return -1;
      *p = '/';
    }
  if (mkdir(buf, 0755) != 0 && errno != EEXIST) return -1;
  return 0;
}

/* "2025-06-30" or "2025-06-30T12:00:00Z" → seconds since 1970 (UTC). */
static long long parse_date(const char *s) {
  struct tm tm = {0};
  if (!s || sscanf(s, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
    return 0;
  sscanf(s + 10, "T%2d:%2d:%2d", &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return (long long)timegm(&tm);
}

int main(int argc, char **argv) {
  const char *outdir = "out", *formats = "pdf,html", *paper = NULL;
  const char *fonts = NULL;
  double dpi = 96;
  int explain = 0, allow_outside = 0, dump = 0;
  static const struct option longs[] = {
      {"output", required_argument, 0, 'o'}, {"format", required_argument, 0, 'f'},
      {"paper", required_argument, 0, 'p'},  {"dpi", required_argument, 0, 'd'},
      {"explain", no_argument, 0, 'e'},      {"fonts", required_argument, 0, 'F'},
      {"allow-outside", no_argument, 0, 'A'}, {"dump-layout", no_argument, 0, 'D'},
      {"help", no_argument, 0, 'h'},         {"version", no_argument, 0, 'V'},
      {0, 0, 0, 0}};
  int c;
  while ((c = getopt_long(argc, argv, "o:f:hV", longs, NULL)) != -1) {
    switch (c) {
    case 'o': outdir = optarg; break;
    case 'f': formats = optarg; break;
    case 'p': paper = optarg; break;
    case 'd': dpi = atof(optarg); break;
    case 'e': explain = 1; break;
    case 'F': fonts = optarg; break;
    case 'A': allow_outside = 1; break;
    case 'D': dump = 1; break;
    case 'h': usage(stdout); return 0;
    case 'V': printf("deckgen %s\n", DG_VERSION); return 0;
    default: usage(stderr); return 2;
    }
  }
  if (optind != argc - 1) {
    usage(stderr);
    return 2;
  }
  if (paper && strcmp(paper, "a4")) {
    fprintf(stderr, "deckgen: error: unknown paper \"%s\" (expected a4)\n", paper);
    return 2;
  }
  if (!(dpi >= 10 && dpi <= 1200)) {
    fprintf(stderr, "deckgen: error: --dpi must be from 10 to 1200\n");
    return 2;
  }
  int want_pdf = 0, want_html = 0, want_png = 0;
  {
    char fl[256];
    snprintf(fl, sizeof fl, "%s", formats);
    for (char *t = strtok(fl, ","); t; t = strtok(NULL, ",")) {
      if (!strcmp(t, "pdf")) want_pdf = 1;
      else if (!strcmp(t, "html")) want_html = 1;
      else if (!strcmp(t, "png")) want_png = 1;
      else {
        fprintf(stderr, "deckgen: error: unknown format \"%s\" (expected pdf, html, png)\n", t);
        return 2;
      }
    }
  }
  const char *deck_path = argv[optind];
  dg_ctx ctx = {0, stderr};
  dg_arena *a = dg_arena_new();
  /* project layout: ROOT/templates/DECK.xml, ROOT/data, ROOT/fonts */
  const char *slash = strrchr(deck_path, '/');
  char *deck_dir = slash ? dg_strndup(a, deck_path, (size_t)(slash - deck_path))
                         : dg_strdup(a, ".");
  const char *s2 = strrchr(deck_dir, '/');
  char *root = !strcmp(deck_dir, ".") ? dg_strdup(a, "..")
               : s2 ? dg_strndup(a, deck_dir, (size_t)(s2 - deck_dir))
                    : dg_strdup(a, ".");
  char *schema = dg_printf(a, "%s/deck.rng", deck_dir);
  if (!exists(schema)) schema = dg_strdup(a, DG_DATADIR "/deck.rng");
  if (!fonts) fonts = !strcmp(root, ".") ? "fonts" : dg_printf(a, "%s/fonts", root);
  int rc = 1;
  dg_text *tx = NULL;
  dg_node *n = dg_parse_file(&ctx, a, deck_path, schema);
  if (!n) goto done;
  dg_bind_opts bo = {root, schema, allow_outside};
  dg_deck *d = dg_bind(&ctx, a, n, deck_path, &bo);
  if (!d) goto done;
  if (explain) {
    dg_bind_explain(d, stdout);
    rc = 0;
    goto done;
  }
  tx = dg_text_new(&ctx, fonts, d->theme.font_family);
  if (!tx) goto done;
  dg_layout *l = dg_layout_deck(&ctx, a, tx, d);
  if (!l) goto done;
  if (dump) {
    for (int i = 0; i < l->npages; i++) dg_layout_dump(&l->pages[i], stdout);
    rc = 0;
    goto done;
  }
  if (dg_layout_check_overlaps(&ctx, l)) goto done;
  const char *env = getenv("SOURCE_DATE_EPOCH");
  dg_render_opts ro = {paper, env ? atoll(env) : parse_date(d->date), dpi,
                       DG_VERSION};
  if (mkdirs(outdir)) {
    dg_error(&ctx, (dg_pos){outdir, 0, 0}, "cannot create output folder: %s",
             strerror(errno));
    goto done;
  }
  const char *id = d->id ? d->id : "deck";
  char *site = dg_printf(a, "%s/%s", outdir, id);
  if (want_pdf &&
      dg_render_pdf(&ctx, tx, l, dg_printf(a, "%s/%s.pdf", outdir, id), &ro))
    goto done;
  if (want_html && dg_render_html(&ctx, tx, l, site, &ro)) goto done;
  if (want_png) {
    if (mkdirs(site)) {
      dg_error(&ctx, (dg_pos){site, 0, 0}, "cannot create folder: %s",
               strerror(errno));
      goto done;
    }
    for (int i = 0; i < l->npages; i++) {
      dg_buf png = {0};
      int bad = dg_render_png_page(&ctx, tx, l, i, dpi, &png) ||
                dg_write_atomic(&ctx, dg_printf(a, "%s/slide-%02d.png", site, i + 1),
                                png.data, png.len);
      dg_buf_free(&png);
      if (bad) goto done;
    }
  }
  rc = ctx.nerrors ? 1 : 0;
done:
  dg_text_free(tx);
  dg_arena_free(a);
  return rc;
}
