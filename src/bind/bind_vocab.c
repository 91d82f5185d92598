/* bind_vocab: the declared vocabularies of a dataset's columns
 * (<column name="status" values="導入済|実証実験中|…" other="その他"/>, or
 * values-file="…": a one-column CSV of them),
 * checked against a table as soon as bind_data.c has read it. The sentences
 * pick rows by these exact values, so a value the template does not know, a
 * declared value no row holds, or one written with other spaces or
 * character widths would silently drop out of a figure: each stops the
 * build at its CSV cell, naming the declared values and the template lines
 * that read them. Called by bind_data.c only. */
#include "bind/bind_int.h"

#include <glib.h>
#include <string.h>

#define MAX_LINES 6 /* template lines named in one message */

/* NFKC with every space removed: two spellings that agree here differ
 * only by spaces or character width (「（」 and "(", "導入済 " and
 * "導入済"). A g_malloc'd string the caller frees. */
static char *folded(const char *s) {
  char *n = g_utf8_normalize(s, -1, G_NORMALIZE_NFKC);
  if (!n)
    return g_strdup(s);
  char *w = n;
  for (const char *p = n; *p; p++)
    if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
      *w++ = *p;
  *w = 0;
  return n;
}

static int ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

/* Whether s reads dataset id: "id." not preceded by a name character. */
static int mentions(const char *s, const char *id) {
  size_t n = strlen(id);
  for (const char *p = s; (p = strstr(p, id)); p++)
    if (p[n] == '.' && (p == s || !ident_char(p[-1])))
      return 1;
  return 0;
}

typedef struct lines {
  int v[MAX_LINES];
  int n, more;
} lines;

static void add_line(lines *l, int line) {
  for (int i = 0; i < l->n; i++)
    if (l->v[i] == line)
      return;
  if (l->n < MAX_LINES)
    l->v[l->n++] = line;
  else
    l->more++;
}

/* The elements that read column col of dataset id: every one whose
 * expressions name the dataset (or whose data= is the dataset) and the
 * column, or with a value given, that value in quotes. Checks and the
 * dataset's own declaration are included; the <dataset> is not. */
static void find_lines(const dg_node *n, const char *id, const char *col,
                       const char *value, lines *out) {
  if (strcmp(n->name, "dataset")) {
    int ds = n->text && mentions(n->text, id), has = 0;
    char *quoted = value ? g_strdup_printf("'%s'", value) : NULL;
    const char *texts[1 + 64];
    int nt = 0;
    if (n->text)
      texts[nt++] = n->text;
    for (int i = 0; i < n->nattrs && nt < 65; i++) {
      texts[nt++] = n->attr_value[i];
      if (!strcmp(n->attr_name[i], "data") && !strcmp(n->attr_value[i], id))
        ds = 1;
      ds |= mentions(n->attr_value[i], id);
    }
    for (int i = 0; i < nt; i++)
      has |= value
                 ? strstr(texts[i], quoted) != NULL || !strcmp(texts[i], value)
                 : strstr(texts[i], col) != NULL;
    g_free(quoted);
    if (ds && has)
      add_line(out, n->pos.line);
  }
  for (int i = 0; i < n->nkids; i++)
    find_lines(n->kids[i], id, col, value, out);
}

/* "templates/genai-2024.xml:41, 42, 45 and 3 more" */
static const char *line_list(binder *b, const char *id, const char *col,
                             const char *value) {
  lines l = {0};
  find_lines(b->root, id, col, value, &l);
  if (!l.n)
    return "no line of the template";
  dg_buf o = {0};
  dg_buf_printf(&o, "%s:", b->root->pos.file);
  for (int i = 0; i < l.n; i++)
    dg_buf_printf(&o, "%s%d", i ? ", " : "", l.v[i]);
  if (l.more)
    dg_buf_printf(&o, " and %d more", l.more);
  const char *r = dg_strdup(b->a, o.data);
  dg_buf_free(&o);
  return r;
}

static const char *value_list(binder *b, const char **v, int n) {
  dg_buf o = {0};
  for (int i = 0; i < n; i++)
    dg_buf_printf(&o, "%s\"%s\"", i ? ", " : "", v[i]);
  const char *r = dg_strdup(b->a, o.data ? o.data : "");
  dg_buf_free(&o);
  return r;
}

/* values="a|b|c": the declared values in order (arena). */
static int split_values(binder *b, const char *s, const char ***out) {
  int n = 1;
  for (const char *p = s; *p; p++)
    n += *p == '|';
  const char **v = dg_alloc_array(b->a, (size_t)n, sizeof *v);
  int k = 0;
  for (const char *p = s;;) {
    const char *q = strchr(p, '|');
    size_t len = q ? (size_t)(q - p) : strlen(p);
    if (len)
      v[k++] = dg_strndup(b->a, p, len);
    if (!q)
      break;
    p = q + 1;
  }
  *out = v;
  return k;
}

