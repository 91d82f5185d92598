/* text: the only door to fontconfig, Pango (itemizing, shaping with
 * HarfBuzz, line-break opportunities) and HarfBuzz's font metrics. Measures
 * strings, breaks paragraphs into lines following the Japanese line-breaking
 * rules (JLREQ kinsoku: no line starts with 、。）」％ or small kana, none ends
 * with （「), and hands renderers the shaped glyphs of a finished line.
 * Fontconfig sees only the project's fonts/ folder. */
#ifndef DG_TEXT_H
#define DG_TEXT_H

#include <stdint.h>

#include "base/util.h"

typedef struct dg_text dg_text;

/* The fonts folder read ahead: fontconfig's configuration of
 * fonts_dir/fonts.conf and its scan of the fonts there (1.5 ms) depend on
 * nothing in the deck, so with `thread` set they run on a thread of their
 * own while the caller parses and binds. Sets FONTCONFIG_FILE
 * (call before starting other threads); reports nothing: dg_text_new says
 * what went wrong. Give it back with dg_fonts_drop (which waits for it). */
typedef struct dg_fonts dg_fonts;
dg_fonts *dg_fonts_start(const char *fonts_dir, int thread);
void dg_fonts_drop(dg_fonts *f);

/* Opens fonts_dir/fonts.conf (fontconfig sees nothing else; read ahead by
 * `pre` if not NULL, which must be of the same fonts_dir and is used once)
 * and checks that `family` resolves to a font file inside fonts_dir. With a
 * code-point set (cps, n > 0), the Regular and Bold files are first cut
 * down to those characters (hb-subset, into memory files of the process)
 * and only the subsets are used: same outlines and metrics, but the PDF
 * backend's per-glyph table lookups run on a font of a few hundred glyphs
 * instead of 20,000. Every character drawn must be in cps. Returns NULL
 * after reporting a clear error (missing folder, config or font; a weight
 * missing or unreadable, never replaced by the other; a link, FIFO or
 * device in the folder; a fonts.conf that names a folder outside it). */
dg_text *dg_text_new(dg_ctx *ctx, dg_fonts *pre, const char *fonts_dir,
                     const char *family, const uint32_t *cps, int n);
/* Does t's font set cover every code point of cps (sorted ascending)? */
int dg_text_covers(const dg_text *t, const uint32_t *cps, int n);

/* Subsets the font file at path to the given code points (hb-subset).
 * Returns 0 and fills out (caller frees), or -1 after reporting (with ctx
 * NULL, without: a thread's call, repeated to report). */
int dg_font_subset(dg_ctx *ctx, const char *path, const uint32_t *cps, int n,
                   dg_buf *out);

/* What a PDF font descriptor needs, in font units. */
typedef struct dg_font_info {
  int upem, ascender, descender, cap_height;
  int bbox[4]; /* xMin yMin xMax yMax */
  char ps_name[64];
} dg_font_info;

/* The exact inputs of a font product made by `kind` (web font, PDF font
 * program) from the font file at path, cut to the set (n bytes): the kind,
 * the versions of deckgen, HarfBuzz and zlib, the SHA-256 of the file's
 * bytes and the set, into *key (caller frees) for dg_cache_get/put. Returns
 * 0, or -1 when the file cannot be read or is over DG_FONT_KEY_MAX bytes:
 * hashing a whole 4.6 MB font costs more than any product of it saves, so
 * those products are made again instead. */
#define DG_FONT_KEY_MAX (1u << 20)
int dg_font_key(const char *kind, const char *file, const void *set, size_t n,
                dg_buf *key);
/* Notes that this process wrote bytes[0..n-1] to path and will not change
 * it (dg_font_key then hashes the bytes once, not the file per product);
 * bytes NULL forgets path. Call only while no renderer runs. */
void dg_font_known(const char *path, const void *bytes, size_t n);

/* The metrics of the loaded font of a weight, as a PDF font descriptor
 * needs them, and *adv = the advance of each of its *nglyphs glyphs in font
 * units. Read once when t is made; owned by t. */
const dg_font_info *dg_text_font_metrics(dg_text *t, int bold, const int **adv,
                                         int *nglyphs);

/* Cuts the font at path down to the glyphs gids[0..n-1] (hb-subset, glyph
 * indices kept so they stay valid in the new file, hinting dropped) for
 * embedding in a PDF. Fills out (caller frees). Returns 0, or -1 after
 * reporting. */
