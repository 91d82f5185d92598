/* bind: the bind stage takes the parsed deck tree (deck/) and gives a bound
 * dg_deck: the theme and datasets loaded (data/), the checks run, and every
 * {expression} of text, attributes and charts evaluated (expr/) here and
 * only here, so layout receives finished strings and numbers; each bound
 * value is recorded with its source cells for --explain. Errors name the
 * template line; a failed check or premise names the values found. This
 * file binds datasets, text and slides; bind_chart.c charts and tables;
 * bind_interp.c, below both, evaluates {expressions} in text. */
#include "bind/bind.h"

#include <stdlib.h>
#include <string.h>

#include "bind/bind_int.h"
#include "data/wareki.h"
#include "expr/expr.h"

#define MAX_SLIDES 500

/* ---------- datasets ---------- */

static char *join_path(dg_arena *a, const char *root, const char *file) {
  if (!root || !*root || !strcmp(root, ".") || file[0] == '/')
    return dg_strdup(a, file);
  return dg_printf(a, "%s/%s", root, file);
}

static void load_dataset(binder *b, const dg_node *n) {
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
static int load_survey(binder *b, const dg_node *root) {
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

/* <let name expr>: names expr for the expressions after it (in the deck,
 * or in the slide it sits in); it is evaluated when first read. */
static int bind_let(binder *b, const dg_node *n, int scope) {
  const char *name = dg_node_attr(n, "name");
  const char *src = dg_node_attr(n, "expr");
  if (!name || !src)
    return -1;
  b->env.pos = n->pos;
  return dg_env_let(&b->env, scope, name, src);
}

/* The sentence as the template writes it, for a message: named values keep
 * their {name}, longer expressions show as {…}. */
static const char *sentence_shape(binder *b, const char *text) {
  const char *t = bi_norm_text(b->a, text);
  dg_buf o = {0};
  for (const char *p = t; *p;) {
    if (*p != '{' || p[1] == '{') {
      size_t k = (*p == '{') ? 2 : 1;
      dg_buf_put(&o, p, k);
      p += k;
      continue;
    }
    const char *q = p + 1;
    while (*q && *q != '}')
      q++;
    int ident = q > p + 1;
    for (const char *r = p + 1; r < q; r++)
      ident &= (*r >= 'a' && *r <= 'z') || (*r >= 'A' && *r <= 'Z') ||
               (*r >= '0' && *r <= '9') || *r == '_';
    if (ident)
      dg_buf_put(&o, p, (size_t)(q - p) + (*q ? 1 : 0));
    else
      dg_buf_puts(&o, "{…}");
    p = *q ? q + 1 : q;
  }
  const char *r = dg_strdup(b->a, o.data ? o.data : "");
  dg_buf_free(&o);
  return r;
}

/* Inline markup travels through folding and interpolation as control
 * characters, which neither XML nor a dataset can hold (the CSV reader
 * refuses them), and is taken out again by inline_split. */
enum { MK_B = 1, MK_B_END, MK_NOBR, MK_NOBR_END, MK_BR };

/* The text of a paragraph (or its <else>) in document order, each <b>,
 * <nobr> and <br/> as its markers; other children (<else>) are skipped,
 * their tails kept. With marks 0 the markers are left out (messages). */
static void inline_flatten(const dg_node *p, int marks, dg_buf *o) {
  dg_buf_puts(o, p->head ? p->head : p->text);
  for (int i = 0; i < p->nkids; i++) {
    const dg_node *k = p->kids[i];
    int b = !strcmp(k->name, "b"), nb = !strcmp(k->name, "nobr");
    if (!strcmp(k->name, "br")) {
      if (marks)
        dg_buf_put(o, (char[]){MK_BR}, 1);
    } else if (b || nb) {
      if (marks)
        dg_buf_put(o, (char[]){b ? MK_B : MK_NOBR}, 1);
      inline_flatten(k, marks, o);
      if (marks)
        dg_buf_put(o, (char[]){b ? MK_B_END : MK_NOBR_END}, 1);
    }
    dg_buf_puts(o, k->tail ? k->tail : "");
  }
}

static int has_inline(const dg_node *p) {
  for (int i = 0; i < p->nkids; i++)
    if (strcmp(p->kids[i]->name, "else"))
      return 1;
  return 0;
}

/* Takes the markers out of bound text s: returns the text, a <br/> as a
 * line feed with the spaces around it dropped, and sets *style to its
 * DG_INL_* bytes. */
static const char *inline_split(dg_arena *a, const char *s,
                                const unsigned char **style) {
  size_t n = strlen(s);
  char *t = dg_alloc(a, n + 1);
  unsigned char *st = dg_alloc(a, n + 1);
  size_t k = 0;
  int bold = 0, nobr = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == MK_B || c == MK_B_END)
      bold += c == MK_B ? 1 : -1;
    else if (c == MK_NOBR || c == MK_NOBR_END)
      nobr += c == MK_NOBR ? 1 : -1;
    else if (c == MK_BR) {
      while (k > 0 && t[k - 1] == ' ')
        k--;
      t[k] = '\n';
      st[k++] = 0;
      while (s[i + 1] == ' ')
        i++;
    } else {
      t[k] = (char)c;
      st[k++] = (unsigned char)((bold > 0 ? DG_INL_BOLD : 0) |
                                (nobr > 0 ? DG_INL_NOBR : 0));
    }
  }
  t[k] = 0;
  *style = st;
  return t;
}

