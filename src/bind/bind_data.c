/* bind_data: the deck's datasets — the survey's tables, each <dataset>
 * read from its CSV (checked against its vocabularies, its columns' kinds
 * noted) or derived, the input files a run reads, the confinement of its
 * reads — and a dataset and its rows looked up for charts and tables. */
#include "bind/bind.h"

#include <stdlib.h>
#include <string.h>

#include "bind/bind_int.h"

void bi_dataset(binder *b, const dg_node *n) {
  const char *id = dg_node_attr(n, "id");
  const char *file = dg_node_attr(n, "file");
  if (!id || (!file && !dg_node_attr(n, "derive")))
    return;
  if (b->survey.present && (!strcmp(id, "survey") || !strcmp(id, "previous"))) {
    dg_error(b->ctx, n->pos,
             "dataset id \"%s\" is taken: with a <survey>, \"%s\" is the "
             "survey.csv of %s survey's folder (choose another id)",
             id, id, id[0] == 's' ? "this" : "the previous");
    return;
  }
  for (int i = 0; i < b->d->ntables; i++)
    if (!strcmp(b->d->tables[i]->id, id)) {
      dg_error(b->ctx, n->pos, "dataset \"%s\" is declared twice", id);
      return;
    }
  for (int i = 0; i < b->opts->npreloaded; i++)
    if (!strcmp(b->opts->preloaded[i]->id, id)) {
      b->d->tables[b->d->ntables++] = b->opts->preloaded[i];
      return;
    }
  if (!file) {
    bi_derive(b, n);
    return;
  }
  const char *path = dg_survey_dataset_path(b->ctx, b->a, &b->survey, n,
                                            b->opts->allow_outside);
  if (!path)
    return;
  dg_colspec *cols = dg_alloc_array(b->a, (size_t)n->nkids + 1, sizeof *cols);
  int nc = 0;
  for (int i = 0; i < n->nkids; i++) {
    const dg_node *k = n->kids[i];
    if (strcmp(k->name, "column"))
      continue;
    const char *ty = dg_node_attr(k, "type");
    cols[nc].name = dg_node_attr(k, "name");
    cols[nc].pos = k->pos;
    cols[nc].type = !ty || !strcmp(ty, "text") ? DG_COL_TEXT
                    : !strcmp(ty, "integer")   ? DG_COL_INT
                                               : DG_COL_DEC;
    nc++;
  }
  dg_table *t = dg_csv_read(b->ctx, b->a, path, dg_node_attr(n, "encoding"),
                            cols, nc, dg_node_attr(n, "provenance"));
  if (!t)
    return;
  t->id = dg_strdup(b->a, id);
  bi_vocab_check(b, n, t);
  bi_column_kinds(b, n, t);
  b->d->tables[b->d->ntables++] = t;
}

/* The survey's folders and the tables `survey` and `previous` (batch
 * mode: already read, among the preloaded tables). */
int bi_survey(binder *b, const dg_node *root) {
  const dg_bind_opts *o = b->opts;
  if (dg_survey_resolve(b->ctx, b->a, root, o->root, o->data, o->previous,
                        o->allow_outside, &b->survey))
    return -1;
  if (!b->survey.present)
    return 0;
  int pre = 0;
  for (int i = 0; i < o->npreloaded; i++)
    if (!strcmp(o->preloaded[i]->id, "survey") ||
        !strcmp(o->preloaded[i]->id, "previous")) {
      b->d->tables[b->d->ntables++] = o->preloaded[i];
      pre = 1;
    }
  if (pre)
    return 0;
  int n =
      dg_survey_tables(b->ctx, b->a, &b->survey, b->d->tables + b->d->ntables);
  if (n < 0)
    return -1;
  b->d->ntables += n;
  return 0;
}

