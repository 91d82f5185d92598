/* survey: <survey data previous> and --data/--previous → the folders a
 * deck's datasets are read from, and the tables `survey` and `previous`
 * (each folder's survey.csv, one row: date, published, …). Rolling over to
 * a new year is a new folder and pointing at it (README, "Making next
 * year's deck"); nothing in the slides names a year or a folder. */
#include "deck/survey.h"

#include <stdio.h>
#include <string.h>

#include "data/wareki.h"

static int leaves(const char *p) { return p[0] == '/' || strstr(p, ".."); }

static const char *join(dg_arena *a, const char *dir, const char *file) {
  if (!dir || !*dir || !strcmp(dir, ".") || file[0] == '/')
    return dg_strdup(a, file);
  size_t n = strlen(dir);
  return dg_printf(a, "%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", file);
}

int dg_survey_resolve(dg_ctx *ctx, dg_arena *a, const dg_node *deck,
                      const char *root, const char *data_opt,
                      const char *previous_opt, int allow_outside,
                      dg_survey *out) {
  memset(out, 0, sizeof *out);
  out->root = root;
  const dg_node *sv = NULL;
  for (int i = 0; i < deck->nkids && !sv; i++)
    if (!strcmp(deck->kids[i]->name, "survey"))
      sv = deck->kids[i];
  if (!sv) {
    if (data_opt || previous_opt) {
      dg_error(ctx, deck->pos,
               "%s needs a <survey> element in the deck (its datasets name "
               "their own folders)",
               data_opt ? "--data" : "--previous");
      return -1;
    }
    return 0;
  }
  out->present = 1;
  out->pos = sv->pos;
  const char *da = dg_node_attr(sv, "data");
  const char *pa = dg_node_attr(sv, "previous");
  for (int k = 0; k < 2; k++) {
    const char *v = k ? pa : da;
    if (v && !allow_outside && leaves(v)) {
      dg_error(ctx, sv->pos,
               "survey %s folder \"%s\" leaves the project (absolute paths "
               "and \"..\" are refused; pass --allow-outside to permit)",
               k ? "previous" : "data", v);
      return -1;
    }
  }
  out->data_from_cli = data_opt != NULL;
  out->data = data_opt ? dg_strdup(a, data_opt) : join(a, root, da);
  /* a deck's previous survey belongs with the deck's own data folder: with
   * --data, only --previous names one */
  out->previous = previous_opt      ? dg_strdup(a, previous_opt)
                  : data_opt || !pa ? NULL
                                    : join(a, root, pa);
  return 0;
}

const char *dg_survey_dataset_path(dg_ctx *ctx, dg_arena *a, const dg_survey *s,
                                   const dg_node *ds, int allow_outside) {
  const char *id = dg_node_attr(ds, "id");
  const char *file = dg_node_attr(ds, "file");
  const char *from = dg_node_attr(ds, "from");
  if (!file)
    return NULL;
  if (!allow_outside && leaves(file)) {
    dg_error(ctx, ds->pos,
             "dataset path \"%s\" leaves the project (absolute paths and "
             "\"..\" are refused; pass --allow-outside to permit)",
             file);
    return NULL;
  }
  if (!from)
    from = s->present ? "survey" : "project";
  if (!strcmp(from, "project"))
    return join(a, s->root, file);
  if (!s->present) {
    dg_error(ctx, ds->pos,
             "dataset \"%s\" has from=\"%s\" but the deck has no <survey> "
             "element",
             id ? id : "", from);
    return NULL;
  }
  if (!strcmp(from, "previous")) {
    if (!s->previous) {
      dg_error(ctx, ds->pos,
               "dataset \"%s\" reads the previous survey, but none is given "
               "(%s)",
               id ? id : "",
               s->data_from_cli ? "with --data, give --previous DIR too"
                                : "add previous=\"FOLDER\" to <survey>");
      return NULL;
    }
    return join(a, s->previous, file);
  }
  return join(a, s->data, file);
}

const char *dg_survey_file(dg_arena *a, const char *folder) {
  return join(a, folder, "survey.csv");
}

/* Digits at *p (at most max), advancing p; -1 when there are none. */
static int num_at(const char **p, int max) {
  int v = 0, n = 0;
  while (n < max && **p >= '0' && **p <= '9') {
    v = v * 10 + (**p - '0');
    (*p)++;
    n++;
  }
  return n ? v : -1;
}

/* A date as data/README promises to read it: YYYY-MM-DD, or as Excel saves
 * one, 2025/12/31 or 2025/1/5, either with a time (2025/12/31 0:00,
 * 2025/12/31 09:30:00) that a date of a survey does not use. The cell's
 * text becomes the ISO date every function reads (tests/variants/
 * excel-date-time). Returns 0, or -1 leaving the cell as written. */
