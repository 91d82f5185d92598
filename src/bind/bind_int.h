/* bind_int: what the bind stage's files share: the binder (bind.c: the
 * deck, its theme, metadata and checks) over the files below it —
 * bind_data.c (datasets), bind_slide.c (slides and their blocks),
 * bind_text.c (paragraphs), bind_chart.c and bind_table.c (charts,
 * tables) and bind_interp.c ({expressions} in text). */
#ifndef DG_BIND_INT_H
#define DG_BIND_INT_H

#include "bind/bind.h"
#include "deck/survey.h"
#include "expr/expr.h"

typedef struct binder {
  dg_ctx *ctx;
  dg_arena *a;
  dg_deck *d;
  dg_env env;
  const dg_bind_opts *opts;
  const char *deck_dir;
  dg_survey survey;      /* the survey's folders (survey.h) */
  const char *slide_id;  /* id of the slide being bound, for messages */
  int scope;             /* first name of the current scope in env.names */
  const dg_node *root;   /* the deck, for messages that name its lines */
  const dg_theme *theme; /* the slide being bound's theme (its colours) */
} binder;

/* bind_interp.c */

/* Records one bound value and its source cells for --explain. */
void bi_explain(dg_deck *d, dg_arena *a, int slide, const char *el, dg_pos pos,
                const char *expr, const char *result, const dg_value *v);
/* Trims and folds source whitespace of s (a run with a newline vanishes
 * between CJK characters and is one space elsewhere); an arena string. */
char *bi_norm_text(dg_arena *a, const char *s);
/* `text` of node n, folded, with its {expressions} evaluated (explained as
 * element el of the slide); an arena string, or NULL after reporting. */
const char *bi_interp(binder *b, const dg_node *n, const char *text, int slide,
                      const char *el);
/* Attribute `name` of n with its {expressions} evaluated, or NULL. */
const char *bi_attr(binder *b, const dg_node *n, const char *name, int slide,
                    const char *el);

/* bind_vocab.c */

/* Checks table t against the vocabularies its <dataset> declares (values=
 * or values-file=, other=, open= on a <column>) and records each column's
 * catch-all in t->other. Reports every cell that breaks one at its
 * file:row:col. */
void bi_vocab_check(binder *b, const dg_node *dataset, dg_table *t);
/* The path of a <column>'s values-file= from the project root (o->root),
 * an arena string; NULL when it has none, or after reporting a path that
 * leaves the project. */
const char *bi_values_path(dg_ctx *ctx, dg_arena *a, const dg_bind_opts *o,
                           const dg_node *column);

/* n itself, or a copy of n and its kids in which each numeric attribute
 * (axis-max, decimals, pct-decimals, size, leading) written as one
 * {expression} holds the number it evaluates to, printed plainly (1200,
 * 12.5), so that what reads it later sees a number; NULL after reporting. */
const dg_node *bi_numbers(binder *b, const dg_node *n, int slide,
                          const char *el);

/* Each <column kind> of dataset element n on table t (read): what its
 * values are, for the tie words (dg_numkind). */
void bi_column_kinds(binder *b, const dg_node *n, dg_table *t);

/* bind_derive.c: the derived dataset n (derive=, join=, computed
 * <column expr>), added to the deck's tables; reports what is wrong. */
void bi_derive(binder *b, const dg_node *n);

/* bind_data.c */

/* The survey's folders and the tables `survey` and `previous` (batch
 * mode: already read, among the preloaded tables) added to b->d's tables;
 * 0, or -1 after reporting. */
int bi_survey(binder *b, const dg_node *root);
/* The <dataset> n read (or derived, or taken from the preloaded tables)
 * and added to b->d's tables; reports what is wrong and adds nothing. */
void bi_dataset(binder *b, const dg_node *n);
/* The deck's table named id, or NULL after reporting an unknown dataset at
 * n. */
const dg_table *bi_table_by_id(binder *b, const dg_node *n, const char *id);
/* The rows of t a node's where= selects (evaluated on column col), in *nr;
 * all rows when it has no where= or col < 0. An arena array, NULL after an
 * error. */
int *bi_where_rows(binder *b, const dg_node *n, const dg_table *t, int col,
                   int *nr);

/* bind_slide.c */

/* file relative to the folder root (as it is when root is "." or file
 * absolute); an arena string. */
char *bi_join_path(dg_arena *a, const char *root, const char *file);
/* <let name expr> n named in the scope starting at name `scope` of
 * b->env; 0, or -1 after reporting. */
int bi_let(binder *b, const dg_node *n, int scope);
/* <slide> n bound into s (s->number set by the caller); errors are
 * reported and counted in b->ctx. */
void bi_slide(binder *b, const dg_node *n, dg_slide *s);

/* bind_text.c */

/* Paragraph p (or its <else>, when its premise fails) bound, named el in
 * messages; an arena string with *style set to its DG_INL_* bytes per
 * byte (NULL when it has no inline markup), or NULL after reporting. */
const char *bi_para(binder *b, const dg_node *p, int slide, const char *el,
                    const unsigned char **style);

/* bind_chart.c: a <chart> bound to its data; NULL after errors. */
dg_chart *bi_chart(binder *b, const dg_node *n, int slide);

/* bind_table.c: a <table> bound to its data; NULL after errors. */
dg_tablek *bi_table(binder *b, const dg_node *n, int slide);

#endif
