/* text_font: the text module's fonts. Fontconfig, restricted to the
 * project's fonts/ folder, finds the family's files; they are cut down to
 * the deck's characters (hb-subset, in memory files of the process) and
 * loaded once per font set: into HarfBuzz for the metrics the PDF's font
 * descriptors need, and into a Pango font map for shaping (made by
 * text_fontset.c, which this file calls). */
#include "text/text.h"

#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text/text_int.h"

/* The file fontconfig picks for family at the given weight, if it is that
 * family (no silent substitution), and its weight in *weight (fontconfig's
 * scale; -1 when it has none). Returns a strdup'd path or NULL. */
static char *match_file(FcConfig *fc, const char *family, int bold,
                        int *weight) {
  FcPattern *p = FcPatternCreate();
  FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
  FcPatternAddInteger(p, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
  FcConfigSubstitute(fc, p, FcMatchPattern);
  FcDefaultSubstitute(p);
  FcResult res;
  FcPattern *m = FcFontMatch(fc, p, &res);
  FcChar8 *fam = NULL, *file = NULL;
  char *out = NULL;
  if (m && FcPatternGetString(m, FC_FAMILY, 0, &fam) == FcResultMatch &&
      FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
      strcmp((const char *)fam, family) == 0)
    out = strdup((const char *)file);
  if (!m || FcPatternGetInteger(m, FC_WEIGHT, 0, weight) != FcResultMatch)
    *weight = -1;
  if (m)
    FcPatternDestroy(m);
  FcPatternDestroy(p);
  return out;
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* Keeps bytes[0..n-1] in an anonymous memory file (memfd) of this process
 * and returns the name under which fontconfig, Pango and HarfBuzz open it
 * ("/proc/self/fd/N", malloc'd), or NULL with errno set. Nothing on disk:
 * no folder to make, clean up or leave behind when killed, and no inode
 * for ext4 to allocate (with a temporary folder, a run spent 0.3-1 ms in
 * ext4's inode allocator for the subsets and fontconfig's cache). */
static char *memory_file(const char *name, const void *bytes, size_t n,
                         int *fd_out) {
  int fd = memfd_create(name, MFD_CLOEXEC);
  if (fd < 0)
    return NULL;
  if (dg_write_all(fd, bytes, n)) {
    int e = errno;
    close(fd);
    errno = e;
    return NULL;
  }
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  if (access(path, R_OK) != 0) { /* no /proc */
    int e = errno;
    close(fd);
    errno = e == ENOENT ? ENODEV : e; /* "No such device": no /proc */
    return NULL;
  }
  *fd_out = fd;
  char *out = strdup(path);
  if (!out)
    dg_oom();
  return out;
}

/* Replaces t's fonts by subsets to cps (sorted), made now with hb-subset
 * and kept in memory files of this process's own. They are not kept in
 * the shared cache: Pango and HarfBuzz map the font files, and a cached
 * file another process truncates would fault inside hb_shape; and
 * an exact key (the SHA-256 of the 9.3 MB of fonts) costs more than the
 * 18.6 M instructions a cached subset saves. */
typedef struct subset_job {
  const char *file;
  const uint32_t *cps;
  int n;
  dg_buf out;
  int rc;
} subset_job;

static void *subset_thread(void *p) {
  subset_job *j = p;
  j->rc = dg_font_subset(NULL, j->file, j->cps, j->n, &j->out);
  return NULL;
}

static int use_subsets(dg_ctx *ctx, dg_text *t, const uint32_t *cps, int n) {
  /* the two weights are cut at once, Bold on a thread of its own (two
   * independent hb-subset calls on objects of their own; 1.2 ms off the
   * run); a failure there is reported by cutting it again here, so
   * that messages come in order */
  subset_job bj = {t->file[1], cps, n, {0}, -1};
  pthread_t th;
  int threaded = pthread_create(&th, NULL, subset_thread, &bj) == 0;
  /* each weight's subset replaces its file; fontconfig already matched
   * the family to those files, so it need not read the subsets (that cost
   * a FreeType query of each) */
  int rc = 0;
  for (int bold = 0; bold < 2; bold++) {
    dg_buf b = {0};
    char *path = NULL;
    int bad;
    if (!bold) {
      bad = dg_font_subset(ctx, t->file[0], cps, n, &b);
    } else {
      if (threaded)
        pthread_join(th, NULL);
      threaded = 0;
      if (bj.rc == 0) {
        b = bj.out;
        bj.out = (dg_buf){0};
        bad = 0;
      } else { /* again, here, to report why */
        bad = dg_font_subset(ctx, t->file[1], cps, n, &b);
      }
    }
    if (!bad &&
        !(path = memory_file(bold ? "deckgen-bold.ttf" : "deckgen-regular.ttf",
                             b.data, b.len, &t->memfd[bold]))) {
      int e = errno;
      char why[160];
      snprintf(why, sizeof why,
               "the file size limit (ulimit -f) is below its %zu bytes", b.len);
      dg_error(ctx, (dg_pos){t->file[bold], 0, 0},
               "cannot keep the font's subset in memory: %s",
               e == ENODEV  ? "/proc/self/fd is missing (deckgen opens its "
                              "font subsets there: is /proc mounted?)"
               : e == EFBIG ? why
                            : strerror(e));
      bad = 1;
    }
    if (bad) {
      dg_buf_free(&b);
      rc = -1;
      break;
    }
    dg_font_known(path, b.data, b.len);
    dg_buf_free(&b);
    t->src[bold] = t->file[bold]; /* for messages */
    t->file[bold] = path;
  }
  if (threaded)
    pthread_join(th, NULL);
  dg_buf_free(&bj.out);
  if (rc)
    return -1;
  t->cps = malloc(sizeof(uint32_t) * (size_t)(n ? n : 1));
  if (!t->cps)
    dg_oom();
  memcpy(t->cps, cps, sizeof(uint32_t) * (size_t)n);
  qsort(t->cps, (size_t)n, sizeof(uint32_t), cmp_u32);
  t->ncps = n;
  return 0;
}

static int be16(const char *p) {
  return (int16_t)(((unsigned char)p[0] << 8) | (unsigned char)p[1]);
}

/* What a PDF font descriptor needs, read once from the loaded font. */
static void read_metrics(dg_text *t, int bold) {
  hb_font_t *font = t->hb[bold];
  hb_face_t *face = hb_font_get_face(font);
  dg_font_info *info = &t->info[bold];
  memset(info, 0, sizeof *info);
  info->upem = (int)hb_face_get_upem(face);
  hb_position_t v = 0;
  if (hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER,
                                 &v))
    info->ascender = v;
  if (hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER,
                                 &v))
    info->descender = v;
  info->cap_height = info->ascender;
  if (hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_CAP_HEIGHT, &v) && v)
    info->cap_height = v;
  hb_blob_t *head = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
  unsigned int hl = 0;
  const char *h = hb_blob_get_data(head, &hl);
  if (h && hl >= 44)
    for (int i = 0; i < 4; i++)
      info->bbox[i] = be16(h + 36 + 2 * i);
  hb_blob_destroy(head);
  unsigned int len = sizeof info->ps_name;
  if (!hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME,
                           HB_LANGUAGE_INVALID, &len, info->ps_name))
    snprintf(info->ps_name, sizeof info->ps_name, "Font");
  for (char *c = info->ps_name; *c; c++)
    if (*c <= ' ' || *c > '~' || strchr("()<>[]{}/%#", *c))
      *c = '-';
  unsigned int n = hb_face_get_glyph_count(face);
  t->nadv[bold] = (int)n;
  t->adv[bold] = calloc(n ? n : 1, sizeof(int));
  if (!t->adv[bold])
    dg_oom();
  for (unsigned int g = 0; g < n; g++)
    t->adv[bold][g] = hb_font_get_glyph_h_advance(font, g);
}

