/* bind_table: binds a <table> to its dataset — the columns it shows, the
 * rows its where= selects, its header grid of spanning cells, alignments
 * and widths — so layout receives finished strings. Called by
 * bind_slide.c; datasets are looked up through bind_data.c. */
#include "bind/bind_int.h"

#include <stdlib.h>
#include <string.h>

/* "left,right,center" per column; missing entries copy def (or left). */
static int *aligns(binder *b, const dg_node *n, const char *attr, int nc,
                   const int *def) {
  int *v = dg_alloc_array(b->a, (size_t)nc, sizeof(int));
  if (def)
    memcpy(v, def, sizeof(int) * (size_t)nc);
  const char *al = dg_node_attr(n, attr);
  if (!al)
    return v;
  char *ac = dg_strdup(b->a, al), *save = NULL;
  int i = 0;
  for (char *w = strtok_r(ac, ",", &save); w && i < nc;
       w = strtok_r(NULL, ",", &save), i++)
    v[i] = !strcmp(w, "decimal")  ? 3
           : !strcmp(w, "right")  ? 2
           : !strcmp(w, "center") ? 1
                                  : 0;
  return v;
}

/* A list attribute ("a,b,c"), one entry per column: NULL past its end. */
static const char **list_attr(binder *b, const dg_node *n, const char *attr,
                              int nc, int slide) {
  const char **v = dg_alloc_array(b->a, (size_t)nc + 1, sizeof(char *));
  const char *s = bi_attr(b, n, attr, slide, "table");
  if (!s)
    return v;
  char *c = dg_strdup(b->a, s), *save = NULL;
  int i = 0;
  for (char *w = strtok_r(c, ",", &save); w && i < nc;
       w = strtok_r(NULL, ",", &save))
    v[i++] = bi_norm_text(b->a, w);
  return v;
}

/* A header cell's text: its source whitespace folded, {expressions}
 * evaluated, and each <br/> (U+2028 from the parser) a line break kept. */
static const char *th_text(binder *b, const dg_node *th, int slide) {
  const char *t = bi_interp(b, th, th->text, slide, "th");
  if (!t)
    return NULL;
  dg_buf o = {0};
  for (const char *p = t; *p; p++) {
    if (!strncmp(p, DG_XML_BR, 3)) {
      while (o.len && o.data[o.len - 1] == ' ')
        o.data[--o.len] = 0;
      dg_buf_puts(&o, "\n");
      p += 2;
      while (p[1] == ' ')
        p++;
    } else
      dg_buf_put(&o, p, 1);
  }
  const char *r = dg_strdup(b->a, o.data ? o.data : "");
  dg_buf_free(&o);
  return r;
}

static int span_attr(const dg_node *th, const char *name) {
  const char *v = dg_node_attr(th, name);
  return v ? atoi(v) : 1;
}

/* <thead><tr><th colspan rowspan>…</th></tr>…</thead> into the header grid
 * of k (ncols set): each cell takes the first free slot of its row, as in
 * HTML. Returns 0, or -1 after naming the row that does not add up. */
