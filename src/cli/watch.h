/* watch: re-render a deck whenever its template, theme or data files are
 * saved (inotify), keeping fonts, shaped text and the compiled schema warm
 * between runs, and reporting the time each run took. */
#ifndef DG_WATCH_H
#define DG_WATCH_H

#include "cli/run.h"

/* Renders once, then after every change until interrupted. `max_runs` > 0
 * stops after that many re-renders (for tests). Returns the exit status. */
int dg_watch(const char *deck_path, const char *schema, const dg_run_opts *o,
             int max_runs);

#endif
