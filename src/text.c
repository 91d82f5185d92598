/* text: shaping and line breaking for layout and the renderers. HarfBuzz
 * shapes every string once (unhinted, so positions are identical in PDF,
 * PNG and HTML); line breaks are Pango's UAX #14 opportunities filtered by
 * the kinsoku rules. Finding and loading the fonts is textfont.c's. */
#include "text.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb.h>
#include <pango/pango.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "text_int.h"

static void shaped_free(void *p) {
  shaped *sh = p;
  free(sh->text);
  free(sh->off);
  free(sh->x);
  free(sh->cp);
  free(sh->brk);
  free(sh->g);
  free(sh);
}

/* Same run? Scripts of equal shaping, else only the same script. */
static int same_run(const int kin[4], hb_script_t a, hb_script_t b) {
  if (a == b)
    return 1;
  int ka = -1, kb = -1;
  for (int i = 0; i < 4; i++) {
    if (KIN_SCRIPTS[i] == a)
      ka = kin[i];
    if (KIN_SCRIPTS[i] == b)
      kb = kin[i];
  }
  return ka >= 0 && ka == kb;
}

static int no_start(uint32_t c);
static int no_end(uint32_t c);

static size_t slot_of(const dg_text *t, const char *key, size_t len) {
  uint64_t h[2];
  dg_hash128(key, len, h);
  size_t i = (size_t)h[0] & (t->cap - 1);
  while (t->keys[i] && strcmp(t->keys[i], key))
    i = (i + 1) & (t->cap - 1);
  return i;
}

static shaped *lookup(const dg_text *t, const char *key, size_t len) {
  if (!t->cap)
    return NULL;
  size_t i = slot_of(t, key, len);
  return t->keys[i] ? t->vals[i] : NULL;
}

/* Takes ownership of key (len bytes) and sh. */
static void insert(dg_text *t, char *key, size_t len, shaped *sh) {
  if ((t->count + 1) * 10 > t->cap * 7) {
    size_t old = t->cap;
    char **ok = t->keys;
    shaped **ov = t->vals;
    t->cap = old ? old * 2 : 1024;
    t->keys = calloc(t->cap, sizeof *t->keys);
    t->vals = calloc(t->cap, sizeof *t->vals);
    if (!t->keys || !t->vals)
      abort();
    for (size_t i = 0; i < old; i++)
      if (ok[i]) {
        size_t j = slot_of(t, ok[i], strlen(ok[i]));
        t->keys[j] = ok[i];
        t->vals[j] = ov[i];
      }
    free(ok);
    free(ov);
  }
  size_t i = slot_of(t, key, len);
  t->keys[i] = key;
  t->vals[i] = sh;
  t->count++;
}

/* Shapes s (len bytes) at REF_PT once and remembers the character
 * boundaries, their x positions and where lines may break. */
