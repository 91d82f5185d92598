/* text_int.h: what text.c (shaping, breaking) and textfont.c (finding and
 * loading the fonts) share. Not part of the text module's interface. */
#ifndef DG_TEXT_INT_H
#define DG_TEXT_INT_H

#include <fontconfig/fontconfig.h>
#include <hb.h>

#include "text.h"

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
  int ng;
} shaped;

struct dg_text {
  FcConfig *fc;
  hb_font_t *hb[2]; /* regular, bold; scale = units per em */
  int kin[2][4];    /* shaping class of Latin, Han, Hiragana, Katakana */
  double upem[2];
  char *family;
  char *file[2];
  /* shaped strings by "b|text": open addressing, power-of-two size */
  char **keys;
  shaped **vals;
  size_t cap, count;
  uint32_t *cps; /* sorted code points of the subset fonts, or NULL */
  int ncps;
  char *tmpdir;            /* where the subsets live, removed on free */
  double asc[2], desc_[2]; /* ascent, descent at REF_PT */
  dg_font_info info[2];    /* for PDF font descriptors */
  int *adv[2], nadv[2];    /* advance of every glyph, font units */
};

/* The scripts that may share a shaping run when the font treats them alike
 * (textfont.c finds out which, text.c uses it). */
static const hb_script_t KIN_SCRIPTS[4] __attribute__((unused)) = {
    HB_SCRIPT_LATIN, HB_SCRIPT_HAN, HB_SCRIPT_HIRAGANA, HB_SCRIPT_KATAKANA};

/* Frees every shaped string of t (text.c). */
void tx_free_shapes(dg_text *t);

#endif