/* A paragraph: its premise decides between its text and its <else>; a
 * premise that fails with no <else> stops the build naming the slide, the
 * sentence and the values found. Returns the bound text or NULL. */
static const char *bind_para(binder *b, const dg_node *p, int slide,
                             const char *el, const unsigned char **style) {
  const char *premise = dg_node_attr(p, "premise");
  const char *text = p->text;
  *style = NULL;
  const dg_node *from = p; /* the paragraph, or its <else> */
  if (premise) {
    int ok = 0;
    dg_buf found = {0};
    b->env.pos = p->pos;
    if (dg_eval_premise(&b->env, premise, &ok, &found)) {
      dg_buf_free(&found);
      return NULL;
    }
    const dg_node *alt = NULL;
    for (int i = 0; i < p->nkids; i++)
      if (!strcmp(p->kids[i]->name, "else"))
        alt = p->kids[i];
    bi_explain(b->d, b->a, slide, dg_printf(b->a, "%s premise", el), p->pos,
               premise,
               ok    ? "holds"
               : alt ? "fails: <else> wording"
                     : "fails",
               NULL);
    if (!ok && !alt) {
      dg_error(b->ctx, p->pos,
               "slide %d \"%s\", %s: premise {%s} does not hold (found %s), "
               "so the sentence 「%s」 would be false; fix the data or give "
               "the paragraph an <else> wording",
               slide, b->slide_id ? b->slide_id : "", el, premise,
               found.data ? found.data : "no values", sentence_shape(b, text));
      dg_buf_free(&found);
      return NULL;
    }
    dg_buf_free(&found);
    if (!ok) {
      from = alt;
      text = alt->text;
    }
  }
  int inl = has_inline(from);
  dg_buf plain = {0}, marked = {0};
  if (inl) {
    inline_flatten(from, 0, &plain);
    inline_flatten(from, 1, &marked);
    text = plain.data ? plain.data : "";
  }
  b->env.where =
      dg_printf(b->a, "slide %d \"%s\", %s 「%s」", slide,
                b->slide_id ? b->slide_id : "", el, sentence_shape(b, text));
  const char *r =
      bi_interp(b, from, inl ? (marked.data ? marked.data : "") : text, slide,
                el);
  b->env.where = NULL;
  dg_buf_free(&plain);
  dg_buf_free(&marked);
  if (r && inl)
    r = inline_split(b->a, r, style);
  return r;
}

static int bind_columns(binder *b, const dg_node *n, int slide,
                        dg_block *out);

/* The paragraphs of a text block or the items of a list, each named
 * "NAME TAGk" in messages; a <let> among them (text blocks only: the
 * schema gives lists nothing but <li>) binds for the ones after it. */
static int bind_paras(binder *b, const dg_node *n, int slide, const char *tag,
                      dg_block *out) {
  out->paras = dg_alloc_array(b->a, (size_t)n->nkids + 1, sizeof(char *));
  out->para_style =
      dg_alloc_array(b->a, (size_t)n->nkids + 1, sizeof(unsigned char *));
  for (int i = 0; i < n->nkids; i++) {
    if (!strcmp(n->kids[i]->name, "let")) {
      if (bind_let(b, n->kids[i], b->scope))
        return -1;
      continue;
    }
    const char *t =
        bind_para(b, n->kids[i], slide,
                  dg_printf(b->a, "%s %s%d", n->name, tag, out->npara + 1),
                  &out->para_style[out->npara]);
    if (!t)
      return -1;
    out->paras[out->npara++] = t;
  }
  return 0;
}

