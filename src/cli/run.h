/* run: drives one parsed deck through bind → layout → render and commits
 * its outputs together, only when every stage succeeded. Shared by the
 * single-deck command line and batch mode. */
#ifndef DG_RUN_H
#define DG_RUN_H

#include "bind/bind.h"
#include "deck/parse.h"
#include "text/text.h"
#include "base/util.h"

typedef struct dg_run_opts {
  const char *outdir;
  int pdf, html, png;
  int pptx; /* <id>.pptx beside the PDF */
  const char *paper; /* NULL or "a4" */
  double dpi;        /* PNG resolution */
  const char *epoch; /* SOURCE_DATE_EPOCH as given, or NULL */
  const char *fonts; /* font folder */
  dg_bind_opts bind;
  const char *id; /* output name (batch); NULL: the deck's id */
  int dump;       /* print the display list instead of rendering */
  int parallel;   /* render the PDF and the site at the same time */
  /* batch: every dataset whole, so the working font subset made for the
   * first deck covers all the others (one subset per batch) */
  dg_table *const *all_tables;
  int nall_tables;
  /* non-NULL: the replaced site folder is not removed but its path stored
   * here (malloc'd) for the caller to remove with dg_rm_tree */
  char **trash;
  dg_buf *changed; /* out, may be NULL: slides whose page changed, "3, 5" */
  const char *base_url; /* --base-url: where OUTDIR is published, or NULL */
  /* the fonts folder being read ahead (dg_fonts_start), or NULL; used by
   * the first deck that needs fonts, released by the caller */
  dg_fonts *fonts_pre;
  /* every character of all_tables (UTF-8, dg_run_table_chars), collected
   * once per batch worker, or NULL: the tables are scanned for each deck */
  const char *all_chars;
  /* out, may be NULL: when (CLOCK_MONOTONIC) the outputs were in place;
   * the lock's release and the cleaning up come after */
  struct timespec *committed;
} dg_run_opts;

/* deckgen's own schema: templates/deck.rng of the checkout the executable
 * was built in (out/build/deckgen; argv0 finds it without /proc), else the
 * install prefix's. Never one
 * beside a deck (--schema names another). String in arena a. */
const char *dg_run_schema(dg_arena *a, const char *argv0);
/* A deck's fonts: ROOT/fonts, else the checkout's fonts/. Arena string. */
const char *dg_run_fonts(dg_arena *a, const char *root);
/* The project root of a deck: the folder above the deck's folder. */
const char *dg_run_root(dg_arena *a, const char *deck_path);

/* Every character of the tables t[0..n-1], each once, as one UTF-8
 * string (malloc'd): dg_run_opts.all_chars. */
char *dg_run_table_chars(dg_table *const *t, int n);

/* Renders the deck parsed from deck_path. *tx is created on first use and
 * kept for the next deck (fonts load once per process). Returns 0, or -1
 * after reporting; on failure no output file is touched. */
int dg_run_deck(dg_ctx *ctx, dg_text **tx, const dg_node *root,
                const char *deck_path, const dg_run_opts *o);

#endif
