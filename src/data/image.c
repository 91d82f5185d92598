/* image: PNG (libpng's simplified API), JPEG (libjpeg) and SVG (librsvg,
 * which draws through Cairo: the one place outside render/png that makes
 * a Cairo surface, an image surface of the SVG's pixels). An SVG is read
 * from memory with no base file, so librsvg loads nothing it references:
 * no other file, no network. See image.h. */
#include "data/image.h"

#include <errno.h>
#include <jpeglib.h>
#include <librsvg/rsvg.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_IMAGE_BYTES (32u << 20)
#define MAX_PIXELS (8192 * 8192)

static int is_png(const unsigned char *d, size_t n) {
  return n >= 24 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8) &&
         !memcmp(d + 12, "IHDR", 4);
}

static int is_jpeg(const unsigned char *d, size_t n) {
  return n >= 4 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF;
}

/* An SVG: XML whose first element is <svg (after a declaration, comments
 * or a doctype) within its first 4 KB. */
static int is_svg(const unsigned char *d, size_t n) {
  size_t k = n < 4096 ? n : 4096;
  const char *s = (const char *)d;
  for (size_t i = 0; i + 4 <= k; i++)
    if (!memcmp(s + i, "<svg", 4))
      return 1;
  return 0;
}

static unsigned be32(const unsigned char *p) {
  return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 |
         p[3];
}

/* The size and colour components of a JPEG from its first SOF marker. */
static int jpeg_size(const unsigned char *d, size_t n, int *w, int *h,
                     int *comp) {
  size_t i = 2;
  while (i + 9 < n) {
    if (d[i] != 0xFF)
      return -1;
    unsigned m = d[i + 1];
    if (m == 0xFF) {
      i++;
      continue;
    }
    size_t seg = (size_t)d[i + 2] << 8 | d[i + 3];
    if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
      *h = d[i + 5] << 8 | d[i + 6];
      *w = d[i + 7] << 8 | d[i + 8];
      *comp = d[i + 9];
      return *w > 0 && *h > 0 ? 0 : -1;
    }
    i += 2 + seg;
  }
  return -1;
}

static RsvgHandle *svg_open(const dg_image *im, GError **err) {
  return rsvg_handle_new_from_data(im->data, im->len, err);
}

int dg_image_read(dg_ctx *ctx, dg_arena *a, dg_pos pos, const char *path,
                  const char *src, dg_image *out) {
  memset(out, 0, sizeof *out);
  struct stat st;
  if (stat(path, &st) != 0 && errno == ENOENT) {
    dg_error(ctx, pos,
             "<image src=\"%s\">: no such file %s (src is read relative to "
             "the deck's folder)",
             src, path);
    return -1;
  }
  size_t n = 0;
  char *d = dg_read_file(ctx, path, MAX_IMAGE_BYTES, &n);
  if (!d)
    return -1;
  unsigned char *bytes = dg_alloc(a, n + 1);
  memcpy(bytes, d, n);
  free(d);
  out->data = bytes;
  out->len = n;
  int w = 0, h = 0, comp = 0;
  if (is_png(bytes, n)) {
    out->fmt = DG_IMG_PNG;
    out->ext = "png";
    w = (int)be32(bytes + 16);
    h = (int)be32(bytes + 20);
  } else if (is_jpeg(bytes, n)) {
    out->fmt = DG_IMG_JPEG;
    out->ext = "jpg";
    if (jpeg_size(bytes, n, &w, &h, &comp)) {
      dg_error(ctx, pos, "<image src=\"%s\">: a JPEG whose size cannot be read",
               src);
      return -1;
    }
    if (comp != 1 && comp != 3) {
      dg_error(ctx, pos,
               "<image src=\"%s\">: a JPEG of %d colour components (CMYK?); "
               "save it as RGB or greyscale",
               src, comp);
      return -1;
    }
    out->components = comp;
  } else if (is_svg(bytes, n)) {
    out->fmt = DG_IMG_SVG;
    out->ext = "svg";
    GError *err = NULL;
    RsvgHandle *r = svg_open(out, &err);
    gdouble sw = 0, sh = 0;
    if (r && !rsvg_handle_get_intrinsic_size_in_pixels(r, &sw, &sh)) {
      gboolean hw, hh, hv;
      RsvgLength lw, lh;
      RsvgRectangle vb;
      rsvg_handle_get_intrinsic_dimensions(r, &hw, &lw, &hh, &lh, &hv, &vb);
      if (hv) {
        sw = vb.width;
        sh = vb.height;
      }
    }
    if (!r || !(sw > 0) || !(sh > 0)) {
      dg_error(ctx, pos,
               "<image src=\"%s\">: not a readable SVG (%s)", src,
               err ? err->message : "it gives neither width and height nor "
                                    "a viewBox");
      if (err)
        g_error_free(err);
      if (r)
        g_object_unref(r);
      return -1;
    }
    g_object_unref(r);
    out->w = sw;
    out->h = sh;
    return 0;
  } else {
    dg_error(ctx, pos,
             "<image src=\"%s\">: not a PNG, JPEG or SVG image (its first "
             "bytes are those of none of them)",
             src);
    return -1;
  }
  if (w <= 0 || h <= 0 || (long long)w * h > MAX_PIXELS) {
    dg_error(ctx, pos,
             "<image src=\"%s\">: %d x %d pixels; an image has at most %d "
             "pixels",
             src, w, h, MAX_PIXELS);
    return -1;
  }
  out->w = w;
  out->h = h;
  return 0;
}

