/* bind_chart: binds a <chart> to its dataset — rows selected and ordered,
 * categories and series gathered, values, totals and shares printed
 * exactly, highlights and reference lines — so layout receives finished
 * numbers and strings. Called by bind_slide.c; <table> is bind_table.c. */
#include <stdlib.h>
#include <string.h>

#include "bind/bind_int.h"

static int find_str(const char **v, int n, const char *s) {
  for (int i = 0; i < n; i++)
    if (!strcmp(v[i], s))
      return i;
  return -1;
}

typedef struct catsum {
  int i;
  double total;
} catsum;
static int catsum_desc(const void *x, const void *y) {
  const catsum *a = x, *b = y;
  if (a->total != b->total)
    return a->total < b->total ? 1 : -1;
  return (a->i > b->i) - (a->i < b->i);
}

static void fill_texts(binder *b, dg_chart *c, dg_num *nums, int decimals,
                       int pct_decimals, const dg_node *n) {
  size_t cells = (size_t)c->ncat * (size_t)c->nser;
  c->val = dg_alloc_array(b->a, cells ? cells : 1, sizeof(double));
  c->val_text = dg_alloc_array(b->a, cells ? cells : 1, sizeof(char *));
  for (size_t i = 0; i < cells; i++) {
    dg_buf t = {0};
    dg_num_format(nums[i], decimals, 1, &t);
    c->val_text[i] = dg_strdup(b->a, t.data);
    c->val[i] = dg_num_to_double(nums[i]);
    dg_buf_free(&t);
    if (nums[i].n < 0 && c->type != DG_CH_BAR) {
      dg_error(b->ctx, n->pos,
               "negative value %s in a %s chart (counts "
               "cannot be negative)",
               c->val_text[i],
               c->type == DG_CH_PIE      ? "pie"
               : c->type == DG_CH_LINE   ? "line"
               : c->type == DG_CH_COLUMN ? "column"
                                         : "100% stacked");
    }
  }
  if (c->type == DG_CH_LINE)
    return;
  if (c->type == DG_CH_BAR || (c->type == DG_CH_COLUMN && !c->percent)) {
    if (c->nser < 2 || !c->stack)
      return;
    /* stacked series: each bar's total, computed exactly */
    c->tot_text = dg_alloc_array(b->a, (size_t)c->ncat, sizeof(char *));
    for (int r = 0; r < c->ncat; r++) {
      dg_num tot = dg_num_int(0);
      for (int s = 0; s < c->nser; s++)
        if (dg_num_add(tot, nums[r * c->nser + s], &tot)) {
          dg_error(b->ctx, n->pos, "total too large (overflow)");
          return;
        }
      dg_buf t = {0};
      dg_num_format(tot, decimals, 1, &t);
      c->tot_text[r] = dg_strdup(b->a, t.data);
      dg_buf_free(&t);
    }
    return;
  }
  c->pct_text = dg_alloc_array(b->a, cells ? cells : 1, sizeof(char *));
  /* shares: of each category's row (stacked100) or of the whole (pie) */
  for (int r = 0; r < c->ncat; r++) {
    dg_num tot = dg_num_int(0);
    int over = 0;
    for (int s = 0; s < c->nser; s++)
      if (c->type != DG_CH_PIE)
        over |= dg_num_add(tot, nums[r * c->nser + s], &tot);
    if (c->type == DG_CH_PIE)
      for (int k = 0; k < c->ncat; k++)
        over |= dg_num_add(tot, nums[k * c->nser], &tot);
    if (over) {
      dg_error(b->ctx, n->pos, "total too large (overflow)");
      return;
    }
    if (tot.n == 0) {
      /* a clear error, never a chart of empty shares (check_bind.c's
       * errors: an all-zero pie names its dataset) */
      if (c->type == DG_CH_PIE) {
        const char *id = dg_node_attr(n, "data"), *file = "";
        for (int k = 0; id && k < b->d->ntables; k++)
          if (!strcmp(b->d->tables[k]->id, id))
            file = b->d->tables[k]->path;
        dg_error(b->ctx, n->pos,
                 "every value of the pie chart of \"%s\" (%s) is zero, so "
                 "its shares cannot be computed",
                 id ? id : "", file);
      } else
        dg_error(b->ctx, n->pos,
                 "category \"%s\" totals zero, so its shares "
                 "cannot be computed",
                 c->cat[r]);
      return;
    }
    for (int s = 0; s < c->nser; s++) {
      dg_num q;
      if (dg_num_div(nums[r * c->nser + s], tot, &q) ||
          dg_num_mul(q, dg_num_int(100), &q)) {
        dg_error(b->ctx, n->pos, "share too large (overflow)");
        return;
      }
      dg_buf t = {0};
      /* 1 of 100,000 is 0.001%, never 0.0% (hostile12) */
      dg_num_format(q, dg_num_share_decimals(q, pct_decimals), 0, &t);
      dg_buf_puts(&t, "%");
      c->pct_text[r * c->nser + s] = dg_strdup(b->a, t.data);
      dg_buf_free(&t);
    }
  }
}

