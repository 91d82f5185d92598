/* text: the text stage takes the project's fonts/ folder, the theme's font
 * family and the deck's characters, and gives layout and the renderers a
 * font set (dg_text): string widths, line breaks, font metrics and shaped
 * glyphs, and font files cut to what a renderer embeds (the PDF's fonts,
 * the site's WOFF2 web fonts). Only this folder sees fontconfig, Pango and
 * HarfBuzz. This file shapes and breaks: Pango itemizes and shapes
 * (HarfBuzz) every string once, at a reference size, unhinted and
 * unrounded, so positions are identical in PDF, PNG and HTML; line breaks
 * are Pango's UAX #14 opportunities filtered by the kinsoku rules.
 * text_font.c finds, cuts and loads the fonts; text_fontset.c makes the
 * Pango context this file shapes with and answers what the set knows of
 * its fonts (it calls neither file); text_subset.c cuts fonts (hb-subset);
 * woff2.cc compresses web fonts. */
#include "text/text.h"

#include <pango/pango.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text_int.h"

/* Appends one glyph of character ci (a cluster starting at byte cl_off of
 * cl_len bytes when first is set) at pen position x, all at REF_PT. */
static void add_glyph(shaped *sh, int *cap, int ci, uint32_t id, double x,
                      double y, double adv, int first, int cl_off, int cl_len) {
  if (sh->ng == *cap) {
    *cap *= 2;
    sh->g = realloc(sh->g, dg_mul_size((size_t)*cap, sizeof(dg_glyph)));
    sh->gch = realloc(sh->gch, dg_mul_size((size_t)*cap, sizeof(int)));
    if (!sh->g || !sh->gch)
      dg_oom();
  }
  sh->gch[sh->ng] = ci;
  dg_glyph *o = &sh->g[sh->ng++];
  memset(o, 0, sizeof *o);
  o->id = id;
  o->x = x / REF_PT;
  o->y = y / REF_PT;
  o->adv = adv / REF_PT;
  if (first) { /* the cluster's text goes with its first glyph */
    o->cl_off = cl_off;
    o->cl_len = cl_len;
  }
}

/* Shapes s (len bytes) at REF_PT once and remembers the character
 * boundaries, their x positions and where lines may break. */
