/* render/png: takes one page of the display list (const dg_layout) and the
 * text module's fonts and shaped glyphs, and gives the bytes of one PNG:
 * a Cairo image surface written with libpng. The same walk as the PDF writer's,
 * drawn with Cairo instead of written as PDF operators, with the glyphs layout
 * shaped; nothing is measured here. Cairo's drawing is also the PDF writer's
 * oracle in the tests (tests/check_oracle.c). */
#include "render/render.h"
#include "data/image.h"

#include <cairo-ft.h>
#include <cairo.h>
#include <math.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static void rgb(cairo_t *cr, uint32_t c) {
  cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                       (c & 255) / 255.0);
}

/* One line of text: the glyphs layout shaped, at the op's size. */
static void draw_text(cairo_t *cr, dg_text *tx, cairo_font_face_t *face[2],
                      const dg_op *op) {
  const dg_op_text *o = &op->text;
  int b = o->bold ? 1 : 0;
  const dg_glyph *g;
  int n = dg_text_glyphs(tx, o->str, b, &g);
  if (n == 0)
    return;
  cairo_glyph_t stack[256], *cg = stack;
  if (n > 256 && !(cg = malloc(sizeof(cairo_glyph_t) * (size_t)n)))
    dg_oom();
  for (int i = 0; i < n; i++) {
    cg[i].index = g[i].id;
    cg[i].x = op->x + g[i].x * o->size_pt;
    cg[i].y = op->y + g[i].y * o->size_pt;
  }
  rgb(cr, o->color);
  cairo_set_font_face(cr, face[b]);
  cairo_set_font_size(cr, o->size_pt);
  cairo_show_glyphs(cr, cg, n);
  if (cg != stack)
    free(cg);
}

/* An image: its pixels at the device's resolution (an SVG drawn at it,
 * a PNG or JPEG at its own size, scaled by Cairo, bilinear). */
static void draw_image(cairo_t *cr, const dg_op *o) {
  double dw = o->image.w, dh = o->image.h;
  cairo_user_to_device_distance(cr, &dw, &dh);
  unsigned char *px;
  int w, h;
  if (dg_image_rgba(o->image.img, (int)ceil(fabs(dw)), (int)ceil(fabs(dh)),
                    &px, &w, &h))
    return;
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
  unsigned char *d = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      const unsigned char *q = px + ((size_t)y * w + x) * 4;
      unsigned a = q[3];
      uint32_t v = a << 24;
      for (int k = 0; k < 3; k++) /* Cairo's pixels are premultiplied */
        v |= (uint32_t)((q[k] * a + 127) / 255) << (16 - 8 * k);
      *(uint32_t *)(d + (size_t)y * stride + x * 4) = v;
    }
  free(px);
  cairo_surface_mark_dirty(s);
  cairo_save(cr);
  cairo_translate(cr, o->x, o->y);
  cairo_scale(cr, o->image.w / w, o->image.h / h);
  cairo_set_source_surface(cr, s, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_BILINEAR);
  cairo_rectangle(cr, 0, 0, w, h);
  cairo_fill(cr);
  cairo_restore(cr);
  cairo_surface_destroy(s);
}

/* Paints the current path (kept) with pattern p's marks in ink: a
 * surface pattern of one tile, repeated from the slide's top left corner
 * as the PDF's tiling pattern and the SVG's <pattern> are. */
