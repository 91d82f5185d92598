/* Check suite for publish (the output commit) and the file
 * helpers under it: deckgen replaces only its own folder, leaves of killed
 * runs are cleaned safely, trees are removed without following links, and
 * error lines of concurrent threads stay whole. */
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output/publish.h"
#include "testutil.h"

static char dir[] = "/tmp/deckgen-check-publish-XXXXXX";

static void psetup(void) {
  setup();
  ck_assert_ptr_nonnull(mkdtemp(dir));
  unsetenv("DECKGEN_NO_RENAME_EXCHANGE");
  unsetenv("DECKGEN_NO_SYMLINKS");
}
static void pteardown(void) {
  dg_rm_tree(dir);
  strcpy(dir, "/tmp/deckgen-check-publish-XXXXXX");
  teardown();
}

static char *path(const char *rel) {
  return dg_printf(arena, "%s/%s", dir, rel);
}
static void put(const char *rel, const char *text) {
  FILE *f = fopen(path(rel), "w");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  fclose(f);
}
static int exists(const char *rel) {
  struct stat st;
  return lstat(path(rel), &st) == 0;
}
/* The text of file rel (in the test's arena). */
static const char *content(const char *rel) {
  char *t = dg_read_file(&ctx, path(rel), 100, NULL);
  ck_assert_ptr_nonnull(t);
  char *c = dg_strdup(arena, t);
  free(t);
  return c;
}
/* The names in folder rel, sorted, space-separated. */
static const char *listing(const char *rel) {
  static char out[1024];
  char cmd[512];
  snprintf(cmd, sizeof cmd, "ls -A '%s' | tr '\\n' ' '", path(rel));
  FILE *p = popen(cmd, "r");
  size_t n = fread(out, 1, sizeof out - 1, p);
  out[n] = 0;
  pclose(p);
  return out;
}

/* one run: begin, write a file, commit */
static int publish(const char *id, const char *text) {
  dg_pub p;
  if (dg_pub_begin(&ctx, &p, path("out"), id))
    return -1;
  ck_assert_int_eq(dg_write_file(&ctx, dg_printf(arena, "%s/f.txt", p.dir),
                                 text, strlen(text)),
                   0);
  char *trash = NULL;
  int rc = dg_pub_commit(&ctx, &p, &trash);
  if (trash)
    dg_rm_tree(trash);
  free(trash);
  dg_pub_end(&p);
  return rc;
}

START_TEST(replaces_its_own_folder) {
  ck_assert_int_eq(publish("d", "one"), 0);
  ck_assert(exists("out/d/" DG_PUB_MARKER));
  ck_assert_int_eq(publish("d", "two"), 0);
  ck_assert_str_eq(listing("out"), "d ");
  ck_assert_str_eq(listing("out/d"), ".deckgen f.txt ");
  ck_assert_str_eq(content("out/d/f.txt"), "two");
}
END_TEST

START_TEST(refuses_a_folder_it_did_not_make) {
  mkdir(path("out"), 0755);
  mkdir(path("out/data"), 0755);
  put("out/data/survey.csv", "a,b\n");
  ck_assert_int_eq(publish("data", "x"), -1);
  ck_assert_str_eq(first_error(),
                   dg_printf(arena,
                             "%s/out/data: error: exists and is not "
                             "deckgen's output (no .deckgen file in it); "
                             "deckgen changed nothing (move it away or "
                             "choose another output folder)",
                             dir));
  ck_assert_str_eq(listing("out"), "data ");
  ck_assert_str_eq(listing("out/data"), "survey.csv ");
}
END_TEST

START_TEST(never_follows_a_link) {
  mkdir(path("out"), 0755);
  mkdir(path("elsewhere"), 0755);
  put("elsewhere/" DG_PUB_MARKER, "");
  put("elsewhere/keep.txt", "keep");
  ck_assert_int_eq(symlink("../elsewhere", path("out/d")), 0);
  ck_assert_int_eq(publish("d", "x"), -1);
  ck_assert_ptr_nonnull(strstr(first_error(), "is a symbolic link deckgen "
                                              "did not make"));
  ck_assert_str_eq(listing("elsewhere"), ".deckgen keep.txt ");
  /* a link to a versioned folder of another id is not its own either */
  unlink(path("out/d"));
  mkdir(path("out/.e.v1"), 0755);
  put("out/.e.v1/" DG_PUB_MARKER, "");
  ck_assert_int_eq(symlink(".e.v1", path("out/d")), 0);
  ck_assert_int_eq(publish("d", "x"), -1);
  ck_assert(exists("out/.e.v1/" DG_PUB_MARKER));
}
END_TEST

