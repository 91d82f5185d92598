/* fontsub: font subsetting with HarfBuzz's hb-subset — only the glyphs a
 * deck can use, hinting dropped. Serves the text module (the working font
 * set) and the HTML renderer (web fonts). */
#include <hb-subset.h>
#include <hb.h>
#include <stdlib.h>

#include "text.h"

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