static void fill_pattern(cairo_t *cr, dg_pattern p, uint32_t ink) {
  const dg_tile *t = dg_pattern_tile(p);
  if (t->nseg == 0 && t->ndot == 0)
    return;
  cairo_rectangle_t box = {0, 0, t->size, t->size};
  cairo_surface_t *tile =
      cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &box);
  cairo_t *tc = cairo_create(tile);
  rgb(tc, ink);
  cairo_set_line_width(tc, t->width);
  for (int k = 0; k < t->nseg; k++) {
    cairo_move_to(tc, t->seg[k][0], t->seg[k][1]);
    cairo_line_to(tc, t->seg[k][2], t->seg[k][3]);
  }
  cairo_stroke(tc);
  for (int k = 0; k < t->ndot; k++) {
    cairo_new_sub_path(tc);
    cairo_arc(tc, t->dot[k][0], t->dot[k][1], t->dot_r, 0, 2 * M_PI);
  }
  cairo_fill(tc);
  cairo_destroy(tc);
  cairo_pattern_t *pat = cairo_pattern_create_for_surface(tile);
  cairo_pattern_set_extend(pat, CAIRO_EXTEND_REPEAT);
  cairo_set_source(cr, pat);
  cairo_fill_preserve(cr);
  cairo_pattern_destroy(pat);
  cairo_surface_destroy(tile);
}

static void draw_page(cairo_t *cr, dg_text *tx, cairo_font_face_t *face[2],
                      const dg_page *p) {
  for (int i = 0; i < p->nops; i++) {
    const dg_op *o = &p->ops[i];
    switch (o->kind) {
    case DG_OP_RECT:
      cairo_rectangle(cr, o->x, o->y, o->rect.w, o->rect.h);
      rgb(cr, o->rect.fill);
      cairo_fill_preserve(cr);
      fill_pattern(cr, o->rect.pattern, o->rect.ink);
      cairo_new_path(cr);
      break;
    case DG_OP_LINE:
      cairo_move_to(cr, o->x, o->y);
      cairo_line_to(cr, o->line.x2, o->line.y2);
      rgb(cr, o->line.color);
      cairo_set_line_width(cr, o->line.width_pt);
      cairo_stroke(cr);
      break;
    case DG_OP_WEDGE: {
      const dg_op_wedge *w = &o->wedge;
      /* angles are clockwise from 12 o'clock; Cairo's from 3 o'clock */
      double a0 = w->a0 - M_PI / 2, a1 = w->a1 - M_PI / 2;
      cairo_new_path(cr);
      cairo_arc(cr, o->x, o->y, w->r_out, a0, a1);
      cairo_arc_negative(cr, o->x, o->y, w->r_in, a1, a0);
      cairo_close_path(cr);
      rgb(cr, w->fill);
      cairo_fill_preserve(cr);
      fill_pattern(cr, w->pattern, w->ink);
      rgb(cr, w->stroke);
      cairo_set_line_width(cr, w->stroke_pt);
      cairo_stroke(cr);
      break;
    }
    case DG_OP_TEXT:
      draw_text(cr, tx, face, o);
      break;
    case DG_OP_IMAGE:
      draw_image(cr, o);
      break;
    case DG_OP_BEGIN:
    case DG_OP_END:
      break;
    }
  }
}

static void png_out(png_structp png, png_bytep data, png_size_t n) {
  dg_buf_put(png_get_io_ptr(png), (const char *)data, n);
}

static void png_flush(png_structp png) { (void)png; }

/* Cairo's RGB24 pixels (32 bits a pixel, native order) as an 8-bit RGB
 * PNG through libpng. Deflate level 1, zlib's default strategy and no row
 * filter: measured on this deck, that is faster than any other choice
 * (Cairo's own writer, at libpng's defaults, was most of a PNG render) and
 * the files are small, slides being mostly flat colour. No text or time
 * chunks: the same page gives the same bytes. */
static int write_png(unsigned char *px, int w, int h, int stride, dg_buf *out) {
  png_structp png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png ? png_create_info_struct(png) : NULL;
  png_bytep *rows = malloc(dg_mul_size((size_t)h, sizeof *rows));
  if (!png || !info || !rows) {
    png_destroy_write_struct(&png, &info);
    free(rows);
    return -1;
  }
  for (int y = 0; y < h; y++)
    rows[y] = px + (size_t)stride * (size_t)y;
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    free(rows);
    return -1;
  }
  png_set_write_fn(png, out, png_out, png_flush);
  png_set_compression_level(png, 1);
  png_set_compression_strategy(png, Z_DEFAULT_STRATEGY);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE,
               PNG_FILTER_TYPE_BASE);
  png_write_info(png, info);
  /* each pixel is one native 32-bit word 0xXXRRGGBB: drop the X byte */
  const uint32_t probe = 1;
  if (*(const unsigned char *)&probe) { /* little-endian: B G R X */
    png_set_bgr(png);
    png_set_filler(png, 0, PNG_FILLER_AFTER);
  } else /* big-endian: X R G B */
    png_set_filler(png, 0, PNG_FILLER_BEFORE);
  png_write_image(png, rows);
  png_write_end(png, NULL);
  png_destroy_write_struct(&png, &info);
  free(rows);
  return 0;
}