static int int_attr(binder *b, const dg_node *n, const char *name, int def,
                    int lo, int hi) {
  const char *v = dg_node_attr(n, name);
  if (!v)
    return def;
  char *end;
  long x = strtol(v, &end, 10);
  if (*end || end == v || x < lo || x > hi) {
    dg_error(b->ctx, n->pos,
             "attribute %s=\"%s\" must be an integer from %d "
             "to %d",
             name, v, lo, hi);
    return def;
  }
  return (int)x;
}

static int col_of(binder *b, const dg_node *n, const dg_table *t,
                  const char *attr, int numeric) {
  const char *name = dg_node_attr(n, attr);
  if (!name)
    return -1;
  int c = dg_table_col(t, name);
  if (c < 0) {
    dg_buf l = {0};
    for (int i = 0; i < t->ncols; i++) {
      if (i)
        dg_buf_puts(&l, ", ");
      dg_buf_puts(&l, t->colnames[i]);
    }
    dg_error(b->ctx, n->pos,
             "unknown column \"%s\" in dataset \"%s\" "
             "(expected one of: %s)",
             name, t->id, l.data);
    dg_buf_free(&l);
    return -2;
  }
  if (numeric && t->types[c] == DG_COL_TEXT) {
    dg_error(b->ctx, n->pos,
             "column \"%s\" of dataset \"%s\" is text; "
             "declare it integer or decimal to chart it",
             name, t->id);
    return -2;
  }
  return c;
}

/* labels=, palette=: how a chart shows its series. */
static int chart_options(binder *b, const dg_node *n, dg_chart *c, int slide) {
  (void)slide;
  const char *lab = dg_node_attr(n, "labels");
  c->labels = !lab || !strcmp(lab, "all") ? DG_LAB_ALL
              : !strcmp(lab, "last")      ? DG_LAB_LAST
                                          : DG_LAB_NONE;
  if (lab && c->type != DG_CH_LINE) {
    dg_error(b->ctx, n->pos,
             "labels=\"%s\" is for line charts (bars label every value)", lab);
    return -1;
  }
  const char *pal = dg_node_attr(n, "palette");
  c->sequential = pal && !strcmp(pal, "sequential");
  c->highlight = -1;
  return 0;
}

/* categories="a,b,c": the chart's categories in this order, each shown
 * even when no row has it (as 0). NULL and *n 0 without the attribute. */
static const char **fixed_categories(binder *b, const dg_node *n, int *nc) {
  *nc = 0;
  const char *v = dg_node_attr(n, "categories");
  if (!v)
    return NULL;
  char *copy = dg_strdup(b->a, v), *save = NULL;
  const char **out = dg_alloc_array(b->a, strlen(v) / 2 + 2, sizeof(char *));
  for (char *w = strtok_r(copy, ",", &save); w;
       w = strtok_r(NULL, ",", &save)) {
    while (*w == ' ')
      w++;
    char *e = w + strlen(w);
    while (e > w && e[-1] == ' ')
      *--e = 0;
    if (*w && find_str(out, *nc, w) < 0)
      out[(*nc)++] = w;
  }
  return out;
}

/* highlight="{me.pref_name}": the category drawn in the highlight colour;
 * a name that is not one of the chart's categories is an error, never a
 * chart that silently highlights nothing. */
