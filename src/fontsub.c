/* fontsub: font subsetting with HarfBuzz's hb-subset — only the glyphs a
 * deck can use, hinting dropped. Serves the text module (the working font
 * set) and the HTML renderer (web fonts). */
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdio.h>
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

int dg_font_subset(dg_ctx *ctx, const char *path, const uint32_t *cps, int n,
                   dg_buf *out) {
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
  if (!blob) {
    dg_error(ctx, (dg_pos){path, 0, 0}, "cannot read font file");
    return -1;
  }
  hb_face_t *face = hb_face_create(blob, 0);
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in)
    abort();
  hb_set_t *u = hb_subset_input_unicode_set(in);
  for (int i = 0; i < n; i++)
    hb_set_add(u, cps[i]);
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
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

static int be16(const char *p) {
  return (int16_t)(((unsigned char)p[0] << 8) | (unsigned char)p[1]);
}

int dg_font_metrics(dg_ctx *ctx, const char *path, dg_font_info *info,
                    int **adv, int *nglyphs) {
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
  if (!blob) {
    dg_error(ctx, (dg_pos){path, 0, 0}, "cannot read font file");
    return -1;
  }
  hb_face_t *face = hb_face_create(blob, 0);
  hb_font_t *font = hb_font_create(face);
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
  *nglyphs = (int)n;
  *adv = calloc(n ? n : 1, sizeof(int));
  if (!*adv)
    abort();
  for (unsigned int g = 0; g < n; g++)
    (*adv)[g] = hb_font_get_glyph_h_advance(font, g);
  hb_font_destroy(font);
  hb_face_destroy(face);
  hb_blob_destroy(blob);
  return 0;
}

int dg_font_subset_glyphs(dg_ctx *ctx, const char *path, const uint32_t *gids,
                          int n, dg_buf *out) {
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
  if (!blob) {
    dg_error(ctx, (dg_pos){path, 0, 0}, "cannot read font file");
    return -1;
  }
  hb_face_t *face = hb_face_create(blob, 0);
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in)
    abort();
  hb_set_t *g = hb_subset_input_glyph_set(in);
  for (int i = 0; i < n; i++)
    hb_set_add(g, gids[i]);
  hb_set_clear(hb_subset_input_unicode_set(in));
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING |
                                    HB_SUBSET_FLAGS_RETAIN_GIDS);
  hb_face_t *sub = hb_subset_or_fail(face, in);
  int rc = -1;
  if (sub) {
    hb_blob_t *res = hb_face_reference_blob(sub);
    unsigned int rl = 0;
    const char *data = hb_blob_get_data(res, &rl);
    if (data && rl) {
      dg_buf_put(out, data, rl);
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