START_TEST(without_exchange_publishes_a_link) {
  setenv("DECKGEN_NO_RENAME_EXCHANGE", "1", 1);
  ck_assert_int_eq(publish("d", "one"), 0);
  ck_assert_int_eq(publish("d", "two"), 0);
  ck_assert_str_eq(listing("out"), ".d.v2 d ");
  ck_assert_str_eq(content("out/d/f.txt"), "two");
  /* a kill between the new version and the new link leaves an unused
   * version: the next run removes it */
  mkdir(path("out/.d.v3"), 0755);
  put("out/.d.v3/" DG_PUB_MARKER, "");
  ck_assert_int_eq(publish("d", "three"), 0);
  ck_assert_str_eq(listing("out"), ".d.v4 d "); /* a name is never reused */
  ck_assert_str_eq(content("out/d/f.txt"), "three");
  /* a real folder cannot be swapped without exchange: refused */
  ck_assert_int_eq(publish("e", "one"), 0);
  unlink(path("out/e"));
  ck_assert_int_eq(rename(path("out/.e.v1"), path("out/e")), 0);
  ck_assert_int_eq(publish("e", "two"), -1);
  ck_assert_str_eq(content("out/e/f.txt"), "one");
}
END_TEST

/* exFAT, FAT and some network shares have neither RENAME_EXCHANGE nor
 * symbolic links: the folder is swapped by two renames, the previous one
 * kept aside until the new one is in place */
START_TEST(without_links_swaps_by_rename) {
  setenv("DECKGEN_NO_RENAME_EXCHANGE", "1", 1);
  setenv("DECKGEN_NO_SYMLINKS", "1", 1);
  ck_assert_int_eq(publish("d", "one"), 0);
  ck_assert_int_eq(publish("d", "two"), 0);
  ck_assert_str_eq(listing("out"), "d ");
  ck_assert_str_eq(content("out/d/f.txt"), "two");
  /* a kill between the two renames: OUTDIR/d missing, the complete
   * previous output aside; the next run puts it back first */
  ck_assert_int_eq(rename(path("out/d"), path("out/.d.prev-77")), 0);
  dg_pub p;
  ck_assert_int_eq(dg_pub_begin(&ctx, &p, path("out"), "d"), 0);
  ck_assert_str_eq(content("out/d/f.txt"), "two");
  ck_assert_str_eq(p.prev, path("out/d"));
  dg_pub_end(&p);
  /* a kill after them: the new output in place, the old one aside */
  mkdir(path("out/.d.prev-78"), 0755);
  put("out/.d.prev-78/" DG_PUB_MARKER, "");
  ck_assert_int_eq(publish("d", "three"), 0);
  ck_assert_str_eq(listing("out"), "d ");
  ck_assert_str_eq(content("out/d/f.txt"), "three");
  unsetenv("DECKGEN_NO_SYMLINKS");
}
END_TEST

/* A link (or FIFO) in the previous output was put there by someone else:
 * renderers must not hard-link or touch files through it */
START_TEST(reuses_nothing_through_a_link) {
  ck_assert_int_eq(publish("d", "one"), 0);
  mkdir(path("elsewhere"), 0755);
  put("elsewhere/x.woff2", "font");
  mkdir(path("out/d/sub"), 0755);
  ck_assert_int_eq(symlink("../../../elsewhere", path("out/d/sub/fonts")), 0);
  dg_pub p;
  ck_assert_int_eq(dg_pub_begin(&ctx, &p, path("out"), "d"), 0);
  ck_assert_ptr_null(p.prev);
  dg_pub_end(&p);
  ck_assert_int_eq(publish("d", "two"), 0);
  ck_assert_str_eq(listing("out/d"), ".deckgen f.txt ");
  ck_assert_str_eq(listing("elsewhere"), "x.woff2 ");
  /* in link mode too, and the old version still goes */
  setenv("DECKGEN_NO_RENAME_EXCHANGE", "1", 1);
  ck_assert_int_eq(publish("e", "one"), 0);
  ck_assert_int_eq(symlink("../../elsewhere", path("out/.e.v1/fonts")), 0);
  ck_assert_int_eq(dg_pub_begin(&ctx, &p, path("out"), "e"), 0);
  ck_assert_ptr_null(p.prev);
  dg_pub_end(&p);
  ck_assert_int_eq(publish("e", "two"), 0);
  ck_assert_str_eq(listing("out"), ".e.v2 d e ");
  ck_assert_str_eq(listing("elsewhere"), "x.woff2 ");
  /* what dg_tree_foreign names */
  char *rel = dg_tree_foreign(path("out/d"));
  ck_assert_ptr_null(rel);
  ck_assert_int_eq(mkfifo(path("out/d/pipe"), 0600), 0);
  rel = dg_tree_foreign(path("out/d"));
  ck_assert_str_eq(rel, "pipe");
  free(rel);
}
END_TEST