static int highlight_of(binder *b, const dg_node *n, dg_chart *c, int slide) {
  if (!dg_node_attr(n, "highlight"))
    return 0;
  const char *h = bi_attr(b, n, "highlight", slide, "chart");
  if (!h)
    return -1;
  c->highlight = find_str(c->cat, c->ncat, h);
  if (c->highlight >= 0)
    return 0;
  dg_buf l = {0};
  for (int i = 0; i < c->ncat; i++) {
    if (i)
      dg_buf_puts(&l, ", ");
    dg_buf_puts(&l, c->cat[i]);
  }
  dg_error(b->ctx, n->pos,
           "highlight=\"%s\" is not a category of the chart (expected one "
           "of: %s)",
           h, l.data ? l.data : "");
  dg_buf_free(&l);
  return -1;
}

/* reference="45.2" or an expression (braces optional): a line across the
 * plot at that value, labelled "reference-label value". */
static int reference_of(binder *b, const dg_node *n, dg_chart *c, int decimals,
                        int slide) {
  const char *src = dg_node_attr(n, "reference");
  if (!src)
    return 0;
  size_t len = strlen(src);
  if (len >= 2 && src[0] == '{' && src[len - 1] == '}')
    src = dg_printf(b->a, "%.*s", (int)len - 2, src + 1);
  if (c->type == DG_CH_PIE || c->type == DG_CH_STACKED100 || c->percent) {
    dg_error(b->ctx, n->pos,
             "reference= is for bar, column and line charts (a share chart "
             "has no value axis)");
    return -1;
  }
  dg_num v;
  dg_value full;
  b->env.pos = n->pos;
  if (dg_eval_num(&b->env, src, &v, &full))
    return -1;
  if (v.n < 0) {
    dg_error(b->ctx, n->pos,
             "reference= is negative (the value axis starts at 0)");
    return -1;
  }
  dg_buf t = {0};
  dg_num_format(v, decimals, 1, &t);
  const char *suffix = dg_node_attr(n, "value-suffix");
  const char *label = dg_node_attr(n, "reference-label")
                          ? bi_attr(b, n, "reference-label", slide, "chart")
                          : NULL;
  c->has_ref = 1;
  c->ref = dg_num_to_double(v);
  c->ref_text = dg_printf(b->a, "%s%s%s%s", label ? label : "",
                          label ? " " : "", t.data, suffix ? suffix : "");
  bi_explain(b->d, b->a, slide, "chart", n->pos, src, t.data, &full);
  dg_buf_free(&t);
  return 0;
}