/* The fonts folder read ahead (dg_fonts_start): what fontconfig makes of
 * it, or why it could not; taken over by dg_text_new. */
struct dg_fonts {
  char dir[4096]; /* fonts_dir as given */
  char conf[8192], absdir[4096];
  int checked; /* conf and absdir found (dg_fonts_start's own checks) */
  int refused; /* the folder or fonts.conf failed text_fontdir's checks */
  tx_problem why;
  FcConfig *fc; /* the configuration, once its fonts are scanned; NULL if
                   fonts.conf could not be loaded */
  pthread_t th;
  int threaded, joined;
  int taken; /* dg_text_new has it (a second call reads the folder again) */
};

/* Is dir among the font folders of fc? */
static int lists_folder(FcConfig *fc, const char *dir) {
  FcStrList *l = FcConfigGetFontDirs(fc);
  int found = 0;
  for (FcChar8 *d; l && !found && (d = FcStrListNext(l));)
    found = strcmp((const char *)d, dir) == 0;
  FcStrListDone(l);
  return found;
}

/* Lets fontconfig scan the fonts of the loaded configuration f->fc: the
 * folders fonts.conf lists (fonts/ itself, for the project's own), and
 * fonts/ by name only when the configuration does not list it (adding it
 * as well had fontconfig read both fonts twice, 0.7 ms). On the thread,
 * this touches nothing the main thread uses while it parses and binds
 * (fontconfig reads fonts with FreeType, not libxml2, and this
 * configuration is not yet the current one), and prints nothing. */