/* The font file of each weight as a Cairo font face, made once per font
 * set (dg_text_id) and kept for every later page. Made from FreeType faces
 * of our own, not from the file's name: a working subset is named
 * /proc/self/fd/N, which the next font set of the process (batch, --watch)
 * reuses, and Cairo keeps the faces it made for a name — a batch's later
 * deck was drawn with the glyph numbers of the earlier subset. */
static const cairo_user_data_key_t ft_key;

static void ft_done(void *face) { FT_Done_Face(face); }

static int faces(dg_ctx *ctx, dg_text *tx, cairo_font_face_t *face[2]) {
  static FT_Library lib;
  static cairo_font_face_t *kept[2];
  static unsigned long kept_id;
  if (kept[0] && kept[1] && kept_id == dg_text_id(tx)) {
    face[0] = kept[0];
    face[1] = kept[1];
    return 0;
  }
  for (int b = 0; b < 2; b++) {
    if (kept[b])
      cairo_font_face_destroy(kept[b]);
    kept[b] = NULL;
  }
  if (!lib && FT_Init_FreeType(&lib)) {
    lib = NULL;
    dg_error(ctx, (dg_pos){0}, "PNG: cannot start FreeType");
    return -1;
  }
  for (int b = 0; b < 2; b++) {
    const char *file = dg_text_font_file(tx, b);
    FT_Face ft;
    if (FT_New_Face(lib, file, 0, &ft)) {
      dg_error(ctx, (dg_pos){dg_text_font_name(tx, b), 0, 0},
               "PNG: FreeType cannot load font");
      return -1;
    }
    cairo_font_face_t *f = cairo_ft_font_face_create_for_ft_face(ft, 0);
    /* the FreeType face lives as long as Cairo's face */
    if (cairo_font_face_set_user_data(f, &ft_key, ft, ft_done)) {
      cairo_font_face_destroy(f);
      FT_Done_Face(ft);
      dg_oom();
    }
    kept[b] = f;
  }
  kept_id = dg_text_id(tx);
  face[0] = kept[0];
  face[1] = kept[1];
  return 0;
}

int dg_render_png_page(dg_ctx *ctx, dg_text *tx, const dg_layout *l, int p,
                       double dpi, dg_buf *out) {
  double scale = dpi / 72.0;
  int w = (int)lround(l->w_pt * scale), h = (int)lround(l->h_pt * scale);
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create(s);
  /* unhinted outlines and metrics, grey anti-aliasing: the positions are
   * layout's, exactly as in the PDF and the HTML */
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
  cairo_set_font_options(cr, fo);
  cairo_font_options_destroy(fo);
  cairo_font_face_t *face[2];
  if (faces(ctx, tx, face)) {
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return -1;
  }
  cairo_scale(cr, scale, scale);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  draw_page(cr, tx, face, &l->pages[p]);
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  if (st == CAIRO_STATUS_SUCCESS &&
      write_png(cairo_image_surface_get_data(s), w, h,
                cairo_image_surface_get_stride(s), out))
    st = CAIRO_STATUS_NO_MEMORY;
  cairo_surface_destroy(s);
  if (st != CAIRO_STATUS_SUCCESS) {
    dg_error(ctx, (dg_pos){0}, "cairo could not render slide %d: %s", p + 1,
             cairo_status_to_string(st));
    return -1;
  }
  return 0;
}