const char *bi_values_path(dg_ctx *ctx, dg_arena *a, const dg_bind_opts *o,
                           const dg_node *column) {
  const char *f = dg_node_attr(column, "values-file");
  if (!f)
    return NULL;
  if (!o->allow_outside && (f[0] == '/' || strstr(f, ".."))) {
    dg_error(ctx, column->pos,
             "values-file \"%s\" leaves the project (absolute paths and "
             "\"..\" are refused; pass --allow-outside to permit)",
             f);
    return NULL;
  }
  const char *r = o->root;
  if (!r || !*r || !strcmp(r, ".") || f[0] == '/')
    return dg_strdup(a, f);
  return dg_printf(a, "%s%s%s", r, r[strlen(r) - 1] == '/' ? "" : "/", f);
}

/* values-file="…": the declared values of column `col` from a CSV of one
 * column headed `col`, one value a row, in order (a value may hold '|',
 * which values="…" cannot). Returns their count, with *at each one's
 * "file:line" for messages, or -1 after reporting at the file's line. */
static int file_values(binder *b, const dg_node *k, const char *col,
                       const char ***out, const char ***at,
                       const char **path_out) {
  const char *path = bi_values_path(b->ctx, b->a, b->opts, k);
  *path_out = path;
  if (!path)
    return -1;
  dg_colspec spec = {col, DG_COL_TEXT, k->pos};
  dg_table *t = dg_csv_read(b->ctx, b->a, path, NULL, &spec, 1, NULL);
  if (!t)
    return -1;
  if (t->ncols != 1) {
    dg_error(b->ctx, (dg_pos){path, 1, 0},
             "expected one column, \"%s\" (the declared values, one a row), "
             "found %d columns",
             col, t->ncols);
    return -1;
  }
  if (t->nrows == 0) {
    dg_error(b->ctx, (dg_pos){path, 1, 0},
             "no values under the header \"%s\" (one declared value a row)",
             col);
    return -1;
  }
  const char **v = dg_alloc_array(b->a, (size_t)t->nrows, sizeof *v);
  const char **w = dg_alloc_array(b->a, (size_t)t->nrows, sizeof *w);
  for (int r = 0; r < t->nrows; r++) {
    const dg_cell *c = dg_table_cell(t, r, 0);
    for (int i = 0; i < r; i++)
      if (!strcmp(v[i], c->text)) {
        dg_error(b->ctx, c->pos,
                 "\"%s\" is declared twice (first at %s): each value once, "
                 "in the order the template relies on",
                 c->text, w[i]);
        return -1;
      }
    v[r] = c->text;
    w[r] = dg_printf(b->a, "%s:%d", c->pos.file, c->pos.line);
  }
  *out = v;
  *at = w;
  return t->nrows;
}

/* The catch-all with something added: 「その他（自由記述）」, "その他:…"
 * would otherwise rank as an ordinary answer (tests/variants/
 * other-with-suffix). */
static int catchall_variant(const char *fv, const char *fo) {
  size_t n = strlen(fo);
  return !strncmp(fv, fo, n) &&
         (fv[n] == '(' || fv[n] == ':' || fv[n] == '[' || fv[n] == '/');
}

/* One declared column k (a <column> with values= or other=) of table t,
 * a table of the previous survey if `previous`. */
