/* bind_slide: one <slide> bound to a dg_slide — its title, cover lines,
 * style and <let> names, and its blocks in template order: text, lists,
 * notes, key figures, images, rows and columns; charts go to bind_chart.c,
 * tables to bind_table.c and paragraphs to bind_text.c. Called by bind.c. */
#include "bind/bind_int.h"

#include <stdlib.h>
#include <string.h>

char *bi_join_path(dg_arena *a, const char *root, const char *file) {
  if (!root || !*root || !strcmp(root, ".") || file[0] == '/')
    return dg_strdup(a, file);
  return dg_printf(a, "%s/%s", root, file);
}

/* <let name expr>: names expr for the expressions after it (in the deck,
 * or in the slide it sits in); it is evaluated when first read. */
int bi_let(binder *b, const dg_node *n, int scope) {
  const char *name = dg_node_attr(n, "name");
  const char *src = dg_node_attr(n, "expr");
  if (!name || !src)
    return -1;
  b->env.pos = n->pos;
  return dg_env_let(&b->env, scope, name, src);
}

static int bind_columns(binder *b, const dg_node *n, int slide, dg_block *out);

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
      if (bi_let(b, n->kids[i], b->scope))
        return -1;
      continue;
    }
    const char *t =
        bi_para(b, n->kids[i], slide,
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
    if (dg_image_read(b->ctx, b->a, n->pos,
                      bi_join_path(b->a, b->deck_dir, src), src, im))
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

static int bind_columns(binder *b, const dg_node *n, int slide, dg_block *out) {
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
    const char *w =
        !strcmp(k->name, "column") ? dg_node_attr(k, "width") : NULL;
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

void bi_slide(binder *b, const dg_node *n, dg_slide *s) {
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
      bi_let(b, k, b->scope);
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