static const shaped *shape(dg_text *t, const char *s, size_t len, int bold) {
  char *key = malloc(len + 3);
  if (!key)
    dg_oom();
  key[0] = bold ? 'b' : 'r';
  key[1] = '|';
  memcpy(key + 2, s, len);
  key[len + 2] = 0;
  shaped *sh = g_hash_table_lookup(t->shapes, key);
  if (!sh && t->twin && t->share)
    sh = g_hash_table_lookup(t->twin->shapes, key);
  if (sh) {
    free(key);
    return sh;
  }
  /* characters, as the loop below steps through them (a byte that is not
   * valid UTF-8 counts as one); inputs are validated UTF-8, but a shaped
   * string must never index past its arrays whatever it holds */
  int nattrs = 1, valid = 1;
  for (size_t i = 0; i < len; nattrs++) {
    uint32_t c;
    int k = dg_utf8_decode(s + i, len - i, &c);
    if (k <= 0) {
      k = 1;
      valid = 0;
    }
    i += (size_t)k;
  }
  sh = calloc(1, sizeof *sh);
  if (!sh)
    dg_oom();
  sh->text = malloc(len + 1);
  if (!sh->text)
    dg_oom();
  memcpy(sh->text, s, len);
  sh->text[len] = 0;
  int nch = nattrs - 1;
  sh->nch = nch;
  sh->valid = valid;
  sh->off = malloc(sizeof(int) * (size_t)(nch + 1));
  sh->x = malloc(sizeof(double) * (size_t)(nch + 1));
  sh->cp = malloc(sizeof(uint32_t) * (size_t)(nch + 1));
  int *char_of = malloc(sizeof(int) * (len + 1));
  /* what Pango shapes: the string, each invalid byte as '?' (one byte for
   * one, so offsets stay those of s); Pango requires valid UTF-8 */
  char *ptext = malloc(len + 1);
  if (!sh->off || !sh->x || !sh->cp || !char_of || !ptext)
    dg_oom();
  memcpy(ptext, s, len);
  ptext[len] = 0;
  int bi = 0;
  for (int i = 0; i <= nch; i++) {
    sh->off[i] = bi;
    char_of[bi < (int)len ? bi : (int)len] = i;
    sh->x[i] = -1;
    sh->cp[i] = 0;
    if (bi < (int)len) {
      int k = dg_utf8_decode(s + bi, len - (size_t)bi, &sh->cp[i]);
      if (k <= 0) {
        k = 1;
        ptext[bi] = '?';
      }
      for (int j = 1; j < k && bi + j < (int)len; j++)
        char_of[bi + j] = i;
      bi += k;
    }
  }
  char_of[len] = nch;
  /* Pango itemizes (script runs; one font covers every character) and
   * shapes each item with HarfBuzz, at REF_PT */
  int cap = nch + 8;
  sh->g = malloc(sizeof(dg_glyph) * (size_t)cap);
  sh->gch = malloc(sizeof(int) * (size_t)cap);
  if (!sh->g || !sh->gch)
    dg_oom();
  double x = 0;
  pango_context_set_font_description(t->pc, t->desc[bold ? 1 : 0]);
  GList *items =
      len ? pango_itemize(t->pc, ptext, 0, (int)len, t->attrs, NULL) : NULL;
  PangoGlyphString *gs = pango_glyph_string_new();
  for (GList *it = items; it; it = it->next) {
    PangoItem *item = it->data;
    pango_shape_full(ptext + item->offset, item->length, ptext, (int)len,
                     &item->analysis, gs);
    for (int g = 0; g < gs->num_glyphs; g++) {
      const PangoGlyphInfo *gi = &gs->glyphs[g];
      int idx = item->offset + gs->log_clusters[g];
      int ci = char_of[idx >= 0 && idx <= (int)len ? idx : (int)len];
      double adv = gi->geometry.width / (double)PANGO_SCALE;
      if (ci < nch && sh->cp[ci] < 0x20)
        adv = 0; /* control characters draw nothing */
      if (sh->x[ci] < 0)
        sh->x[ci] = x;
      if (gi->glyph != PANGO_GLYPH_EMPTY &&
          (adv > 0 || (ci < nch && sh->cp[ci] >= 0x20))) {
        int first = g == 0 || gs->log_clusters[g - 1] != gs->log_clusters[g];
        int next = item->offset + item->length;
        for (int k = g + 1; k < gs->num_glyphs; k++)
          if (gs->log_clusters[k] != gs->log_clusters[g]) {
            next = item->offset + gs->log_clusters[k];
            break;
          }
        /* a character the font lacks is glyph 0 (.notdef), never Pango's
         * hex box code */
        uint32_t id = gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG ? 0 : gi->glyph;
        add_glyph(sh, &cap, ci, id,
                  x + gi->geometry.x_offset / (double)PANGO_SCALE,
                  gi->geometry.y_offset / (double)PANGO_SCALE, adv, first, idx,
                  next > idx ? next - idx : 0);
      }
      x += adv;
    }
    pango_item_free(item);
  }
  g_list_free(items);
  pango_glyph_string_free(gs);
  free(ptext);
  sh->x[nch] = x;
  if (nch > 0 && sh->x[0] < 0)
    sh->x[0] = 0;
  for (int i = 1; i < nch; i++)
    if (sh->x[i] < 0)
      sh->x[i] = sh->x[i - 1]; /* inside a cluster */
  free(char_of);
  g_hash_table_insert(t->shapes, key, sh);
  return sh;
}

int dg_text_glyphs(dg_text *t, const char *s, int bold, const dg_glyph **out) {
  const shaped *sh = shape(t, s, strlen(s), bold);
  *out = sh->g;
  return sh->ng;
}

