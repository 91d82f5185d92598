/* main: the cli stage takes the command line and gives the outputs, the
 * messages and the exit status. It reads the options and hands one deck to
 * run.c (parse → bind → layout → render → publish, checking the error
 * count between stages, and writing nothing unless every stage
 * succeeded), many decks to batch.c (--group-by, a manifest, --shard) or
 * the edit loop to watch.c (--watch); --explain stops after bind. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/batch.h"
#include "bind/bind.h"
#include "deck/parse.h"
#include "cli/run.h"
#include "text/text.h"
#include "cli/watch.h"

#ifndef DG_VERSION
#define DG_VERSION "0.0"
#endif

static void usage(FILE *f) {
  fputs(
      "usage: deckgen [options] DECK.xml\n"
      "Renders a deck (XML slides bound to CSV data) to PDF, HTML or PNG.\n"
      "\n"
      "  -o, --output DIR      output folder (default: out)\n"
      "  -f, --format LIST     pdf,html,png,pptx in any combination (default: "
      "pdf,html)\n"
      "      --paper a4        put each slide on A4 landscape, scaled and "
      "centred\n"
      "      --dpi N           PNG resolution (default 96)\n"
      "      --base-url URL    the http(s) address OUTDIR is published at: the\n"
      "                        page's og:image (with png) is URL/<id>/slide-01.png\n"
      "      --data DIR        this survey's data folder (overrides the "
      "deck's\n"
      "                        <survey data=...>; DIR/survey.csv gives its "
      "date)\n"
      "      --previous DIR    the previous survey's data folder\n"
      "      --explain         list every bound value with its source cells\n"
      "      --fonts DIR       font folder (default: fonts/ of the project)\n"
      "      --allow-outside   accept data paths outside the project\n"
      "      --schema FILE     validate decks and themes against FILE "
      "instead of\n"
      "                        deckgen's own templates/deck.rng\n"
      "      --allow-links DIR follow symbolic links below the project that "
      "lead\n"
      "                        into DIR (no link is followed otherwise)\n"
      "      --dump-layout     print the display list instead of rendering\n"
      "      --watch           re-render whenever the deck, theme or data "
      "change\n"
      "      --group-by D.COL  batch: one deck per value of column COL of "
      "dataset D\n"
      "      --manifest FILE   batch: one deck per line \"ID DECK.xml "
      "PROJECT-ROOT\"\n"
      "      --jobs N          batch: worker processes; one deck: 1 renders "
      "PDF\n"
      "                        and site one after the other (default: CPUs)\n"
      "      --shard K/N       batch: render only decks K, K+N, K+2N, ... (K "
      "from 0)\n"
      "  -h, --help            this help\n"
      "  -V, --version         print the version\n"
      "\n"
      "The project root is the folder above the deck's folder; the deck's\n"
      "<survey> folders are relative to it, its datasets to the survey's\n"
      "folder. Outputs: one folder per deck, DIR/<id>/, with index.html,\n"
      "<id>.pdf, <id>.pptx and slide-NN.png, replaced as a whole; deckgen\n"
      "refuses a DIR/<id> it did not make. Manifest paths are relative to the\n"
      "manifest's folder; quote one that holds spaces.\n",
      f);
}

/* A whole decimal number from lo to hi, nothing before or after it. */
static int parse_int(const char *s, long lo, long hi, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (!*s || *s == ' ' || *s == '+' || *end || errno || v < lo || v > hi)
    return -1;
  *out = v;
  return 0;
}

/* "K/N" with 0 <= K < N, each a whole number, nothing else. */
static int parse_shard(const char *s, int *k, int *n) {
  const char *slash = strchr(s, '/');
  char kbuf[16];
  long kv, nv;
  if (!slash || slash - s >= (long)sizeof kbuf)
    return -1;
  memcpy(kbuf, s, (size_t)(slash - s));
  kbuf[slash - s] = 0;
  if (parse_int(kbuf, 0, 1000000, &kv) ||
      parse_int(slash + 1, 1, 1000000, &nv) || kv >= nv)
    return -1;
  *k = (int)kv;
  *n = (int)nv;
  return 0;
}

