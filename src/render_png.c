/* render_png: display list → Cairo image surface → PNG, one file per
 * slide. The same walk as the PDF writer's, drawn with Cairo instead of
 * written as PDF operators, with the glyphs layout shaped; nothing is
 * measured here. Built as the plugin deckgen-png.so, loaded only when PNGs
 * are asked for (pngload.c): linking Cairo and the X libraries it pulls in
 * cost every run ~2 ms of dynamic loading (issue 8). */
#include <cairo-ft.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "render.h"

static void rgb(cairo_t *cr, uint32_t c) {
  cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                       (c & 255) / 255.0);
}

/* One line of text: the glyphs layout shaped, at the op's size. */
static void draw_text(cairo_t *cr, dg_text *tx, cairo_font_face_t *face[2],
                      const dg_op *o) {
  int b = o->bold ? 1 : 0;
  const dg_glyph *g;
  int n = dg_text_glyphs(tx, o->text, b, &g);
  if (n == 0)
    return;
  cairo_glyph_t stack[256], *cg = stack;
  if (n > 256 && !(cg = malloc(sizeof(cairo_glyph_t) * (size_t)n)))
    abort();
  for (int i = 0; i < n; i++) {
    cg[i].index = g[i].id;
    cg[i].x = o->x + g[i].x * o->size_pt;
    cg[i].y = o->y + g[i].y * o->size_pt;
  }
  rgb(cr, o->fill);
  cairo_set_font_face(cr, face[b]);
  cairo_set_font_size(cr, o->size_pt);
  cairo_show_glyphs(cr, cg, n);
  if (cg != stack)
    free(cg);
}

static void draw_page(cairo_t *cr, dg_text *tx, cairo_font_face_t *face[2],
                      const dg_page *p) {
  for (int i = 0; i < p->nops; i++) {
    const dg_op *o = &p->ops[i];
    switch (o->kind) {
    case DG_OP_RECT:
      cairo_rectangle(cr, o->x, o->y, o->w, o->h);
      if (o->has_fill) {
        rgb(cr, o->fill);
        if (o->has_stroke)
          cairo_fill_preserve(cr);
        else
          cairo_fill(cr);
      }
      if (o->has_stroke) {
        rgb(cr, o->stroke);
        cairo_set_line_width(cr, o->stroke_w);
        cairo_stroke(cr);
      }
      break;
    case DG_OP_LINE:
      cairo_move_to(cr, o->x, o->y);
      cairo_line_to(cr, o->x2, o->y2);
      rgb(cr, o->stroke);
      cairo_set_line_width(cr, o->stroke_w);
      cairo_stroke(cr);
      break;
    case DG_OP_WEDGE: {
      /* angles are clockwise from 12 o'clock; Cairo's from 3 o'clock */
      double a0 = o->a0 - M_PI / 2, a1 = o->a1 - M_PI / 2;
      cairo_new_path(cr);
      cairo_arc(cr, o->x, o->y, o->r_out, a0, a1);
      cairo_arc_negative(cr, o->x, o->y, o->r_in, a1, a0);
      cairo_close_path(cr);
      rgb(cr, o->fill);
      cairo_fill_preserve(cr);
      rgb(cr, o->stroke);
      cairo_set_line_width(cr, o->stroke_w);
      cairo_stroke(cr);
      break;
    }
    case DG_OP_TEXT:
      draw_text(cr, tx, face, o);
      break;
    case DG_OP_BEGIN:
    case DG_OP_END:
      break;
    }
  }
}

