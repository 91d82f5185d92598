/* watch: the edit loop. Watches the folders holding the deck, its theme
 * and its datasets (editors save by writing a new file and renaming it, so
 * the folder sees the change), and the folders holding any symbolic link
 * on their paths, and re-runs the pipeline in this process once one of
 * those files is complete: renamed into place (at once), or closed after
 * writing and then left alone for QUIET_MS. Fonts, shaped strings, font
 * programs and unchanged pages' compressed content stay in memory, so a
 * re-render costs parse, bind, layout and writing what changed. */
#include "cli/watch.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "deck/parse.h"

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1000 + ts.tv_nsec / 1e6;
}

static char *dir_of(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? strndup(path, (size_t)(s - path)) : strdup(".");
}

/* The file names (without folder) whose saving triggers a render. */
typedef struct names {
  char *v[128];
  int n;
} names;

static void add_name(names *nm, const char *path) {
  const char *b = strrchr(path, '/');
  b = b ? b + 1 : path;
  for (int i = 0; i < nm->n; i++)
    if (!strcmp(nm->v[i], b))
      return;
  if (nm->n < 128)
    nm->v[nm->n++] = strdup(b);
}

static int has_name(const names *nm, const char *b) {
  for (int i = 0; i < nm->n; i++)
    if (!strcmp(nm->v[i], b))
      return 1;
  return 0;
}

/* Every watch gets the same mask (a folder watched twice keeps it): saves
 * (closed after writing, renamed in), writes (which prolong the wait for a
 * file written in place), names created or removed (a link switched with
 * ln -sfn), and the watched folder itself removed or moved away. */
#define WATCH_MASK                                                             \
  (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MODIFY | IN_CREATE | IN_DELETE |          \
   IN_DELETE_SELF | IN_MOVE_SELF)

/* A file closed after writing is read once no write to an input came for
 * QUIET_MS: one appended to piece by piece (open, append, close, again)
 * is rendered once, whole, not at each close (tests/watch-rearm.sh). A
 * file renamed into place is whole at once and rendered without waiting.
 * One that never stops changing is rendered after QUIET_MAX_MS anyway. */
#define QUIET_MS 100
#define QUIET_MAX_MS 2000

/* The folders watched. A folder that is removed or moved away (editors and
 * sync tools replace whole folders: rm -r data/x; cp -r copy data/x) loses
 * its watch: it is "lost" (wd -1) and its nearest existing ancestor is
 * watched until it is back, then it is watched again and the deck rendered
 * (tests/watch-rearm.sh; without this --watch went silent). */
typedef struct watches {
  char *dir[64];
  int wd[64];
  dev_t dev[64]; /* what dir led to when it was watched: a link on its */
  ino_t ino[64]; /* path switched since shows as another folder */
  int n;
  char *anc[64]; /* ancestors watched for lost folders, and the folders
                    holding links on the watched paths */
  int nanc;
} watches;

static void watch_ancestor(int fd, watches *w, const char *dir) {
  char *p = strdup(dir);
  for (;;) {
    char *s = strrchr(p, '/');
    if (!s || s == p) {
      /* relative path at its top: the working folder; "/": root */
      if (!s) {
        free(p);
        p = strdup(".");
      } else
        p[1] = 0;
      break;
    }
    *s = 0;
    struct stat st;
    if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
      break;
  }
  for (int i = 0; i < w->nanc; i++)
    if (!strcmp(w->anc[i], p)) {
      free(p);
      return;
    }
  if (w->nanc < 64 && inotify_add_watch(fd, p, WATCH_MASK) >= 0)
    w->anc[w->nanc++] = p;
  else
    free(p);
}

/* Records what watch i's path leads to now (through any links). */
static void note_identity(watches *w, int i) {
  struct stat st;
  if (stat(w->dir[i], &st) != 0)
    st.st_dev = 0, st.st_ino = 0;
  w->dev[i] = st.st_dev;
  w->ino[i] = st.st_ino;
}

/* Watches the folder holding each symbolic link on path (the path up to
 * the link, for a link met before its end): replacing the link (ln -sfn)
 * is an event there, while the watch on what it led to sees nothing. */
