/* bind_interp: text and attributes with their {expressions} evaluated, and
 * the --explain record of every value bound. Below the element files of
 * the bind stage (bind.c, bind_slide.c, bind_text.c, bind_chart.c,
 * bind_table.c), which share these; it calls only the expression
 * evaluator. */
#include "bind/bind.h"

#include <stdlib.h>
#include <string.h>

#include "bind/bind_int.h"
#include "expr/expr.h"

void bi_explain(dg_deck *d, dg_arena *a, int slide, const char *el, dg_pos pos,
                const char *expr, const char *result, const dg_value *v) {
  if (d->nexplain == d->capexplain) {
    int cap = d->capexplain ? d->capexplain * 2 : 64;
    dg_explain *n = dg_alloc_array(a, (size_t)cap, sizeof *n);
    if (d->nexplain)
      memcpy(n, d->explain, sizeof *n * (size_t)d->nexplain);
    d->explain = n;
    d->capexplain = cap;
  }
  dg_explain *x = &d->explain[d->nexplain++];
  x->slide = slide;
  x->element = el;
  x->pos = pos;
  x->expr = dg_strdup(a, expr);
  x->result = dg_strdup(a, result);
  if (v) {
    x->src = v->src;
    x->nsrc = v->nsrc;
    x->src_more = v->src_more;
    x->more_file = v->more_file;
  }
}

/* Is cp a CJK character (so a source line break next to it is dropped)? */
static int is_cjk(uint32_t cp) {
  return (cp >= 0x3000 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFF00 && cp <= 0xFFEF);
}

/* Trims and folds source whitespace: a run containing a newline disappears
 * between CJK characters and becomes one space elsewhere. */
char *bi_norm_text(dg_arena *a, const char *s) {
  dg_buf b = {0};
  size_t n = strlen(s);
  uint32_t prev = 0;
  size_t i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r'))
    i++;
  while (i < n) {
    if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
      size_t j = i;
      int nl = 0;
      while (j < n &&
             (s[j] == ' ' || s[j] == '\n' || s[j] == '\t' || s[j] == '\r')) {
        if (s[j] == '\n')
          nl = 1;
        j++;
      }
      if (j >= n)
        break;
      uint32_t next = 0;
      dg_utf8_decode(s + j, n - j, &next);
      if (!nl)
        dg_buf_put(&b, s + i, j - i);
      else if (!(is_cjk(prev) || is_cjk(next)))
        dg_buf_put(&b, " ", 1);
      i = j;
      continue;
    }
    uint32_t cp = 0;
    int k = dg_utf8_decode(s + i, n - i, &cp);
    if (k <= 0)
      k = 1;
    dg_buf_put(&b, s + i, (size_t)k);
    prev = cp;
    i += (size_t)k;
  }
  char *r = dg_strdup(a, b.data ? b.data : "");
  dg_buf_free(&b);
  return r;
}

const char *dg_interpolate(dg_env *env, const char *text, dg_deck *d, int slide,
                           const char *element) {
  dg_buf out = {0};
  const char *p = text;
  int ok = 1;
  while (*p) {
    if (p[0] == '{' && p[1] == '{') {
      dg_buf_put(&out, "{", 1);
      p += 2;
      continue;
    }
    if (p[0] == '}' && p[1] == '}') {
      dg_buf_put(&out, "}", 1);
      p += 2;
      continue;
    }
    if (*p == '}') {
      dg_error(env->ctx, env->pos,
               "unmatched \"}\" in text (write \"}}\" for "
               "a literal brace)");
      ok = 0;
      break;
    }
    if (*p != '{') {
      dg_buf_put(&out, p, 1);
      p++;
      continue;
    }
    const char *s = ++p;
    char q = 0;
    while (*p && (q || *p != '}')) {
      if (q && *p == q)
        q = 0;
      else if (!q && (*p == '\'' || *p == '"'))
        q = *p;
      p++;
    }
    if (!*p) {
      dg_error(env->ctx, env->pos, "expression not closed (expected \"}\")");
      ok = 0;
      break;
    }
    char *src = dg_strndup(env->a, s, (size_t)(p - s));
    p++;
    env->src = src;
    dg_expr *e = dg_expr_parse(env->ctx, env->a, src, env->pos);
    dg_value v;
    dg_buf piece = {0};
    if (!e || dg_expr_eval(env, e, &v) || dg_value_scalar(env, &v) ||
        dg_value_format(env, &v, &piece)) {
      dg_buf_free(&piece);
      ok = 0;
      continue;
    }
    if (d)
      bi_explain(d, env->a, slide, element, env->pos, src,
                 piece.data ? piece.data : "", &v);
    dg_buf_puts(&out, piece.data ? piece.data : "");
    dg_buf_free(&piece);
  }
  const char *r = ok ? dg_strdup(env->a, out.data ? out.data : "") : NULL;
  dg_buf_free(&out);
  return r;
}

