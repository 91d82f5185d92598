/* pdf_int.h: what render/pdf/pdf.c (pages, structure, outline) and
 * render/pdf/pdf_write.c (objects, strings, streams, fonts) share. Not part of
 * the render module's interface. */
#ifndef DG_PDF_INT_H
#define DG_PDF_INT_H

#include <stdint.h>

#include "render/render.h"

/* One structure element: a semantic group of the display list. */
typedef struct elem {
  const char *tag;
  int parent;            /* index in elems, -1 for the document element */
  int page;              /* page index */
  const dg_op_begin *op; /* its BEGIN op, or NULL (Sect) */
  int obj;
  int *kids; /* >= 0: MCID on page; < 0: -(elem index) - 1 */
  int nkids, cap;
  double bbox[4];    /* Figure: its box on the page, PDF user space */
  const char *scope; /* TH: "Column" (first row) or "Row" */
} elem;

/* What one font (regular or bold) needs once the pages are written. */
typedef struct fontuse {
  const char *file;
  int used;
  unsigned char *seen; /* per glyph of the font: used */
  const char **uni;    /* per glyph: text of its first cluster */
  int *ulen;
  int obj;        /* Type0 font object, allocated up front */
  const int *adv; /* advance of every glyph, font units (hmtx) */
  int nadv;
  dg_font_info info;
} fontuse;

typedef struct pdf {
  dg_buf b;
  size_t *off; /* byte offset of each object, 1-based */
  int nobj, cap;
  elem *elems;
  int nelems, ecap;
  int **ptree; /* per page: elem index of each MCID */
  int *nmcid;
  fontuse font[2];
  dg_text *tx;
  dg_arena *a;
  dg_buf xobj; /* the page's image XObjects: "/Im0 12 0 R" ... */
  int nimg;    /* images on the page */
  int pat_obj[DG_PAT_COUNT]; /* tiling pattern objects, 0: none yet */
} pdf;

/* What the document information says, once for the Info dictionary and
 * once for the XMP packet. */
typedef struct pw_meta {
  const char *title;                   /* never NULL */
  const char *author, *subject, *lang; /* NULL: left out */
  const char *keywords;                /* NULL: left out */
  const char *creator, *producer;      /* "deckgen 0.1.0" */
  long long epoch;                     /* creation = modification date */
} pw_meta;

/* render/pdf/pdf_meta.c: writes object info_obj (the Info dictionary) and a new
 * object holding the XMP packet that says the same (pdfuaid:part 1, dc:title
 * and the rest of m). Returns the XMP object's number for the catalog's
 * /Metadata, or -1 if libxml2 failed (nothing useful written). */
int pw_write_meta(pdf *p, int info_obj, const pw_meta *m);

/* render/pdf/pdf_write.c: the file's plumbing and its fonts */
int pw_new_obj(pdf *p);           /* reserves an object number */
void pw_begin_obj(pdf *p, int n); /* "n 0 obj", offset noted */
void pw_put_int(dg_buf *b, long v);
void pw_put_ref(dg_buf *b, int n); /* " n 0 R" */
void pw_num(dg_buf *b, double v);  /* at most 3 decimals */
void pw_nums(dg_buf *b, const double *v, int n, const char *op);
void pw_hex4(dg_buf *c, uint32_t g);           /* 4 hex digits */
void pw_text_string(dg_buf *b, const char *s); /* <FEFF...> UTF-16BE */
void pw_put_stream(pdf *p, int n, const void *z, size_t zn, const char *extra);
/* Deflates data into stream object n (remembered by content: returns 1
 * when it was new to this process). */
int pw_stream_obj(pdf *p, int n, const char *data, size_t len,
                  const char *extra, int level);
/* Type0 + CIDFontType2 + descriptor + subset program + ToUnicode for font
 * f (0 regular, 1 bold). Returns 0, or -1 after reporting. */
int pw_write_font(dg_ctx *ctx, pdf *p, int f);

/* render/pdf/pdf_image.c: writes the image of IMAGE op o (placed at
 * `scale` PDF points per slide point) as an image XObject, now, between
 * objects; returns its object number. */
int pw_image(pdf *p, const dg_op *o, double scale);

#endif