int dg_font_subset_glyphs(dg_ctx *ctx, const char *path, const uint32_t *gids,
                          int n, dg_buf *out);
void dg_text_free(dg_text *t);

/* A second shaping context over t's fonts, for a thread of its own (layout
 * on two cores): its own Pango context and its own memo of shaped strings,
 * everything else t's. Made on the first call, then kept (and freed) with
 * t. NULL, after reporting, if Pango cannot load the fonts again. A string
 * shapes to the same glyphs and positions in either. */
dg_text *dg_text_twin(dg_ctx *ctx, dg_text *t);
/* While on (the default), t also finds strings its twin has shaped; off
 * while the twin's thread may still be shaping. */
void dg_text_share(dg_text *t, int on);

/* Natural width in points of s set on one line. */
double dg_text_width(dg_text *t, const char *s, double size_pt, int bold);
/* Ascent and descent (positive, points) of the font at size. */
void dg_text_metrics(dg_text *t, double size_pt, int bold, double *ascent,
                     double *descent);

typedef struct dg_line {
  const char *text; /* arena string, no trailing spaces */
  double width_pt;
} dg_line;

/* Breaks s into lines no wider than max_w_pt. "\n" in s forces a break.
 * Returns the number of lines (>= 1) and stores them in *out (arena). When
 * a single unbreakable run is wider than max_w_pt, *overflow is set. */
int dg_text_break(dg_text *t, dg_arena *a, const char *s, double size_pt,
                  int bold, double max_w_pt, dg_line **out, int *overflow);

/* Inline styles of a paragraph's bytes (dg_text_break_styled): a byte of
 * a bold run, a byte of a phrase kept on one line (<nobr>). */
enum { DG_TS_BOLD = 1, DG_TS_NOBR = 2 };

/* One run of a styled line: a piece of the line in one style, x pt from
 * the line's left end. */
typedef struct dg_run {
  const char *text; /* arena string */
  double x_pt, width_pt;
  int bold;
  int nobr; /* a phrase (or its part on this line) kept on one line */
} dg_run;

typedef struct dg_sline {
  dg_run *runs;
  int nruns;
  double width_pt;
  /* what stood before this line in the paragraph: 0 nothing (the first
   * line, or a break between CJK characters), ' ' spaces, '\n' a line
   * break written in the text */
  int sep;
} dg_sline;

/* Like dg_text_break for a paragraph whose bytes carry inline styles
 * (style[i] for byte i of s, DG_TS_*): each weight's characters are
 * measured as that weight shapes them, and no line breaks inside a run of
 * DG_TS_NOBR bytes (two such runs side by side count as one). */
int dg_text_break_styled(dg_text *t, dg_arena *a, const char *s,
                         const unsigned char *style, double size_pt,
                         double max_w_pt, dg_sline **out, int *overflow);

/* Is a break allowed before code point `next` after code point `prev`,
 * by the kinsoku rules alone? Exposed for tests. */
int dg_kinsoku_allows(uint32_t prev, uint32_t next);

/* One glyph of a shaped line, for renderers that write glyphs themselves
 * (PDF). Positions and advance are at 1 pt: multiply by the size. */
typedef struct dg_glyph {
  uint32_t id;        /* glyph index in dg_text_font_file(t, bold) */
  double x, y;        /* pen position of the glyph (y down), pt at 1 pt */
  double adv;         /* advance as shaped, pt at 1 pt */
  int cl_off, cl_len; /* bytes of s this glyph stands for (0 long for the
                         second and later glyphs of one cluster) */
} dg_glyph;

/* The glyphs layout shaped for s (one line), in drawing order. Returns
 * their number and points *out at them (owned by t, valid until
 * dg_text_free). Glyphs of characters the font lacks are glyph 0. */
int dg_text_glyphs(dg_text *t, const char *s, int bold, const dg_glyph **out);

/* Does the font of the given weight have a glyph for code point cp? */
int dg_text_has_glyph(dg_text *t, uint32_t cp, int bold);

/* Path of the font file used for the given weight (for web-font subsets). */
const char *dg_text_font_file(dg_text *t, int bold);
/* A number no other font set of this process has had: a renderer that
 * keeps objects made from t's font files keys them by it, never by the
 * file's name, which a later font set can reuse (/proc/self/fd/N). */
unsigned long dg_text_id(const dg_text *t);
/* The font file of the weight as the user knows it (for messages): the
 * file in fonts/ a working subset was cut from. */
const char *dg_text_font_name(const dg_text *t, int bold);

#endif
