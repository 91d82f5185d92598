/* batch: fan-out of the single-deck pipeline. The template is parsed and
 * the datasets read once in the parent; workers are forked afterwards
 * (copy-on-write), each loads the fonts once and renders every N-th deck.
 * A failed deck is reported with its id and the others still finish. */
#include "batch.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "parse.h"

typedef struct item {
  const char *id;
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

/* The rows rows[0..n-1] (ascending) of t, as a table of their own. */
static dg_table *pick_rows(dg_arena *a, const dg_table *t, const int *rows,
                           int n) {
  dg_table *f = dg_alloc(a, sizeof *f);
  *f = *t;
  f->cells =
      dg_alloc_array(a, (size_t)n + 1, dg_mul_size((size_t)t->ncols,
                                                   sizeof(dg_cell)));
  for (int i = 0; i < n; i++)
    memcpy(&f->cells[(size_t)i * (size_t)t->ncols],
           dg_table_cell(t, rows[i], 0), (size_t)t->ncols * sizeof(dg_cell));
  f->nrows = n;
  return f;
}

/* Rows ordered by the group column's text, then by row: each group is
 * then one run, its rows in file order (issue 13: grouping compared every
 * row with every group found so far, and cut each group by scanning every
 * row — 40,000 groups took 40 s before the first deck). */
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
  dg_node *root = dg_parse_file(ctx, a, o->deck, o->schema);
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
    items[n].id = dg_printf(a, "%s-%s", base ? base : "deck", v);
    items[n].deck = o->deck;
    items[n].root = root;
    items[n].root_dir = o->run.bind.root;
    items[n].group = pick_rows(a, t, rows + g[k].start, g[k].n);
    items[n].tables = tables;
    items[n].ntables = nt;
    n++;
  }
  /* every worker binds against the filtered table in place of the whole */
  *out = items;
  return n;
}

static int manifest_items(dg_ctx *ctx, dg_arena *a, const dg_batch_opts *o,
                          item **out) {
  size_t len;
  char *text = dg_read_file(ctx, o->manifest, 16u << 20, &len);
  if (!text)
    return -1;
  int cap = 16, n = 0, line = 0;
  item *items = dg_alloc_array(a, (size_t)cap, sizeof(item));
  for (char *save = NULL, *l = strtok_r(text, "\n", &save); l;
       l = strtok_r(NULL, "\n", &save)) {
    line++;
    while (*l == ' ' || *l == '\t')
      l++;
    if (!*l || *l == '#')
      continue;
    char id[256], deck[1024], rootd[1024];
    if (sscanf(l, "%255s %1023s %1023s", id, deck, rootd) != 3 ||
        !safe_name(id)) {
      dg_error(ctx, (dg_pos){o->manifest, line, 0},
               "expected \"ID DECK.xml PROJECT-ROOT\" with an ID of letters, "
               "digits, - and _");
      continue;
    }
    if (n == cap) {
      item *ni = dg_alloc_array(a, (size_t)cap * 2, sizeof(item));
      memcpy(ni, items, sizeof(item) * (size_t)n);
      items = ni;
      cap *= 2;
    }
    items[n].id = dg_strdup(a, id);
    items[n].deck = dg_strdup(a, deck);
    items[n].root_dir = dg_strdup(a, rootd);
    for (int k = 0; k < n && !items[n].root; k++)
      if (!strcmp(items[k].deck, deck))
        items[n].root = items[k].root;
    if (!items[n].root) {
      const char *sl = strrchr(deck, '/');
      char *schema = sl ? dg_printf(a, "%.*s/deck.rng", (int)(sl - deck), deck)
                        : dg_strdup(a, "deck.rng");
      if (access(schema, R_OK) != 0)
        schema = (char *)o->schema;
      items[n].root = dg_parse_file(ctx, a, items[n].deck, schema);
      if (!items[n].root)
        continue;
    }
    n++;
  }
  free(text);
  *out = items;
  return ctx->nerrors ? -1 : n;
}