double dg_text_width(dg_text *t, const char *s, double size_pt, int bold) {
  const shaped *sh = shape(t, s, strlen(s), bold);
  return sh->x[sh->nch] * size_pt / REF_PT;
}

/* JLREQ §3.1.7 (characters not starting a line) and §3.1.8 (not ending). */
static int no_start(uint32_t c) {
  static const uint32_t set[] = {
      0x3001, 0x3002, 0xFF0C, 0xFF0E, 0x002C, 0x002E, 0xFF09, 0x0029, 0x300D,
      0x300F, 0x3011, 0x3015, 0x3009, 0x300B, 0x2019, 0x201D, 0xFF3D, 0x005D,
      0xFF5D, 0x007D, 0x30FB, 0xFF1A, 0xFF1B, 0x003A, 0x003B, 0xFF1F, 0xFF01,
      0x003F, 0x0021, 0x30FC, 0x309D, 0x309E, 0x30FD, 0x30FE, 0x3005, 0x303B,
      0x2010, 0x30A0, 0x2013, 0x301C, 0xFF5E, 0xFF05, 0x0025, 0x2030, 0x2103,
      0x00B0, 0x2032, 0x2033, 0xFF0D};
  for (size_t i = 0; i < sizeof set / sizeof *set; i++)
    if (set[i] == c)
      return 1;
  /* small kana: ぁぃぅぇぉっゃゅょゎゕゖ ァィゥェォッャュョヮヵヶ ㇰ-ㇿ */
  static const uint32_t small[] = {
      0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085,
      0x3087, 0x308E, 0x3095, 0x3096, 0x30A1, 0x30A3, 0x30A5, 0x30A7,
      0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6};
  for (size_t i = 0; i < sizeof small / sizeof *small; i++)
    if (small[i] == c)
      return 1;
  return c >= 0x31F0 && c <= 0x31FF;
}

static int no_end(uint32_t c) {
  static const uint32_t set[] = {0xFF08, 0x0028, 0x300C, 0x300E, 0x3010,
                                 0x3014, 0x3008, 0x300A, 0x2018, 0x201C,
                                 0xFF3B, 0x005B, 0xFF5B, 0x007B};
  for (size_t i = 0; i < sizeof set / sizeof *set; i++)
    if (set[i] == c)
      return 1;
  return 0;
}

int dg_kinsoku_allows(uint32_t prev, uint32_t next) {
  return !no_start(next) && !no_end(prev);
}

/* Where lines may break: Pango's UAX #14 opportunities less the kinsoku
 * exceptions, computed on first need. */
static const unsigned char *breaks(shaped *sh) {
  if (sh->brk)
    return sh->brk;
  int nch = sh->nch;
  if (!sh->valid) { /* no analysis of broken text: kinsoku alone */
    sh->brk = malloc((size_t)(nch + 1));
    if (!sh->brk)
      dg_oom();
    for (int i = 0; i <= nch; i++)
      sh->brk[i] =
          i > 0 && i < nch && !no_start(sh->cp[i]) && !no_end(sh->cp[i - 1]);
    return sh->brk;
  }
  PangoLogAttr *attrs = calloc((size_t)nch + 1, sizeof(PangoLogAttr));
  if (!attrs)
    dg_oom();
  pango_get_log_attrs(sh->text, (int)strlen(sh->text), -1,
                      pango_language_from_string("ja"), attrs, nch + 1);
  sh->brk = malloc((size_t)(nch + 1));
  if (!sh->brk)
    dg_oom();
  for (int i = 0; i <= nch; i++)
    sh->brk[i] = i > 0 && i < nch && attrs[i].is_line_break &&
                 !no_start(sh->cp[i]) && !no_end(sh->cp[i - 1]);
  free(attrs);
  return sh->brk;
}

/* Registers characters [start, end) of the shaped paragraph sh as a shaped
 * string of their own, unless that string is known already: a line is then
 * measured and drawn with the glyphs the paragraph was broken with, and is
 * not shaped a second time. */
