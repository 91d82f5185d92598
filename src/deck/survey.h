/* survey: the one place a deck's year is set. A deck's <survey data
 * previous> (or --data/--previous) names the folder of this survey's CSVs
 * and of the previous survey's; each folder's survey.csv gives its date.
 * Part of the bind stage: resolves the folders, the path of every
 * dataset's file, and reads survey.csv into the tables `survey` and
 * `previous`, so that expressions say survey.date and previous.date. */
#ifndef DG_SURVEY_H
#define DG_SURVEY_H

#include "data/csv.h"
#include "deck/parse.h"
#include "base/util.h"

typedef struct dg_survey {
  int present;          /* the deck has a <survey> element */
  dg_pos pos;           /* where it is */
  const char *root;     /* project root (deck paths resolve against it) */
  const char *data;     /* this survey's folder, or NULL */
  const char *previous; /* the previous survey's folder, or NULL */
  int data_from_cli;    /* --data given: a deck's previous= is not used */
} dg_survey;

/* Resolves the folders: --data/--previous (relative to the working folder)
 * override the deck's <survey data previous> (relative to root). Deck
 * paths leaving the project are refused unless allow_outside. Returns 0,
 * or -1 after reporting. */
int dg_survey_resolve(dg_ctx *ctx, dg_arena *a, const dg_node *deck,
                      const char *root, const char *data_opt,
                      const char *previous_opt, int allow_outside,
                      dg_survey *out);

/* The path of a <dataset>'s file: relative to the survey's folder (or with
 * from="previous" the previous survey's, from="project" the project root);
 * without a <survey>, relative to the project root. Returns the arena
 * string, or NULL after reporting at the dataset's line. */
const char *dg_survey_dataset_path(dg_ctx *ctx, dg_arena *a, const dg_survey *s,
                                   const dg_node *ds, int allow_outside);

/* Reads survey.csv of the survey's folder (table "survey") and of the
 * previous survey's (table "previous"): one row with a `date` column
 * (YYYY-MM-DD) and any others (e.g. `published`). The previous survey's
 * date must be before this one's. Stores up to two tables in out (arena).
 * Returns how many, or -1 after reporting. */
int dg_survey_tables(dg_ctx *ctx, dg_arena *a, const dg_survey *s,
                     dg_table **out);

/* The path of folder/survey.csv (arena). */
const char *dg_survey_file(dg_arena *a, const char *folder);

#endif
