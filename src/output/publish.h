/* publish: puts one deck's outputs in place as one unit. Every output of a
 * deck (index.html, <id>.pdf, fonts/, data/, slide-NN.png, ...) is written
 * into a temporary folder that is then swapped for OUTDIR/<id> in one
 * atomic step, under a lock that serialises writers of the same deck.
 * deckgen only ever replaces a folder it made itself (a marker file). */
#ifndef DG_PUBLISH_H
#define DG_PUBLISH_H

#include "base/util.h"

/* The marker file deckgen writes into every output folder. */
#define DG_PUB_MARKER ".deckgen"

typedef struct dg_pub {
  char *dest; /* OUTDIR/<id>, the published name */
  char *dir;  /* the temporary folder to fill (OUTDIR/.<id>.tmp-PID) */
  char *prev; /* the folder now published (real path, never through a link
                 deckgen did not make), or NULL, also when it holds a link,
                 FIFO or device: renderers link unchanged files from it
                 instead of rewriting them */
  /* private */
  char *outdir, *id, *lock;
  int lockfd;
  int link_mode; /* published as a symlink to OUTDIR/.<id>.vN (no exchange) */
  long gen;      /* link mode: N of the published version */
  long max_gen;  /* the highest N of any OUTDIR/.<id>.vN seen */
} dg_pub;

/* Prepares to publish deck `id` into outdir: creates outdir, takes the
 * lock OUTDIR/.<id>.lock (waiting a bounded time, with a message, while
 * another deckgen holds it), refuses when OUTDIR/<id> exists and is not
 * deckgen's own output (a folder without the marker, a symlink deckgen did
 * not make, a file), removes what dead runs left for this id, and creates
 * the empty temporary folder p->dir with the marker in it. Returns 0, or -1
 * after reporting (nothing touched; p needs no dg_pub_end). */
int dg_pub_begin(dg_ctx *ctx, dg_pub *p, const char *outdir, const char *id);

/* Lists outdir once for the dg_pub_begin calls of a batch that follow (in
 * this process and those forked after): a deck without left-overs in that
 * listing is not looked for again, as it would be by listing the whole
 * folder per deck. NULL forgets the listing. Errors leave no listing (every
 * deck then lists for itself). While it is active, a deck's lock is kept
 * when the deck is done and renamed to the next deck's (no lock file made
 * and removed per deck); dg_pub_survey(NULL) removes the one kept. */
void dg_pub_survey(const char *outdir);

/* Swaps p->dir in as OUTDIR/<id>: by RENAME_EXCHANGE; where the file
 * system has none, by a link OUTDIR/<id> renamed over; where it has no
 * links either (exFAT), by renaming the old folder aside first, so that
 * OUTDIR/<id> is missing for a moment. After it, the previous output (if any)
 * is at the returned path (malloc'd) for the caller to remove with
 * dg_rm_tree, or NULL when there was none. Returns 0 or -1 after reporting
 * (the published output untouched). *trash is set only on success. */
int dg_pub_commit(dg_ctx *ctx, dg_pub *p, char **trash);

/* Removes the temporary folder if it was not committed, releases the lock
 * and frees p. Call after dg_pub_begin succeeded, committed or not. */
void dg_pub_end(dg_pub *p);

#endif