static void keep_line(dg_text *t, const shaped *sh, int start, int end,
                      int bold) {
  int b0 = sh->off[start], b1 = sh->off[end];
  size_t len = (size_t)(b1 - b0);
  char *key = malloc(len + 3);
  if (!key)
    dg_oom();
  key[0] = bold ? 'b' : 'r';
  key[1] = '|';
  memcpy(key + 2, sh->text + b0, len);
  key[len + 2] = 0;
  if (g_hash_table_contains(t->shapes, key)) {
    free(key);
    return;
  }
  int nch = end - start, ng = 0;
  for (int k = 0; k < sh->ng; k++)
    ng += sh->gch[k] >= start && sh->gch[k] < end;
  shaped *ln = calloc(1, sizeof *ln);
  if (!ln)
    dg_oom();
  ln->text = malloc(len + 1);
  ln->off = malloc(sizeof(int) * (size_t)(nch + 1));
  ln->x = malloc(sizeof(double) * (size_t)(nch + 1));
  ln->cp = malloc(sizeof(uint32_t) * (size_t)(nch + 1));
  ln->g = malloc(sizeof(dg_glyph) * (size_t)(ng + 1));
  ln->gch = malloc(sizeof(int) * (size_t)(ng + 1));
  if (!ln->text || !ln->off || !ln->x || !ln->cp || !ln->g || !ln->gch)
    dg_oom();
  memcpy(ln->text, key + 2, len + 1);
  ln->nch = nch;
  ln->valid = sh->valid;
  double x0 = sh->x[start];
  for (int i = 0; i <= nch; i++) {
    ln->off[i] = sh->off[start + i] - b0;
    ln->x[i] = sh->x[start + i] - x0;
    ln->cp[i] = i < nch ? sh->cp[start + i] : 0;
  }
  for (int k = 0; k < sh->ng; k++) {
    if (sh->gch[k] < start || sh->gch[k] >= end)
      continue;
    dg_glyph g = sh->g[k];
    g.x -= x0 / REF_PT;
    if (g.cl_len) {
      g.cl_off -= b0;
      if (g.cl_off + g.cl_len > (int)len)
        g.cl_len = (int)len - g.cl_off;
    }
    ln->gch[ln->ng] = sh->gch[k] - start;
    ln->g[ln->ng++] = g;
  }
  g_hash_table_insert(t->shapes, key, ln);
}

/* Chooses the lines of characters [0, nch) at boundaries x (scaled so
 * that limit is the width), breaking only where brk allows (brk NULL: the
 * text fits whole and is not needed). Stores each line's first character
 * and its end (trailing spaces trimmed) in v[2k], v[2k + 1] while k < cap;
 * returns the number of lines. */
static int pick_lines(const double *x, const uint32_t *cp, int nch,
                      const unsigned char *brk, double limit, int *v, int cap,
                      int *overflow) {
  int n = 0, start = 0;
  while (start < nch) {
    int best = -1, i;
    for (i = start + 1; i <= nch; i++) {
      /* trailing spaces do not count against the width */
      int end = i;
      while (end > start && (cp[end - 1] == ' ' || cp[end - 1] == 0x3000))
        end--;
      if (x[end] - x[start] > limit)
        break;
      if (i == nch || brk[i])
        best = i;
    }
    if (best < 0) {
      /* nothing fits: take the first allowed break, or force one */
      for (i = start + 1; i < nch && !brk[i]; i++)
        ;
      best = i;
      *overflow = 1;
    }
    int end = best;
    while (end > start && (cp[end - 1] == ' ' || cp[end - 1] == 0x3000))
      end--;
    if (n < cap) {
      v[2 * n] = start;
      v[2 * n + 1] = end;
    }
    n++;
    start = best;
    while (start < nch && cp[start] == ' ')
      start++;
  }
  return n;
}

