/* bind_derive: a derived dataset — the rows of a dataset declared before
 * it, joined by key to the rows of another, with columns computed per row
 * by expressions:
 *
 *   <dataset id="change" derive="shares" join="shares_r5" as="prev"
 *            key="group">
 *     <column name="diff" expr="share - prev.share" kind="share"/>
 *   </dataset>
 *
 * The result is a table like one read from a CSV, so every function that
 * takes a column (sum, most, leaders, ranked, top) and every chart and
 * table work on computed values too. */
#include <stdlib.h>
#include <string.h>

#include "bind/bind_int.h"

static const dg_table *find(binder *b, const dg_node *n, const char *id,
                            const char *attr) {
  for (int i = 0; i < b->d->ntables; i++)
    if (!strcmp(b->d->tables[i]->id, id))
      return b->d->tables[i];
  dg_error(b->ctx, n->pos,
           "%s=\"%s\" names no dataset declared before this one", attr, id);
  return NULL;
}

/* The key columns "a,b" in both tables; the count, or -1 after reporting. */
static int key_cols(binder *b, const dg_node *n, const dg_table *t,
                    const dg_table *j, int *kt, int *kj) {
  const char *key = dg_node_attr(n, "key");
  if (!key) {
    dg_error(b->ctx, n->pos,
             "a dataset with join= needs key=, the column(s) whose values "
             "match a row of \"%s\" to a row of \"%s\"",
             t->id, j->id);
    return -1;
  }
  int nk = 0;
  char *c = dg_strdup(b->a, key), *save = NULL;
  for (char *w = strtok_r(c, ", ", &save); w; w = strtok_r(NULL, ", ", &save)) {
    if (nk == 8) {
      dg_error(b->ctx, n->pos, "key= has more than 8 columns");
      return -1;
    }
    kt[nk] = dg_table_col(t, w);
    kj[nk] = dg_table_col(j, w);
    if (kt[nk] < 0 || kj[nk] < 0) {
      dg_error(b->ctx, n->pos, "key column \"%s\" is not in dataset \"%s\"", w,
               kt[nk] < 0 ? t->id : j->id);
      return -1;
    }
    nk++;
  }
  return nk;
}

static int same_key(const dg_table *t, int r, const int *kt, const dg_table *j,
                    int jr, const int *kj, int nk) {
  for (int k = 0; k < nk; k++)
    if (strcmp(dg_table_cell(t, r, kt[k])->text,
               dg_table_cell(j, jr, kj[k])->text))
      return 0;
  return 1;
}

/* The key of row r as 「a」, 「b」 for messages. */
static const char *key_text(binder *b, const dg_table *t, int r, const int *kt,
                            int nk) {
  dg_buf o = {0};
  for (int k = 0; k < nk; k++)
    dg_buf_printf(&o, "%s%s 「%s」", k ? ", " : "", t->colnames[kt[k]],
                  dg_table_cell(t, r, kt[k])->text);
  const char *s = dg_strdup(b->a, o.data ? o.data : "");
  dg_buf_free(&o);
  return s;
}

/* A computed value as a cell: numbers written plainly (12.5, -3), text as
 * is. Returns the column type it needs, or -1 for a value that is neither. */
static int to_cell(binder *b, const dg_value *v, dg_cell *c) {
  if (v->kind == DG_VAL_NUM) {
    dg_buf t = {0};
    int whole = dg_num_is_int(v->num);
    dg_num_format(v->num, whole ? 0 : 6, 0, &t);
    size_t k = t.len;
    while (!whole && k > 0 && t.data[k - 1] == '0')
      k--;
    c->text = dg_strndup(b->a, t.data, k);
    c->num = v->num;
    dg_buf_free(&t);
    return whole ? DG_COL_INT : DG_COL_DEC;
  }
  if (v->kind == DG_VAL_TEXT) {
    c->text = v->text;
    return DG_COL_TEXT;
  }
  return -1;
}