static void watch_links(int fd, watches *w, const char *path) {
  char *p = strdup(path);
  for (char *s = p + 1;; s++) {
    if (*s != '/' && *s)
      continue;
    char c = *s;
    *s = 0;
    struct stat st;
    if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode)) {
      char *d = dir_of(p);
      int known = 0;
      for (int i = 0; i < w->nanc && !known; i++)
        known = !strcmp(w->anc[i], d);
      if (!known && w->nanc < 64 && inotify_add_watch(fd, d, WATCH_MASK) >= 0)
        w->anc[w->nanc++] = d;
      else
        free(d);
    }
    *s = c;
    if (!c)
      break;
  }
  free(p);
}

/* Is wd the watch of another entry than i? */
static int shared_wd(const watches *w, int i, int wd) {
  for (int k = 0; k < w->n; k++)
    if (k != i && w->wd[k] == wd)
      return 1;
  return 0;
}

/* Re-resolves every watched folder's path: one whose links now lead to
 * another folder is watched there instead (its old target dropped), and
 * reported. Called after every event. Returns how many moved. */
static int relink(int fd, watches *w) {
  int moved = 0;
  for (int i = 0; i < w->n; i++) {
    struct stat st;
    if (w->wd[i] < 0 || stat(w->dir[i], &st) != 0 ||
        (st.st_dev == w->dev[i] && st.st_ino == w->ino[i]))
      continue;
    int old = w->wd[i];
    w->wd[i] = inotify_add_watch(fd, w->dir[i], WATCH_MASK | IN_ONLYDIR);
    if (old != w->wd[i] && !shared_wd(w, i, old))
      inotify_rm_watch(fd, old);
    if (w->wd[i] < 0) { /* not a folder now: lost until rearm sees it */
      watch_ancestor(fd, w, w->dir[i]);
      continue;
    }
    note_identity(w, i);
    watch_links(fd, w, w->dir[i]);
    const char *d = w->dir[i];
    fprintf(stderr, "deckgen: %s leads to another folder now; watching it\n",
            strncmp(d, "./", 2) ? d : d + 2);
    moved++;
  }
  return moved;
}

/* Watches the lost folders that exist again; returns how many. */
static int rearm(int fd, watches *w) {
  int back = 0;
  for (int i = 0; i < w->n; i++) {
    if (w->wd[i] >= 0)
      continue;
    w->wd[i] = inotify_add_watch(fd, w->dir[i], WATCH_MASK | IN_ONLYDIR);
    if (w->wd[i] >= 0) {
      note_identity(w, i);
      watch_links(fd, w, w->dir[i]);
      const char *d = w->dir[i];
      fprintf(stderr, "deckgen: %s was replaced; watching it again\n",
              strncmp(d, "./", 2) ? d : d + 2);
      back++;
    } else
      watch_ancestor(fd, w, w->dir[i]);
  }
  return back;
}

static void lose(int fd, watches *w, int wd, int removed);

/* Reads events until none came for SETTLE_MS: a folder put back by a copy
 * is rendered once, from all its files, not once per file copied. */
#define SETTLE_MS 200
static void settle(int fd, watches *w) {
  struct pollfd p = {fd, POLLIN, 0};
  while (poll(&p, 1, SETTLE_MS) > 0) {
    char buf[8192] __attribute__((aligned(8)));
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0)
      return;
    for (char *q = buf; q < buf + n;) {
      const struct inotify_event *e = (const struct inotify_event *)q;
      if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED))
        lose(fd, w, e->wd, !(e->mask & IN_MOVE_SELF));
      q += sizeof *e + e->len;
    }
    relink(fd, w);
    rearm(fd, w);
  }
}

/* The watch wd no longer follows its folder's path. */
static void lose(int fd, watches *w, int wd, int removed) {
  for (int i = 0; i < w->n; i++)
    if (w->wd[i] == wd) {
      if (!removed) /* moved away: the watch would follow it */
        inotify_rm_watch(fd, wd);
      w->wd[i] = -1;
      watch_ancestor(fd, w, w->dir[i]);
    }
}

