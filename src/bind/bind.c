/* bind: the bind stage takes the parsed deck tree (deck/) and gives a bound
 * dg_deck: the theme and datasets loaded (data/), the checks run, and every
 * {expression} of text, attributes and charts evaluated (expr/) here and
 * only here, so layout receives finished strings and numbers; each bound
 * value is recorded with its source cells for --explain. Errors name the
 * template line; a failed check or premise names the values found. This
 * file binds the deck — its theme, id, metadata, checks and names — over
 * bind_data.c (datasets) and bind_slide.c (slides); see bind_int.h. */
#include "bind/bind.h"

#include <stdlib.h>
#include <string.h>

#include "bind/bind_int.h"
#include "data/wareki.h"
#include "expr/expr.h"

#define MAX_SLIDES 500

static int safe_id(const char *s) {
  if (!*s || *s == '.' || strlen(s) > 200)
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
          (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
      return 0;
  return 1;
}

const char *dg_bind_id(dg_ctx *ctx, dg_arena *a, const dg_node *root,
                       dg_table *const *tables, int ntables) {
  const char *id = dg_node_attr(root, "id");
  if (!id)
    return NULL;
  dg_env env = {.ctx = ctx,
                .a = a,
                .tables = (dg_table **)tables,
                .ntables = ntables,
                .pos = root->pos};
  const char *r = dg_interpolate(&env, id, NULL, 0, "id");
  if (r && !safe_id(r)) {
    dg_error(ctx, root->pos,
             "deck id \"%s\" cannot name a file (expected letters, digits, "
             "'.', '-' and '_')",
             r);
    return NULL;
  }
  if (r && dg_name_windows_reserved(r)) {
    dg_error(ctx, root->pos,
             "deck id \"%s\" cannot name a folder on Windows, which reserves "
             "CON, PRN, AUX, NUL, COM0-9 and LPT0-9 with any extension and "
             "drops a final dot (choose another id)",
             r);
    return NULL;
  }
  return r;
}

static void run_checks(binder *b, const dg_node *n) {
  const char *src = dg_node_attr(n, "expr");
  const char *name = dg_node_attr(n, "name");
  int ok = 0;
  dg_buf found = {0};
  b->env.pos = n->pos;
  if (dg_eval_check(&b->env, src, &ok, &found) == 0) {
    if (!ok)
      dg_error(b->ctx, n->pos, "check failed: %s%s%s{%s}%s%s", name ? "\"" : "",
               name ? name : "", name ? "\" " : "", src,
               found.data ? ": found " : "", found.data ? found.data : "");
    else
      bi_explain(b->d, b->a, 0, dg_printf(b->a, "check %s", name ? name : ""),
                 n->pos, src, "ok", NULL);
  }
  dg_buf_free(&found);
}

static char *dir_of(dg_arena *a, const char *path) {
  const char *s = strrchr(path, '/');
  return s ? dg_strndup(a, path, (size_t)(s - path)) : dg_strdup(a, ".");
}

static dg_deck *bind_deck(dg_ctx *ctx, dg_arena *a, const dg_node *root,
                          const char *deck_path, const dg_bind_opts *opts);

void dg_theme_memo_free(dg_theme_memo *tm) {
  dg_arena_free(tm->a);
  free(tm->bytes);
  tm->a = NULL;
  tm->bytes = NULL;
  tm->node = NULL;
  tm->path = tm->schema = NULL;
  tm->len = 0;
}

/* The theme file tp parsed: from opts->theme_memo while it holds that
 * file (under the same schema, and for a by_bytes memo with the same
 * bytes), else parsed now (into the memo when there is one). NULL after
 * reporting. */
static dg_node *bi_theme_node(dg_ctx *ctx, dg_arena *a,
                              const dg_bind_opts *opts, const char *tp) {
  dg_theme_memo *tm = opts->theme_memo;
  if (!tm)
    return dg_parse_file(ctx, a, tp, opts->schema);
  int same =
      tm->node && !strcmp(tm->path, tp) &&
      !strcmp(tm->schema ? tm->schema : "", opts->schema ? opts->schema : "");
  if (same && !tm->by_bytes)
    return tm->node;
  char *bytes = NULL;
  size_t len = 0;
  if (tm->by_bytes) {
    if (!(bytes = dg_read_file(ctx, tp, DG_XML_MAX_BYTES, &len)))
      return NULL;
    if (same && len == tm->len && !memcmp(bytes, tm->bytes, len)) {
      free(bytes);
      return tm->node;
    }
  }
  /* another file or version: the memo starts again (empty, should this
   * version fail to parse) */
  dg_theme_memo_free(tm);
  tm->a = dg_arena_new();
  dg_node *tn = bytes
                    ? dg_parse_memory(ctx, tm->a, tp, bytes, len, opts->schema)
                    : dg_parse_file(ctx, tm->a, tp, opts->schema);
  if (!tn) {
    free(bytes);
    return NULL;
  }
  tm->path = dg_strdup(tm->a, tp);
  tm->schema = opts->schema ? dg_strdup(tm->a, opts->schema) : NULL;
  tm->node = tn;
  tm->bytes = bytes;
  tm->len = len;
  return tn;
}

dg_deck *dg_bind(dg_ctx *ctx, dg_arena *a, const dg_node *root,
                 const char *deck_path, const dg_bind_opts *opts) {
  dg_confine c;
  const dg_confine *saved = dg_bind_confine(ctx, opts, &c);
  dg_deck *d = bind_deck(ctx, a, root, deck_path, opts);
  ctx->confine = saved;
  return d;
}

static dg_deck *bind_deck(dg_ctx *ctx, dg_arena *a, const dg_node *root,
                          const char *deck_path, const dg_bind_opts *opts) {
  int e0 = ctx->nerrors;
  dg_deck *d = dg_alloc(a, sizeof *d);
  binder b = {.ctx = ctx,
              .a = a,
              .d = d,
              .opts = opts,
              .deck_dir = dir_of(a, deck_path),
              .root = root};
  dg_theme_defaults(&d->theme);
  d->lang = dg_node_attr(root, "lang") ? dg_node_attr(root, "lang") : "ja";
  const char *theme = dg_node_attr(root, "theme");
  if (theme) {
    if (!opts->allow_outside && (theme[0] == '/' || strstr(theme, ".."))) {
      dg_error(ctx, root->pos, "theme path \"%s\" leaves the project", theme);
      return NULL;
    }
    char *tp = bi_join_path(a, b.deck_dir, theme);
    dg_node *tn = bi_theme_node(ctx, a, opts, tp);
    if (!tn)
      return NULL;
    if (strcmp(tn->name, "theme")) {
      dg_error(ctx, tn->pos, "expected a <theme> document");
      return NULL;
    }
    if (dg_theme_apply(ctx, a, &d->theme, tn))
      return NULL;
  }
  int nslides = 0, nsets = 0;
  for (int i = 0; i < root->nkids; i++) {
    if (!strcmp(root->kids[i]->name, "slide"))
      nslides++;
    if (!strcmp(root->kids[i]->name, "dataset"))
      nsets++;
  }
  if (nslides > MAX_SLIDES) {
    dg_error(ctx, root->pos, "deck has %d slides (limit %d)", nslides,
             MAX_SLIDES);
    return NULL;
  }
  d->tables = dg_alloc_array(a, (size_t)nsets + 3, sizeof(dg_table *));
  if (bi_survey(&b, root))
    return NULL;
  for (int i = 0; i < root->nkids; i++)
    if (!strcmp(root->kids[i]->name, "dataset"))
      bi_dataset(&b, root->kids[i]);
  if (ctx->nerrors > e0)
    return NULL;
  b.env = (dg_env){.ctx = ctx,
                   .a = a,
                   .tables = d->tables,
                   .ntables = d->ntables,
                   .pos = root->pos};
  /* the id and the metadata may spell the survey's date */
  d->id = dg_bind_id(ctx, a, root, d->tables, d->ntables);
  dg_pos date_pos = root->pos;
  for (int i = 0; i < root->nkids; i++) {
    const dg_node *k = root->kids[i];
    if (strcmp(k->name, "meta"))
      continue;
    for (int j = 0; j < k->nkids; j++) {
      const dg_node *m = k->kids[j];
      const char *v = bi_interp(&b, m, m->text, 0, m->name);
      if (!strcmp(m->name, "title"))
        d->title = v;
      else if (!strcmp(m->name, "author"))
        d->author = v;
      else if (!strcmp(m->name, "subject"))
        d->subject = v;
      else if (!strcmp(m->name, "keywords"))
        d->keywords = v;
      else if (!strcmp(m->name, "date")) {
        d->date = v;
        date_pos = m->pos;
      } else if (!strcmp(m->name, "description"))
        d->description = v;
    }
  }
  if (d->date) {
    dg_date dt;
    char day[11];
    snprintf(day, sizeof day, "%s", d->date);
    size_t n = strlen(d->date);
    if (dg_date_parse(day, &dt) ||
        !(n == 10 || (n == 20 && d->date[10] == 'T' && d->date[19] == 'Z'))) {
      dg_error(ctx, date_pos,
               "<date> \"%s\" is not a date (expected YYYY-MM-DD or "
               "YYYY-MM-DDThh:mm:ssZ)",
               d->date);
    }
  }
  if (ctx->nerrors > e0)
    return NULL;
  b.env = (dg_env){.ctx = ctx,
                   .a = a,
                   .tables = d->tables,
                   .ntables = d->ntables,
                   .pos = root->pos};
  for (int i = 0; i < root->nkids; i++)
    if (!strcmp(root->kids[i]->name, "check"))
      run_checks(&b, root->kids[i]);
    else if (!strcmp(root->kids[i]->name, "let"))
      bi_let(&b, root->kids[i], 0);
  if (ctx->nerrors > e0)
    return NULL;
  d->slides = dg_alloc_array(a, (size_t)nslides + 1, sizeof(dg_slide));
  for (int i = 0; i < root->nkids; i++) {
    if (strcmp(root->kids[i]->name, "slide"))
      continue;
    dg_slide *s = &d->slides[d->nslides++];
    s->number = d->nslides;
    bi_slide(&b, root->kids[i], s);
  }
  if (!d->title)
    d->title = d->nslides ? d->slides[0].title : "";
  return ctx->nerrors > e0 ? NULL : d;
}