static void *scan_folder(void *p) {
  dg_fonts *f = p;
  FcConfigBuildFonts(f->fc);
  if (!lists_folder(f->fc, f->absdir))
    FcConfigAppFontAddDir(f->fc, (const FcChar8 *)f->absdir);
  return NULL;
}

dg_fonts *dg_fonts_start(const char *fonts_dir, int thread) {
  dg_fonts *f = calloc(1, sizeof *f);
  if (!f)
    dg_oom();
  snprintf(f->dir, sizeof f->dir, "%s", fonts_dir);
  struct stat st;
  snprintf(f->conf, sizeof f->conf, "%s/fonts.conf", fonts_dir);
  if (stat(f->conf, &st) != 0 || !realpath(fonts_dir, f->absdir))
    return f; /* dg_text_new says so */
  f->checked = 1;
  /* nothing in the folder that would block, lead outside or add a folder
   * outside, before fontconfig opens anything */
  if (tx_fonts_check(fonts_dir, f->absdir, &f->why)) {
    f->refused = 1;
    return f;
  }
  /* fontconfig resolves relative config names against its own folder */
  snprintf(f->conf, sizeof f->conf, "%s/fonts.conf", f->absdir);
  /* anything that asks fontconfig for its default configuration (Cairo's
   * FreeType backend for PNGs) gets our folder too, never a scan of the
   * system's fonts; set here, before any thread runs */
  setenv("FONTCONFIG_FILE", f->conf, 1);
  /* fonts.conf is read here, on the calling thread: what fontconfig prints
   * about it comes in order, never in the middle of another line */
  FcConfig *fc = FcConfigCreate();
  if (!fc)
    dg_oom();
  /* the only cache folder is /dev/null, under which no file can exist:
   * fontconfig trusts its cache files (no checksum) and maps them, and a
   * damaged or truncated one crashed deckgen or changed its output (the
   * fontconfig case of tests/cache-abuse.sh); with no <cachedir> at all it
   * says "No writable cache directories" on every scan */
  static const char nocache[] =
      "<fontconfig><cachedir>/dev/null</cachedir></fontconfig>";
  if (!FcConfigParseAndLoadFromMemory(fc, (const FcChar8 *)nocache, FcTrue) ||
      !FcConfigParseAndLoad(fc, (const FcChar8 *)f->conf, FcTrue)) {
    FcConfigDestroy(fc);
    return f; /* dg_text_new says so */
  }
  char shown[8192];
  snprintf(shown, sizeof shown, "%s/fonts.conf", fonts_dir);
  if (tx_fonts_check_config(fc, shown, f->absdir, &f->why)) {
    FcConfigDestroy(fc);
    f->refused = 1;
    return f;
  }
  f->fc = fc;
  f->threaded = thread && pthread_create(&f->th, NULL, scan_folder, f) == 0;
  if (!f->threaded)
    scan_folder(f);
  return f;
}