/* Adds a watch on the folder of path (once per folder), on the folders
 * holding links on its way, and, when path itself is a link, on the
 * folder of the file it leads to. */
static void watch_dir_of(int fd, const char *path, watches *w, names *nm) {
  add_name(nm, path);
  struct stat st;
  if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
    char *real = realpath(path, NULL);
    if (real)
      watch_dir_of(fd, real, w, nm); /* no link left on its way */
    free(real);
  }
  char *d = dir_of(path);
  watch_links(fd, w, d);
  for (int i = 0; i < w->n; i++)
    if (!strcmp(w->dir[i], d)) {
      free(d);
      return;
    }
  int wd = w->n < 64 ? inotify_add_watch(fd, d, WATCH_MASK) : -1;
  if (wd >= 0) {
    w->dir[w->n] = d;
    w->wd[w->n] = wd;
    note_identity(w, w->n++);
  } else
    free(d);
}

/* The deck as last parsed: kept while its bytes stay the same (a save of
 * a dataset leaves the deck as it was). */
typedef struct deck_memo {
  dg_arena *a;
  dg_node *root;
  char *bytes;
  size_t len;
} deck_memo;

static void memo_clear(deck_memo *m) {
  dg_arena_free(m->a);
  free(m->bytes);
  memset(m, 0, sizeof *m);
}

static dg_node *parse_deck(dg_ctx *ctx, const char *path, const char *schema,
                           deck_memo *m) {
  size_t len = 0;
  char *bytes = dg_read_file(ctx, path, DG_XML_MAX_BYTES, &len);
  if (!bytes) {
    memo_clear(m);
    return NULL;
  }
  if (m->root && len == m->len && !memcmp(bytes, m->bytes, len)) {
    free(bytes);
    return m->root;
  }
  memo_clear(m);
  m->a = dg_arena_new();
  m->root = dg_parse_memory(ctx, m->a, path, bytes, len, schema);
  m->bytes = bytes;
  m->len = len;
  if (!m->root)
    memo_clear(m);
  return m->root;
}

/* One render; returns 0 on success. Every input is read again, so every
 * edit is seen; an unchanged deck is not parsed again. */
static int render(const char *deck_path, const char *schema,
                  const dg_run_opts *o, dg_text **tx, int fd, watches *w,
                  names *nm, deck_memo *dm, int first) {
  dg_ctx ctx = {0, stderr, NULL};
  dg_arena *a = dg_arena_new();
  double t0 = now_ms();
  int rc = -1;
  dg_mark("wait");
  dg_confine conf; /* the deck file itself: no link below the project */
  dg_bind_confine(&ctx, &o->bind, &conf);
  dg_node *n = parse_deck(&ctx, deck_path, schema, dm);
  ctx.confine = NULL;
  dg_mark("parse");
  if (n) {
    /* watch what this version of the deck reads */
    watch_dir_of(fd, deck_path, w, nm);
    const char *theme = dg_node_attr(n, "theme");
    if (theme) {
      char *dd = dir_of(deck_path);
      watch_dir_of(fd, dg_printf(a, "%s/%s", dd, theme), w, nm);
      free(dd);
    }
    const char **inputs;
    int ni = dg_bind_inputs(&ctx, a, n, &o->bind, &inputs);
    for (int i = 0; i < ni; i++)
      watch_dir_of(fd, inputs[i], w, nm);
    char *trash = NULL;
    dg_buf changed = {0};
    dg_run_opts ro = *o;
    ro.trash = &trash;
    ro.changed = o->pdf && !first ? &changed : NULL;
    struct timespec done = {0, 0};
    ro.committed = &done;
    rc = dg_run_deck(&ctx, tx, n, deck_path, &ro);
    /* from the save being noticed to every output in place */
    double ms = done.tv_sec || done.tv_nsec
                    ? (double)done.tv_sec * 1000 + done.tv_nsec / 1e6 - t0
                    : now_ms() - t0;
    if (rc)
      fprintf(stderr, "deckgen: failed in %.1f ms\n", ms);
    else if (!ro.changed)
      fprintf(stderr, "deckgen: rendered in %.1f ms\n", ms);
    else
      fprintf(stderr, "deckgen: rendered in %.1f ms (%s%s)\n", ms,
              changed.len ? "changed: slide " : "no slide changed",
              changed.len ? changed.data : "");
    dg_buf_free(&changed);
    /* the previous site goes once the new one is reported in place */
    if (trash)
      dg_rm_tree(trash);
    free(trash);
  } else
    fprintf(stderr, "deckgen: failed in %.1f ms\n", now_ms() - t0);
  dg_arena_free(a);
  return rc;
}