const char *bi_interp(binder *b, const dg_node *n, const char *text, int slide,
                      const char *el) {
  b->env.pos = n->pos;
  return dg_interpolate(&b->env, bi_norm_text(b->a, text), b->d, slide, el);
}

const char *bi_attr(binder *b, const dg_node *n, const char *name, int slide,
                    const char *el) {
  const char *v = dg_node_attr(n, name);
  if (!v)
    return NULL;
  return bi_interp(b, n, v, slide, el);
}

/* The attributes the schema declares as numbers (templates/deck.rng's
 * "number" and "count"), which may be written as one {expression}. */
static const char *const numeric_attrs[] = {
    "axis-max", "decimals", "start", "pct-decimals", "size", "leading"};

static int numeric_attr(const char *name) {
  for (size_t i = 0; i < sizeof numeric_attrs / sizeof *numeric_attrs; i++)
    if (!strcmp(numeric_attrs[i], name))
      return 1;
  return 0;
}

const dg_node *bi_numbers(binder *b, const dg_node *n, int slide,
                          const char *el) {
  dg_node *c = NULL;
  for (int i = 0; i < n->nattrs; i++) {
    const char *v = n->attr_value[i];
    size_t len = strlen(v);
    if (!numeric_attr(n->attr_name[i]) || len < 3 || v[0] != '{' ||
        v[len - 1] != '}')
      continue;
    if (!c) {
      c = dg_alloc(b->a, sizeof *c);
      *c = *n;
      c->attr_value =
          dg_alloc_array(b->a, (size_t)n->nattrs + 1, sizeof(char *));
      memcpy(c->attr_value, n->attr_value, sizeof(char *) * (size_t)n->nattrs);
    }
    const char *src = dg_strndup(b->a, v + 1, len - 2);
    b->env.pos = n->pos;
    dg_num x;
    dg_value full;
    if (dg_eval_num(&b->env, src, &x, &full))
      return NULL;
    /* printed plainly, as the attribute would be written: 1200, 12.5 */
    dg_buf t = {0};
    dg_num_format(x, dg_num_is_int(x) ? 0 : 6, 0, &t);
    size_t k = t.len;
    if (!dg_num_is_int(x)) {
      while (k > 0 && t.data[k - 1] == '0')
        k--;
      if (k > 0 && t.data[k - 1] == '.')
        k--;
    }
    c->attr_value[i] = dg_strndup(b->a, t.data, k);
    dg_buf_free(&t);
    bi_explain(b->d, b->a, slide, el, n->pos, v, c->attr_value[i], &full);
  }
  const dg_node *out = c ? c : n;
  for (int i = 0; i < n->nkids; i++) {
    const dg_node *k = bi_numbers(b, n->kids[i], slide, el);
    if (!k)
      return NULL;
    if (k != n->kids[i]) {
      if (!c) {
        c = dg_alloc(b->a, sizeof *c);
        *c = *n;
        out = c;
      }
      if (c->kids == n->kids) {
        c->kids = dg_alloc_array(b->a, (size_t)n->nkids + 1, sizeof(dg_node *));
        memcpy(c->kids, n->kids, sizeof(dg_node *) * (size_t)n->nkids);
      }
      c->kids[i] = (dg_node *)k;
    }
  }
  return out;
}

void bi_column_kinds(binder *b, const dg_node *n, dg_table *t) {
  for (int i = 0; i < n->nkids; i++) {
    const dg_node *k = n->kids[i];
    const char *kind = dg_node_attr(k, "kind");
    int c = kind ? dg_table_col(t, dg_node_attr(k, "name")) : -1;
    if (c < 0)
      continue;
    if (!t->kinds) {
      t->kinds = dg_alloc_array(b->a, (size_t)t->ncols, sizeof(dg_numkind));
      for (int j = 0; j < t->ncols; j++)
        t->kinds[j] = DG_KIND_COUNT;
    }
    t->kinds[c] = !strcmp(kind, "share")    ? DG_KIND_SHARE
                  : !strcmp(kind, "amount") ? DG_KIND_AMOUNT
                                            : DG_KIND_COUNT;
  }
}