dg_chart *bi_chart(binder *b, const dg_node *n, int slide) {
  n = bi_numbers(b, n, slide, "chart");
  if (!n)
    return NULL;
  dg_chart *c = dg_alloc(b->a, sizeof *c);
  const char *type = dg_node_attr(n, "type");
  c->type = !strcmp(type, "pie")          ? DG_CH_PIE
            : !strcmp(type, "stacked100") ? DG_CH_STACKED100
            : !strcmp(type, "line")       ? DG_CH_LINE
            : !strcmp(type, "column")     ? DG_CH_COLUMN
                                          : DG_CH_BAR;
  const char *mode = dg_node_attr(n, "mode");
  c->stack = !mode || strcmp(mode, "group");
  c->percent = mode && !strcmp(mode, "percent");
  if (c->type == DG_CH_LINE) /* lines are never stacked */
    c->stack = 0;
  if (c->percent && c->type != DG_CH_COLUMN) {
    dg_error(b->ctx, n->pos,
             "mode=\"percent\" is for column charts (horizontal 100%% bars "
             "are type=\"stacked100\")");
    return NULL;
  }
  if (chart_options(b, n, c, slide))
    return NULL;
  c->axis_title = bi_attr(b, n, "axis-title", slide, "chart");
  c->heading = bi_attr(b, n, "heading", slide, "chart");
  c->caption = bi_attr(b, n, "caption", slide, "chart");
  c->unit = bi_attr(b, n, "unit", slide, "chart");
  const char *legend = dg_node_attr(n, "legend");
  c->numbered_legend = legend && !strcmp(legend, "numbered");
  int decimals = int_attr(b, n, "decimals", 0, 0, 6);
  int pdec = int_attr(b, n, "pct-decimals", 1, 0, 6);
  const char *data = dg_node_attr(n, "data");
  dg_num *nums = NULL;
  const char *el = dg_printf(b->a, "chart(%s)", type);
  if (data) {
    const dg_table *t = bi_table_by_id(b, n, data);
    if (!t)
      return NULL;
    int cc = col_of(b, n, t, "category", 0), vc = col_of(b, n, t, "value", 1),
        sc = col_of(b, n, t, "series", 0);
    /* aggregate="count": response-level rows, each counts 1 */
    const char *agg = dg_node_attr(n, "aggregate");
    int counting = agg && !strcmp(agg, "count");
    if (counting && vc == -1)
      vc = cc;
    if (cc == -1 || vc == -1) {
      dg_error(b->ctx, n->pos,
               "a chart with data= needs category= and "
               "value= columns (or aggregate=\"count\")");
      return NULL;
    }
    if (cc < 0 || vc < 0 || sc == -2)
      return NULL;
    int nr;
    int *rows = bi_where_rows(b, n, t, vc, &nr);
    if (!rows)
      return NULL;
    int nfixed = 0;
    const char **fixed = fixed_categories(b, n, &nfixed);
    c->cat = dg_alloc_array(b->a, (size_t)(nr + nfixed) + 1, sizeof(char *));
    c->ser = dg_alloc_array(b->a, (size_t)nr + 1, sizeof(char *));
    for (int i = 0; i < nfixed; i++)
      c->cat[c->ncat++] = fixed[i];
    for (int i = 0; i < nr; i++) {
      const dg_cell *ccell = dg_table_cell(t, rows[i], cc);
      const char *cl = ccell->text;
      if (nfixed && find_str(c->cat, c->ncat, cl) < 0) {
        /* never a row left out of the chart without a word */
        dg_error(b->ctx, ccell->pos,
                 "category \"%s\" is not in the chart's categories= (add "
                 "it there, or leave its rows out with where=; the chart is "
                 "at %s:%d)",
                 cl, n->pos.file, n->pos.line);
        return NULL;
      }
      if (find_str(c->cat, c->ncat, cl) < 0)
        c->cat[c->ncat++] = cl;
      const char *sl = sc >= 0 ? dg_table_cell(t, rows[i], sc)->text : "";
      if (find_str(c->ser, c->nser, sl) < 0)
        c->ser[c->nser++] = sl;
    }
    if (c->ncat == 0) {
      dg_error(b->ctx, n->pos, "chart has no rows in dataset \"%s\"", t->id);
      return NULL;
    }
    nums = dg_alloc_array(b->a, dg_mul_size((size_t)c->ncat, (size_t)c->nser),
                          sizeof(dg_num));
    const dg_cell **srcs = dg_alloc_array(
        b->a, dg_mul_size((size_t)c->ncat, (size_t)c->nser), sizeof(void *));
    for (int i = 0; i < c->ncat * c->nser; i++)
      nums[i] = dg_num_int(0);
    for (int i = 0; i < nr; i++) {
      int ci = find_str(c->cat, c->ncat, dg_table_cell(t, rows[i], cc)->text);
      int si = sc >= 0 ? find_str(c->ser, c->nser,
                                  dg_table_cell(t, rows[i], sc)->text)
                       : 0;
      const dg_cell *cell = dg_table_cell(t, rows[i], vc);
      if (counting) {
        int r = dg_num_add(nums[ci * c->nser + si], dg_num_int(1),
                           &nums[ci * c->nser + si]);
        (void)r;
        if (!srcs[ci * c->nser + si])
          srcs[ci * c->nser + si] = cell;
        continue;
      }
      if (srcs[ci * c->nser + si]) {
        dg_error(b->ctx, cell->pos,
                 "duplicate row for category \"%s\"%s%s%s "
                 "(first at line %d)",
                 c->cat[ci], sc >= 0 ? " and series \"" : "",
                 sc >= 0 ? c->ser[si] : "", sc >= 0 ? "\"" : "",
                 srcs[ci * c->nser + si]->pos.line);
        return NULL;
      }
      srcs[ci * c->nser + si] = cell;
      nums[ci * c->nser + si] = cell->num;
      /* bars are drawn from 0: a negative count would be drawn off the
       * chart and reported only as text leaving the page (hostile12) */
      if ((c->type == DG_CH_BAR || c->type == DG_CH_COLUMN) &&
          cell->num.n < 0) {
        dg_error(b->ctx, cell->pos,
                 "negative value %s in column \"%s\" of a %s chart (bars "
                 "start at 0; the chart is at %s:%d)",
                 cell->text, t->colnames[vc],
                 c->type == DG_CH_BAR ? "bar" : "column", n->pos.file,
                 n->pos.line);
        return NULL;
      }
    }
    /* ordering */
    const char *sort = dg_node_attr(n, "sort");
    const char *last = dg_node_attr(n, "last");
    /* a sorted chart puts its category's catch-all (other=) last, by its
     * role as every ranking leaves it out, not by a string in the chart */
    const char *other = sort && strcmp(sort, "none") && t->other && cc >= 0
                            ? t->other[cc]
                            : NULL;
    if ((sort && strcmp(sort, "none")) || last) {
      catsum *cs = dg_alloc_array(b->a, (size_t)c->ncat, sizeof *cs);
      for (int i = 0; i < c->ncat; i++) {
        cs[i].i = i;
        for (int s = 0; s < c->nser; s++)
          cs[i].total += dg_num_to_double(nums[i * c->nser + s]);
        if (sort && !strcmp(sort, "asc"))
          cs[i].total = -cs[i].total;
        if (!sort || !strcmp(sort, "none"))
          cs[i].total = 0;
        if ((last && !strcmp(c->cat[i], last)) ||
            (other && !strcmp(c->cat[i], other)))
          cs[i].total = -1e300;
      }
      qsort(cs, (size_t)c->ncat, sizeof *cs, catsum_desc);
      const char **ncat = dg_alloc_array(b->a, (size_t)c->ncat, sizeof(char *));
      dg_num *nn =
          dg_alloc_array(b->a, (size_t)(c->ncat * c->nser), sizeof(dg_num));
      const dg_cell **ns =
          dg_alloc_array(b->a, (size_t)(c->ncat * c->nser), sizeof(void *));
      for (int i = 0; i < c->ncat; i++) {
        ncat[i] = c->cat[cs[i].i];
        for (int s = 0; s < c->nser; s++) {
          nn[i * c->nser + s] = nums[cs[i].i * c->nser + s];
          ns[i * c->nser + s] = srcs[cs[i].i * c->nser + s];
        }
      }
      c->cat = ncat;
      nums = nn;
      srcs = ns;
    }
    fill_texts(b, c, nums, decimals, pdec, n);
    for (int i = 0; i < c->ncat * c->nser; i++) {
      dg_value v = {0};
      v.src = &srcs[i];
      v.nsrc = srcs[i] ? 1 : 0;
      bi_explain(b->d, b->a, slide, el, n->pos,
                 dg_printf(b->a, "%s.%s[%s='%s'%s%s%s]", t->id, t->colnames[vc],
                           t->colnames[cc], c->cat[i / c->nser],
                           sc >= 0 ? ", " : "", sc >= 0 ? t->colnames[sc] : "",
                           sc >= 0
                               ? dg_printf(b->a, "='%s'", c->ser[i % c->nser])
                               : ""),
                 c->pct_text
                     ? dg_printf(b->a, "%s，%s", c->val_text[i], c->pct_text[i])
                     : c->val_text[i],
                 &v);
    }
  } else {
    /* explicit <series name=…><item label=… value=…/></series> */
    int nser = 0, ncat = 0;
    for (int i = 0; i < n->nkids; i++)
      if (!strcmp(n->kids[i]->name, "series")) {
        nser++;
        if (n->kids[i]->nkids > ncat)
          ncat = n->kids[i]->nkids;
      }
    if (nser == 0 || ncat == 0) {
      dg_error(b->ctx, n->pos, "chart needs data= or <series> with <item>s");
      return NULL;
    }
    c->ser = dg_alloc_array(b->a, (size_t)nser, sizeof(char *));
    c->cat = dg_alloc_array(b->a, (size_t)ncat, sizeof(char *));
    nums = dg_alloc_array(b->a, (size_t)(nser * ncat), sizeof(dg_num));
    for (int i = 0; i < nser * ncat; i++)
      nums[i] = dg_num_int(0);
    c->nser = nser;
    c->ncat = ncat;
    int s = 0;
    for (int i = 0; i < n->nkids; i++) {
      const dg_node *sn = n->kids[i];
      if (strcmp(sn->name, "series"))
        continue;
      c->ser[s] = bi_attr(b, sn, "name", slide, el);
      for (int k = 0; k < sn->nkids; k++) {
        const dg_node *it = sn->kids[k];
        const char *label = bi_attr(b, it, "label", slide, el);
        if (!label)
          return NULL;
        if (s == 0)
          c->cat[k] = label;
        else if (k >= ncat || !c->cat[k] || strcmp(c->cat[k], label)) {
          dg_error(b->ctx, it->pos,
                   "item \"%s\" does not match the first "
                   "series' item \"%s\" at the same place",
                   label, k < ncat && c->cat[k] ? c->cat[k] : "");
          return NULL;
        }
        b->env.pos = it->pos;
        dg_value v;
        const char *vs = dg_node_attr(it, "value");
        if (dg_eval_num(&b->env, vs, &nums[k * nser + s], &v))
          return NULL;
        dg_buf t = {0};
        dg_num_format(nums[k * nser + s], decimals, 1, &t);
        bi_explain(b->d, b->a, slide, el, it->pos, vs, t.data, &v);
        dg_buf_free(&t);
      }
      s++;
    }
    fill_texts(b, c, nums, decimals, pdec, n);
  }
  const char *mx = dg_node_attr(n, "axis-max");
  if (mx)
    c->axis_max = atof(mx);
  if (highlight_of(b, n, c, slide) || reference_of(b, n, c, decimals, slide))
    return NULL;
  /* total-unit="団体": each category label carries its total, 導入済（573団体）
   */
  const char *tu = dg_node_attr(n, "total-unit");
  if (tu && nums) {
    const char **lab = dg_alloc_array(b->a, (size_t)c->ncat, sizeof(char *));
    for (int i = 0; i < c->ncat; i++) {
      dg_num tot = dg_num_int(0);
      for (int k = 0; k < c->nser; k++)
        if (dg_num_add(tot, nums[i * c->nser + k], &tot)) {
          dg_error(b->ctx, n->pos, "total too large (overflow)");
          return NULL;
        }
      dg_buf t = {0};
      dg_num_format(tot, decimals, 1, &t);
      lab[i] = dg_printf(b->a, "%s（%s%s）", c->cat[i], t.data, tu);
      bi_explain(b->d, b->a, slide, el, n->pos,
                 dg_printf(b->a, "total of \"%s\"", c->cat[i]), t.data, NULL);
      dg_buf_free(&t);
    }
    c->cat_name = c->cat;
    c->total_unit = tu;
    c->cat = lab;
  }
  const char *suffix = dg_node_attr(n, "value-suffix");
  if (suffix)
    for (int i = 0; i < c->ncat * c->nser; i++)
      c->val_text[i] = dg_printf(b->a, "%s%s", c->val_text[i], suffix);
  c->alt = bi_attr(b, n, "alt", slide, el);
  /* one colour per series (per slice of a pie): with more than the theme
   * has, two would share one and the legend could not tell them apart
   * (tests/variants/palette-overflow) */
  int need = c->type == DG_CH_PIE ? c->ncat : c->nser;
  if (b->theme && need > b->theme->nseries) {
    dg_error(b->ctx, n->pos,
             "chart on slide %d \"%s\" (%s) draws %d %s but the theme has %d "
             "series colours: two would share a colour; add <color>s to the "
             "theme's <series>, or give the data fewer %s",
             slide, b->slide_id ? b->slide_id : "", c->alt ? c->alt : type,
             need, c->type == DG_CH_PIE ? "slices" : "series",
             b->theme->nseries, c->type == DG_CH_PIE ? "categories" : "series");
    return NULL;
  }
  return c;
}