static int iso_date(dg_arena *a, dg_cell *c, dg_date *out) {
  if (!dg_date_parse(c->text, out))
    return 0;
  const char *p = c->text;
  int y = num_at(&p, 4);
  char sep = *p;
  if (y < 1000 || (sep != '/' && sep != '-'))
    return -1;
  p++;
  int m = num_at(&p, 2);
  if (m < 0 || *p++ != sep)
    return -1;
  int d = num_at(&p, 2);
  if (d < 0)
    return -1;
  if (*p == ' ' || *p == 'T') { /* a time of day, read and dropped */
    p++;
    int h = num_at(&p, 2), mi = -1, sec = 0;
    if (h >= 0 && *p == ':') {
      p++;
      mi = num_at(&p, 2);
    }
    if (mi >= 0 && *p == ':') {
      p++;
      sec = num_at(&p, 2);
    }
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
      return -1;
  }
  if (*p)
    return -1;
  char iso[48]; /* room for any int: the date check below refuses it */
  snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
  if (dg_date_parse(iso, out))
    return -1;
  c->text = dg_strdup(a, iso);
  return 0;
}

static dg_table *read_one(dg_ctx *ctx, dg_arena *a, const dg_survey *s,
                          const char *folder, const char *id, dg_date *date) {
  dg_colspec col = {"date", DG_COL_TEXT, s->pos};
  const char *path = dg_survey_file(a, folder);
  dg_table *t = dg_csv_read(ctx, a, path, NULL, &col, 1, NULL);
  if (!t)
    return NULL;
  t->id = id;
  if (t->nrows != 1) {
    dg_error(ctx, (dg_pos){t->path, 1, 0},
             "expected one row under the header (the survey's date), "
             "found %d",
             t->nrows);
    return NULL;
  }
  dg_cell *c = (dg_cell *)dg_table_cell(t, 0, dg_table_col(t, "date"));
  if (iso_date(a, c, date)) {
    dg_error(ctx, c->pos,
             "\"%s\" is not a date (expected YYYY-MM-DD, or as Excel saves "
             "one, 2025/12/31 with or without a time)",
             c->text);
    return NULL;
  }
  return t;
}

int dg_survey_tables(dg_ctx *ctx, dg_arena *a, const dg_survey *s,
                     dg_table **out) {
  if (!s->present)
    return 0;
  dg_date d, p;
  dg_table *t = read_one(ctx, a, s, s->data, "survey", &d);
  if (!t)
    return -1;
  out[0] = t;
  /* this survey's publication date (the PDF's dates): a date, and not
   * before the date its figures describe (hostile12: an empty cell was
   * reported at the template's <date>, a wrong one printed silently) */
  int pcol = dg_table_col(t, "published");
  if (pcol >= 0) {
    dg_cell *c = (dg_cell *)dg_table_cell(t, 0, pcol);
    dg_date pub;
    if (iso_date(a, c, &pub)) {
      dg_error(ctx, c->pos,
               "published \"%s\" is not a date (expected YYYY-MM-DD or "
               "2025/12/31, the deck's publication date)",
               c->text);
      return -1;
    }
    if (dg_date_cmp(pub, d) < 0) {
      dg_error(ctx, c->pos,
               "published %s is before this survey's date %s (the deck "
               "cannot be published before the date its figures describe)",
               c->text, dg_table_cell(t, 0, dg_table_col(t, "date"))->text);
      return -1;
    }
  }
  if (!s->previous)
    return 1;
  dg_table *pt = read_one(ctx, a, s, s->previous, "previous", &p);
  if (!pt)
    return -1;
  /* the previous survey's publication date may stay empty; written as
   * Excel saves it, it reads as an ISO date like this survey's */
  int ppcol = dg_table_col(pt, "published");
  dg_date unused;
  if (ppcol >= 0)
    iso_date(a, (dg_cell *)dg_table_cell(pt, 0, ppcol), &unused);
  if (dg_date_cmp(p, d) >= 0) {
    const dg_cell *pc = dg_table_cell(pt, 0, dg_table_col(pt, "date"));
    const dg_cell *dc = dg_table_cell(t, 0, dg_table_col(t, "date"));
    /* the usual cause: a copied folder whose survey.csv was not updated */
    dg_error(ctx, dc->pos,
             "this survey's date %s is not after the previous survey's date "
             "%s (%s:%d:%d)",
             dc->text, pc->text, pc->pos.file, pc->pos.line, pc->pos.col);
    return -1;
  }
  out[1] = pt;
  return 2;
}