START_TEST(cleans_only_its_own_leftovers) {
  mkdir(path("out"), 0755);
  mkdir(path("out/.d.tmp-123"), 0755); /* a killed run's */
  put("out/.d.tmp-123/index.html", "x");
  ck_assert_int_eq(symlink(".d.v9", path("out/.d.lnk-77")), 0);
  mkdir(path("out/.d.tmp-1x"), 0755);      /* not a name deckgen makes */
  mkdir(path("out/.dd.tmp-5"), 0755);      /* another deck's */
  mkdir(path("out/.d.tmp-5.tmp-6"), 0755); /* deck "d.tmp-5"'s */
  mkdir(path("out/.d.v4"), 0755);          /* no marker: not ours */
  ck_assert_int_eq(publish("d", "x"), 0);
  ck_assert_str_eq(listing("out"),
                   ".d.tmp-1x .d.tmp-5.tmp-6 .d.v4 .dd.tmp-5 d ");
}
END_TEST

START_TEST(waits_for_the_lock_then_gives_up) {
  setenv("DECKGEN_LOCK_WAIT", "0", 1);
  dg_pub a, b;
  ck_assert_int_eq(dg_pub_begin(&ctx, &a, path("out"), "d"), 0);
  /* flock locks belong to the open file: a second open in this process
   * conflicts like another process would */
  ck_assert_int_eq(dg_pub_begin(&ctx, &b, path("out"), "d"), -1);
  ck_assert_str_eq(first_error(),
                   dg_printf(arena,
                             "%s/out/d: error: another deckgen (pid %ld) is "
                             "writing this output; gave up after 0 s",
                             dir, (long)getpid()));
  dg_pub_end(&a);
  unsetenv("DECKGEN_LOCK_WAIT");
  ck_assert_str_eq(listing("out"), "");
}
END_TEST

START_TEST(rm_tree_never_follows_links) {
  mkdir(path("t"), 0755);
  mkdir(path("outside"), 0755);
  put("outside/keep.txt", "keep");
  ck_assert_int_eq(symlink("../outside", path("t/link")), 0);
  dg_rm_tree(path("t"));
  ck_assert(!exists("t"));
  ck_assert(exists("outside/keep.txt"));
  ck_assert_int_eq(symlink("outside", path("top")), 0);
  dg_rm_tree(path("top"));
  ck_assert(!exists("top"));
  ck_assert(exists("outside/keep.txt"));
}
END_TEST

/* Four threads report at once into one unbuffered
 * stream, as the PDF and site threads do into stderr */
static FILE *shared;
static void *reporter(void *arg) {
  dg_ctx c = {0, shared, NULL};
  long t = (long)arg;
  for (int i = 0; i < 400; i++)
    dg_error(&c, (dg_pos){"templates/deck.xml", (int)t + 1, i + 1},
             "thread %ld says %s", t,
             "a long enough message that a write of its pieces shows");
  return NULL;
}

START_TEST(error_lines_never_mix) {
  shared = tmpfile();
  setvbuf(shared, NULL, _IONBF, 0);
  pthread_t th[4];
  for (long t = 0; t < 4; t++)
    pthread_create(&th[t], NULL, reporter, (void *)t);
  for (int t = 0; t < 4; t++)
    pthread_join(th[t], NULL);
  rewind(shared);
  char line[512];
  int n = 0;
  while (fgets(line, sizeof line, shared)) {
    long t;
    int l, c, k = 0;
    ck_assert_msg(sscanf(line,
                         "templates/deck.xml:%d:%d: error: thread %ld says a "
                         "long enough message that a write of its pieces "
                         "shows\n%n",
                         &l, &c, &t, &k) == 3 &&
                      k == (int)strlen(line) && l == t + 1,
                  "mixed line: %s", line);
    n++;
  }
  ck_assert_int_eq(n, 1600);
  fclose(shared);
}
END_TEST

int main(void) {
  Suite *s = suite_create("publish");
  TCase *tc = tcase_create("publish");
  tcase_add_checked_fixture(tc, psetup, pteardown);
  tcase_add_test(tc, replaces_its_own_folder);
  tcase_add_test(tc, refuses_a_folder_it_did_not_make);
  tcase_add_test(tc, never_follows_a_link);
  tcase_add_test(tc, without_exchange_publishes_a_link);
  tcase_add_test(tc, without_links_swaps_by_rename);
  tcase_add_test(tc, reuses_nothing_through_a_link);
  tcase_add_test(tc, cleans_only_its_own_leftovers);
  tcase_add_test(tc, waits_for_the_lock_then_gives_up);
  tcase_add_test(tc, rm_tree_never_follows_links);
  tcase_add_test(tc, error_lines_never_mix);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