/* Waits for the folder's reading. */
static void fonts_join(dg_fonts *f) {
  if (f->threaded && !f->joined)
    pthread_join(f->th, NULL);
  f->joined = 1;
}

void dg_fonts_drop(dg_fonts *f) {
  if (!f)
    return;
  fonts_join(f);
  if (f->fc)
    FcConfigDestroy(f->fc);
  free(f);
}

/* fontconfig gives the nearest weight of the family: with the Bold file
 * missing or unreadable, the Regular for bold text, and the reverse; all
 * text then silently took one weight. Each weight must match a file of
 * its own of that weight (Regular below DemiBold, Bold from it). Reports
 * the file to blame: one in the folder fontconfig could not read, else the
 * missing one's name guessed from the other's ("-Regular" / "-Bold"). */
static int missing_weight(dg_ctx *ctx, FcConfig *fc, const char *absdir,
                          const char *fonts_dir, const char *family,
                          char *const file[2], const int weight[2]) {
  for (int bold = 0; bold < 2; bold++) {
    int w = weight[bold];
    if (w < 0 || (bold ? w >= FC_WEIGHT_DEMIBOLD : w < FC_WEIGHT_DEMIBOLD))
      continue;
    const char *want = bold ? "Bold" : "Regular";
    char name[4096], path[8400];
    if (tx_fonts_unread(fc, absdir, name, sizeof name)) {
      snprintf(path, sizeof path, "%s/%s", fonts_dir, name);
      dg_error(ctx, (dg_pos){path, 0, 0},
               "not a font fontconfig can read (damaged or cut short?), "
               "and font \"%s\" has no %s without it",
               family, want);
      return -1;
    }
    const char *other = strrchr(file[bold], '/');
    other = other ? other + 1 : file[bold];
    const char *from = bold ? "Regular" : "Bold";
    const char *at = strstr(other, from);
    if (at) {
      snprintf(path, sizeof path, "%s/%.*s%s%s", fonts_dir, (int)(at - other),
               other, want, at + strlen(from));
      dg_error(ctx, (dg_pos){path, 0, 0},
               "font \"%s\" %s not found: this file is missing (only %s is "
               "there; run make to copy it from fonts-morisawa-bizud-gothic)",
               family, want, other);
    } else
      dg_error(ctx, (dg_pos){fonts_dir, 0, 0},
               "font \"%s\" %s not found in %s (only %s is there)", family,
               want, fonts_dir, other);
    return -1;
  }
  return 0;
}

