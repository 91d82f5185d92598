/* publish: the output stage takes the files the renderers wrote for one
 * deck and gives OUTDIR/<id>, committed as one unit. dg_pub_begin locks
 * the deck (OUTDIR/.<id>.lock) and gives the run a temporary folder
 * OUTDIR/.<id>.tmp-PID to fill; dg_pub_commit swaps it for OUTDIR/<id>
 * with one renameat2(RENAME_EXCHANGE), or, where the file system has no
 * exchange, renames a new symlink OUTDIR/<id> → .<id>.vN over the old one.
 * Either way OUTDIR/<id> is at every moment the complete old or the
 * complete new output (tests/commit.sh kills runs to show it). Where there
 * are no symlinks either (exFAT), the old folder is renamed aside and the
 * new one in: OUTDIR/<id> is then missing for that moment, never half
 * written (commit_rename). Only a folder deckgen made itself is ever
 * replaced. Declared in publish.h. */
#include "output/publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char MARKER_TEXT[] =
    "This folder is deckgen's output. deckgen replaces it whole on every "
    "run;\nfiles put here by hand are lost then.\n";

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  char *s = NULL;
  if (vasprintf(&s, f, ap) < 0)
    dg_oom();
  va_end(ap);
  return s;
}

static int is_file(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int is_real_dir(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A site written by deckgen before the marker existed (out/<id>/ beside
 * out/<id>.pdf): only index.html, fonts/, data/ and slide-NN.png, and an
 * index.html that names deckgen as its generator. Accepted once, so an
 * old out/ is replaced rather than refused. */
static int legacy_site(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return 0;
  int ok = 1, has_index = 0;
  struct dirent *e;
  while (ok && (e = readdir(d))) {
    const char *n = e->d_name;
    int num = 0;
    if (!strcmp(n, ".") || !strcmp(n, ".."))
      continue;
    if (!strcmp(n, "index.html"))
      has_index = 1;
    else if (strcmp(n, "fonts") && strcmp(n, "data") &&
             !(sscanf(n, "slide-%d.png", &num) == 1 && strlen(n) >= 12 &&
               !strcmp(n + strlen(n) - 4, ".png")))
      ok = 0;
  }
  closedir(d);
  if (!ok || !has_index)
    return 0;
  char *index = fmt("%s/index.html", dir);
  int found = 0;
  int fd = is_file(index) ? open(index, O_RDONLY | O_CLOEXEC) : -1;
  free(index);
  if (fd >= 0) {
    static char head[16384];
    ssize_t n = read(fd, head, sizeof head - 1);
    close(fd);
    if (n > 0) {
      head[n] = 0;
      found = strstr(head, "<meta name=\"generator\" content=\"deckgen ") != 0;
    }
  }
  return found;
}

/* "<prefix><digits>" with nothing after: the name's tail after prefix, or
 * -1. Tells this id's own temporary names from another id's (".a.tmp-1"
 * never matches id "a.tmp-1"'s ".a.tmp-1.tmp-7"). */
static long tail_number(const char *name, const char *prefix) {
  size_t k = strlen(prefix);
  if (strncmp(name, prefix, k) || !name[k])
    return -1;
  long v = 0;
  for (const char *s = name + k; *s; s++) {
    if (*s < '0' || *s > '9' || v > 100000000L)
      return -1;
    v = v * 10 + (*s - '0');
  }
  return v;
}

/* Is the switch `name` set (to anything but "0")? The tests simulate file
 * systems without RENAME_EXCHANGE (DECKGEN_NO_RENAME_EXCHANGE) or also
 * without symbolic links, like exFAT (DECKGEN_NO_SYMLINKS). */
static int env_on(const char *name) {
  const char *e = getenv(name);
  return e && *e && strcmp(e, "0");
}

static int no_exchange_forced(void) {
  return env_on("DECKGEN_NO_RENAME_EXCHANGE");
}

static void note(const char *msg) {
  /* one write per message: lines of concurrent runs never mix */
  (void)dg_write_all(2, msg, strlen(msg));
}

/* A batch worker's lock of the deck before, still held and still at that
 * deck's name: renamed to the next deck's name (RENAME_NOREPLACE), it is
 * that deck's lock at once, and no lock file is made and removed per deck
 * (on ext4 without a journal a removed inode is skipped by every file made
 * in the next 30 s: the batch's lock files were a scan that grew with
 * every deck). A waiter for the deck before opens its name and finds
 * nothing or a new file; one that still holds the renamed file sees
 * another inode at the name once it gets it (take_lock). Only kept while
 * a survey of the folder is active (a batch), and given up by
 * dg_pub_survey(NULL). */
static struct {
  int fd; /* the held lock, or -1 */
  char *path;
} spare = {-1, NULL};

static void spare_drop(void) {
  if (spare.path && spare.fd >= 0) {
    unlink(spare.path); /* while still holding it: see take_lock */
    close(spare.fd);
  }
  free(spare.path);
  spare.path = NULL;
  spare.fd = -1;
}

/* The spare renamed to p->lock, if it is in p's folder and no file has
 * that name: then p holds its lock. */
static int spare_take(dg_pub *p) {
  if (spare.fd < 0)
    return 0;
  const char *slash = strrchr(spare.path, '/');
  size_t k = slash ? (size_t)(slash - spare.path) : 0;
  if (!slash || strlen(p->outdir) != k || strncmp(spare.path, p->outdir, k) ||
      renameat2(AT_FDCWD, spare.path, AT_FDCWD, p->lock, RENAME_NOREPLACE)) {
    spare_drop();
    return 0;
  }
  p->lockfd = spare.fd;
  free(spare.path);
  spare.path = NULL;
  spare.fd = -1;
  return 1;
}

/* Takes OUTDIR/.<id>.lock. The file is removed by its holder when done;
 * a waiter that then locks the removed file sees another inode at the
 * name and tries again, so two runs never both hold "the" lock. */
static int take_lock(dg_ctx *ctx, dg_pub *p) {
  if (spare_take(p))
    return 0;
  const char *w = getenv("DECKGEN_LOCK_WAIT");
  long max_ms = (w && *w ? atol(w) : 120) * 1000, waited_ms = 0;
  int told = 0;
  for (;;) {
    int fd = open(p->lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) {
      dg_error(ctx, (dg_pos){p->lock, 0, 0}, "cannot create the lock file: %s",
               errno == ELOOP ? "it is a symbolic link" : strerror(errno));
      return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
      struct stat a, b;
      if (fstat(fd, &a) == 0 && lstat(p->lock, &b) == 0 &&
          a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
        char pid[32];
        int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
        if (ftruncate(fd, 0) == 0 && write(fd, pid, (size_t)n) < 0)
          n = 0;
        p->lockfd = fd;
        return 0;
      }
      close(fd); /* its holder removed it meanwhile: take the new one */
      continue;
    }
    int err = errno;
    char buf[32] = {0};
    long holder = 0;
    if (pread(fd, buf, sizeof buf - 1, 0) > 0)
      holder = atol(buf);
    close(fd);
    if (err != EWOULDBLOCK) {
      dg_error(ctx, (dg_pos){p->lock, 0, 0}, "cannot lock: %s", strerror(err));
      return -1;
    }
    char who[48] = "another deckgen";
    if (holder > 0)
      snprintf(who, sizeof who, "another deckgen (pid %ld)", holder);
    if (waited_ms >= max_ms) {
      dg_error(ctx, (dg_pos){p->dest, 0, 0},
               "%s is writing this output; gave up after %ld s", who,
               max_ms / 1000);
      return -1;
    }
    if (!told) {
      char *m = fmt("deckgen: %s is writing %s; waiting for it (at most %ld "
                    "s)\n",
                    who, p->dest, max_ms / 1000);
      note(m);
      free(m);
      told = 1;
    }
    struct timespec ts = {0, 50 * 1000000L};
    nanosleep(&ts, NULL);
    waited_ms += 50;
  }
}

/* Renderers keep an unchanged file by hard-linking it from p->prev and
 * setting its time: through a link in there (a fonts/ leading elsewhere)
 * that would link and touch another folder's files. deckgen writes no
 * link, FIFO or device into its output, so a previous output holding one
 * was changed by someone else: nothing is reused from it, and it is
 * replaced whole as usual (its links removed, never followed; bad/
 * output-fonts-symlink). */
static void keep_prev_if_own(dg_pub *p) {
  char *rel = dg_tree_foreign(p->prev);
  if (!rel)
    return;
  struct stat st;
  char *at = fmt("%s/%s", p->prev, rel);
  int link = lstat(at, &st) == 0 && S_ISLNK(st.st_mode);
  char *m =
      fmt("deckgen: %s/%s is %s deckgen did not make; it is not "
          "followed, and nothing of the previous output is reused\n",
          p->dest, rel, link ? "a symbolic link" : "a FIFO, device or socket");
  note(m);
  free(m);
  free(at);
  free(rel);
  free(p->prev);
  p->prev = NULL;
}

/* Is OUTDIR/<id> deckgen's own? Sets link_mode, gen and prev, or reports
 * why it is not. */
static int check_dest(dg_ctx *ctx, dg_pub *p) {
  struct stat st;
  if (lstat(p->dest, &st) != 0) {
    if (errno == ENOENT) {
      p->link_mode = -1; /* nothing published yet */
      return 0;
    }
    dg_error(ctx, (dg_pos){p->dest, 0, 0}, "cannot examine: %s",
             strerror(errno));
    return -1;
  }
  if (S_ISLNK(st.st_mode)) {
    char target[512];
    ssize_t n = readlink(p->dest, target, sizeof target - 1);
    target[n > 0 ? n : 0] = 0;
    char *vpre = fmt(".%s.v", p->id);
    long gen = tail_number(target, vpre);
    free(vpre);
    char *real = gen >= 0 ? fmt("%s/%s", p->outdir, target) : NULL;
    char *mark = real ? fmt("%s/" DG_PUB_MARKER, real) : NULL;
    int ours = real && is_real_dir(real) && is_file(mark);
    free(mark);
    if (!ours) {
      free(real);
      dg_error(ctx, (dg_pos){p->dest, 0, 0},
               "is a symbolic link deckgen did not make; deckgen does not "
               "follow it and changed nothing (remove it or choose another "
               "output folder)");
      return -1;
    }
    p->link_mode = 1;
    p->gen = gen;
    p->prev = real;
    keep_prev_if_own(p);
    return 0;
  }
  char *mark = fmt("%s/" DG_PUB_MARKER, p->dest);
  int ours = S_ISDIR(st.st_mode) && (is_file(mark) || legacy_site(p->dest));
  free(mark);
  if (!ours) {
    dg_error(ctx, (dg_pos){p->dest, 0, 0},
             "exists and is not deckgen's output (no " DG_PUB_MARKER
             " file in it); deckgen changed nothing (move it away or "
             "choose another output folder)");
    return -1;
  }
  p->link_mode = 0;
  p->prev = strdup(p->dest);
  keep_prev_if_own(p);
  return 0;
}

/* Removes a version folder deckgen made (it carries the marker): first
 * renamed to .<id>.old-PID, so a kill while it is being emptied leaves a
 * name the next run removes without asking, never a half version. */
static void drop_version(dg_pub *p, const char *path) {
  char *mark = fmt("%s/" DG_PUB_MARKER, path);
  char *old = fmt("%s/.%s.old-%ld", p->outdir, p->id, (long)getpid());
  if (is_real_dir(path) && is_file(mark) && rename(path, old) == 0)
    dg_rm_tree(old);
  free(mark);
  free(old);
}

/* A kill between commit_rename's two renames left OUTDIR/<id> missing
 * and the complete previous output at .<id>.prev-PID: put it back, before
 * anything looks at OUTDIR/<id>. */
static void restore_prev(dg_pub *p) {
  struct stat st;
  if (lstat(p->dest, &st) == 0 || errno != ENOENT)
    return;
  DIR *d = opendir(p->outdir);
  if (!d)
    return;
  char *pre = fmt(".%s.prev-", p->id);
  struct dirent *e;
  int back = 0;
  while (!back && (e = readdir(d))) {
    if (tail_number(e->d_name, pre) < 0)
      continue;
    char *path = fmt("%s/%s", p->outdir, e->d_name);
    char *mark = fmt("%s/" DG_PUB_MARKER, path);
    back = is_real_dir(path) && is_file(mark) && rename(path, p->dest) == 0;
    free(mark);
    free(path);
  }
  closedir(d);
  free(pre);
}

/* A batch publishes many decks into one folder, and each deck's look for
 * what dead runs left (restore_prev, clean_stale) lists the whole folder:
 * O(decks²) names over a batch, a third of a warm 1,788-deck batch's time
 * on tmpfs and more on ext4, whose listing hashes every name. The batch
 * lists it once instead (dg_pub_survey); a deck with no name of its own
 * (".<id>." but for its lock) in that listing skips both scans while this
 * process knows the folder's file system can exchange. What a run killed
 * during the batch leaves for such a deck stays until that deck's next
 * run, which lists again: only left-overs wait, never an output, since
 * every live writer of the id holds the lock while its names exist and
 * the commit then takes the exchange, which needs neither listing. */
static struct {
  char *outdir;
  char **names; /* sorted (strcmp) */
  size_t n;
} survey;

static int by_name(const void *x, const void *y) {
  return strcmp(*(char *const *)x, *(char *const *)y);
}

void dg_pub_survey(const char *outdir) {
  spare_drop();
  for (size_t i = 0; i < survey.n; i++)
    free(survey.names[i]);
  free(survey.names);
  free(survey.outdir);
  memset(&survey, 0, sizeof survey);
  if (!outdir)
    return;
  DIR *d = opendir(outdir);
  if (!d && errno != ENOENT)
    return; /* unknown: every deck lists for itself */
  size_t cap = 0;
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (survey.n == cap) {
      cap = cap ? cap * 2 : 256;
      char **nn = realloc(survey.names, cap * sizeof *nn);
      if (!nn)
        dg_oom();
      survey.names = nn;
    }
    if (!(survey.names[survey.n] = strdup(e->d_name)))
      dg_oom();
    survey.n++;
  }
  if (d)
    closedir(d);
  if (survey.n) /* none (no folder yet): no array to sort */
    qsort(survey.names, survey.n, sizeof *survey.names, by_name);
  survey.outdir = strdup(outdir);
  if (!survey.outdir)
    dg_oom();
}

/* The first name in the survey not below key. */
static size_t survey_at(const char *key) {
  size_t lo = 0, hi = survey.n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(survey.names[mid], key) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Was `name` in the survey? */
static int surveyed(const char *name) {
  size_t i = survey_at(name);
  return i < survey.n && !strcmp(survey.names[i], name);
}

/* Did the survey of p->outdir hold no name of this id's but its lock?
 * (".a." also covers another id "a.b"'s names: then a scan, as before.) */
static int survey_clear(const dg_pub *p) {
  if (!survey.outdir || strcmp(survey.outdir, p->outdir))
    return 0;
  char *pre = fmt(".%s.", p->id), *lock = fmt(".%s.lock", p->id);
  size_t k = strlen(pre);
  int clear = 1;
  for (size_t i = survey_at(pre);
       clear && i < survey.n && !strncmp(survey.names[i], pre, k); i++)
    clear = !strcmp(survey.names[i], lock);
  free(pre);
  free(lock);
  return clear;
}

/* Can the file system holding dir exchange two names? Asked once per
 * process and file system: the probe's two files, created and removed for
 * every deck, were inodes ext4 then refuses to reuse for a while, which
 * every later file of the batch scanned past. */
static struct {
  dev_t dev;
  int known, ok;
} exchange_seen;

static void exchange_note(const struct stat *st, int ok) {
  exchange_seen.dev = st->st_dev;
  exchange_seen.known = 1;
  exchange_seen.ok = ok;
}

static int exchange_known_ok(const char *dir) {
  struct stat st;
  return exchange_seen.known && exchange_seen.ok && stat(dir, &st) == 0 &&
         st.st_dev == exchange_seen.dev;
}

/* Removes what dead runs left for this id: temporary folders, links not
 * yet renamed into place, versions no longer published. Called with the
 * lock held: every live writer of this id holds it while its temporary
 * names exist, so any found now belong to a run that is gone. */
static void clean_stale(dg_pub *p, int *exact) {
  DIR *d = opendir(p->outdir);
  *exact = !d; /* unknown: not a reason to refuse */
  if (!d)
    return;
  char *tmp = fmt(".%s.tmp-", p->id), *old = fmt(".%s.old-", p->id),
       *lnk = fmt(".%s.lnk-", p->id), *ver = fmt(".%s.v", p->id),
       *aside = fmt(".%s.prev-", p->id);
  p->max_gen = p->link_mode == 1 ? p->gen : 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    const char *n = e->d_name;
    if (!strcmp(n, p->id))
      *exact = 1;
    if (n[0] != '.')
      continue;
    char *path = fmt("%s/%s", p->outdir, n);
    struct stat st;
    long g = tail_number(n, ver);
    if (g > p->max_gen)
      p->max_gen = g; /* never reuse a version's name */
    if (tail_number(n, tmp) >= 0 || tail_number(n, old) >= 0)
      dg_rm_tree(path);
    else if (tail_number(n, lnk) >= 0) {
      if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
        unlink(path);
    } else if ((g >= 0 && !(p->link_mode == 1 && g == p->gen)) ||
               tail_number(n, aside) >= 0)
      drop_version(p, path);
    free(path);
  }
  closedir(d);
  free(tmp);
  free(old);
  free(lnk);
  free(ver);
  free(aside);
}

static void release(dg_pub *p) {
  if (p->lockfd >= 0 && survey.outdir && !strcmp(survey.outdir, p->outdir)) {
    spare_drop(); /* none: spare_take gave it to p */
    spare.fd = p->lockfd;
    spare.path = strdup(p->lock);
    if (!spare.path)
      dg_oom();
    p->lockfd = -1;
  }
  if (p->lockfd >= 0) {
    unlink(p->lock); /* while still holding it: see take_lock */
    close(p->lockfd);
    p->lockfd = -1;
  }
}

static void pub_free(dg_pub *p) {
  free(p->dest);
  free(p->dir);
  free(p->prev);
  free(p->outdir);
  free(p->id);
  free(p->lock);
  memset(p, 0, sizeof *p);
  p->lockfd = -1;
}

int dg_pub_begin(dg_ctx *ctx, dg_pub *p, const char *outdir, const char *id) {
  memset(p, 0, sizeof *p);
  p->lockfd = -1;
  if (!*id || id[0] == '.' || strchr(id, '/') || strlen(id) > 200) {
    dg_error(ctx, (dg_pos){outdir, 0, 0},
             "the output name \"%s\" cannot name a folder", id);
    return -1;
  }
  if (dg_mkdirs(outdir)) {
    if (errno == ELOOP)
      dg_error(ctx, (dg_pos){outdir, 0, 0},
               "the output folder is a loop of symbolic links");
    else
      dg_error(ctx, (dg_pos){outdir, 0, 0}, "cannot create output folder: %s",
               strerror(errno));
    return -1;
  }
  p->outdir = strdup(outdir);
  p->id = strdup(id);
  p->dest = fmt("%s/%s", outdir, id);
  p->lock = fmt("%s/.%s.lock", outdir, id);
  if (take_lock(ctx, p)) {
    pub_free(p);
    return -1;
  }
  /* nothing of this id's in the batch's listing, and the commit will be
   * an exchange (no version number to find): no scan (see survey) */
  int quiet =
      survey_clear(p) && !no_exchange_forced() && exchange_known_ok(p->outdir);
  if (!quiet)
    restore_prev(p);
  if (check_dest(ctx, p)) {
    release(p);
    pub_free(p);
    return -1;
  }
  /* a folder found at OUTDIR/<id> but listed under another name is
   * another deck's, met through a file system that ignores case (exFAT,
   * macOS, Windows shares): "a" must not replace "A" */
  int exact = 1;
  if (quiet && p->link_mode == 0 && !surveyed(p->id))
    quiet = 0; /* made since the listing: is it this name? a scan says */
  if (!quiet || p->link_mode == 1)
    clean_stale(p, &exact);
  else
    p->max_gen = 0;
  if (p->link_mode == 0 && !exact) {
    dg_error(ctx, (dg_pos){p->dest, 0, 0},
             "is another deck's output here: this file system ignores case, "
             "and a folder whose name differs only in case or Unicode form "
             "is in its place; deckgen changed nothing (give the deck "
             "another id or another output folder)");
    release(p);
    pub_free(p);
    return -1;
  }
  p->dir = fmt("%s/.%s.tmp-%ld", outdir, id, (long)getpid());
  char *mark = fmt("%s/" DG_PUB_MARKER, p->dir);
  int bad = mkdir(p->dir, 0755) != 0;
  if (bad)
    dg_error(ctx, (dg_pos){p->dir, 0, 0}, "cannot create folder: %s",
             strerror(errno));
  else {
    /* linked from the previous output like any unchanged file: a file
     * made for every deck and one removed with the old folder are two
     * inodes for ext4's allocator */
    char *was = p->prev ? fmt("%s/" DG_PUB_MARKER, p->prev) : NULL;
    bad = dg_write_or_link(ctx, mark, MARKER_TEXT, sizeof MARKER_TEXT - 1, was);
    free(was);
  }
  free(mark);
  if (bad) {
    dg_pub_end(p);
    return -1;
  }
  return 0;
}

/* Can this file system exchange two names? Tried on two empty files in
 * the temporary folder, which nobody else looks at. */
static int can_exchange(const char *dir) {
  if (no_exchange_forced())
    return 0;
  struct stat st;
  int have = stat(dir, &st) == 0;
  if (have && exchange_seen.known && st.st_dev == exchange_seen.dev)
    return exchange_seen.ok;
  char *a = fmt("%s/.x1", dir), *b = fmt("%s/.x2", dir);
  int fa = open(a, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  int fb = open(b, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  int ok = fa >= 0 && fb >= 0 &&
           renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0;
  if (fa >= 0)
    close(fa);
  if (fb >= 0)
    close(fb);
  unlink(a);
  unlink(b);
  free(a);
  free(b);
  if (have)
    exchange_note(&st, ok);
  return ok;
}

/* Can this file system hold a symbolic link? Tried in the temporary
 * folder; only a failure that says the file system has none counts (any
 * other shows again, reported, when the link is made). */
static int can_symlink(const char *dir) {
  if (env_on("DECKGEN_NO_SYMLINKS"))
    return 0;
  char *l = fmt("%s/.s1", dir);
  int ok = symlink(".", l) == 0 ||
           !(errno == ENOSYS || errno == EPERM || errno == EOPNOTSUPP);
  unlink(l);
  free(l);
  return ok;
}

/* The fallback: OUTDIR/<id> is a symlink to .<id>.vN, replaced by
 * rename(2) of a new symlink to .<id>.vN+1. */
static int commit_link(dg_ctx *ctx, dg_pub *p, char **trash) {
  char *name = fmt(".%s.v%ld", p->id, p->max_gen + 1);
  char *ver = fmt("%s/%s", p->outdir, name);
  char *lnk = fmt("%s/.%s.lnk-%ld", p->outdir, p->id, (long)getpid());
  int rc = -1;
  unlink(lnk);
  if (rename(p->dir, ver) != 0)
    dg_error(ctx, (dg_pos){p->dest, 0, 0}, "cannot move the output in: %s",
             strerror(errno));
  else {
    if (symlink(name, lnk) != 0 || rename(lnk, p->dest) != 0) {
      dg_error(ctx, (dg_pos){p->dest, 0, 0}, "cannot replace the link: %s",
               strerror(errno));
      unlink(lnk);
      rename(ver, p->dir); /* back to the temporary name dg_pub_end removes */
    } else {
      free(p->dir);
      p->dir = NULL;
      /* the previous version goes under a name any later run may remove
       * (see drop_version) */
      char *old = fmt("%s/.%s.old-%ld", p->outdir, p->id, (long)getpid());
      char *cur = fmt("%s/.%s.v%ld", p->outdir, p->id, p->gen);
      if (p->link_mode == 1 && rename(cur, old) == 0)
        *trash = old;
      else
        free(old);
      free(cur);
      rc = 0;
    }
  }
  free(name);
  free(ver);
  free(lnk);
  return rc;
}

/* Neither exchange nor symbolic links (exFAT, FAT, some network shares):
 * the published folder is renamed aside to .<id>.prev-PID, the new one
 * renamed in, and only then the previous one dropped. OUTDIR/<id> is
 * missing for the moment between the two renames, never half written; a
 * kill in that moment leaves the complete previous output aside, and the
 * next run puts it back before anything else (restore_prev;
 * tests/commit.sh kills runs in this mode too). */
static int commit_rename(dg_ctx *ctx, dg_pub *p, char **trash) {
  char *aside = fmt("%s/.%s.prev-%ld", p->outdir, p->id, (long)getpid());
  int rc = -1;
  if (rename(p->dest, aside) != 0)
    dg_error(ctx, (dg_pos){p->dest, 0, 0},
             "cannot move the previous output aside: %s", strerror(errno));
  else if (rename(p->dir, p->dest) != 0) {
    dg_error(ctx, (dg_pos){p->dest, 0, 0}, "cannot move the output in: %s",
             strerror(errno));
    rename(aside, p->dest);
  } else {
    free(p->dir);
    p->dir = NULL;
    /* under a name any later run may remove (see drop_version) */
    char *old = fmt("%s/.%s.old-%ld", p->outdir, p->id, (long)getpid());
    if (rename(aside, old) == 0)
      *trash = old;
    else
      free(old);
    rc = 0;
  }
  free(aside);
  return rc;
}

int dg_pub_commit(dg_ctx *ctx, dg_pub *p, char **trash) {
  *trash = NULL;
  if (p->link_mode == 1)
    return commit_link(ctx, p, trash);
  /* nothing published yet: a folder where it can be exchanged later, or
   * where nothing better than commit_rename can ever replace it */
  if (p->link_mode < 0 && !can_exchange(p->dir) && can_symlink(p->dir))
    return commit_link(ctx, p, trash);
  if (p->link_mode < 0) {
    if (rename(p->dir, p->dest) != 0) {
      dg_error(ctx, (dg_pos){p->dest, 0, 0}, "cannot move the output in: %s",
               strerror(errno));
      return -1;
    }
    free(p->dir);
    p->dir = NULL;
    return 0;
  }
  if (no_exchange_forced() ||
      renameat2(AT_FDCWD, p->dir, AT_FDCWD, p->dest, RENAME_EXCHANGE) != 0) {
    int e = no_exchange_forced() ? EINVAL : errno;
    if ((e == EINVAL || e == ENOSYS || e == EOPNOTSUPP) && !can_symlink(p->dir))
      return commit_rename(ctx, p, trash);
    if (e == EINVAL || e == ENOSYS || e == EOPNOTSUPP)
      dg_error(ctx, (dg_pos){p->dest, 0, 0},
               "this file system cannot exchange two folders atomically "
               "(no RENAME_EXCHANGE), so this folder cannot be replaced "
               "without a moment in which it is missing; remove it once and "
               "deckgen will publish it as a link to a versioned folder");
    else
      dg_error(ctx, (dg_pos){p->dest, 0, 0}, "cannot replace the folder: %s",
               strerror(e));
    return -1;
  }
  /* an exchange that worked answers the probe for this file system (a
   * re-run into a batch's folder never probes: every deck is there) */
  struct stat st;
  if (stat(p->outdir, &st) == 0)
    exchange_note(&st, 1);
  /* the temporary name now holds the previous output */
  *trash = p->dir;
  p->dir = NULL;
  return 0;
}

void dg_pub_end(dg_pub *p) {
  if (p->dir)
    dg_rm_tree(p->dir);
  release(p);
  pub_free(p);
}