static void be32(dg_buf *b, uint32_t v) {
  char c[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
  dg_buf_put(b, c, 4);
}

static void chunk(dg_buf *b, const char *type, const unsigned char *data,
                  size_t n) {
  be32(b, (uint32_t)n);
  size_t start = b->len;
  dg_buf_put(b, type, 4);
  if (n)
    dg_buf_put(b, (const char *)data, n);
  uLong crc = crc32(0, (const Bytef *)b->data + start, (uInt)(n + 4));
  be32(b, (uint32_t)crc);
}

/* PNG from Cairo's RGB24 pixels with fast deflate (level 1): Cairo's own
 * writer compresses at libpng's default level, which took most of the
 * time of a PNG render (see issue 8's profile). */
static int write_png(const unsigned char *px, int w, int h, int stride,
                     dg_buf *out) {
  size_t row = (size_t)w * 3 + 1, raw_n = row * (size_t)h;
  unsigned char *raw = malloc(raw_n);
  if (!raw)
    return -1;
  for (int y = 0; y < h; y++) {
    unsigned char *r = raw + row * (size_t)y;
    const uint32_t *src = (const uint32_t *)(px + (size_t)stride * (size_t)y);
    r[0] = 0; /* filter: none */
    for (int x = 0; x < w; x++) {
      r[1 + 3 * x] = (unsigned char)(src[x] >> 16);
      r[2 + 3 * x] = (unsigned char)(src[x] >> 8);
      r[3 + 3 * x] = (unsigned char)src[x];
    }
  }
  /* slides are mostly flat colour: run-length deflate is several times
   * faster than the default and nearly as small */
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  uLongf zn = compressBound((uLong)raw_n) + 64;
  unsigned char *z = malloc(zn);
  int rc = z ? deflateInit2(&zs, 1, Z_DEFLATED, 15, 8, Z_RLE) : Z_MEM_ERROR;
  if (rc == Z_OK) {
    zs.next_in = raw;
    zs.avail_in = (uInt)raw_n;
    zs.next_out = z;
    zs.avail_out = (uInt)zn;
    rc = deflate(&zs, Z_FINISH) == Z_STREAM_END ? Z_OK : Z_BUF_ERROR;
    zn = zs.total_out;
    deflateEnd(&zs);
  }
  free(raw);
  if (rc != Z_OK) {
    free(z);
    return -1;
  }
  dg_buf_put(out, "\x89PNG\r\n\x1a\n", 8);
  unsigned char ihdr[13] = {0};
  for (int i = 0; i < 4; i++) {
    ihdr[i] = (unsigned char)((uint32_t)w >> (24 - 8 * i));
    ihdr[4 + i] = (unsigned char)((uint32_t)h >> (24 - 8 * i));
  }
  ihdr[8] = 8; /* bit depth */
  ihdr[9] = 2; /* colour type: RGB */
  chunk(out, "IHDR", ihdr, 13);
  chunk(out, "IDAT", z, zn);
  chunk(out, "IEND", NULL, 0);
  free(z);
  return 0;
}

/* The font file of each weight as a Cairo font face (FreeType), made once
 * per file and kept for every later page (FreeType loads a face once). */
static void faces(dg_text *tx, cairo_font_face_t *face[2]) {
  static cairo_font_face_t *kept[2];
  static char *kept_file[2];
  for (int b = 0; b < 2; b++) {
    const char *file = dg_text_font_file(tx, b);
    if (!kept[b] || strcmp(kept_file[b], file)) {
      if (kept[b])
        cairo_font_face_destroy(kept[b]);
      free(kept_file[b]);
      FcPattern *pat = FcPatternCreate();
      FcPatternAddString(pat, FC_FILE, (const FcChar8 *)file);
      FcPatternAddInteger(pat, FC_INDEX, 0);
      kept[b] = cairo_ft_font_face_create_for_pattern(pat);
      FcPatternDestroy(pat);
      kept_file[b] = strdup(file);
      if (!kept_file[b])
        abort();
    }
    face[b] = kept[b];
  }
}

/* The plugin's entry point, called by dg_render_png_page (pngload.c). */
int dg_png_plugin_page(dg_ctx *ctx, dg_text *tx, const dg_layout *l, int p,
                       double dpi, dg_buf *out);

int dg_png_plugin_page(dg_ctx *ctx, dg_text *tx, const dg_layout *l, int p,
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
  faces(tx, face);
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