int dg_watch(const char *deck_path, const char *schema, const dg_run_opts *o,
             int max_runs) {
  int fd = inotify_init1(IN_CLOEXEC);
  if (fd < 0) {
    fprintf(stderr, "deckgen: error: inotify: %s\n", strerror(errno));
    return 1;
  }
  watches w = {0};
  names nm = {{0}, 0};
  deck_memo dm = {0};
  dg_text *tx = NULL;
  /* the theme, like the deck, parsed again only when its bytes change */
  dg_theme_memo tm = {NULL, NULL, NULL, NULL, 1, NULL, 0};
  dg_run_opts wo = *o;
  wo.bind.theme_memo = &tm;
  o = &wo;
  int rc = render(deck_path, schema, o, &tx, fd, &w, &nm, &dm, 1);
  fprintf(stderr, "deckgen: watching %d folder%s; Ctrl-C to stop\n", w.n,
          w.n == 1 ? "" : "s");
  for (int runs = 0; max_runs <= 0 || runs < max_runs; runs++) {
    /* wait until one of the inputs is complete: renamed into place (go
     * now), or written in place and then quiet (go at `due`) */
    int go = 0;
    double due = 0, limit = 0;
    while (!go) {
      if (due) {
        double t = now_ms(), left = (due < limit ? due : limit) - t;
        struct pollfd pf = {fd, POLLIN, 0};
        int r = left > 0 ? poll(&pf, 1, (int)left + 1) : 0;
        if (r == 0)
          break;
        if (r < 0 && errno != EINTR)
          goto out;
        if (r < 0)
          continue;
      }
      char buf[8192] __attribute__((aligned(8)));
      ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0)
        goto out;
      int lost = 0, created = 0;
      for (char *p = buf; p < buf + n;) {
        const struct inotify_event *e = (const struct inotify_event *)p;
        int input = e->len && has_name(&nm, e->name);
        if (input && (e->mask & IN_MOVED_TO))
          go = 1;
        else if (input && ((e->mask & IN_CLOSE_WRITE) ||
                           (due && (e->mask & IN_MODIFY)))) {
          due = now_ms() + QUIET_MS;
          if (!limit)
            limit = now_ms() + QUIET_MAX_MS;
        }
        if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
          lose(fd, &w, e->wd, !(e->mask & IN_MOVE_SELF));
          lost = 1;
        }
        if (e->mask & (IN_CREATE | IN_MOVED_TO))
          created = 1;
        p += sizeof *e + e->len;
      }
      /* a link on a watched folder's path switched (ln -sfn), or a folder
       * back in place: render from it once it is filled (no event for
       * SETTLE_MS; it may also have been filled already) */
      int moved = relink(fd, &w);
      if (((lost || created) && rearm(fd, &w)) || moved) {
        go = 1;
        settle(fd, &w);
      }
    }
    rc = render(deck_path, schema, o, &tx, fd, &w, &nm, &dm, 0);
  }
out:
  dg_text_free(tx);
  memo_clear(&dm);
  dg_theme_memo_free(&tm);
  for (int i = 0; i < w.n; i++)
    free(w.dir[i]);
  for (int i = 0; i < w.nanc; i++)
    free(w.anc[i]);
  for (int i = 0; i < nm.n; i++)
    free(nm.v[i]);
  close(fd);
  return rc ? 1 : 0;
}