int dg_bind_inputs(dg_ctx *ctx, dg_arena *a, const dg_node *root,
                   const dg_bind_opts *opts, const char ***out) {
  dg_survey sv;
  if (dg_survey_resolve(ctx, a, root, opts->root, opts->data, opts->previous, 1,
                        &sv))
    return -1;
  size_t cap = (size_t)root->nkids + 3; /* and a values-file per column */
  for (int i = 0; i < root->nkids; i++)
    cap += (size_t)root->kids[i]->nkids;
  const char **v = dg_alloc_array(a, cap, sizeof(const char *));
  int n = 0;
  if (sv.present)
    v[n++] = dg_survey_file(a, sv.data);
  if (sv.previous)
    v[n++] = dg_survey_file(a, sv.previous);
  /* a dataset without a path is reported by the render itself */
  FILE *devnull = fopen("/dev/null", "w");
  dg_ctx quiet = {0, devnull, ctx->confine};
  for (int i = 0; devnull && i < root->nkids; i++)
    if (!strcmp(root->kids[i]->name, "dataset")) {
      const char *p = dg_survey_dataset_path(&quiet, a, &sv, root->kids[i], 1);
      if (p)
        v[n++] = p;
      for (int k = 0; k < root->kids[i]->nkids; k++)
        if ((p = bi_values_path(&quiet, a, opts, root->kids[i]->kids[k])))
          v[n++] = p;
    }
  if (devnull)
    fclose(devnull);
  *out = v;
  return n;
}

const dg_confine *dg_bind_confine(dg_ctx *ctx, const dg_bind_opts *o,
                                  dg_confine *c) {
  const dg_confine *saved = ctx->confine;
  memset(c, 0, sizeof *c);
  int n = 0;
  const char *dirs[] = {o->root, o->data, o->previous};
  for (int i = 0; i < 3; i++)
    if (dirs[i] && *dirs[i])
      c->base[n++] = dirs[i];
  c->links = o->links;
  ctx->confine = n ? c : saved;
  return saved;
}

int dg_bind_datasets(dg_ctx *ctx, dg_arena *a, const dg_node *root,
                     const dg_bind_opts *opts, dg_table ***out) {
  int e0 = ctx->nerrors, n = 0;
  for (int i = 0; i < root->nkids; i++)
    n += !strcmp(root->kids[i]->name, "dataset");
  dg_deck *d = dg_alloc(a, sizeof *d);
  d->tables = dg_alloc_array(a, (size_t)n + 3, sizeof(dg_table *));
  binder b = {.ctx = ctx, .a = a, .d = d, .opts = opts, .root = root};
  dg_confine c;
  const dg_confine *saved = dg_bind_confine(ctx, opts, &c);
  if (!bi_survey(&b, root))
    for (int i = 0; i < root->nkids; i++)
      if (!strcmp(root->kids[i]->name, "dataset"))
        bi_dataset(&b, root->kids[i]);
  ctx->confine = saved;
  *out = d->tables;
  return ctx->nerrors > e0 ? -1 : d->ntables;
}

const dg_table *bi_table_by_id(binder *b, const dg_node *n, const char *id) {
  for (int i = 0; i < b->d->ntables; i++)
    if (!strcmp(b->d->tables[i]->id, id))
      return b->d->tables[i];
  dg_error(b->ctx, n->pos, "unknown dataset \"%s\"", id);
  return NULL;
}

/* The rows of t a node's where= selects (evaluated on column col), in *nr;
 * all rows when it has no where= or col < 0. NULL after an error. */
int *bi_where_rows(binder *b, const dg_node *n, const dg_table *t, int col,
                   int *nr) {
  int *rows = dg_alloc_array(b->a, (size_t)t->nrows + 1, sizeof(int));
  *nr = 0;
  const char *where = dg_node_attr(n, "where");
  if (where && col >= 0) {
    char *src =
        dg_printf(b->a, "%s.%s where (%s)", t->id, t->colnames[col], where);
    b->env.pos = n->pos;
    b->env.src = src;
    dg_expr *e = dg_expr_parse(b->ctx, b->a, src, n->pos);
    dg_value v;
    if (!e || dg_expr_eval(&b->env, e, &v))
      return NULL;
    memcpy(rows, v.rows, sizeof(int) * (size_t)v.nrows);
    *nr = v.nrows;
  } else {
    for (int i = 0; i < t->nrows; i++)
      rows[(*nr)++] = i;
  }
  return rows;
}