static int usage_error(const char *fmt, const char *arg) {
  fputs("deckgen: error: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs(" (see deckgen --help)\n", stderr);
  return 2;
}

/* What is wrong with a --base-url, or NULL: http(s)://HOST[:PORT][/PATH],
 * the host of letters, digits, '-' and '.', the path of unreserved
 * characters, '/' and %XX; no user or password (the page would publish
 * them), no query, fragment or space. */
static const char *base_url_problem(const char *u) {
  const char *p = !strncmp(u, "https://", 8)  ? u + 8
                  : !strncmp(u, "http://", 7) ? u + 7
                                              : NULL;
  if (!p)
    return "is not an absolute address (expected http:// or https://)";
  if (strpbrk(p, "?#"))
    return "holds a query or fragment (expected the folder's address "
           "only)";
  const char *host = p;
  while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
         (*p >= '0' && *p <= '9') || *p == '-' || *p == '.')
    p++;
  if (*p == '@' || (*p == ':' && strchr(p, '@')))
    return "holds a user name or password (they would be published)";
  if (*p && !strchr(":/", *p))
    return "has a character a host name cannot hold (letters, digits, '-' "
           "and '.'; an international name in its xn-- form)";
  if (p == host || host[0] == '.' || host[0] == '-')
    return "has no host name (expected http(s)://HOST/PATH)";
  if (*p == ':') {
    const char *d = ++p;
    while (*p >= '0' && *p <= '9')
      p++;
    if (p == d || p - d > 5)
      return "has a port that is not a number";
  }
  if (*p && *p != '/')
    return "has a port that is not a number";
  for (; *p; p++) {
    if (*p == '%' && !(isxdigit((unsigned char)p[1]) &&
                       isxdigit((unsigned char)p[2])))
      return "has a '%' that does not start an escape (%XX)";
    if (!isalnum((unsigned char)*p) && !strchr("-._~/%", *p))
      return "has a character an address path cannot hold (letters, "
             "digits, - . _ ~ / and %XX escapes)";
  }
  return NULL;
}

