/* bind_text: one paragraph bound to its final words — its premise decides
 * between its text and its <else> (a premise that fails with no <else>
 * stops the build naming the sentence), its {expressions} evaluated, and
 * its inline markup (<b>, <nobr>, <br/>) carried through as styles. */
#include "bind/bind_int.h"

#include <stdlib.h>
#include <string.h>

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
const char *bi_para(binder *b, const dg_node *p, int slide, const char *el,
                    const unsigned char **style) {
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
  const char *r = bi_interp(
      b, from, inl ? (marked.data ? marked.data : "") : text, slide, el);
  b->env.where = NULL;
  dg_buf_free(&plain);
  dg_buf_free(&marked);
  if (r && inl)
    r = inline_split(b->a, r, style);
  return r;
}
