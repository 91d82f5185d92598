/* text_int.h: what text.c (shaping, breaking), text/text_font.c (finding
 * and loading the fonts), text/text_fontset.c (the set's Pango context,
 * below both) and text/text_fontdir.c (the fonts folder's checks, below
 * text_font.c) share. Not part of the text module's interface. */
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
  struct dg_text *twin;    /* dg_text_twin's, or NULL */
  int is_twin;             /* this is a twin: only its Pango part is its own */
  int share;               /* the twin's shapes are read too (dg_text_share) */
};

/* Makes t's Pango context on its font files (text_fontset.c). Returns 0,
 * or -1 after reporting. */
int tx_pango_new(dg_ctx *ctx, dg_text *t);
/* Frees every shaped string of t and its Pango objects (text_fontset.c). */
void tx_pango_free(dg_text *t);

/* Why the fonts folder or fonts.conf is refused: file (and line, or 0)
 * and message, for dg_error once a context is at hand. */
typedef struct tx_problem {
  char file[8192];
  int line;
  char msg[1024];
} tx_problem;

/* Checks the fonts folder absdir (resolved; shown as fonts_dir) before
 * fontconfig reads it (text_fontdir.c): only regular files and folders
 * below it, no link, and a fonts.conf that names no <dir>, <include> or
 * <cachedir> outside it. Returns 0, or -1 with *p filled. */
int tx_fonts_check(const char *fonts_dir, const char *absdir, tx_problem *p);
/* The same of what fontconfig made of the loaded configuration fc, before
 * any scan: its font folders, cache folders (but /dev/null) and files. */
int tx_fonts_check_config(FcConfig *fc, const char *conf_shown,
                          const char *absdir, tx_problem *p);
/* A font file (by its extension) directly in absdir that fontconfig did
 * not read (damaged, cut short, not a font): 1 with its name in name, or
 * 0. */
int tx_fonts_unread(FcConfig *fc, const char *absdir, char *name, size_t n);

#endif