dg_text *dg_text_new(dg_ctx *ctx, dg_fonts *pre, const char *fonts_dir,
                     const char *family, const uint32_t *cps, int ncps) {
  if (pre && (pre->taken || strcmp(pre->dir, fonts_dir)))
    pre = NULL; /* used already, or read ahead for another folder */
  dg_fonts *mine = pre ? NULL : dg_fonts_start(fonts_dir, 0);
  dg_fonts *f = pre ? pre : mine;
  fonts_join(f);
  if (!f->checked) {
    char conf[8192];
    snprintf(conf, sizeof conf, "%s/fonts.conf", fonts_dir);
    dg_error(ctx, (dg_pos){conf, 0, 0},
             "font configuration not found "
             "(expected fonts/fonts.conf beside the templates' project)");
    dg_fonts_drop(mine);
    return NULL;
  }
  if (f->refused) {
    dg_error(ctx, (dg_pos){f->why.file, f->why.line, 0}, "%s", f->why.msg);
    dg_fonts_drop(mine);
    return NULL;
  }
  if (!f->fc) {
    dg_error(ctx, (dg_pos){f->conf, 0, 0}, "cannot load font configuration");
    dg_fonts_drop(mine);
    return NULL;
  }
  /* taken over: t frees them */
  FcConfig *fc = f->fc;
  f->fc = NULL;
  f->taken = 1;
  char absdir[4096];
  snprintf(absdir, sizeof absdir, "%s", f->absdir);
  dg_fonts_drop(mine);
  /* ours becomes fontconfig's current configuration */
  FcConfigSetCurrent(fc);
  dg_text *t = calloc(1, sizeof *t);
  if (!t)
    dg_oom();
  t->memfd[0] = t->memfd[1] = -1;
  t->share = 1;
  static unsigned long sets;
  t->id = __atomic_add_fetch(&sets, 1, __ATOMIC_RELAXED);
  t->fc = fc;
  t->family = strdup(family);
  int weight[2];
  for (int bold = 0; bold < 2; bold++) {
    t->file[bold] = match_file(fc, family, bold, &weight[bold]);
    if (!t->file[bold]) {
      dg_error(ctx, (dg_pos){fonts_dir, 0, 0},
               "font \"%s\"%s not found in %s (run make to install "
               "fonts-morisawa-bizud-gothic and copy it there)",
               family, bold ? " Bold" : "", fonts_dir);
      dg_text_free(t);
      return NULL;
    }
  }
  if (missing_weight(ctx, fc, absdir, fonts_dir, family, t->file, weight)) {
    dg_text_free(t);
    return NULL;
  }
  if (cps && ncps > 0 && use_subsets(ctx, t, cps, ncps)) {
    dg_text_free(t);
    return NULL;
  }
  for (int bold = 0; bold < 2; bold++) {
    /* the file fontconfig matched, into HarfBuzz for the metrics and
     * advances the PDF's font descriptors need */
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(t->file[bold]);
    hb_face_t *face = blob ? hb_face_create(blob, 0) : NULL;
    hb_blob_destroy(blob);
    if (!face || hb_face_get_glyph_count(face) == 0) {
      dg_error(ctx, (dg_pos){dg_text_font_name(t, bold), 0, 0},
               "cannot load font \"%s\"", family);
      hb_face_destroy(face);
      dg_text_free(t);
      return NULL;
    }
    t->hb[bold] = hb_font_create(face);
    hb_ot_font_set_funcs(t->hb[bold]);
    t->upem[bold] = hb_face_get_upem(face);
    read_metrics(t, bold);
    hb_face_destroy(face); /* the font holds its own reference */
    /* ascent and descent as Pango reports them (the font's horizontal
     * extents), without pango_context_get_metrics, which also shapes a
     * sample text for average widths we never use */
    hb_font_extents_t ext;
    hb_font_get_h_extents(t->hb[bold], &ext);
    t->asc[bold] = ext.ascender * REF_PT / t->upem[bold];
    t->desc_[bold] = -ext.descender * REF_PT / t->upem[bold];
  }
  if (tx_pango_new(ctx, t)) {
    dg_text_free(t);
    return NULL;
  }
  return t;
}

dg_text *dg_text_twin(dg_ctx *ctx, dg_text *t) {
  if (t->is_twin)
    return NULL;
  if (t->twin)
    return t->twin;
  dg_text *w = malloc(sizeof *w);
  if (!w)
    dg_oom();
  *w = *t; /* fonts, metrics and advances: t's, read only */
  w->fm = NULL;
  w->pc = NULL;
  w->desc[0] = w->desc[1] = NULL;
  w->attrs = NULL;
  w->shapes = NULL;
  w->twin = NULL;
  w->is_twin = 1;
  w->share = 0;
  if (tx_pango_new(ctx, w)) {
    tx_pango_free(w);
    free(w);
    return NULL;
  }
  t->twin = w;
  return w;
}

void dg_text_share(dg_text *t, int on) { t->share = on; }

void dg_text_free(dg_text *t) {
  if (!t)
    return;
  if (t->twin) { /* its Pango part is all it owns */
    tx_pango_free(t->twin);
    free(t->twin);
  }
  tx_pango_free(t);
  for (int i = 0; i < 2; i++) {
    if (t->cps && t->file[i]) /* a subset of ours: it goes */
      dg_font_known(t->file[i], NULL, 0);
    if (t->hb[i])
      hb_font_destroy(t->hb[i]);
    free(t->file[i]);
    free(t->src[i]);
    free(t->adv[i]);
  }
  if (t->fc)
    FcConfigDestroy(t->fc);
  for (int i = 0; i < 2; i++)
    if (t->memfd[i] >= 0)
      close(t->memfd[i]);
  free(t->cps);
  free(t->family);
  free(t);
}
