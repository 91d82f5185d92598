/* image: the pictures a deck shows (<image src=...>): PNG and JPEG read
 * with libpng and libjpeg, SVG with librsvg. Takes a file's bytes and
 * gives its format, its size and, for a renderer, its pixels at a size. */
#ifndef DG_IMAGE_H
#define DG_IMAGE_H

#include <stddef.h>

#include "base/util.h"

typedef enum { DG_IMG_PNG, DG_IMG_JPEG, DG_IMG_SVG } dg_imgfmt;

typedef struct dg_image {
  dg_imgfmt fmt;
  const unsigned char *data; /* the file's bytes, as read (arena) */
  size_t len;
  double w, h;    /* its size in CSS px (pixels for PNG and JPEG; the SVG's
                     own width and height, or its viewBox) */
  int components; /* JPEG: 1 (grey) or 3 (colour) */
  const char *ext; /* "png", "jpg", "svg" */
} dg_image;

/* Reads the image at path (src as the template wrote it, for messages;
 * pos the element). Reports, naming src, a missing file, a format that is
 * none of PNG, JPEG and SVG, a CMYK JPEG and an unreadable SVG. Returns 0
 * or -1. */
int dg_image_read(dg_ctx *ctx, dg_arena *a, dg_pos pos, const char *path,
                  const char *src, dg_image *out);

/* The image's pixels, RGBA with straight alpha, rows top first: PNG and
 * JPEG at their own size (w and h ignored), SVG drawn at w x h pixels.
 * *out is malloc'd (caller frees). Returns 0, or -1 when it cannot be
 * decoded (dg_image_read has checked it, so only on memory or a file
 * changed under us). */
int dg_image_rgba(const dg_image *im, int w, int h, unsigned char **out,
                  int *ow, int *oh);

/* The image as a PNG file of w x h pixels (an SVG drawn at that size; a
 * PNG or JPEG at its own size), for a format that takes no SVG. */
int dg_image_png(const dg_image *im, int w, int h, dg_buf *out);

#endif