/* A list and the lists nested in its items, `level` deep (1: a list of
 * the slide). PowerPoint numbers and indents nine levels of paragraphs,
 * so a list goes no deeper in any output. */
enum { LIST_LEVELS = 9 };

static int bind_list(binder *b, const dg_node *n, int slide, int level,
                     dg_block *out) {
  out->pos = n->pos;
  out->id = dg_node_attr(n, "id");
  out->kind = DG_B_LIST;
  out->ordered = n->name[0] == 'o';
  out->start = 1;
  if (level > LIST_LEVELS) {
    dg_error(b->ctx, n->pos,
             "slide %d: <%s> nested %d levels deep (expected at most %d "
             "levels of lists, as PowerPoint has)",
             slide, n->name, level, LIST_LEVELS);
    return -1;
  }
  if (dg_node_attr(n, "start")) {
    const dg_node *c = bi_numbers(b, n, slide, n->name);
    if (!c)
      return -1;
    const char *v = dg_node_attr(c, "start");
    char *end;
    long k = strtol(v, &end, 10);
    if (end == v || *end || k < 1 || k > 32767) {
      dg_error(b->ctx, n->pos,
               "slide %d: <ol start=\"%s\">%s%s: expected a whole number "
               "from 1 to 32767 (the first item's number)",
               slide, dg_node_attr(n, "start"), c != n ? " is " : "",
               c != n ? v : "");
      return -1;
    }
    out->start = (int)k;
  }
  if (bind_paras(b, n, slide, "li", out))
    return -1;
  for (int i = 0; i < n->nkids; i++) {
    const dg_node *li = n->kids[i];
    for (int j = 0; j < li->nkids; j++) {
      const char *k = li->kids[j]->name;
      if (strcmp(k, "ul") && strcmp(k, "ol"))
        continue;
      if (!out->sub)
        out->sub =
            dg_alloc_array(b->a, (size_t)out->npara + 1, sizeof(dg_block *));
      out->sub[i] = dg_alloc(b->a, sizeof(dg_block));
      if (bind_list(b, li->kids[j], slide, level + 1, out->sub[i]))
        return -1;
    }
  }
  return 0;
}

static int bind_block(binder *b, const dg_node *n, int slide, dg_block *out) {
  out->pos = n->pos;
  out->id = dg_node_attr(n, "id");
  const char *nm = n->name;
  if (!strcmp(nm, "lead") || !strcmp(nm, "text")) {
    out->kind = nm[0] == 'l' ? DG_B_LEAD : DG_B_TEXT;
    return bind_paras(b, n, slide, "p", out);
  }
  if (!strcmp(nm, "ul") || !strcmp(nm, "ol"))
    return bind_list(b, n, slide, 1, out);
  if (!strcmp(nm, "note") || !strcmp(nm, "source")) {
    out->kind = nm[0] == 'n' ? DG_B_NOTE : DG_B_SOURCE;
    out->paras = dg_alloc(b->a, sizeof(char *));
    out->paras[0] = bi_interp(b, n, n->text, slide, nm);
    out->npara = 1;
    return out->paras[0] ? 0 : -1;
  }
  if (!strcmp(nm, "chart")) {
    out->kind = DG_B_CHART;
    out->chart = bi_chart(b, n, slide);
    return out->chart ? 0 : -1;
  }
  if (!strcmp(nm, "table")) {
    out->kind = DG_B_TABLE;
    out->table = bi_table(b, n, slide);
    return out->table ? 0 : -1;
  }
  if (!strcmp(nm, "figures")) {
    out->kind = DG_B_FIGURES;
    out->figs = dg_alloc_array(b->a, (size_t)n->nkids + 1, sizeof(dg_keyfig));
    for (int i = 0; i < n->nkids; i++) {
      const dg_node *f = n->kids[i];
      dg_keyfig *k = &out->figs[out->nfigs++];
      k->label = bi_attr(b, f, "label", slide, "figure");
      k->value = bi_attr(b, f, "value", slide, "figure");
      k->unit = bi_attr(b, f, "unit", slide, "figure");
      k->caption = bi_attr(b, f, "caption", slide, "figure");
      if (!k->label || !k->value)
        return -1;
    }
    return 0;
  }
  if (!strcmp(nm, "columns"))
    return bind_columns(b, n, slide, out);
  if (!strcmp(nm, "image")) {
    const char *src = dg_node_attr(n, "src");
    const char *dec = dg_node_attr(n, "decorative");
    out->kind = DG_B_IMAGE;
    out->decorative = dec && !strcmp(dec, "true");
    out->alt = out->decorative ? NULL : bi_attr(b, n, "alt", slide, "image");
    if (!out->decorative && (!out->alt || !*out->alt)) {
      dg_error(b->ctx, n->pos,
               "<image src=\"%s\"> has no alt: say what the image shows in "
               "alt=\"…\" (screen readers and the PDF read it), or mark an "
               "image that says nothing decorative=\"true\"",
               src);
      return -1;
    }
    dg_image *im = dg_alloc(b->a, sizeof *im);
    if (dg_image_read(b->ctx, b->a, n->pos, join_path(b->a, b->deck_dir, src),
                      src, im))
      return -1;
    out->image = im;
    return 0;
  }
  if (!strcmp(nm, "row")) {
    out->kind = DG_B_ROW;
    out->kids = dg_alloc_array(b->a, (size_t)n->nkids + 1, sizeof(dg_block));
    for (int i = 0; i < n->nkids; i++)
      if (bind_block(b, n->kids[i], slide, &out->kids[out->nkids++]))
        return -1;
    return 0;
  }
  dg_error(b->ctx, n->pos, "unexpected element <%s> in a slide", nm);
  return -1;
}

