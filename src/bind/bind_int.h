/* bind_int: what the bind stage's two files share (bind.c: datasets,
 * text, slides, checks; bind/bind_chart.c: charts and tables). */
#ifndef DG_BIND_INT_H
#define DG_BIND_INT_H

#include "bind/bind.h"
#include "expr/expr.h"
#include "deck/survey.h"

typedef struct binder {
  dg_ctx *ctx;
  dg_arena *a;
  dg_deck *d;
  dg_env env;
  const dg_bind_opts *opts;
  const char *deck_dir;
  dg_survey survey; /* the survey's folders (survey.h) */
  const char *slide_id; /* id of the slide being bound, for messages */
  int scope;            /* first name of the current scope in env.names */
} binder;

/* Records one bound value and its source cells for --explain. */
void bi_explain(dg_deck *d, dg_arena *a, int slide, const char *el, dg_pos pos,
                const char *expr, const char *result, const dg_value *v);
/* Attribute `name` of n with its {expressions} evaluated, or NULL. */
const char *bi_attr(binder *b, const dg_node *n, const char *name, int slide,
                    const char *el);
/* <chart> and <table> elements bound to their data; NULL after errors. */
dg_chart *bi_chart(binder *b, const dg_node *n, int slide);
dg_tablek *bi_table(binder *b, const dg_node *n, int slide);

#endif