/* Worker w renders items w, w+jobs, …; one line per deck on fd. */
static void worker(const dg_batch_opts *o, item *items, int n, int w, int jobs,
                   int fd) {
  dg_text *tx = NULL;
  for (int i = w; i < n; i += jobs) {
    char *msg = NULL;
    size_t msglen = 0;
    FILE *err = open_memstream(&msg, &msglen);
    dg_ctx ctx = {0, err};
    dg_run_opts ro = o->run;
    ro.id = items[i].id;
    ro.parallel = 0; /* the workers already fill the cores */
    ro.all_tables = items[i].tables;
    ro.nall_tables = items[i].ntables;
    ro.bind.root = items[i].root_dir;
    /* the datasets were read once in the parent: the group's own rows in
     * place of its dataset, every other dataset whole */
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
    if (rc) {
      /* each message line prefixed with the deck id */
      for (char *save = NULL, *l = strtok_r(msg, "\n", &save); l;
           l = strtok_r(NULL, "\n", &save))
        fprintf(stderr, "%s: %s\n", items[i].id, l);
    }
    free(msg);
    dprintf(fd, "%s %d %.1f\n", rc ? "FAIL" : "OK", i, (now_s() - t0) * 1000);
  }
  dg_text_free(tx);
}

int dg_batch_run(const dg_batch_opts *o) {
  dg_ctx ctx = {0, stderr};
  dg_arena *a = dg_arena_new();
  item *all = NULL;
  double t0 = now_s();
  int n = o->group_by ? group_items(&ctx, a, o, &all)
                      : manifest_items(&ctx, a, o, &all);
  if (n < 0) {
    dg_arena_free(a);
    return 2;
  }
  /* this machine's shard of the batch */
  item *items = dg_alloc_array(a, (size_t)n + 1, sizeof(item));
  int m = 0;
  for (int i = 0; i < n; i++)
    if (o->shard_n <= 1 || i % o->shard_n == o->shard_k)
      items[m++] = all[i];
  int jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
  if (jobs < 1)
    jobs = 1;
  if (jobs > m)
    jobs = m > 0 ? m : 1;
  int fds[2];
  if (pipe(fds) != 0) {
    perror("deckgen: pipe");
    dg_arena_free(a);
    return 2;
  }
  fflush(NULL);
  pid_t *pids = calloc((size_t)jobs, sizeof(pid_t));
  if (!pids)
    dg_oom();
  for (int w = 0; w < jobs; w++) {
    pids[w] = fork();
    if (pids[w] == 0) {
      close(fds[0]);
      /* each deck's font products are its own: not worth keeping */
      dg_cache_set_writes(0);
      worker(o, items, m, w, jobs, fds[1]);
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
  char *failed_ids = NULL;
  size_t failed_len = 0;
  FILE *fl = open_memstream(&failed_ids, &failed_len);
  while (in && fgets(line, sizeof line, in)) {
    char st[8];
    int idx;
    double ms;
    if (sscanf(line, "%7s %d %lf", st, &idx, &ms) != 3)
      continue;
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
  fclose(fl);
  int crashed = 0;
  for (int w = 0; w < jobs; w++) {
    int status = 0;
    waitpid(pids[w], &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      crashed++;
  }
  free(pids);
  double wall = now_s() - t0;
  if (tty)
    fputc('\n', stderr);
  fprintf(stderr,
          "deckgen: %d decks in %.2f s with %d workers (%d ok, %d failed%s), "
          "%.1f ms per deck\n",
          m, wall, jobs, done - failed, failed + (m - done),
          crashed ? ", a worker crashed" : "", done ? ms_sum / done : 0.0);
  if (failed)
    fprintf(stderr, "deckgen: failed:%s\n", failed_ids);
  free(failed_ids);
  dg_arena_free(a);
  return failed || done < m || crashed ? 1 : 0;
}
