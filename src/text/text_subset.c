/* fontsub: font subsetting with HarfBuzz's hb-subset — only the glyphs a
 * deck can use, hinting dropped. Serves the text module (the working font
 * set), the HTML renderer (web fonts) and the PDF writer (embedded fonts). */
#include <errno.h>
#include <fcntl.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "text/text.h"

#ifndef DG_VERSION
#define DG_VERSION "0.0"
#endif

/* A file's digest in a font product's key: SHA-256 for the cache between
 * runs; with the cache off, keys only serve the in-process memos, and a
 * 128-bit hash (a tenth of the cost) does. */
static void file_digest(const void *bytes, size_t n, unsigned char d[32]) {
  if (dg_cache_enabled()) {
    dg_sha256(bytes, n, d);
    return;
  }
  uint64_t h[2];
  dg_hash128(bytes, n, h);
  memset(d, 0, 32);
  memcpy(d, h, sizeof h);
}

/* Digests of font files this process wrote itself and never changes (the
 * working subsets in its memory files): their keys need not read and hash
 * the file again for each product (that cost 2 x 6 M instructions a run).
 * Written only while no renderer runs (dg_text_new/free). */
static struct {
  char *path;
  unsigned char d[32];
} known[4];

void dg_font_known(const char *path, const void *bytes, size_t n) {
  int k = 0;
  for (int i = 0; i < 4; i++)
    if (!known[i].path || !strcmp(known[i].path, path)) {
      k = i;
      break;
    } else if (i == 3)
      k = 0; /* full: the first goes */
  free(known[k].path);
  known[k].path = NULL;
  if (!bytes)
    return; /* forgotten */
  if (!(known[k].path = strdup(path)))
    dg_oom();
  file_digest(bytes, n, known[k].d);
}

int dg_font_key(const char *kind, const char *file, const void *set, size_t n,
                dg_buf *key) {
  unsigned char d[32];
  int have = 0;
  for (int i = 0; i < 4 && !have; i++)
    if (known[i].path && !strcmp(known[i].path, file)) {
      memcpy(d, known[i].d, 32);
      have = 1;
    }
  if (!have) {
    int fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    struct stat st;
    if (fd < 0)
      return -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        st.st_size > (off_t)DG_FONT_KEY_MAX) {
      close(fd);
      return -1;
    }
    size_t len = (size_t)st.st_size;
    char *buf = malloc(len ? len : 1);
    if (!buf)
      dg_oom();
    int bad = dg_read_all(fd, buf, len);
    close(fd);
    if (!bad)
      file_digest(buf, len, d);
    free(buf);
    if (bad)
      return -1;
  }
  const char *hb = hb_version_string(), *z = zlibVersion();
  dg_buf_printf(key, "%s\n%s\nharfbuzz %s\nzlib %s\nfont %s ", kind, DG_VERSION,
                hb, z, dg_cache_enabled() ? "sha256" : "hash128");
  static const char x[] = "0123456789abcdef";
  for (int i = 0; i < 32; i++) {
    char h[2] = {x[d[i] >> 4], x[d[i] & 15]};
    dg_buf_put(key, h, 2);
  }
  dg_buf_printf(key, "\n%zu\n", n);
  dg_buf_put(key, set, n);
  return 0;
}

/* hb-subset of the font at path to the code points (by_glyph 0) or glyph
 * ids (by_glyph 1, ids kept) in v[0..n-1], hinting dropped. */
static int subset(dg_ctx *ctx, const char *path, const uint32_t *v, int n,
                  int by_glyph, dg_buf *out) {
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
  if (!blob) {
    if (ctx)
      dg_error(ctx, (dg_pos){path, 0, 0}, "cannot read font file");
    return -1;
  }
  hb_face_t *face = hb_face_create(blob, 0);
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in)
    dg_oom();
  hb_set_t *set = by_glyph ? hb_subset_input_glyph_set(in)
                           : hb_subset_input_unicode_set(in);
  for (int i = 0; i < n; i++)
    hb_set_add(set, v[i]);
  if (by_glyph)
    hb_set_clear(hb_subset_input_unicode_set(in));
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING |
                                    (by_glyph ? HB_SUBSET_FLAGS_RETAIN_GIDS
                                              : HB_SUBSET_FLAGS_DEFAULT));
  hb_face_t *sub = hb_subset_or_fail(face, in);
  int rc = -1;
  if (sub) {
    hb_blob_t *res = hb_face_reference_blob(sub);
    unsigned int len = 0;
    const char *data = hb_blob_get_data(res, &len);
    if (data && len) {
      dg_buf_put(out, data, len);
      rc = 0;
    }
    hb_blob_destroy(res);
    hb_face_destroy(sub);
  }
  if (rc && ctx)
    dg_error(ctx, (dg_pos){path, 0, 0}, "hb-subset failed on this font");
  hb_subset_input_destroy(in);
  hb_face_destroy(face);
  hb_blob_destroy(blob);
  return rc;
}

int dg_font_subset(dg_ctx *ctx, const char *path, const uint32_t *cps, int n,
                   dg_buf *out) {
  return subset(ctx, path, cps, n, 0, out);
}

int dg_font_subset_glyphs(dg_ctx *ctx, const char *path, const uint32_t *gids,
                          int n, dg_buf *out) {
  return subset(ctx, path, gids, n, 1, out);
}
