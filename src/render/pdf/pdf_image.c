/* render/pdf: a deck's images as image XObjects. A JPEG goes in as it is
 * (DCTDecode: no quality lost, no size gained); a PNG as its pixels,
 * deflated, with its alpha as a soft mask; an SVG drawn at print
 * resolution (300 dpi at the size it is placed) like a PNG: this writer
 * draws only the display list's shapes, and turning an SVG into PDF paths
 * would need an SVG interpreter of our own (librsvg draws only through
 * Cairo, whose PDF surface cannot make this PDF: see pdf.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/pdf/pdf_int.h"

#define PRINT_DPI 300.0

int pw_image(pdf *p, const dg_op *o, double scale) {
  const dg_image *im = o->image.img;
  int obj = pw_new_obj(p);
  if (im->fmt == DG_IMG_JPEG) {
    pw_begin_obj(p, obj);
    dg_buf_printf(&p->b,
                  "<< /Type /XObject /Subtype /Image /Width %d /Height %d "
                  "/ColorSpace /%s /BitsPerComponent 8 /Filter /DCTDecode "
                  "/Length %zu >>\nstream\n",
                  (int)im->w, (int)im->h,
                  im->components == 1 ? "DeviceGray" : "DeviceRGB", im->len);
    dg_buf_put(&p->b, (const char *)im->data, im->len);
    dg_buf_puts(&p->b, "\nendstream\nendobj\n");
    return obj;
  }
  int w = (int)ceil(o->image.w * scale * PRINT_DPI / 72);
  int h = (int)ceil(o->image.h * scale * PRINT_DPI / 72);
  unsigned char *px;
  int pw, ph;
  if (dg_image_rgba(im, w, h, &px, &pw, &ph)) {
    /* read once already: only a failed allocation gets here; an empty
     * image keeps the file valid */
    pw = ph = 1;
    px = calloc(1, 4);
    if (!px)
      dg_oom();
  }
  size_t n = (size_t)pw * (size_t)ph;
  char *rgb = malloc(n * 3), *alpha = malloc(n);
  if (!rgb || !alpha)
    dg_oom();
  int opaque = 1;
  for (size_t i = 0; i < n; i++) {
    memcpy(rgb + i * 3, px + i * 4, 3);
    alpha[i] = (char)px[i * 4 + 3];
    opaque &= px[i * 4 + 3] == 255;
  }
  free(px);
  int mask = opaque ? 0 : pw_new_obj(p);
  const char *dims = dg_printf(p->a,
                               " /Type /XObject /Subtype /Image /Width %d "
                               "/Height %d /BitsPerComponent 8",
                               pw, ph);
  pw_stream_obj(p, obj, rgb, n * 3,
                mask ? dg_printf(p->a, "%s /ColorSpace /DeviceRGB /SMask %d 0 R",
                                 dims, mask)
                     : dg_printf(p->a, "%s /ColorSpace /DeviceRGB", dims),
                6);
  if (mask)
    pw_stream_obj(p, mask, alpha, n,
                  dg_printf(p->a, "%s /ColorSpace /DeviceGray", dims), 6);
  free(rgb);
  free(alpha);
  return obj;
}