static int png_rgba(const dg_image *im, unsigned char **out, int *ow,
                    int *oh) {
  png_image pi;
  memset(&pi, 0, sizeof pi);
  pi.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&pi, im->data, im->len))
    return -1;
  pi.format = PNG_FORMAT_RGBA;
  unsigned char *buf = malloc(PNG_IMAGE_SIZE(pi));
  if (!buf)
    dg_oom();
  if (!png_image_finish_read(&pi, NULL, buf, 0, NULL)) {
    free(buf);
    png_image_free(&pi);
    return -1;
  }
  *out = buf;
  *ow = (int)pi.width;
  *oh = (int)pi.height;
  return 0;
}

typedef struct jerr {
  struct jpeg_error_mgr pub;
  jmp_buf jb;
} jerr;

static void jpeg_fail(j_common_ptr c) { longjmp(((jerr *)c->err)->jb, 1); }
static void jpeg_quiet(j_common_ptr c, int level) {
  (void)c;
  (void)level;
}

static int jpeg_rgba(const dg_image *im, unsigned char **out, int *ow,
                     int *oh) {
  struct jpeg_decompress_struct c;
  jerr e;
  unsigned char *volatile buf = NULL;
  c.err = jpeg_std_error(&e.pub);
  e.pub.error_exit = jpeg_fail;
  e.pub.emit_message = jpeg_quiet;
  if (setjmp(e.jb)) {
    jpeg_destroy_decompress(&c);
    free(buf);
    return -1;
  }
  jpeg_create_decompress(&c);
  jpeg_mem_src(&c, im->data, (unsigned long)im->len);
  jpeg_read_header(&c, TRUE);
  c.out_color_space = JCS_RGB;
  jpeg_start_decompress(&c);
  int w = (int)c.output_width, h = (int)c.output_height;
  buf = malloc((size_t)w * (size_t)h * 4);
  unsigned char *row = malloc((size_t)w * 3);
  if (!buf || !row)
    dg_oom();
  while (c.output_scanline < c.output_height) {
    int y = (int)c.output_scanline;
    JSAMPROW r = row;
    jpeg_read_scanlines(&c, &r, 1);
    for (int x = 0; x < w; x++) {
      unsigned char *p = buf + ((size_t)y * w + x) * 4;
      p[0] = row[x * 3];
      p[1] = row[x * 3 + 1];
      p[2] = row[x * 3 + 2];
      p[3] = 255;
    }
  }
  free(row);
  jpeg_finish_decompress(&c);
  jpeg_destroy_decompress(&c);
  *out = buf;
  *ow = w;
  *oh = h;
  return 0;
}

static int svg_rgba(const dg_image *im, int w, int h, unsigned char **out) {
  if (w < 1 || h < 1 || (long long)w * h > MAX_PIXELS)
    return -1;
  RsvgHandle *r = svg_open(im, NULL);
  if (!r)
    return -1;
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create(s);
  RsvgRectangle vp = {0, 0, w, h};
  int ok = rsvg_handle_render_document(r, cr, &vp, NULL);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  g_object_unref(r);
  if (!ok || cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(s);
    return -1;
  }
  unsigned char *buf = malloc((size_t)w * (size_t)h * 4);
  if (!buf)
    dg_oom();
  const unsigned char *px = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      uint32_t v = *(const uint32_t *)(px + (size_t)y * stride + x * 4);
      unsigned al = v >> 24;
      unsigned char *p = buf + ((size_t)y * w + x) * 4;
      /* Cairo's pixels are premultiplied; ours are not */
      for (int k = 0; k < 3; k++) {
        unsigned c = (v >> (16 - 8 * k)) & 255;
        p[k] = (unsigned char)(al ? (c * 255 + al / 2) / al : 0);
      }
      p[3] = (unsigned char)al;
    }
  cairo_surface_destroy(s);
  *out = buf;
  return 0;
}

int dg_image_rgba(const dg_image *im, int w, int h, unsigned char **out,
                  int *ow, int *oh) {
  switch (im->fmt) {
  case DG_IMG_PNG:
    return png_rgba(im, out, ow, oh);
  case DG_IMG_JPEG:
    return jpeg_rgba(im, out, ow, oh);
  case DG_IMG_SVG:
    *ow = w;
    *oh = h;
    return svg_rgba(im, w, h, out);
  }
  return -1;
}

int dg_image_png(const dg_image *im, int w, int h, dg_buf *out) {
  unsigned char *px;
  int pw, ph;
  if (dg_image_rgba(im, w, h, &px, &pw, &ph))
    return -1;
  png_image pi;
  memset(&pi, 0, sizeof pi);
  pi.version = PNG_IMAGE_VERSION;
  pi.width = (png_uint_32)pw;
  pi.height = (png_uint_32)ph;
  pi.format = PNG_FORMAT_RGBA;
  png_alloc_size_t n = 0;
  int rc = -1;
  if (png_image_write_to_memory(&pi, NULL, &n, 0, px, 0, NULL)) {
    char *b = malloc(n);
    if (!b)
      dg_oom();
    if (png_image_write_to_memory(&pi, b, &n, 0, px, 0, NULL)) {
      dg_buf_put(out, b, n);
      rc = 0;
    }
    free(b);
  }
  free(px);
  return rc;
}