static void check_column(binder *b, const dg_node *k, dg_table *t,
                         int previous) {
  const char *name = dg_node_attr(k, "name");
  const char *vs = dg_node_attr(k, "values");
  const char *vf = dg_node_attr(k, "values-file");
  const char *other = dg_node_attr(k, "other");
  const char *open = dg_node_attr(k, "open");
  int c = dg_table_col(t, name);
  if (c < 0)
    return; /* the reader reported the missing column */
  const char **v = NULL, **at = NULL; /* at: where each value is declared */
  /* what to add a value to, or remove it from */
  const char *vpath = NULL, *list = "values=\"…\" there", *rm = "values=\"…\"";
  int nv = vs ? split_values(b, vs, &v) : 0;
  const char *where = dg_printf(b->a, "%s:%d", k->pos.file, k->pos.line);
  if (vs && vf) {
    dg_error(b->ctx, k->pos,
             "column \"%s\" has both values=\"…\" and values-file=\"%s\": "
             "keep one",
             name, vf);
    return;
  }
  if (vf) {
    nv = file_values(b, k, name, &v, &at, &vpath);
    if (nv < 0)
      return;
    list = rm = dg_printf(b->a, "the values-file %s", vpath);
    where = dg_printf(b->a, "%s, the values-file of %s", at[0], where);
  }
  int closed = (vs || vf) && !(open && !strcmp(open, "yes"));
  if (other) {
    if (!t->other)
      t->other = dg_alloc_array(b->a, (size_t)t->ncols, sizeof(char *));
    t->other[c] = other;
  }
  char **fv = g_new0(char *, (size_t)nv + 1);
  int *seen = g_new0(int, (size_t)nv + 1);
  for (int i = 0; i < nv; i++)
    fv[i] = folded(v[i]);
  char *fo = other ? folded(other) : NULL;
  GHashTable *told =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  int extra = other != NULL; /* the catch-all is not among the values */
  for (int i = 0; extra && i < nv; i++)
    extra = strcmp(v[i], other) != 0;
  for (int r = 0; r < t->nrows; r++) {
    const dg_cell *cell = dg_table_cell(t, r, c);
    const char *s = cell->text;
    int hit = -1;
    for (int i = 0; i < nv && hit < 0; i++)
      if (!strcmp(s, v[i]))
        hit = i;
    if (hit >= 0) {
      seen[hit] = 1;
      continue;
    }
    if (other && !strcmp(s, other))
      continue;
    char *f = folded(s);
    /* one message per misspelling, at its first cell */
    if (g_hash_table_contains(told, f)) {
      g_free(f);
      continue;
    }
    g_hash_table_add(told, g_strdup(f));
    int near = -1;
    for (int i = 0; i < nv && near < 0; i++)
      if (!strcmp(f, fv[i]))
        near = i;
    if (near >= 0) {
      seen[near] = 1;
      dg_error(b->ctx, cell->pos,
               "%s \"%s\" differs from the declared value \"%s\" only by "
               "spaces or character width; write it as declared (%s): the "
               "template picks rows by that exact value (%s)",
               name, s, v[near], at ? at[near] : where,
               line_list(b, t->id, name, v[near]));
    } else if (fo && (!strcmp(f, fo) || catchall_variant(f, fo))) {
      dg_error(b->ctx, cell->pos,
               "%s \"%s\" is the catch-all \"%s\" written otherwise; write "
               "it as \"%s\" (declared other=\"%s\" at %s), so that rankings "
               "leave it out, or rename the answer if it is not the "
               "catch-all",
               name, s, other, other, other, where);
    } else if (closed) {
      dg_error(b->ctx, cell->pos,
               "%s \"%s\" is not a value the template knows (expected %s%s%s, "
               "declared at %s); correct the cell, or add the value to "
               "%s and make the sentences that read %s.%s say it (%s)",
               name, s, value_list(b, v, nv), extra ? " or the catch-all " : "",
               extra ? dg_printf(b->a, "\"%s\"", other) : "", where, list,
               t->id, name, line_list(b, t->id, name, NULL));
    }
    g_free(f);
  }
  for (int i = 0; i < nv; i++)
    if (seen[i])
      continue;
    else if (previous) /* rows of 0 would compare with a survey of none */
      dg_error(b->ctx, (dg_pos){t->path, 1, c + 1},
               "no row of column %s holds the declared value \"%s\" in the "
               "previous survey (declared at %s; compared at %s): nothing "
               "can be compared with it; add its rows if they were left out, "
               "or, if \"%s\" is new since, remove it from %s and from the "
               "comparisons that name it",
               name, v[i], at ? at[i] : where, line_list(b, t->id, name, v[i]),
               v[i], list);
    else
      dg_error(b->ctx, (dg_pos){t->path, 1, c + 1},
               "no row of column %s holds the declared value \"%s\" (declared "
               "at %s; read at %s): add its rows (with 0 where nobody chose "
               "it), or remove it from %s and from the sentences that name it",
               name, v[i], at ? at[i] : where, line_list(b, t->id, name, v[i]),
               rm);
  for (int i = 0; i < nv; i++)
    g_free(fv[i]);
  g_free(fv);
  g_free(seen);
  g_free(fo);
  g_hash_table_destroy(told);
}

void bi_vocab_check(binder *b, const dg_node *dataset, dg_table *t) {
  const char *from = dg_node_attr(dataset, "from");
  int previous = from && !strcmp(from, "previous");
  for (int i = 0; i < dataset->nkids; i++) {
    const dg_node *k = dataset->kids[i];
    if (!strcmp(k->name, "column") &&
        (dg_node_attr(k, "values") || dg_node_attr(k, "values-file") ||
         dg_node_attr(k, "other")))
      check_column(b, k, t, previous);
  }
}