/* One column width: "2fr" or "40%" (a number, then its unit). Returns 0,
 * or -1 after reporting what was expected. */
static int column_width(binder *b, const dg_node *n, const char *attr,
                        const char *v, dg_block *col) {
  char *end;
  double x = strtod(v, &end);
  if (end == v || !(x > 0) || (strcmp(end, "fr") && strcmp(end, "%")) ||
      (*end == '%' && x > 100)) {
    dg_error(b->ctx, n->pos,
             "<%s %s=\"%s\">: a width is a positive number followed by fr "
             "(a share of the room left) or %% (of the slide's width, at most "
             "100), e.g. \"1fr\" or \"40%%\"",
             n->name, attr, v);
    return -1;
  }
  col->width_fr = *end == 'f' ? x : 0;
  col->width_pct = *end == '%' ? x : 0;
  return 0;
}

static int bind_columns(binder *b, const dg_node *n, int slide,
                        dg_block *out) {
  out->kind = DG_B_COLUMNS;
  out->kids = dg_alloc_array(b->a, (size_t)n->nkids + 1, sizeof(dg_block));
  const char *widths = dg_node_attr(n, "widths");
  int nw = 0;
  char *tok[64];
  char *list = widths ? dg_strdup(b->a, widths) : NULL;
  char *save = NULL;
  for (char *p = list ? strtok_r(list, " \t\n", &save) : NULL; p && nw < 64;
       p = strtok_r(NULL, " \t\n", &save))
    tok[nw++] = p;
  if (widths && nw != n->nkids) {
    dg_error(b->ctx, n->pos,
             "<columns widths=\"%s\"> gives %d width%s for %d column%s: "
             "give one width per column",
             widths, nw, nw == 1 ? "" : "s", n->nkids,
             n->nkids == 1 ? "" : "s");
    return -1;
  }
  double pct = 0;
  for (int i = 0; i < n->nkids; i++) {
    const dg_node *k = n->kids[i];
    dg_block *col = &out->kids[out->nkids++];
    col->kind = DG_B_COLUMN;
    col->pos = k->pos;
    col->width_fr = 1;
    const char *w = !strcmp(k->name, "column") ? dg_node_attr(k, "width") : NULL;
    if (w && widths) {
      dg_error(b->ctx, k->pos,
               "<column width=\"%s\"> inside <columns widths=\"%s\">: give "
               "the widths in one place",
               w, widths);
      return -1;
    }
    if ((w && column_width(b, k, "width", w, col)) ||
        (widths && column_width(b, n, "widths", tok[i], col)))
      return -1;
    pct += col->width_pct;
    if (strcmp(k->name, "column")) { /* a block alone is a column */
      col->kids = dg_alloc(b->a, sizeof(dg_block));
      col->nkids = 1;
      if (bind_block(b, k, slide, &col->kids[0]))
        return -1;
      continue;
    }
    col->kids = dg_alloc_array(b->a, (size_t)k->nkids + 1, sizeof(dg_block));
    for (int j = 0; j < k->nkids; j++)
      if (bind_block(b, k->kids[j], slide, &col->kids[col->nkids++]))
        return -1;
  }
  if (pct > 100) {
    dg_error(b->ctx, n->pos,
             "<columns>: the columns' widths add up to %g%% of the slide's "
             "width; make them 100%% or less",
             pct);
    return -1;
  }
  return 0;
}