static int break_para(dg_text *t, dg_arena *a, const char *s, size_t len,
                      double size, int bold, double max_w, dg_line *out,
                      int cap, int *overflow) {
  if (len == 0) {
    if (cap > 0) {
      out[0].text = "";
      out[0].width_pt = 0;
    }
    return 1;
  }
  shaped *sh = (shaped *)shape(t, s, len, bold);
  const int nch = sh->nch;
  const int *off = sh->off;
  const uint32_t *cp = sh->cp;
  double k = size / REF_PT, limit = max_w / k + 0.01 / k;
  const double *x = sh->x;
  /* a paragraph that fits is one line whatever its break opportunities:
   * most labels and cells, and the analysis is most of the breaking time */
  int whole = nch;
  while (whole > 0 && (cp[whole - 1] == ' ' || cp[whole - 1] == 0x3000))
    whole--;
  if (x[whole] - x[0] <= limit) {
    if (cap > 0) {
      out[0].text = dg_strndup(a, s, (size_t)off[whole]);
      out[0].width_pt = (x[whole] - x[0]) * k;
      if (whole < nch)
        keep_line(t, sh, 0, whole, bold);
    }
    return 1;
  }
  int *v = malloc(sizeof(int) * 2 * (size_t)(cap > 0 ? cap : 1));
  if (!v)
    dg_oom();
  int n = pick_lines(x, cp, nch, breaks(sh), limit, v, cap, overflow);
  for (int i = 0; i < n && i < cap; i++) {
    int start = v[2 * i], end = v[2 * i + 1];
    out[i].text = dg_strndup(a, s + off[start], (size_t)(off[end] - off[start]));
    out[i].width_pt = (x[end] - x[start]) * k;
    keep_line(t, sh, start, end, bold);
  }
  free(v);
  return n;
}

/* One paragraph of a styled text (no line feed in s[0..len-1]): both
 * weights shape the whole of it (the same characters, so the same
 * boundaries), each character advances as its own weight shaped it, and
 * each line is cut into runs of one weight. */
static int break_styled(dg_text *t, dg_arena *a, const char *s,
                        const unsigned char *style, size_t len, double size,
                        double max_w, dg_sline *out, int cap, int *overflow) {
  if (len == 0) {
    if (cap > 0)
      memset(&out[0], 0, sizeof out[0]);
    return 1;
  }
  const shaped *sw[2] = {shape(t, s, len, 0), shape(t, s, len, 1)};
  shaped *sh = (shaped *)sw[0];
  const int nch = sh->nch;
  const int *off = sh->off;
  const uint32_t *cp = sh->cp;
  double k = size / REF_PT, limit = max_w / k + 0.01 / k;
  double *x = malloc(sizeof(double) * (size_t)(nch + 1));
  unsigned char *brk = malloc((size_t)(nch + 1));
  int *v = malloc(sizeof(int) * 2 * (size_t)(cap > 0 ? cap : 1));
  if (!x || !brk || !v)
    dg_oom();
  x[0] = 0;
  for (int i = 0; i < nch; i++) {
    const shaped *w = sw[style[off[i]] & DG_TS_BOLD ? 1 : 0];
    x[i + 1] = x[i] + (w->x[i + 1] - w->x[i]);
  }
  int whole = nch;
  while (whole > 0 && (cp[whole - 1] == ' ' || cp[whole - 1] == 0x3000))
    whole--;
  int n;
  if (x[whole] <= limit) {
    v[0] = 0;
    v[1] = whole;
    n = 1;
  } else {
    memcpy(brk, breaks(sh), (size_t)(nch + 1));
    for (int i = 1; i < nch; i++)
      if (style[off[i - 1]] & style[off[i]] & DG_TS_NOBR)
        brk[i] = 0;
    n = pick_lines(x, cp, nch, brk, limit, v, cap, overflow);
  }
  for (int i = 0; i < n && i < cap; i++) {
    int start = v[2 * i], end = v[2 * i + 1];
    dg_sline *ln = &out[i];
    memset(ln, 0, sizeof *ln);
    ln->width_pt = (x[end] - x[start]) * k;
    ln->sep = i == 0 ? 0 : start > v[2 * i - 1] ? ' ' : 0;
    int nr = 0;
    for (int c = start; c < end; c++)
      nr += c == start || style[off[c]] != style[off[c - 1]];
    ln->runs = dg_alloc_array(a, (size_t)(nr ? nr : 1), sizeof(dg_run));
    for (int c = start; c < end;) {
      int bold = style[off[c]] & DG_TS_BOLD ? 1 : 0, e = c + 1;
      while (e < end && style[off[e]] == style[off[c]])
        e++;
      const shaped *w = sw[bold];
      dg_run *r = &ln->runs[ln->nruns++];
      r->text = dg_strndup(a, s + off[c], (size_t)(off[e] - off[c]));
      r->x_pt = (x[c] - x[start]) * k;
      r->width_pt = (w->x[e] - w->x[c]) * k;
      r->bold = bold;
      r->nobr = style[off[c]] & DG_TS_NOBR ? 1 : 0;
      keep_line(t, w, c, e, bold);
      c = e;
    }
  }
  free(x);
  free(brk);
  free(v);
  return n;
}

