/* Why the PDF writer is our own: each case shows one thing Cairo 1.16
 * (Debian 12) cannot do for an accessible PDF of this deck, and checks that
 * it still fails the documented way. Each runs in a child process (one of
 * them crashes Cairo). `make cairo-reasons` builds and runs them (also part
 * of `make check`): exit 0 while every reason holds; a case that no longer
 * reproduces, after Debian ships a newer Cairo, prints NO LONGER HOLDS and
 * exits 1 — then README's "What we wrote ourselves, and why" is due for a
 * second look. Usage: reasons [DIR] (where the PDFs go; default .). */
#define _GNU_SOURCE
#include <cairo-pdf.h>
#include <cairo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *dir = ".";

static char *path_of(const char *name) {
  static char p[4096];
  snprintf(p, sizeof p, "%s/%s.pdf", dir, name);
  return p;
}

/* The file's bytes (Cairo 1.16 writes dictionaries uncompressed). */
static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *b = malloc(1 << 22);
  *n = b ? fread(b, 1, 1 << 22, f) : 0;
  fclose(f);
  return b;
}

static int has(const char *b, size_t n, const char *s) {
  return memmem(b, n, s, strlen(s)) != NULL;
}

/* 1. Structure attributes: Cairo 1.16 parses attributes only for links and
 * destinations. /Lang, /Alt, /BBox and /Scope given as attributes are
 * dropped, and there is no API for DisplayDocTitle. Holds when none of them
 * is in the file. */
static int attributes(void) {
  cairo_surface_t *s =
      cairo_pdf_surface_create(path_of("attributes"), 200, 100);
  cairo_t *cr = cairo_create(s);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "Deck");
  cairo_tag_begin(cr, "Document", "lang='ja'");
  cairo_tag_begin(cr, "Figure", "alt='A chart' bbox=[10 10 30 30]");
  cairo_rectangle(cr, 10, 10, 20, 20);
  cairo_fill(cr);
  cairo_tag_end(cr, "Figure");
  cairo_tag_begin(cr, "Table", NULL);
  cairo_tag_begin(cr, "TR", NULL);
  cairo_tag_begin(cr, "TH", "scope='Column'");
  cairo_move_to(cr, 50, 50);
  cairo_show_text(cr, "x");
  cairo_tag_end(cr, "TH");
  cairo_tag_end(cr, "TR");
  cairo_tag_end(cr, "Table");
  cairo_tag_end(cr, "Document");
  cairo_destroy(cr);
  cairo_surface_finish(s);
  int ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(s);
  size_t n;
  char *b = slurp(path_of("attributes"), &n);
  if (!ok || !b || !has(b, n, "/S /Figure"))
    return 2; /* not the PDF we meant to test */
  int held = !has(b, n, "/Lang") && !has(b, n, "/Alt") &&
             !has(b, n, "/BBox [10") && !has(b, n, "/Scope") &&
             !has(b, n, "DisplayDocTitle");
  free(b);
  return held ? 0 : 1;
}

/* 2. Artifacts: the tag name Artifact is a tag error, so backgrounds, rules
 * and slide numbers cannot be marked as artifacts. */
static int artifact(void) {
  cairo_surface_t *s = cairo_pdf_surface_create(path_of("artifact"), 200, 100);
  cairo_t *cr = cairo_create(s);
  cairo_tag_begin(cr, "Artifact", NULL);
  cairo_rectangle(cr, 10, 10, 20, 20);
  cairo_fill(cr);
  cairo_tag_end(cr, "Artifact");
  cairo_destroy(cr);
  cairo_surface_finish(s);
  int held = cairo_surface_status(s) == CAIRO_STATUS_TAG_ERROR;
  cairo_surface_destroy(s);
  return held ? 0 : 1;
}

/* One page as the deck draws it: a white page-covering fill (the slide's
 * background) inside the Document tag, then a title and a paragraph. */
static void page(cairo_t *cr) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, 0, 0, 960, 540);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_tag_begin(cr, "H2", NULL);
  cairo_move_to(cr, 56, 51);
  cairo_show_text(cr, "Title");
  cairo_tag_end(cr, "H2");
  cairo_tag_begin(cr, "P", NULL);
  cairo_move_to(cr, 58, 104);
  cairo_show_text(cr, "Lead");
  cairo_tag_end(cr, "P");
}

/* 3. A page-covering fill inside a tag breaks the tag stack: finishing
 * reports a tag error though every begin has its end. */