int main(int argc, char **argv) {
  dg_mark("start");
  /* under `ulimit -f`, a write past the limit fails with EFBIG instead of
   * killing the run without a word: a cache entry is then not kept, an
   * output is an error naming it (tests/cache-abuse.sh, "ulimit -f") */
  signal(SIGXFSZ, SIG_IGN);
  const char *outdir = "out", *formats = "pdf,html", *paper = NULL;
  const char *fonts = NULL, *schema_opt = NULL;
  double dpi = 96;
  int explain = 0, allow_outside = 0, dump = 0, jobs = 0, shard_k = 0,
      watch = 0, watch_runs = 0, shard_n = 1, shard_given = 0;
  const char *group_by = NULL, *manifest = NULL;
  const char *data = NULL, *previous = NULL, *base_url = NULL;
  static char *links; /* for the whole run */
  static const struct option longs[] = {
      {"output", required_argument, 0, 'o'},
      {"format", required_argument, 0, 'f'},
      {"paper", required_argument, 0, 'p'},
      {"dpi", required_argument, 0, 'd'},
      {"explain", no_argument, 0, 'e'},
      {"fonts", required_argument, 0, 'F'},
      {"allow-outside", no_argument, 0, 'A'},
      {"allow-links", required_argument, 0, 'L'},
      {"schema", required_argument, 0, 'X'},
      {"dump-layout", no_argument, 0, 'D'},
      {"group-by", required_argument, 0, 'G'},
      {"manifest", required_argument, 0, 'M'},
      {"jobs", required_argument, 0, 'j'},
      {"shard", required_argument, 0, 'S'},
      {"watch", no_argument, 0, 'W'},
      {"watch-runs", required_argument, 0, 'R'},
      {"data", required_argument, 0, 'a'},
      {"previous", required_argument, 0, 'P'},
      {"base-url", required_argument, 0, 'B'},
      {"help", no_argument, 0, 'h'},
      {"version", no_argument, 0, 'V'},
      {0, 0, 0, 0}};
  int c;
  while ((c = getopt_long(argc, argv, "o:f:hV", longs, NULL)) != -1) {
    switch (c) {
    case 'o':
      outdir = optarg;
      break;
    case 'f':
      formats = optarg;
      break;
    case 'p':
      paper = optarg;
      break;
    case 'd': {
      char *end;
      dpi = strtod(optarg, &end);
      if (end == optarg || *end)
        dpi = 0; /* refused below with the range */
      break;
    }
    case 'e':
      explain = 1;
      break;
    case 'F':
      fonts = optarg;
      break;
    case 'A':
      allow_outside = 1;
      break;
    case 'X':
      schema_opt = optarg;
      break;
    case 'L': {
      /* compared with where each link resolves to: resolved itself */
      struct stat st;
      free(links);
      links = realpath(optarg, NULL);
      if (!links || stat(links, &st) || !S_ISDIR(st.st_mode)) {
        fprintf(stderr,
                "deckgen: error: --allow-links \"%s\" is not a folder\n",
                optarg);
        free(links);
        return 2;
      }
      break;
    }
    case 'D':
      dump = 1;
      break;
    case 'G':
      group_by = optarg;
      break;
    case 'W':
      watch = 1;
      break;
    case 'B':
      base_url = optarg;
      break;
    case 'R': {
      long v;
      if (parse_int(optarg, 0, 1000000, &v))
        return usage_error("--watch-runs expects a whole number, not \"%s\"",
                           optarg);
      watch_runs = (int)v;
      break;
    }
    case 'M':
      manifest = optarg;
      break;
    case 'j': {
      long v;
      if (parse_int(optarg, 1, 1024, &v))
        return usage_error("--jobs expects a whole number from 1 to 1024, not "
                           "\"%s\"",
                           optarg);
      jobs = (int)v;
      break;
    }
    case 'S':
      if (parse_shard(optarg, &shard_k, &shard_n))
        return usage_error("--shard expects K/N, whole numbers with 0 <= K < "
                           "N, not \"%s\"",
                           optarg);
      shard_given = 1;
      break;
    case 'a':
      data = optarg;
      break;
    case 'P':
      previous = optarg;
      break;
    case 'h':
      usage(stdout);
      return 0;
    case 'V':
      printf("deckgen %s\n", DG_VERSION);
      return 0;
    default:
      usage(stderr);
      return 2;
    }
  }
  if (manifest ? optind != argc : optind != argc - 1) {
    usage(stderr);
    return 2;
  }
  /* a link preview needs an absolute address, and the page publishes it */
  const char *why = base_url ? base_url_problem(base_url) : NULL;
  if (why) {
    fprintf(stderr, "deckgen: error: --base-url \"%s\" %s\n", base_url,
            why);
    return 2;
  }
  if (shard_given && !group_by && !manifest)
    return usage_error("%s",
                       "--shard needs a batch (--group-by or --manifest)");
  if (group_by && manifest)
    return usage_error("%s", "--group-by and --manifest cannot be combined");
  if (paper && strcmp(paper, "a4")) {
    fprintf(stderr, "deckgen: error: unknown paper \"%s\" (expected a4)\n",
            paper);
    return 2;
  }
  if (!(dpi >= 10 && dpi <= 1200)) {
    fprintf(stderr, "deckgen: error: --dpi must be from 10 to 1200\n");
    return 2;
  }
  int want_pdf = 0, want_html = 0, want_png = 0, want_pptx = 0;
  {
    char fl[256];
    snprintf(fl, sizeof fl, "%s", formats);
    for (char *t = strtok(fl, ","); t; t = strtok(NULL, ",")) {
      if (!strcmp(t, "pdf"))
        want_pdf = 1;
      else if (!strcmp(t, "html"))
        want_html = 1;
      else if (!strcmp(t, "png"))
        want_png = 1;
      else if (!strcmp(t, "pptx"))
        want_pptx = 1;
      else {
        fprintf(
            stderr,
            "deckgen: error: unknown format \"%s\" (expected pdf, html, png, "
            "pptx)\n",
            t);
        return 2;
      }
    }
  }
  const char *deck_path = manifest ? "" : argv[optind];
  dg_ctx ctx = {0, stderr, NULL};
  dg_arena *a = dg_arena_new();
  const char *root = dg_run_root(a, deck_path);
  const char *schema = schema_opt ? schema_opt : dg_run_schema(a, argv[0]);
  const char *fonts_given = fonts;
  if (!fonts)
    fonts = dg_run_fonts(a, root);
  dg_run_opts ro = {outdir,
                    want_pdf,
                    want_html,
                    want_png,
                    want_pptx,
                    paper,
                    dpi,
                    getenv("SOURCE_DATE_EPOCH"),
                    fonts,
                    {root, schema, allow_outside, NULL, 0, data, previous, links,
                     NULL},
                    NULL,
                    dump,
                    jobs ? jobs > 1 : sysconf(_SC_NPROCESSORS_ONLN) > 1,
                    NULL,
                    0,
                    NULL,
                    NULL,
                    base_url,
                    NULL,
                    NULL,
                    NULL};
  int rc = 1;
  if (group_by || manifest) {
    dg_batch_opts bo = {ro,   deck_path, group_by, manifest,   schema,
                        jobs, shard_k,   shard_n,  fonts_given};
    rc = dg_batch_run(&bo);
    dg_parse_cleanup();
    dg_arena_free(a);
    return rc;
  }
  if (watch) {
    rc = dg_watch(deck_path, schema, &ro, watch_runs);
    dg_parse_cleanup();
    dg_arena_free(a);
    return rc;
  }
  dg_text *tx = NULL;
  /* fontconfig reads the fonts folder while the deck is parsed and bound */
  if (!explain)
    ro.fonts_pre = dg_fonts_start(fonts, ro.parallel);
  dg_confine conf; /* the deck file itself: no link below the project */
  dg_bind_confine(&ctx, &ro.bind, &conf);
  dg_node *n = dg_parse_file(&ctx, a, deck_path, schema);
  ctx.confine = NULL;
  dg_mark("parse");
  if (!n)
    goto done;
  if (explain) {
    dg_deck *d = dg_bind(&ctx, a, n, deck_path, &ro.bind);
    if (!d)
      goto done;
    dg_bind_explain(d, stdout);
    rc = 0;
    goto done;
  }
  rc = dg_run_deck(&ctx, &tx, n, deck_path, &ro) ? 1 : 0;
done:
  dg_mark("done");
  dg_text_free(tx);
  dg_fonts_drop(ro.fonts_pre);
  dg_parse_cleanup();
  dg_arena_free(a);
  return rc;
}