/* Appends k lines of size bytes from tmp to lines (n of them, room for
 * *cap), doubling the room as needed: the array, moved or not (the arena
 * keeps the old one). */
static void *append_lines(dg_arena *a, void *lines, int n, int *cap,
                          const void *tmp, int k, size_t size) {
  if (n + k > *cap) {
    while (n + k > *cap)
      *cap *= 2;
    void *grown = dg_alloc_array(a, (size_t)*cap, size);
    memcpy(grown, lines, size * (size_t)n);
    lines = grown;
  }
  memcpy((char *)lines + size * (size_t)n, tmp, size * (size_t)k);
  return lines;
}

int dg_text_break_styled(dg_text *t, dg_arena *a, const char *s,
                         const unsigned char *style, double size_pt,
                         double max_w_pt, dg_sline **out, int *overflow) {
  *overflow = 0;
  size_t len = strlen(s);
  int cap = 8, n = 0;
  dg_sline *lines = dg_alloc_array(a, (size_t)cap, sizeof(dg_sline));
  size_t p = 0;
  for (;;) {
    const char *nl = memchr(s + p, '\n', len - p);
    size_t plen = nl ? (size_t)(nl - (s + p)) : len - p;
    dg_sline tmp[256];
    int k = break_styled(t, a, s + p, style + p, plen, size_pt, max_w_pt, tmp,
                         256, overflow);
    if (k > 256) {
      k = 256;
      *overflow = 1;
    }
    if (p > 0)
      tmp[0].sep = '\n';
    lines = append_lines(a, lines, n, &cap, tmp, k, sizeof *tmp);
    n += k;
    if (!nl)
      break;
    p = (size_t)(nl - s) + 1;
  }
  *out = lines;
  return n;
}

int dg_text_break(dg_text *t, dg_arena *a, const char *s, double size_pt,
                  int bold, double max_w_pt, dg_line **out, int *overflow) {
  *overflow = 0;
  /* count paragraphs, then lines per paragraph */
  size_t len = strlen(s);
  int cap = 8;
  dg_line *lines = dg_alloc_array(a, (size_t)cap, sizeof(dg_line));
  int n = 0;
  size_t p = 0;
  for (;;) {
    const char *nl = memchr(s + p, '\n', len - p);
    size_t plen = nl ? (size_t)(nl - (s + p)) : len - p;
    dg_line tmp[256];
    int k = break_para(t, a, s + p, plen, size_pt, bold, max_w_pt, tmp, 256,
                       overflow);
    if (k > 256) {
      k = 256;
      *overflow = 1;
    }
    lines = append_lines(a, lines, n, &cap, tmp, k, sizeof *tmp);
    n += k;
    if (!nl)
      break;
    p = (size_t)(nl - s) + 1;
  }
  *out = lines;
  return n;
}