static void bind_slide(binder *b, const dg_node *n, dg_slide *s) {
  s->pos = n->pos;
  b->slide_id = dg_node_attr(n, "id");
  const char *layout = dg_node_attr(n, "layout");
  s->cover = layout && !strcmp(layout, "cover");
  int outer = b->env.nnames, outer_scope = b->scope;
  b->scope = outer; /* a slide's names end with the slide */
  s->theme = b->d->theme;
  b->theme = &s->theme;
  s->blocks = dg_alloc_array(b->a, (size_t)n->nkids + 1, sizeof(dg_block));
  for (int i = 0; i < n->nkids; i++) {
    const dg_node *k = n->kids[i];
    if (!strcmp(k->name, "title")) {
      s->title = bi_interp(b, k, k->text, s->number, "title");
    } else if (!strcmp(k->name, "subtitle") || !strcmp(k->name, "date") ||
               !strcmp(k->name, "organization")) {
      if (!s->cover) {
        dg_error(b->ctx, k->pos,
                 "<%s> belongs to a cover slide: write <slide "
                 "layout=\"cover\"> (a title page), or put the words in a "
                 "<text> of this slide",
                 k->name);
        continue;
      }
      const char *v = bi_interp(b, k, k->text, s->number, k->name);
      *(k->name[0] == 's'   ? &s->subtitle
        : k->name[0] == 'd' ? &s->date
                            : &s->org) = v;
    } else if (!strcmp(k->name, "style")) {
      const dg_node *st = bi_numbers(b, k, s->number, "style");
      if (st)
        dg_theme_apply(b->ctx, b->a, &s->theme, st);
    } else if (!strcmp(k->name, "let")) {
      bind_let(b, k, b->scope);
    } else {
      dg_block *blk = &s->blocks[s->nblocks];
      if (bind_block(b, k, s->number, blk) == 0)
        s->nblocks++;
    }
  }
  if (!s->title)
    s->title = "";
  b->env.nnames = outer;
  b->scope = outer_scope;
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

static dg_deck *bind_deck(dg_ctx *ctx, dg_arena *a, const dg_node *root,
                          const char *deck_path, const dg_bind_opts *opts);

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
    char *tp = join_path(a, b.deck_dir, theme);
    dg_theme_memo *tm = opts->theme_memo;
    int kept = tm && tm->node && !strcmp(tm->path, tp) &&
               !strcmp(tm->schema ? tm->schema : "",
                       opts->schema ? opts->schema : "");
    dg_node *tn = kept ? tm->node
                       : dg_parse_file(ctx, tm ? tm->a : a, tp, opts->schema);
    if (!tn)
      return NULL;
    if (tm && !kept) {
      tm->path = dg_strdup(tm->a, tp);
      tm->schema = opts->schema ? dg_strdup(tm->a, opts->schema) : NULL;
      tm->node = tn;
    }
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
  if (load_survey(&b, root))
    return NULL;
  for (int i = 0; i < root->nkids; i++)
    if (!strcmp(root->kids[i]->name, "dataset"))
      load_dataset(&b, root->kids[i]);
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
      bind_let(&b, root->kids[i], 0);
  if (ctx->nerrors > e0)
    return NULL;
  d->slides = dg_alloc_array(a, (size_t)nslides + 1, sizeof(dg_slide));
  for (int i = 0; i < root->nkids; i++) {
    if (strcmp(root->kids[i]->name, "slide"))
      continue;
    dg_slide *s = &d->slides[d->nslides++];
    s->number = d->nslides;
    bind_slide(&b, root->kids[i], s);
  }
  if (!d->title)
    d->title = d->nslides ? d->slides[0].title : "";
  return ctx->nerrors > e0 ? NULL : d;
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
  if (!load_survey(&b, root))
    for (int i = 0; i < root->nkids; i++)
      if (!strcmp(root->kids[i]->name, "dataset"))
        load_dataset(&b, root->kids[i]);
  ctx->confine = saved;
  *out = d->tables;
  return ctx->nerrors > e0 ? -1 : d->ntables;
}

