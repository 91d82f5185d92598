/* text_fontset: a loaded font set's Pango context (on a fontconfig
 * configuration of the set's two files, for text.c's shaping) and what the
 * set knows of its fonts: files, names, metrics, coverage. text_font.c,
 * which finds, cuts and loads the files, calls it to make and free the
 * context; it calls neither text_font.c nor text.c. */
#include "text/text.h"

#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <pango/pango.h>
#include <pango/pangofc-fontmap.h>
#include <pango/pangoft2.h>
#include <stdint.h>
#include <stdlib.h>

#include "text/text_int.h"

static void shaped_free(void *p) {
  shaped *sh = p;
  free(sh->text);
  free(sh->off);
  free(sh->x);
  free(sh->cp);
  free(sh->brk);
  free(sh->g);
  free(sh->gch);
  free(sh);
}

int tx_pango_new(dg_ctx *ctx, dg_text *t) {
  /* Pango sees exactly the font files fontconfig matched in fonts/ (or
   * their subsets): a configuration of its own holding only those two */
  FcConfig *pc_fc = FcConfigCreate();
  for (int b = 0; b < 2; b++)
    if (!FcConfigAppFontAddFile(pc_fc, (const FcChar8 *)t->file[b])) {
      dg_error(ctx, (dg_pos){dg_text_font_name(t, b), 0, 0},
               "fontconfig cannot read font");
      FcConfigDestroy(pc_fc);
      return -1;
    }
  t->fm = pango_ft2_font_map_new();
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(t->fm), pc_fc);
  FcConfigDestroy(pc_fc); /* the font map holds its own reference */
  t->pc = pango_font_map_create_context(t->fm);
  pango_context_set_language(t->pc, pango_language_from_string("ja"));
  pango_context_set_base_dir(t->pc, PANGO_DIRECTION_LTR);
  /* positions as HarfBuzz gives them, not rounded to whole pixels: the
   * PDF, the PNGs and the HTML place glyphs at fractions of a point */
  pango_context_set_round_glyph_positions(t->pc, FALSE);
  for (int b = 0; b < 2; b++) {
    t->desc[b] = pango_font_description_new();
    pango_font_description_set_family(t->desc[b], t->family);
    pango_font_description_set_weight(t->desc[b], b ? PANGO_WEIGHT_BOLD
                                                    : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(t->desc[b], REF_PT * PANGO_SCALE);
  }
  t->attrs = pango_attr_list_new();
  t->shapes = g_hash_table_new_full(g_str_hash, g_str_equal, free, shaped_free);
  return 0;
}

void tx_pango_free(dg_text *t) {
  if (t->shapes)
    g_hash_table_destroy(t->shapes);
  if (t->attrs)
    pango_attr_list_unref(t->attrs);
  for (int b = 0; b < 2; b++)
    if (t->desc[b])
      pango_font_description_free(t->desc[b]);
  if (t->pc)
    g_object_unref(t->pc);
  if (t->fm)
    g_object_unref(t->fm);
  t->shapes = NULL;
  t->attrs = NULL;
  t->desc[0] = t->desc[1] = NULL;
  t->pc = NULL;
  t->fm = NULL;
}

int dg_text_covers(const dg_text *t, const uint32_t *cps, int n) {
  if (!t->cps)
    return 1; /* the full fonts */
  int j = 0;
  for (int i = 0; i < n; i++) {
    while (j < t->ncps && t->cps[j] < cps[i])
      j++;
    if (j == t->ncps || t->cps[j] != cps[i])
      return 0;
  }
  return 1;
}

const dg_font_info *dg_text_font_metrics(dg_text *t, int bold, const int **adv,
                                         int *nglyphs) {
  bold = bold ? 1 : 0;
  *adv = t->adv[bold];
  *nglyphs = t->nadv[bold];
  return &t->info[bold];
}

int dg_text_has_glyph(dg_text *t, uint32_t cp, int bold) {
  hb_codepoint_t g;
  return hb_font_get_nominal_glyph(t->hb[bold ? 1 : 0], cp, &g) && g != 0;
}

unsigned long dg_text_id(const dg_text *t) { return t->id; }

const char *dg_text_font_name(const dg_text *t, int bold) {
  bold = bold ? 1 : 0;
  return t->src[bold] ? t->src[bold] : t->file[bold];
}

const char *dg_text_font_file(dg_text *t, int bold) {
  return t->file[bold ? 1 : 0];
}

void dg_text_metrics(dg_text *t, double size_pt, int bold, double *ascent,
                     double *descent) {
  *ascent = t->asc[bold ? 1 : 0] * size_pt / REF_PT;
  *descent = t->desc_[bold ? 1 : 0] * size_pt / REF_PT;
}
