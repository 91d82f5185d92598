/* text_int.h: what text.c (shaping, breaking), text/text_font.c (finding
 * and loading the fonts) and text/text_fontset.c (the set's Pango context,
 * below both) share. Not part of the text module's interface. */
#ifndef DG_TEXT_INT_H
#define DG_TEXT_INT_H

#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <pango/pango.h>

#include "text/text.h"

/* A string shaped once at REF_PT: advances scale linearly with the size
 * because metrics hinting is off, so one shaping serves every size the
 * shrink-to-fit loops try. */
#define REF_PT 100.0

typedef struct shaped {
  char *text;         /* the string, NUL-terminated */
  int nch;            /* characters */
  int *off;           /* byte offset of each boundary, nch + 1 */
  double *x;          /* x of each boundary at REF_PT, nch + 1 */
  uint32_t *cp;       /* code points, nch */
  unsigned char *brk; /* brk[i]: a line may break before character i */
  int valid;          /* text is valid UTF-8 (Pango's analysis needs it) */
  dg_glyph *g;        /* glyphs at 1 pt, in drawing order */
  int *gch;           /* gch[k]: the character glyph k belongs to */
  int ng;
} shaped;

struct dg_text {
  FcConfig *fc;
  hb_font_t *hb[2]; /* regular, bold (metrics for the PDF); scale = upem */
  double upem[2];
  char *family;
  char *file[2]; /* what fontconfig, Pango, HarfBuzz and Cairo open */
  char *src[2];  /* the font file a subset was cut from (messages), or NULL */
  /* Pango on a fontconfig configuration holding just file[0] and file[1] */
  PangoFontMap *fm;
  PangoContext *pc;
  PangoFontDescription *desc[2]; /* family, weight, REF_PT */
  PangoAttrList *attrs;          /* empty: one font, one size a string */
  GHashTable *shapes;            /* "b|text" → shaped, owned */
  uint32_t *cps; /* sorted code points of the subset fonts, or NULL */
  int ncps;
  int memfd[2];            /* the subsets' memory files, or -1 */
  unsigned long id;        /* dg_text_id */
  double asc[2], desc_[2]; /* ascent, descent at REF_PT */
  dg_font_info info[2];    /* for PDF font descriptors */
  int *adv[2], nadv[2];    /* advance of every glyph, font units */
};

/* Makes t's Pango context on its font files (text_fontset.c). Returns 0,
 * or -1 after reporting. */
int tx_pango_new(dg_ctx *ctx, dg_text *t);
/* Frees every shaped string of t and its Pango objects (text_fontset.c). */
void tx_pango_free(dg_text *t);

#endif