/* How cell c was computed, when it is a computed cell of a derived
 * dataset; NULL for a cell read from a file or copied. */
static const dg_calc *calc_of(const dg_deck *d, const dg_cell *c) {
  for (int i = 0; i < d->nderived; i++) {
    const dg_table *t = d->derived[i].table;
    size_t n = (size_t)t->nrows * (size_t)t->ncols;
    if (c >= t->cells && c < t->cells + n)
      return d->derived[i].calc[c - t->cells];
  }
  return NULL;
}

/* How many lines the sources of computed cells may take under one
 * explained value: a value of 100 computed cells, each computed from 100
 * more, would print ten thousand lines a level. */
enum { CALC_LINES = 200 };

/* The source cells of an explained value, one a line at `depth` tabs: a
 * cell read from a CSV by its file:row:col and its row's provenance; a
 * computed cell by the file:line of the <column expr> that computed it,
 * the expression, its dataset and row, then the cells it was computed from
 * one tab further in (a derived dataset's columns may use the computed
 * columns of another, so this recurses, as deep as datasets derive).
 * *budget: the lines left for those nested sources; *left counts the
 * computed cells whose sources were not listed for want of it. */
static void explain_cells(const dg_deck *d, FILE *out, const dg_cell **src,
                          int nsrc, int more, const char *more_file, int depth,
                          int *budget, int *left) {
  for (int k = 0; k < nsrc; k++) {
    const dg_cell *c = src[k];
    if (!c)
      continue;
    if (depth > 2 && --*budget < 0)
      return;
    const dg_calc *how = calc_of(d, c);
    for (int t = 0; t < depth; t++)
      fputc('\t', out);
    if (!how) {
      fprintf(out, "%s:%d:%d\t%s\t%s\n", c->pos.file, c->pos.line, c->pos.col,
              c->text, c->prov ? c->prov : "(no provenance)");
      continue;
    }
    fprintf(out, "%s:%d\t%s\tcomputed: {%s}, dataset \"%s\" row %d\n",
            how->pos.file, how->pos.line, c->text, how->expr, how->dataset,
            how->row);
    if (*budget > 0)
      explain_cells(d, out, how->src, how->nsrc, how->src_more, how->more_file,
                    depth + 1, budget, left);
    else
      ++*left;
  }
  if (more > 0 && (depth == 2 || *budget > 0)) {
    for (int t = 0; t < depth; t++)
      fputc('\t', out);
    fprintf(out, "… and %d more cell%s%s%s\n", more, more == 1 ? "" : "s",
            more_file && *more_file ? " of " : "", more_file ? more_file : "");
  }
}

void dg_bind_explain(const dg_deck *d, FILE *out) {
  /* how each file was read: a CSV saved by Excel on Japanese Windows is
   * read as CP932 without a declaration, and says so here (the CP932 case
   * of tests/e2e.sh) */
  for (int i = 0; i < d->ntables; i++)
    fprintf(out, "dataset\t%s\t%s\t%s, %d rows\n", d->tables[i]->id,
            d->tables[i]->path,
            d->tables[i]->encoding ? d->tables[i]->encoding : "UTF-8",
            d->tables[i]->nrows);
  for (int i = 0; i < d->nexplain; i++) {
    const dg_explain *x = &d->explain[i];
    if (x->slide)
      fprintf(out, "slide %d", x->slide);
    else
      fprintf(out, "deck");
    fprintf(out, "\t%s\t%s:%d\t{%s}\t= %s\n", x->element, x->pos.file,
            x->pos.line, x->expr, x->result);
    int budget = CALC_LINES, left = 0;
    explain_cells(d, out, x->src, x->nsrc, x->src_more, x->more_file, 2,
                  &budget, &left);
    if (budget < 0 || left > 0)
      fprintf(out,
              "\t\t… the sources of further computed cells are left out (at "
              "most %d lines of them per value)\n",
              CALC_LINES);
  }
}
