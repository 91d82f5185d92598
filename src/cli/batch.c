/* batch: fan-out of the single-deck pipeline. The template is parsed and
 * the datasets read once in the parent; workers are forked afterwards
 * (copy-on-write), each loads the fonts, collects the datasets' characters
 * and parses the theme once, and takes runs of neighbouring decks from a
 * shared counter. A failed deck is reported with its id and the others
 * still finish. */
#include "cli/batch.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "deck/parse.h"
#include "output/publish.h"

typedef struct item {
  const char *id;
  const char *fonts;    /* manifest: the deck's project fonts (or NULL) */
  const char *schema;   /* manifest: the schema its template was checked by */
  int failed;           /* manifest: the deck did not parse (reported) */
  const char *deck;     /* path of the template */
  const dg_node *root;  /* parsed template */
  const char *root_dir; /* project root for its datasets */
  dg_table *group;      /* filtered dataset (group-by) or NULL */
  dg_table **tables;    /* every dataset of the deck, read once (group-by) */
  int ntables;
} item;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Group values become part of file names: keep them to [A-Za-z0-9_-]. */
static int safe_name(const char *s) {
  if (!*s || strlen(s) > 64)
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
          (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
      return 0;
  return 1;
}

/* A name as a file system that ignores case sees it (macOS, Windows
 * shares, exFAT): compatibility-normalised (NFKC) and case-folded, so "A"
 * and "a", a full-width "Ａ" and "A", an NFD and an NFC "é" give one key.
 * Ids are ASCII today (safe_name); the key stays right if they widen.
 * Returns a GLib string (g_free). */
static char *fold_key(const char *s) {
  char *n = g_utf8_normalize(s, -1, G_NORMALIZE_NFKC);
  char *f = g_utf8_casefold(n ? n : s, -1);
  char *k = g_utf8_normalize(f, -1, G_NORMALIZE_NFKC);
  g_free(n);
  g_free(f);
  return k ? k : g_strdup(s);
}

typedef struct keyed {
  char *key;
  int i;
} keyed;
static int by_key(const void *x, const void *y) {
  const keyed *a = x, *b = y;
  int k = strcmp(a->key, b->key);
  return k ? k : (a->i > b->i) - (a->i < b->i);
}

/* For each of names[0..n-1]: the first earlier name that is the same
 * folder on a file system that ignores case (fold_key), or -1; in
 * clash[] (n entries). Sorting keeps it O(n log n) for a 40,000-deck
 * group-by. Returns how many names clash. */
static int fold_clashes(dg_arena *a, const char *const *names, int n,
                        int *clash) {
  keyed *k = dg_alloc_array(a, (size_t)n + 1, sizeof(keyed));
  for (int i = 0; i < n; i++) {
    k[i].key = fold_key(names[i]);
    k[i].i = i;
    clash[i] = -1;
  }
  qsort(k, (size_t)n, sizeof(keyed), by_key);
  int found = 0;
  for (int i = 1, first = 0; i < n; i++) {
    if (strcmp(k[i].key, k[first].key))
      first = i;
    else {
      clash[k[i].i] = k[first].i;
      found++;
    }
  }
  for (int i = 0; i < n; i++)
    g_free(k[i].key);
  return found;
}

/* The rows rows[0..n-1] (ascending) of t, as a table of their own. */
static dg_table *pick_rows(dg_arena *a, const dg_table *t, const int *rows,
                           int n) {
  dg_table *f = dg_alloc(a, sizeof *f);
  *f = *t;
  f->cells = dg_alloc_array(a, (size_t)n + 1,
                            dg_mul_size((size_t)t->ncols, sizeof(dg_cell)));
  for (int i = 0; i < n; i++)
    memcpy(&f->cells[(size_t)i * (size_t)t->ncols],
           dg_table_cell(t, rows[i], 0), (size_t)t->ncols * sizeof(dg_cell));
  f->nrows = n;
  return f;
}

/* Rows ordered by the group column's text, then by row: each group is
 * then one run, its rows in file order (tests/scale.sh: grouping that
 * compared every row with every group found so far, and cut each group by
 * scanning every row, took 40 s over 40,000 groups before the first deck). */
static const dg_table *sort_t;
static int sort_c;
static int by_value(const void *x, const void *y) {
  int a = *(const int *)x, b = *(const int *)y;
  int k = strcmp(dg_table_cell(sort_t, a, sort_c)->text,
                 dg_table_cell(sort_t, b, sort_c)->text);
  return k ? k : (a > b) - (a < b);
}

typedef struct grp {
  int first, start, n; /* first row in the file; run in the sorted rows */
} grp;
static int by_first(const void *x, const void *y) {
  const grp *a = x, *b = y;
  return (a->first > b->first) - (a->first < b->first);
}

static int group_items(dg_ctx *ctx, dg_arena *a, const dg_batch_opts *o,
                       item **out) {
  dg_confine conf;
  const dg_confine *saved = dg_bind_confine(ctx, &o->run.bind, &conf);
  dg_node *root = dg_parse_file(ctx, a, o->deck, o->schema);
  ctx->confine = saved;
  if (!root)
    return -1;
  dg_table **tables;
  int nt = dg_bind_datasets(ctx, a, root, &o->run.bind, &tables);
  if (nt < 0)
    return -1;
  const char *dot = strchr(o->group_by, '.');
  char *tid =
      dot ? dg_strndup(a, o->group_by, (size_t)(dot - o->group_by)) : NULL;
  dg_table *t = NULL;
  for (int i = 0; tid && i < nt; i++)
    if (!strcmp(tables[i]->id, tid))
      t = tables[i];
  int c = t ? dg_table_col(t, dot + 1) : -1;
  if (c < 0) {
    dg_error(ctx, (dg_pos){o->deck, 0, 0},
             "--group-by %s: expected DATASET.COLUMN of a dataset the deck "
             "declares",
             o->group_by);
    return -1;
  }
  const char *base = dg_bind_id(ctx, a, root, tables, nt);
  if (!base)
    return -1;
  int *rows = dg_alloc_array(a, (size_t)t->nrows + 1, sizeof(int));
  for (int r = 0; r < t->nrows; r++)
    rows[r] = r;
  sort_t = t;
  sort_c = c;
  qsort(rows, (size_t)t->nrows, sizeof(int), by_value);
  grp *g = dg_alloc_array(a, (size_t)t->nrows + 1, sizeof(grp));
  int ng = 0;
  for (int i = 0; i < t->nrows; i++) {
    if (i == 0 || strcmp(dg_table_cell(t, rows[i], c)->text,
                         dg_table_cell(t, rows[i - 1], c)->text)) {
      g[ng].first = rows[i];
      g[ng].start = i;
      g[ng].n = 0;
      ng++;
    }
    g[ng - 1].n++;
  }
  /* decks in the order their groups first appear (--shard depends on it) */
  qsort(g, (size_t)ng, sizeof(grp), by_first);
  item *items = dg_alloc_array(a, (size_t)ng + 1, sizeof(item));
  const dg_cell **vals = dg_alloc_array(a, (size_t)ng + 1, sizeof *vals);
  int n = 0;
  for (int k = 0; k < ng; k++) {
    const dg_cell *cell = dg_table_cell(t, g[k].first, c);
    const char *v = cell->text;
    if (!safe_name(v)) {
      dg_error(ctx, cell->pos,
               "group value \"%s\" cannot name a file (use a code column of "
               "letters, digits, - and _)",
               v);
      return -1;
    }
    vals[n] = cell;
    items[n].id = dg_printf(a, "%s-%s", base ? base : "deck", v);
    items[n].deck = o->deck;
    items[n].root = root;
    items[n].root_dir = o->run.bind.root;
    items[n].group = pick_rows(a, t, rows + g[k].start, g[k].n);
    items[n].tables = tables;
    items[n].ntables = nt;
    n++;
  }
  /* two decks a file system that ignores case would put in one folder:
   * refused before anything is written, or one overwrites the other and
   * both say "ok" (bad/group-values-differ-in-case) */
  const char **ids = dg_alloc_array(a, (size_t)n + 1, sizeof *ids);
  int *clash = dg_alloc_array(a, (size_t)n + 1, sizeof(int));
  for (int i = 0; i < n; i++)
    ids[i] = items[i].id;
  if (fold_clashes(a, ids, n, clash)) {
    for (int i = 0; i < n; i++)
      if (clash[i] >= 0)
        dg_error(ctx, vals[i]->pos,
                 "group value \"%s\" and group value \"%s\" at %s:%d differ "
                 "only in case or Unicode form: decks \"%s\" and \"%s\" "
                 "would share one output folder on macOS, Windows and exFAT "
                 "(use a code column whose values differ otherwise)",
                 vals[i]->text, vals[clash[i]]->text, vals[clash[i]]->pos.file,
                 vals[clash[i]]->pos.line, items[i].id, items[clash[i]].id);
    return -1;
  }
  /* every worker binds against the filtered table in place of the whole */
  *out = items;
  return n;
}

/* Splits a manifest line into at most max fields: separated by spaces or
 * tabs, a field "in double quotes" may hold spaces. Returns the number of
 * fields (max + 1 when there are more), or -1 for an unclosed quote. */
static int split_fields(char *l, char **f, int max) {
  int n = 0;
  for (;;) {
    while (*l == ' ' || *l == '\t')
      l++;
    if (!*l || *l == '#')
      return n;
    if (n == max)
      return max + 1;
    if (*l == '"') {
      char *end = strchr(l + 1, '"');
      if (!end || (end[1] && end[1] != ' ' && end[1] != '\t'))
        return -1;
      *end = 0;
      f[n++] = l + 1;
      l = end + 1;
      continue;
    }
    f[n++] = l;
    while (*l && *l != ' ' && *l != '\t')
      l++;
    if (*l)
      *l++ = 0;
  }
}

/* A manifest path: absolute, or relative to the manifest's folder. */
static char *manifest_path(dg_arena *a, const char *manifest, const char *p) {
  const char *slash = strrchr(manifest, '/');
  if (p[0] == '/' || !slash)
    return dg_strdup(a, p);
  return dg_printf(a, "%.*s/%s", (int)(slash - manifest), manifest, p);
}

/* Reports a deck's parse errors with its id in front of each line, as a
 * worker reports a failed deck. */
static void report_as(const char *id, const char *msg) {
  if (!msg)
    return;
  const char *l = msg;
  while (*l) {
    const char *nl = strchr(l, '\n');
    size_t n = nl ? (size_t)(nl - l) : strlen(l);
    char *line = NULL;
    int k = asprintf(&line, "%s: %.*s\n", id, (int)n, l);
    if (k > 0)
      dg_emit(stderr, line, (size_t)k);
    free(line);
    l += n + (nl ? 1 : 0);
  }
}

static int manifest_items(dg_ctx *ctx, dg_arena *a, const dg_batch_opts *o,
                          item **out) {
  size_t len;
  char *text = dg_read_file(ctx, o->manifest, 16u << 20, &len);
  if (!text)
    return -1;
  int cap = 16, n = 0, line = 0;
  item *items = dg_alloc_array(a, (size_t)cap, sizeof(item));
  int *lines = dg_alloc_array(a, (size_t)cap, sizeof(int));
  for (char *l = text, *next; l; l = next) {
    /* every line counts, blank or not */
    next = strchr(l, '\n');
    if (next)
      *next++ = 0;
    else if (!*l)
      break;
    line++;
    size_t ll = strlen(l);
    if (ll && l[ll - 1] == '\r')
      l[ll - 1] = 0;
    char *f[3];
    int nf = split_fields(l, f, 3);
    if (nf == 0)
      continue;
    dg_pos pos = {o->manifest, line, 0};
    if (nf != 3) {
      dg_error(ctx, pos,
               nf < 0 ? "unclosed quote (expected \"ID DECK.xml PROJECT-ROOT\")"
               : nf > 3 ? "more than three fields (a path that holds spaces "
                          "goes in double quotes: \"my decks/a.xml\")"
                        : "expected \"ID DECK.xml PROJECT-ROOT\"");
      continue;
    }
    if (!safe_name(f[0])) {
      dg_error(ctx, pos,
               "deck id \"%s\" cannot name a folder (use letters, digits, - "
               "and _)",
               f[0]);
      continue;
    }
    if (dg_name_windows_reserved(f[0])) {
      dg_error(ctx, pos,
               "deck id \"%s\" cannot name a folder on Windows, which "
               "reserves CON, PRN, AUX, NUL, COM0-9 and LPT0-9 with any "
               "extension (choose another id)",
               f[0]);
      continue;
    }
    int dup = -1;
    for (int k = 0; k < n && dup < 0; k++)
      if (!strcmp(items[k].id, f[0]))
        dup = k;
    if (dup >= 0) {
      dg_error(ctx, pos,
               "deck id \"%s\" is used twice: here and at %s:%d (each deck "
               "needs its own output folder)",
               f[0], o->manifest, lines[dup]);
      continue;
    }
    if (n == cap) {
      item *ni = dg_alloc_array(a, (size_t)cap * 2, sizeof(item));
      memcpy(ni, items, sizeof(item) * (size_t)n);
      items = ni;
      int *nl = dg_alloc_array(a, (size_t)cap * 2, sizeof(int));
      memcpy(nl, lines, sizeof(int) * (size_t)n);
      lines = nl;
      cap *= 2;
    }
    lines[n] = line;
    item *it = &items[n++];
    it->id = dg_strdup(a, f[0]);
    it->deck = manifest_path(a, o->manifest, f[1]);
    it->root_dir = manifest_path(a, o->manifest, f[2]);
    it->fonts = o->fonts ? o->fonts : dg_run_fonts(a, it->root_dir);
  }
  free(text);
  /* ids that are one folder on a file system that ignores case (the
   * manifest's exact duplicates are reported above) */
  const char **ids = dg_alloc_array(a, (size_t)n + 1, sizeof *ids);
  int *clash = dg_alloc_array(a, (size_t)n + 1, sizeof(int));
  for (int i = 0; i < n; i++)
    ids[i] = items[i].id;
  if (fold_clashes(a, ids, n, clash))
    for (int i = 0; i < n; i++)
      if (clash[i] >= 0)
        dg_error(ctx, (dg_pos){o->manifest, lines[i], 0},
                 "deck id \"%s\" and deck id \"%s\" at %s:%d differ only in "
                 "case or Unicode form: one output folder on macOS, Windows "
                 "and exFAT (each deck needs its own output folder)",
                 ids[i], ids[clash[i]], o->manifest, lines[clash[i]]);
  if (ctx->nerrors)
    return -1; /* a wrong manifest renders nothing */
  *out = items;
  return n;
}

/* Parses the templates of a manifest's decks, each once. One that does
 * not parse fails its decks alone (reported with their ids); the others
 * still render. */
static void parse_decks(const dg_batch_opts *o, dg_arena *a, item *items,
                        int n) {
  for (int i = 0; i < n; i++) {
    item *it = &items[i];
    for (int k = 0; k < i && !it->root && !it->failed; k++)
      if (!strcmp(items[k].deck, it->deck)) {
        it->root = items[k].root;
        it->schema = items[k].schema;
        it->failed = items[k].failed;
      }
    if (it->failed)
      report_as(it->id, "error: its template does not parse (see above)");
    if (it->root || it->failed)
      continue;
    char *msg = NULL;
    size_t msglen = 0;
    FILE *err = open_memstream(&msg, &msglen);
    dg_ctx pc = {0, err, NULL};
    it->schema = o->schema;
    dg_bind_opts bo = o->run.bind;
    bo.root = it->root_dir;
    dg_confine conf;
    dg_bind_confine(&pc, &bo, &conf);
    it->root = dg_parse_file(&pc, a, it->deck, it->schema);
    fclose(err);
    if (!it->root) {
      it->failed = 1;
      report_as(it->id, msg);
    }
    free(msg);
  }
}

/* Decks are handed out in runs of neighbours from a counter the workers
 * share: neighbouring decks (groups in file order, a manifest's lines)
 * tend to draw the same characters and so share web fonts, which a worker
 * then finds in its memo or the cache; a worker that is done takes the
 * next run, so none idles while another still has a long list. owner[i]
 * is the worker (1-based) that took deck i, for the report of one that
 * dies. */
typedef struct shared {
  int next;
  int owner[];
} shared;

/* Decks per run: a few per worker and round, at most 32, so the last runs
 * end together. */
static int run_len(int n, int jobs) {
  int k = n / (jobs * 8);
  return k < 1 ? 1 : k > 32 ? 32 : k;
}

/* Worker w renders the runs it takes; one line per deck on fd. */
static void worker(const dg_batch_opts *o, item *items, int n, int w,
                   int jobs, shared *sh, int fd) {
  dg_text *tx = NULL;
  const char *fonts = NULL; /* of the deck before */
  /* the characters of the batch's datasets (every deck's fonts must
   * cover them) and the theme: once per worker, not per deck */
  char *all_chars = NULL;
  const dg_table *const *chars_of = NULL;
  dg_theme_memo tm = {NULL, NULL, NULL, NULL, 0, NULL, 0};
  int len = run_len(n, jobs);
  for (;;) {
    int first = __atomic_fetch_add(&sh->next, len, __ATOMIC_RELAXED);
    if (first >= n)
      break;
    int end = first + len < n ? first + len : n;
    for (int i = first; i < end; i++)
      sh->owner[i] = w + 1;
    for (int i = first; i < end; i++) {
      char *msg = NULL;
      size_t msglen = 0;
      FILE *err = open_memstream(&msg, &msglen);
      dg_ctx ctx = {0, err, NULL};
      dg_run_opts ro = o->run;
      ro.id = items[i].id;
      if (items[i].fonts) {
        /* a manifest deck of another project: its own fonts */
        if (tx && fonts && strcmp(fonts, items[i].fonts)) {
          dg_text_free(tx);
          tx = NULL;
        }
        ro.fonts = fonts = items[i].fonts;
      }
      ro.parallel = 0; /* the workers already fill the cores */
      ro.all_tables = items[i].tables;
      ro.nall_tables = items[i].ntables;
      if (items[i].tables && (const dg_table *const *)items[i].tables !=
                                 chars_of) {
        free(all_chars);
        all_chars = dg_run_table_chars(items[i].tables, items[i].ntables);
        chars_of = (const dg_table *const *)items[i].tables;
      }
      ro.all_chars = items[i].tables ? all_chars : NULL;
      ro.bind.root = items[i].root_dir;
      ro.bind.theme_memo = &tm;
      if (items[i].schema)
        ro.bind.schema = items[i].schema;
      /* the datasets were read once in the parent: the group's own rows
       * in place of its dataset, every other dataset whole */
      dg_table *pre[64];
      int np = 0;
      if (items[i].group) {
        pre[np++] = items[i].group;
        for (int k = 0; k < items[i].ntables && np < 64; k++)
          if (strcmp(items[i].tables[k]->id, items[i].group->id))
            pre[np++] = items[i].tables[k];
        ro.bind.preloaded = pre;
        ro.bind.npreloaded = np;
      }
      double t0 = now_s();
      int rc = dg_run_deck(&ctx, &tx, items[i].root, items[i].deck, &ro);
      fclose(err);
      if (rc) /* each message line prefixed with the deck id */
        report_as(items[i].id, msg);
      free(msg);
      dprintf(fd, "%s %d %.1f\n", rc ? "FAIL" : "OK", i,
              (now_s() - t0) * 1000);
    }
  }
  free(all_chars);
  dg_theme_memo_free(&tm);
  dg_text_free(tx);
  dg_pub_survey(NULL); /* and the lock kept from the last deck */
}

/* Worker w ended with status: names the deck it was rendering and those
 * of its run it never reached, and lists them as failed. */
static void worker_died(const item *items, int m, int w, const shared *sh,
                        const char *reported, int status, FILE *failed) {
  char how[96];
  if (WIFSIGNALED(status))
    snprintf(how, sizeof how, "signal %d (%s)", WTERMSIG(status),
             strsignal(WTERMSIG(status)));
  else
    snprintf(how, sizeof how, "exit status %d", WEXITSTATUS(status));
  const char *dead = NULL, *last = NULL;
  int after = 0;
  char msg[512];
  for (int i = 0; i < m; i++) {
    if (reported[i] || sh->owner[i] != w + 1)
      continue;
    fprintf(failed, " %s", items[i].id);
    if (dead) {
      after++;
      last = items[i].id;
      continue;
    }
    dead = items[i].id;
    snprintf(msg, sizeof msg,
             "deckgen: %s: error: the worker rendering this deck ended with "
             "%s\n",
             dead, how);
    dg_emit(stderr, msg, strlen(msg));
  }
  if (after) {
    snprintf(msg, sizeof msg,
             "deckgen: error: %d more deck%s of that worker not rendered "
             "(after %s, up to %s)\n",
             after, after > 1 ? "s" : "", dead, last);
    dg_emit(stderr, msg, strlen(msg));
  }
}

int dg_batch_run(const dg_batch_opts *o) {
  dg_ctx ctx = {0, stderr, NULL};
  dg_arena *a = dg_arena_new();
  item *all = NULL;
  double t0 = now_s();
  int n = o->group_by ? group_items(&ctx, a, o, &all)
                      : manifest_items(&ctx, a, o, &all);
  if (n < 0) {
    dg_arena_free(a);
    return 1;
  }
  /* this machine's shard of the batch */
  item *items = dg_alloc_array(a, (size_t)n + 1, sizeof(item));
  int m = 0;
  for (int i = 0; i < n; i++)
    if (o->shard_n <= 1 || i % o->shard_n == o->shard_k)
      items[m++] = all[i];
  int total = m, prefailed = 0;
  char *failed_ids = NULL;
  size_t failed_len = 0;
  FILE *fl = open_memstream(&failed_ids, &failed_len);
  if (o->manifest) {
    parse_decks(o, a, items, m);
    int k = 0;
    for (int i = 0; i < m; i++)
      if (items[i].failed) {
        fprintf(fl, " %s", items[i].id);
        prefailed++;
      } else
        items[k++] = items[i];
    m = k;
  }
  int jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
  if (jobs < 1)
    jobs = 1;
  if (jobs > m)
    jobs = m > 0 ? m : 1;
  int fds[2];
  if (pipe(fds) != 0) {
    perror("deckgen: pipe");
    fclose(fl);
    free(failed_ids);
    dg_arena_free(a);
    return 1;
  }
  size_t shsize = sizeof(shared) + sizeof(int) * ((size_t)m + 1);
  shared *sh = mmap(NULL, shsize, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (sh == MAP_FAILED) {
    perror("deckgen: mmap");
    close(fds[0]);
    close(fds[1]);
    fclose(fl);
    free(failed_ids);
    dg_arena_free(a);
    return 1;
  }
  /* the output folder listed once for all decks, not once per deck */
  dg_pub_survey(o->run.outdir);
  fflush(NULL);
  pid_t *pids = calloc((size_t)jobs, sizeof(pid_t));
  if (!pids)
    dg_oom();
  for (int w = 0; w < jobs; w++) {
    pids[w] = fork();
    if (pids[w] == 0) {
      close(fds[0]);
      worker(o, items, m, w, jobs, sh, fds[1]);
      close(fds[1]);
      _exit(0);
    }
    if (pids[w] < 0) {
      perror("deckgen: fork");
      jobs = w;
      break;
    }
  }
  close(fds[1]);
  FILE *in = fdopen(fds[0], "r");
  int done = 0, failed = 0, tty = isatty(2);
  double ms_sum = 0;
  char line[256];
  /* which decks a worker reported: the first of a dead worker's decks
   * that it did not report is the one it died on */
  char *reported = calloc((size_t)m + 1, 1);
  if (!reported)
    dg_oom();
  while (in && fgets(line, sizeof line, in)) {
    char st[8];
    int idx;
    double ms;
    if (sscanf(line, "%7s %d %lf", st, &idx, &ms) != 3 || idx < 0 || idx >= m)
      continue;
    reported[idx] = 1;
    done++;
    ms_sum += ms;
    if (strcmp(st, "OK")) {
      failed++;
      fprintf(fl, " %s", items[idx].id);
    }
    if (tty)
      fprintf(stderr, "\rdeckgen: %d/%d decks, %d failed", done, m, failed);
  }
  if (in)
    fclose(in);
  int crashed = 0;
  for (int w = 0; w < jobs; w++) {
    int status = 0;
    waitpid(pids[w], &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      crashed++;
      worker_died(items, m, w, sh, reported, status, fl);
    }
  }
  /* decks no worker took (every worker died, or fork failed) */
  for (int i = 0; i < m; i++)
    if (!sh->owner[i])
      fprintf(fl, " %s", items[i].id);
  munmap(sh, shsize);
  dg_pub_survey(NULL);
  fclose(fl);
  free(reported);
  free(pids);
  double wall = now_s() - t0;
  if (tty)
    fputc('\n', stderr);
  fprintf(stderr,
          "deckgen: %d decks in %.2f s with %d workers (%d ok, %d failed%s), "
          "%.1f ms per deck\n",
          total, wall, jobs, done - failed, failed + (m - done) + prefailed,
          crashed ? ", a worker crashed" : "", done ? ms_sum / done : 0.0);
  if (failed || prefailed || crashed)
    fprintf(stderr, "deckgen: failed:%s\n", failed_ids);
  free(failed_ids);
  dg_arena_free(a);
  return failed || prefailed || done < m || crashed ? 1 : 0;
}
