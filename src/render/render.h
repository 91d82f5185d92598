/* render: takes the display list (const dg_layout, from layout/) with the
 * text module's fonts, and gives each output format's bytes or files. Each
 * backend walks the same list and decides nothing about layout:
 * render/pdf/pdf.c (PDF, written directly), render/html/html.c (HTML with
 * inline SVG), render/png/png.c (PNG through Cairo and libpng) and
 * render/pptx/pptx.c (an editable PowerPoint file: native text, tables and
 * charts). What they give goes into the deck's temporary output folder
 * (the HTML backend writes its files there itself, cli/run.c the others'),
 * which output/publish.c swaps into place when all are done. */
#ifndef DG_RENDER_H
#define DG_RENDER_H

#include "base/util.h"
#include "layout/layout.h"
#include "text/text.h"

typedef struct dg_render_opts {
  const char *paper; /* NULL: slide size; "a4": A4 landscape, centred */
  long long epoch;   /* creation date (seconds since 1970, UTC) */
  double dpi;        /* PNG resolution */
  const char *version;
  const char *name;      /* output name for messages */
  int png;               /* slide-NN.png are written beside index.html */
  const char *prev_site; /* HTML: the folder the site replaces (its
                            unchanged files are linked, not rewritten) */
  dg_buf *changed;       /* PDF, out (may be NULL): the numbers of the slides
                            whose page is new to this process, "3, 5" */
  const char *pdf_file;  /* HTML: the deck's PDF beside index.html
                            ("genai-2024.pdf"), linked from the page, or
                            NULL when none is made */
  const char *page_url;  /* HTML: the page's absolute address (--base-url,
                            the deck's id, "/"), or NULL: no og:image */
} dg_render_opts;

/* Renders all pages into PDF bytes in *out (caller frees). Returns 0 or -1
 * after reporting. */
int dg_render_pdf(dg_ctx *ctx, dg_text *tx, const dg_layout *l,
                  const dg_render_opts *o, dg_buf *out);

/* Renders all pages into an editable PowerPoint package (PPTX) in *out
 * (caller frees): text boxes, native tables and charts with embedded
 * workbooks, document properties, notes with each value's sources. Same
 * layout, same bytes. Returns 0 or -1 after reporting. */
int dg_render_pptx(dg_ctx *ctx, const dg_layout *l, const dg_render_opts *o,
                   dg_buf *out);

/* Renders page p into PNG bytes (Cairo, libpng) in *out (caller frees
 * out->data). Returns 0, or -1 after reporting. */
int dg_render_png_page(dg_ctx *ctx, dg_text *tx, const dg_layout *l, int p,
                       double dpi, dg_buf *out);

/* Writes index.html with its fonts/ and data/ into the existing folder dir
 * (a temporary folder that the caller swaps into place). Returns 0 or -1. */
int dg_render_html(dg_ctx *ctx, dg_text *tx, const dg_layout *l,
                   const char *dir, const dg_render_opts *o);

/* Where the site goes, asked for once everything is made. */
typedef struct dg_site_dest {
  const char *dir;    /* the folder to fill (it exists) */
  const char *prev;   /* the site it replaces (unchanged files are linked
                         from there), or NULL; o->prev_site is not read */
  long long pdf_size; /* the PDF's bytes for the page's link to it
                         (o->pdf_file); negative: the link says none */
} dg_site_dest;

/* The same, made in memory before the folder is known: dest(arg, out) is
 * called once, when only the writing is left, and may wait for a folder
 * and a PDF being made on another thread. It returns 0, or -1 when
 * nothing is to be written (the run failed elsewhere, and said why): the
 * site is then dropped, -1 returned, and nothing reported. */
int dg_render_html_to(dg_ctx *ctx, dg_text *tx, const dg_layout *l,
                      const dg_render_opts *o,
                      int (*dest)(void *arg, dg_site_dest *out), void *arg);

#endif