void bi_derive(binder *b, const dg_node *n) {
  const char *id = dg_node_attr(n, "id");
  const dg_table *t = find(b, n, dg_node_attr(n, "derive"), "derive");
  if (!t)
    return;
  const char *jid = dg_node_attr(n, "join");
  const dg_table *j = jid ? find(b, n, jid, "join") : NULL;
  if (jid && !j)
    return;
  const char *alias = dg_node_attr(n, "as");
  if (j && !alias)
    alias = j->id;
  int kt[8], kj[8], nk = 0;
  if (j && (nk = key_cols(b, n, t, j, kt, kj)) < 0)
    return;
  const char *missing = dg_node_attr(n, "missing");
  int skip = missing && !strcmp(missing, "skip");
  /* each row of t with the one row of j that has its key */
  int *rows = dg_alloc_array(b->a, (size_t)t->nrows + 1, sizeof(int));
  int *jrows = dg_alloc_array(b->a, (size_t)t->nrows + 1, sizeof(int));
  int nr = 0;
  for (int r = 0; r < t->nrows; r++) {
    int found = -1;
    for (int jr = 0; j && jr < j->nrows; jr++)
      if (same_key(t, r, kt, j, jr, kj, nk)) {
        if (found >= 0) {
          dg_error(b->ctx, n->pos,
                   "dataset \"%s\": %s is in rows %d and %d of \"%s\" (%s), "
                   "so a row of \"%s\" cannot tell which to join; make key= "
                   "name every column that tells them apart",
                   id, key_text(b, t, r, kt, nk), found + 1, jr + 1, j->id,
                   j->path, t->id);
          return;
        }
        found = jr;
      }
    if (j && found < 0) {
      if (skip)
        continue;
      dg_error(b->ctx, n->pos,
               "dataset \"%s\": no row of \"%s\" (%s) has %s, which row %d "
               "of \"%s\" has; give missing=\"skip\" to leave such rows "
               "out",
               id, j->id, j->path, key_text(b, t, r, kt, nk), r + 1, t->id);
      return;
    }
    rows[nr] = r;
    jrows[nr++] = found;
  }
  int ncomp = 0;
  for (int i = 0; i < n->nkids; i++)
    ncomp += !strcmp(n->kids[i]->name, "column");
  int nc = t->ncols + ncomp;
  dg_table *d = dg_alloc(b->a, sizeof *d);
  d->id = dg_strdup(b->a, id);
  d->path = dg_printf(b->a, "%s:%d", n->pos.file, n->pos.line);
  d->encoding = "computed";
  d->ncols = nc;
  d->nrows = nr;
  d->prov_col = t->prov_col;
  d->colnames = dg_alloc_array(b->a, (size_t)nc, sizeof(char *));
  d->types = dg_alloc_array(b->a, (size_t)nc, sizeof(dg_coltype));
  d->kinds = dg_alloc_array(b->a, (size_t)nc, sizeof(dg_numkind));
  d->cells = dg_alloc_array(b->a, dg_mul_size((size_t)nr + 1, (size_t)nc),
                            sizeof(dg_cell));
  for (int c = 0; c < nc; c++)
    d->colnames[c] = ""; /* a computed column is seen once computed */
  /* --explain: how each computed cell was computed; a cell copied from a
   * derived dataset was computed there */
  const dg_calc **calc = dg_alloc_array(
      b->a, dg_mul_size((size_t)nr + 1, (size_t)nc), sizeof(dg_calc *));
  const dg_calc **from = NULL;
  for (int i = 0; i < b->d->nderived; i++)
    if (b->d->derived[i].table == t)
      from = b->d->derived[i].calc;
  for (int c = 0; c < t->ncols; c++) {
    if (from)
      for (int r = 0; r < nr; r++)
        calc[(size_t)r * (size_t)nc + (size_t)c] =
            from[(size_t)rows[r] * (size_t)t->ncols + (size_t)c];
    d->colnames[c] = t->colnames[c];
    d->types[c] = t->types[c];
    d->kinds[c] = t->kinds ? t->kinds[c] : DG_KIND_COUNT;
    for (int r = 0; r < nr; r++)
      d->cells[(size_t)r * (size_t)nc + (size_t)c] =
          *dg_table_cell(t, rows[r], c);
  }
  dg_env env = {.ctx = b->ctx,
                .a = b->a,
                .tables = b->d->tables,
                .ntables = b->d->ntables};
  int c = t->ncols;
  for (int i = 0; i < n->nkids; i++) {
    const dg_node *k = n->kids[i];
    if (strcmp(k->name, "column"))
      continue;
    const char *name = dg_node_attr(k, "name"), *expr = dg_node_attr(k, "expr");
    if (dg_table_col(d, name) >= 0) {
      dg_error(b->ctx, k->pos,
               "dataset \"%s\" has a column \"%s\" already (from \"%s\" or "
               "above); give the computed column another name",
               id, name, t->id);
      return;
    }
    env.pos = k->pos;
    int type = -2;
    for (int r = 0; r < nr; r++) {
      dg_value v;
      env.where = dg_printf(b->a, "dataset \"%s\", row %d of \"%s\"", id,
                            rows[r] + 1, t->id);
      if (dg_eval_row(&env, expr, d, r, j ? alias : NULL, j, jrows[r], &v))
        return;
      dg_cell *cell = &d->cells[(size_t)r * (size_t)nc + (size_t)c];
      int ty = to_cell(b, &v, cell);
      cell->pos = k->pos;
      cell->prov = dg_table_cell(t, rows[r], 0)->prov;
      dg_calc *how = dg_alloc(b->a, sizeof *how);
      *how = (dg_calc){k->pos, expr,   d->id,      r + 1,
                       v.src,  v.nsrc, v.src_more, v.more_file};
      calc[(size_t)r * (size_t)nc + (size_t)c] = how;
      if (ty < 0 ||
          (type != -2 && (ty == DG_COL_TEXT) != (type == DG_COL_TEXT))) {
        dg_error(b->ctx, k->pos,
                 "column \"%s\" of dataset \"%s\" is %s on row %d of \"%s\" "
                 "and %s on another; a column holds numbers or text",
                 name, id,
                 ty < 0              ? "neither a number nor text"
                 : ty == DG_COL_TEXT ? "text"
                                     : "a number",
                 rows[r] + 1, t->id, type == DG_COL_TEXT ? "text" : "a number");
        return;
      }
      type = type == DG_COL_DEC || ty == DG_COL_DEC ? DG_COL_DEC : ty;
    }
    d->colnames[c] = name;
    d->types[c] = type == -2 ? DG_COL_INT : (dg_coltype)type;
    const char *kind = dg_node_attr(k, "kind");
    d->kinds[c] = !kind                     ? DG_KIND_COUNT
                  : !strcmp(kind, "share")  ? DG_KIND_SHARE
                  : !strcmp(kind, "amount") ? DG_KIND_AMOUNT
                                            : DG_KIND_COUNT;
    c++;
  }
  b->d->tables[b->d->ntables++] = d;
  /* a deck derives a few datasets: the list is copied as it grows */
  dg_derived *all =
      dg_alloc_array(b->a, (size_t)b->d->nderived + 1, sizeof(dg_derived));
  if (b->d->nderived)
    memcpy(all, b->d->derived, sizeof *all * (size_t)b->d->nderived);
  all[b->d->nderived++] = (dg_derived){d, calc};
  b->d->derived = all;
}