static int thead(binder *b, const dg_node *th_el, dg_tablek *k, int slide,
                 const char *cols) {
  int nc = k->ncols, nh = th_el->nkids;
  size_t slots = dg_mul_size((size_t)nh, (size_t)nc);
  k->nhead = nh;
  k->head = dg_alloc_array(b->a, slots, sizeof(char *));
  k->colspan = dg_alloc_array(b->a, slots, sizeof(int));
  k->rowspan = dg_alloc_array(b->a, slots, sizeof(int));
  char *taken = dg_alloc_array(b->a, slots, 1);
  for (int r = 0; r < nh; r++) {
    const dg_node *tr = th_el->kids[r];
    int c = 0;
    for (int i = 0; i < tr->nkids; i++) {
      const dg_node *th = tr->kids[i];
      while (c < nc && taken[r * nc + c])
        c++;
      int cs = span_attr(th, "colspan"), rs = span_attr(th, "rowspan");
      if (c + cs > nc) {
        dg_error(b->ctx, th->pos,
                 "header row %d is wider than the table's %d columns "
                 "(columns=\"%s\"): check its colspan, and the rowspan of "
                 "the rows above",
                 r + 1, nc, cols);
        return -1;
      }
      if (r + rs > nh) {
        dg_error(b->ctx, th->pos,
                 "rowspan=\"%d\" in header row %d reaches below the header, "
                 "which has %d <tr>",
                 rs, r + 1, nh);
        return -1;
      }
      const char *t = th_text(b, th, slide);
      if (!t)
        return -1;
      k->head[r * nc + c] = t;
      k->colspan[r * nc + c] = cs;
      k->rowspan[r * nc + c] = rs;
      for (int y = r; y < r + rs; y++)
        for (int x = c; x < c + cs; x++)
          taken[y * nc + x] = 1;
      c += cs;
    }
    int covered = 0;
    for (int x = 0; x < nc; x++)
      covered += taken[r * nc + x];
    if (covered < nc) {
      dg_error(b->ctx, tr->pos,
               "header row %d covers %d of the table's %d columns "
               "(columns=\"%s\"): give it more <th> or a colspan",
               r + 1, covered, nc, cols);
      return -1;
    }
  }
  return 0;
}
dg_tablek *bi_table(binder *b, const dg_node *n, int slide) {
  const dg_table *t = bi_table_by_id(b, n, dg_node_attr(n, "data"));
  if (!t)
    return NULL;
  dg_tablek *k = dg_alloc(b->a, sizeof *k);
  const char *cols = dg_node_attr(n, "columns");
  const char *heads = bi_attr(b, n, "headers", slide, "table");
  if (dg_node_attr(n, "headers") && !heads)
    return NULL;
  const dg_node *th_el = NULL;
  for (int i = 0; i < n->nkids; i++)
    if (!strcmp(n->kids[i]->name, "thead"))
      th_el = n->kids[i];
  if (th_el && heads) {
    dg_error(b->ctx, n->pos,
             "the table has both headers= and <thead>; give one of them");
    return NULL;
  }
  const char *widths = dg_node_attr(n, "widths");
  int idx[32], nc = 0;
  char *copy = dg_strdup(b->a, cols);
  for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
    while (*tok == ' ')
      tok++;
    int c = dg_table_col(t, tok);
    if (c < 0) {
      dg_error(b->ctx, n->pos, "unknown column \"%s\" in dataset \"%s\"", tok,
               t->id);
      return NULL;
    }
    if (nc == 32) {
      dg_error(b->ctx, n->pos, "too many columns (limit 32)");
      return NULL;
    }
    idx[nc++] = c;
  }
  /* e.g. the previous survey's statuses with answers, whatever that
   * survey's file holds */
  int nr;
  int *rows = bi_where_rows(b, n, t, nc > 0 ? idx[0] : -1, &nr);
  if (!rows)
    return NULL;
  k->ncols = nc;
  k->nrows = nr;
  k->id = dg_node_attr(n, "id");
  k->colname = dg_alloc_array(b->a, (size_t)nc, sizeof(char *));
  for (int i = 0; i < nc; i++)
    k->colname[i] = t->colnames[idx[i]];
  if (th_el) {
    if (thead(b, th_el, k, slide, cols))
      return NULL;
  } else {
    k->nhead = 1;
    k->head = dg_alloc_array(b->a, (size_t)nc, sizeof(char *));
    k->colspan = dg_alloc_array(b->a, (size_t)nc, sizeof(int));
    k->rowspan = dg_alloc_array(b->a, (size_t)nc, sizeof(int));
    char *hc = heads ? dg_strdup(b->a, heads) : NULL;
    char *save = NULL;
    char *h = hc ? strtok_r(hc, ",", &save) : NULL;
    for (int i = 0; i < nc; i++) {
      k->head[i] = h ? h : t->colnames[idx[i]];
      k->colspan[i] = k->rowspan[i] = 1;
      if (h)
        h = strtok_r(NULL, ",", &save);
    }
  }
  char *save = NULL;
  k->widths = dg_alloc_array(b->a, (size_t)nc, sizeof(double));
  for (int i = 0; i < nc; i++)
    k->widths[i] = 1;
  if (widths) {
    char *wc = dg_strdup(b->a, widths);
    int i = 0;
    for (char *w = strtok_r(wc, ",", &save); w && i < nc;
         w = strtok_r(NULL, ",", &save))
      k->widths[i++] = !strcmp(w, "auto") ? 0 : atof(w) > 0 ? atof(w) : 1;
  }
  /* a number format per column: decimals="auto,1" (auto: as many as the
   * value has, none for a whole number, else 2), thousands="yes,no" */
  const char **dec = list_attr(b, n, "decimals", nc, slide);
  const char **sep = list_attr(b, n, "thousands", nc, slide);
  int *ndec = dg_alloc_array(b->a, (size_t)nc, sizeof(int));
  for (int i = 0; i < nc; i++) {
    ndec[i] = -1;
    if (dec[i] && *dec[i] && strcmp(dec[i], "auto")) {
      char *end;
      long v = strtol(dec[i], &end, 10);
      if (*end || v < 0 || v > 6) {
        dg_error(b->ctx, n->pos,
                 "decimals \"%s\" for column \"%s\" is not a number of "
                 "decimals (expected auto or 0 to 6)",
                 dec[i], k->colname[i]);
        return NULL;
      }
      if (t->types[idx[i]] == DG_COL_TEXT) {
        dg_error(b->ctx, n->pos,
                 "decimals \"%s\" for column \"%s\", which is text; declare "
                 "it integer or decimal in <dataset id=\"%s\">, or give auto",
                 dec[i], k->colname[i], t->id);
        return NULL;
      }
      ndec[i] = (int)v;
    }
  }
  k->cells = dg_alloc_array(b->a, dg_mul_size((size_t)nr + 1, (size_t)nc),
                            sizeof(char *));
  for (int r = 0; r < nr; r++)
    for (int i = 0; i < nc; i++) {
      const dg_cell *cell = dg_table_cell(t, rows[r], idx[i]);
      if (t->types[idx[i]] == DG_COL_TEXT)
        k->cells[r * nc + i] = cell->text;
      else {
        dg_buf tb = {0};
        int d = ndec[i] >= 0 ? ndec[i] : dg_num_is_int(cell->num) ? 0 : 2;
        dg_num_format(cell->num, d, !sep[i] || strcmp(sep[i], "no"), &tb);
        k->cells[r * nc + i] = dg_strdup(b->a, tb.data);
        dg_buf_free(&tb);
      }
    }
  k->valign = dg_alloc_array(b->a, (size_t)nc, sizeof(int));
  const char *va = dg_node_attr(n, "valign");
  if (va) {
    char *vc = dg_strdup(b->a, va);
    int i = 0;
    for (char *w = strtok_r(vc, ",", &save); w && i < nc;
         w = strtok_r(NULL, ",", &save), i++)
      k->valign[i] = !strcmp(w, "bottom") ? 2 : !strcmp(w, "middle") ? 1 : 0;
  }
  k->align = aligns(b, n, "align", nc, NULL);
  k->head_align = aligns(b, n, "head-align", nc, k->align);
  for (int i = 0; i < nc; i++)
    if (k->head_align[i] == 3) /* a header has no point to align on */
      k->head_align[i] = 2;
  k->caption = dg_node_attr(n, "caption");
  const char *rs = dg_node_attr(n, "rows");
  k->spread = rs && !strcmp(rs, "spread");
  const char *fl = dg_node_attr(n, "continue");
  k->flow = fl && !strcmp(fl, "column");
  return k;
}