static int cover(void) {
  cairo_surface_t *s = cairo_pdf_surface_create(path_of("cover"), 960, 540);
  cairo_t *cr = cairo_create(s);
  cairo_tag_begin(cr, "Document", NULL);
  page(cr);
  cairo_tag_end(cr, "Document");
  cairo_destroy(cr);
  cairo_surface_finish(s);
  int held = cairo_surface_status(s) == CAIRO_STATUS_TAG_ERROR;
  cairo_surface_destroy(s);
  return held ? 0 : 1;
}

/* 4. The same 17 pages with an outline entry each: cairo_surface_finish
 * crashes (Debian's build stops on an assertion in _cairo_array_index_const;
 * without assertions it reads out of bounds). Holds when the child dies of
 * SIGABRT, SIGSEGV or SIGBUS (caught: no core file). */
static int outline_crash(void) {
  cairo_surface_t *s = cairo_pdf_surface_create(path_of("outline"), 960, 540);
  cairo_t *cr = cairo_create(s);
  cairo_tag_begin(cr, "Document", NULL);
  for (int i = 1; i <= 17; i++) {
    char name[32], dest[32];
    if (i > 1)
      cairo_show_page(cr);
    page(cr);
    snprintf(name, sizeof name, "Slide %d", i);
    snprintf(dest, sizeof dest, "page=%d", i);
    cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, name, dest, 0);
  }
  cairo_tag_end(cr, "Document");
  cairo_destroy(cr);
  cairo_surface_finish(s); /* the crash */
  cairo_surface_destroy(s);
  return 1; /* survived: no longer holds */
}

/* 5. The outline root of 17 closed entries gets /Count -17; ISO 32000-1
 * (12.3.3, table 152) does not allow a negative count on the root. */
static int outline_count(void) {
  cairo_surface_t *s = cairo_pdf_surface_create(path_of("count"), 200, 100);
  cairo_t *cr = cairo_create(s);
  for (int i = 1; i <= 17; i++) {
    char name[32], dest[32];
    if (i > 1)
      cairo_show_page(cr);
    cairo_move_to(cr, 50, 50);
    cairo_show_text(cr, "x");
    snprintf(name, sizeof name, "Slide %d", i);
    snprintf(dest, sizeof dest, "page=%d", i);
    cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, name, dest, 0);
  }
  cairo_destroy(cr);
  cairo_surface_finish(s);
  int ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(s);
  size_t n;
  char *b = slurp(path_of("count"), &n);
  if (!ok || !b)
    return 2;
  /* the /Outlines dictionary, whatever the order of its keys */
  char *o = memmem(b, n, "/Type /Outlines", 15);
  int held = 0;
  if (o) {
    char *start = o, *end = memmem(o, n - (size_t)(o - b), ">>", 2);
    while (start > b && memcmp(start, "<<", 2))
      start--;
    held = end && memmem(start, (size_t)(end - start), "/Count -17", 10);
  }
  free(b);
  return held ? 0 : 1;
}

static const struct {
  const char *name;
  int (*run)(void);
  int crashes;
  const char *reason;
} cases[] = {
    {"attributes", attributes, 0,
     "no /Lang, /Alt, /BBox, /Scope or DisplayDocTitle from the tag API"},
    {"artifact", artifact, 0, "the tag name Artifact is a tag error"},
    {"cover", cover, 0,
     "a page-covering fill inside a tag breaks its tag stack"},
    {"outline-crash", outline_crash, 1,
     "cairo_surface_finish crashes with an outline on the deck's pages"},
    {"outline-count", outline_count, 0, "the outline root gets /Count -17"},
};

/* The exit status of a child that crashed (abort, segmentation fault). */
#define CRASHED 77
static void crashed(int sig) {
  (void)sig;
  _exit(CRASHED);
}

int main(int argc, char **argv) {
  if (argc > 1)
    dir = argv[1];
  int gone = 0;
  printf("Cairo %s\n", cairo_version_string());
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      if (cases[i].crashes) { /* the expected crash: no message, no core */
        struct rlimit no = {0, 0};
        setrlimit(RLIMIT_CORE, &no);
        signal(SIGABRT, crashed);
        signal(SIGSEGV, crashed);
        signal(SIGBUS, crashed);
        fclose(stderr);
      }
      _exit(cases[i].run());
    }
    int st = 0;
    waitpid(pid, &st, 0);
    int held = cases[i].crashes ? WIFEXITED(st) && WEXITSTATUS(st) == CRASHED
                                : WIFEXITED(st) && WEXITSTATUS(st) == 0;
    printf("%-14s %s: %s\n", cases[i].name, held ? "holds" : "NO LONGER HOLDS",
           cases[i].reason);
    gone += !held;
  }
  return gone ? 1 : 0;
}
