/* batch: many decks in one run — one per group of a dataset column
 * (--group-by) or one per line of a manifest — on several worker
 * processes, optionally only one shard of them (--shard K/N). */
#ifndef DG_BATCH_H
#define DG_BATCH_H

#include "cli/run.h"

typedef struct dg_batch_opts {
  dg_run_opts run;      /* outputs, formats, fonts, root */
  const char *deck;     /* group-by: the template */
  const char *group_by; /* "dataset.column" */
  const char *manifest; /* or: lines "ID DECK ROOT", paths relative to the
                           manifest's folder, "quoted" when they hold
                           spaces */
  const char *schema;
  int jobs;             /* worker processes (0: one per CPU) */
  int shard_k, shard_n; /* render items with index % n == k */
  const char *fonts;    /* --fonts as given, or NULL: each manifest deck's
                           project fonts/ (dg_run_fonts) */
} dg_batch_opts;

/* Runs the batch; reports each failed deck and a summary on stderr.
 * Returns 0 when every deck rendered, 1 when some failed (a deck that does
 * not parse fails alone) or when the manifest or group column is wrong
 * (file:line reported, nothing rendered). */
int dg_batch_run(const dg_batch_opts *o);

#endif