static const shaped *shape(dg_text *t, const char *s, size_t len, int bold) {
  char *key = malloc(len + 3);
  if (!key)
    abort();
  key[0] = bold ? 'b' : 'r';
  key[1] = '|';
  memcpy(key + 2, s, len);
  key[len + 2] = 0;
  shaped *sh = lookup(t, key, len + 2);
  if (sh) {
    free(key);
    return sh;
  }
  /* itemize and shape directly: a PangoLayout would also run the line
   * breaking analysis, which most strings (lines already broken) never need */
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
    abort();
  sh->text = malloc(len + 1);
  if (!sh->text)
    abort();
  memcpy(sh->text, s, len);
  sh->text[len] = 0;
  int nch = nattrs - 1;
  sh->nch = nch;
  sh->valid = valid;
  sh->off = malloc(sizeof(int) * (size_t)(nch + 1));
  sh->x = malloc(sizeof(double) * (size_t)(nch + 1));
  sh->cp = malloc(sizeof(uint32_t) * (size_t)(nch + 1));
  int *char_of = malloc(sizeof(int) * (len + 1));
  if (!sh->off || !sh->x || !sh->cp || !char_of)
    abort();
  int bi = 0;
  for (int i = 0; i <= nch; i++) {
    sh->off[i] = bi;
    char_of[bi < (int)len ? bi : (int)len] = i;
    sh->x[i] = -1;
    sh->cp[i] = 0;
    if (bi < (int)len) {
      int k = dg_utf8_decode(s + bi, len - (size_t)bi, &sh->cp[i]);
      if (k <= 0)
        k = 1;
      for (int j = 1; j < k && bi + j < (int)len; j++)
        char_of[bi + j] = i;
      bi += k;
    }
  }
  char_of[len] = nch;
  /* HarfBuzz directly, one run per script as Pango itemizes (a common
   * character such as a digit or bracket joins the run it is in, or the
   * next one at the start): Pango's itemizer and shaper wrappers cost twice
   * the shaping itself (issue 8), and one font covers every character */
  hb_font_t *hf = t->hb[bold ? 1 : 0];
  double scale = REF_PT / t->upem[bold ? 1 : 0];
  hb_buffer_t *buf = hb_buffer_create();
  hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
  int cap = nch + 8;
  sh->g = malloc(sizeof(dg_glyph) * (size_t)cap);
  if (!sh->g)
    abort();
  double x = 0;
  for (int r0 = 0; r0 < nch;) {
    hb_script_t sc = HB_SCRIPT_COMMON;
    int r1 = r0;
    for (; r1 < nch; r1++) {
      hb_script_t c = hb_unicode_script(uf, sh->cp[r1]);
      if (c == HB_SCRIPT_COMMON || c == HB_SCRIPT_INHERITED ||
          c == HB_SCRIPT_UNKNOWN)
        continue;
      if (sc == HB_SCRIPT_COMMON)
        sc = c;
      else if (!same_run(t->kin[bold ? 1 : 0], sc, c))
        break;
    }
    hb_buffer_clear_contents(buf);
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, sc == HB_SCRIPT_COMMON ? HB_SCRIPT_LATIN : sc);
    hb_buffer_set_language(buf, hb_language_from_string("ja", 2));
    hb_buffer_set_cluster_level(buf,
                                HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    hb_buffer_add_utf8(buf, sh->text, (int)len, (unsigned)sh->off[r0],
                       sh->off[r1] - sh->off[r0]);
    hb_shape(hf, buf, NULL, 0);
    unsigned int ng = 0;
    hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(buf, &ng);
    hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(buf, NULL);
    for (unsigned int g = 0; g < ng; g++) {
      int idx = (int)gi[g].cluster;
      int ci = char_of[idx >= 0 && idx <= (int)len ? idx : (int)len];
      double adv = gp[g].x_advance * scale;
      if (ci < nch && sh->cp[ci] < 0x20)
        adv = 0; /* control characters draw nothing */
      if (sh->x[ci] < 0)
        sh->x[ci] = x;
      if (adv > 0 || (ci < nch && sh->cp[ci] >= 0x20)) {
        if (sh->ng == cap) {
          cap *= 2;
          sh->g = realloc(sh->g, dg_mul_size((size_t)cap, sizeof(dg_glyph)));
          if (!sh->g)
            abort();
        }
        dg_glyph *o = &sh->g[sh->ng++];
        memset(o, 0, sizeof *o);
        o->id = gi[g].codepoint;
        o->x = (x + gp[g].x_offset * scale) / REF_PT;
        o->y = -gp[g].y_offset * scale / REF_PT; /* HarfBuzz: y up */
        o->adv = adv / REF_PT;
        /* the cluster's text goes with its first glyph */
        if (g == 0 || gi[g - 1].cluster != gi[g].cluster) {
          unsigned int next = (unsigned int)sh->off[r1];
          for (unsigned int k = g + 1; k < ng; k++)
            if (gi[k].cluster != gi[g].cluster) {
              next = gi[k].cluster;
              break;
            }
          o->cl_off = idx;
          o->cl_len = (int)next > idx ? (int)next - idx : 0;
        }
      }
      x += adv;
    }
    r0 = r1;
  }
  hb_buffer_destroy(buf);
  sh->x[nch] = x;
  if (nch > 0 && sh->x[0] < 0)
    sh->x[0] = 0;
  for (int i = 1; i < nch; i++)
    if (sh->x[i] < 0)
      sh->x[i] = sh->x[i - 1]; /* inside a cluster */
  free(char_of);
  insert(t, key, len + 2, sh);
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

/* Pango is loaded when first needed, or ahead of time by dg_text_preload
 * on a thread of its own: with GLib, GIO and what they pull in it is 13
 * libraries, whose loading and symbol binding (all BIND_NOW) cost a run
 * ~2.5 ms before main (issue 8); only its line-break analysis is used. */
#define PANGO_SONAME "libpango-1.0.so.0"
typedef void (*log_attrs_fn)(const char *, int, int, PangoLanguage *,
                             PangoLogAttr *, int);
static pthread_once_t pango_once = PTHREAD_ONCE_INIT;
static log_attrs_fn pango_log_attrs;
static PangoLanguage *pango_ja;
static char pango_error[256] = "not loaded";

static void load_pango(void) {
  void *h = dlopen(PANGO_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    snprintf(pango_error, sizeof pango_error, "%s", dlerror());
    return;
  }
  PangoLanguage *(*lang)(const char *) = (PangoLanguage * (*)(const char *))(
      uintptr_t)dlsym(h, "pango_language_from_string");
  log_attrs_fn f = (log_attrs_fn)(uintptr_t)dlsym(h, "pango_get_log_attrs");
  if (!lang || !f) {
    snprintf(pango_error, sizeof pango_error, "%s lacks its functions",
             PANGO_SONAME);
    return;
  }
  pango_ja = lang("ja");
  pango_log_attrs = f;
}

static void *preload(void *unused) {
  (void)unused;
  pthread_once(&pango_once, load_pango);
  return NULL;
}

void dg_text_preload(void) {
  pthread_t th;
  if (pthread_create(&th, NULL, preload, NULL) == 0)
    pthread_detach(th);
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
      abort();
    for (int i = 0; i <= nch; i++)
      sh->brk[i] =
          i > 0 && i < nch && !no_start(sh->cp[i]) && !no_end(sh->cp[i - 1]);
    return sh->brk;
  }
  pthread_once(&pango_once, load_pango);
  if (!pango_log_attrs) {
    fprintf(stderr,
            "deckgen: error: cannot load Pango for line breaking: "
            "%s\n",
            pango_error);
    exit(1);
  }
  PangoLogAttr *attrs = calloc((size_t)nch + 1, sizeof(PangoLogAttr));
  if (!attrs)
    abort();
  pango_log_attrs(sh->text, (int)strlen(sh->text), -1, pango_ja, attrs,
                  nch + 1);
  sh->brk = malloc((size_t)(nch + 1));
  if (!sh->brk)
    abort();
  for (int i = 0; i <= nch; i++)
    sh->brk[i] = i > 0 && i < nch && attrs[i].is_line_break &&
                 !no_start(sh->cp[i]) && !no_end(sh->cp[i - 1]);
  free(attrs);
  return sh->brk;
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
    }
    return 1;
  }
  const unsigned char *brk = breaks(sh);
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
      out[n].text =
          dg_strndup(a, s + off[start], (size_t)(off[end] - off[start]));
      out[n].width_pt = (x[end] - x[start]) * k;
    }
    n++;
    start = best;
    while (start < nch && cp[start] == ' ')
      start++;
  }
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
    if (n + k > cap) {
      while (n + k > cap)
        cap *= 2;
      dg_line *nlines = dg_alloc_array(a, (size_t)cap, sizeof(dg_line));
      memcpy(nlines, lines, sizeof(dg_line) * (size_t)n);
      lines = nlines;
    }
    memcpy(lines + n, tmp, sizeof(dg_line) * (size_t)k);
    n += k;
    if (!nl)
      break;
    p = (size_t)(nl - s) + 1;
  }
  *out = lines;
  return n;
}
void tx_free_shapes(dg_text *t) {
  for (size_t i = 0; i < t->cap; i++)
    if (t->keys[i]) {
      free(t->keys[i]);
      shaped_free(t->vals[i]);
    }
  free(t->keys);
  free(t->vals);
  t->keys = NULL;
  t->vals = NULL;
  t->cap = t->count = 0;
}
