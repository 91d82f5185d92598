/* fontsub: font subsetting with HarfBuzz's hb-subset — only the glyphs a
 * deck can use, hinting dropped. Serves the text module (the working font
 * set), the HTML renderer (web fonts) and the PDF writer (embedded fonts). */
#include <hb-subset.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "text.h"

#ifndef DG_VERSION
#define DG_VERSION "0.0"
#endif

uint64_t dg_font_cache_key(const char *kind, const char *file, const void *set,
                           size_t n) {
  uint64_t h = dg_fnv(dg_file_key(file), kind, strlen(kind) + 1);
  h = dg_fnv(h, file, strlen(file) + 1);
  h = dg_fnv(h, DG_VERSION, sizeof DG_VERSION);
  const char *hb = hb_version_string(), *z = zlibVersion();
  h = dg_fnv(h, hb, strlen(hb) + 1);
  h = dg_fnv(h, z, strlen(z) + 1);
  return dg_fnv(h, set, n);
}

/* hb-subset of the font at path to the code points (by_glyph 0) or glyph
 * ids (by_glyph 1, ids kept) in v[0..n-1], hinting dropped. */
static int subset(dg_ctx *ctx, const char *path, const uint32_t *v, int n,
                  int by_glyph, dg_buf *out) {
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
  if (!blob) {
    dg_error(ctx, (dg_pos){path, 0, 0}, "cannot read font file");
    return -1;
  }
  hb_face_t *face = hb_face_create(blob, 0);
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in)
    abort();
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
  if (rc)
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
