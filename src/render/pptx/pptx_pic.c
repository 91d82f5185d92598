/* render/pptx: an image as a picture (p:pic) whose file is a part of the
 * package (ppt/media/): a PNG or JPEG as it is; an SVG as it is too, in
 * Office 2016's SVG extension of the picture's blip, with a PNG drawn at
 * twice the size it is placed as the blip itself, as PowerPoint writes
 * an SVG picture: PowerPoint 2016 and later draw (and let one edit) the
 * SVG, older versions and LibreOffice 7.4 the PNG. Its alt text is the
 * picture's description; a decorative image is marked so. */
#include <math.h>
#include <string.h>

#include "render/pptx/pptx_int.h"

void pptx_picture(xw *w, int *next_id, xw *rels, int *rel, pkg *p,
                  const dg_op *o, const char *alt) {
  const dg_image *im = o->image.img;
  dg_buf data = {0};
  char name[160], target[160], rid[16], svg_rid[16] = "";
  snprintf(name, sizeof name, "ppt/media/%s", o->image.name);
  if (im->fmt == DG_IMG_SVG) { /* the file itself, beside its PNG */
    dg_buf svg = {0};
    dg_buf_put(&svg, (const char *)im->data, im->len);
    snprintf(target, sizeof target, "../media/%s", o->image.name);
    snprintf(svg_rid, sizeof svg_rid, "rId%d", *rel);
    xw_rel(rels, (*rel)++, REL_DOC "image", target);
    pkg_add(p, name, "image/svg+xml", &svg);
    char *dot = strrchr(name, '.');
    if (dot)
      strcpy(dot, ".png");
    if (dg_image_png(im, (int)ceil(o->image.w * 2), (int)ceil(o->image.h * 2),
                     &data))
      return; /* read once already: only a failed allocation gets here */
  } else
    dg_buf_put(&data, (const char *)im->data, im->len);
  snprintf(target, sizeof target, "../media/%s", name + strlen("ppt/media/"));
  snprintf(rid, sizeof rid, "rId%d", *rel);
  xw_rel(rels, (*rel)++, REL_DOC "image", target);
  pkg_add(p, name, im->fmt == DG_IMG_JPEG ? "image/jpeg" : "image/png", &data);
  xw_start(w, "p:pic");
  xw_start(w, "p:nvPicPr");
  char pic[48];
  snprintf(pic, sizeof pic, "Picture %d", *next_id);
  xw_start(w, "p:cNvPr");
  xw_attr_int(w, "id", (*next_id)++);
  xw_attr(w, "name", pic);
  xw_attr(w, "descr", alt ? alt : "");
  if (!alt) /* a picture that says nothing */
    pptx_decorative(w);
  xw_end(w);
  xw_start(w, "p:cNvPicPr");
  xw_start(w, "a:picLocks");
  xw_attr(w, "noChangeAspect", "1");
  xw_end(w);
  xw_end(w);
  xw_start(w, "p:nvPr");
  xw_end(w);
  xw_end(w);
  xw_start(w, "p:blipFill");
  xw_start(w, "a:blip");
  xw_attr(w, "r:embed", rid);
  if (*svg_rid) {
    xw_start(w, "a:extLst");
    xw_start(w, "a:ext");
    xw_attr(w, "uri", "{96DAC541-7B7A-43D3-8B79-37D633B846F1}");
    xw_start(w, "asvg:svgBlip");
    xw_attr(w, "xmlns:asvg",
            "http://schemas.microsoft.com/office/drawing/2016/SVG/main");
    xw_attr(w, "r:embed", svg_rid);
    xw_end(w);
    xw_end(w);
    xw_end(w);
  }
  xw_end(w);
  xw_start(w, "a:stretch");
  xw_start(w, "a:fillRect");
  xw_end(w);
  xw_end(w);
  xw_end(w);
  xw_start(w, "p:spPr");
  xw_xfrm(w, "a:xfrm", o->x, o->y, o->image.w, o->image.h, 0, 0);
  pptx_preset(w, "rect");
  xw_end(w);
  xw_end(w);
}
