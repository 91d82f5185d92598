/* render/pptx: a list as PowerPoint makes one: a text box whose every item
 * is a paragraph with the editor's own bullet or number (a:buChar,
 * a:buAutoNum) and a hanging indent, the item's lines as layout broke
 * them. */
#include <math.h>
#include <string.h>

#include "render/pptx/pptx_int.h"

/* PowerPoint's numbering scheme for each of layout's (dg_list_mark), bullets
 * none. */
static const char *const autonum[] = {
    [DG_MARK_BULLET] = NULL,
    [DG_MARK_PERIOD] = "arabicPeriod",
    [DG_MARK_PARENS] = "arabicParenBoth",
    [DG_MARK_PAREN_R] = "arabicParenR",
};

void pptx_list(xw *w, int *next_id, const dg_page *pg, int begin, int end,
               const char *font) {
  const dg_op *o = pg->ops;
  int numbered = o[begin].begin.level;
  /* the box: from the labels' left edge to the furthest line end, from the
   * first line's top to the last line's bottom */
  double x0 = 1e9, x1 = -1e9, y0 = 1e9, y1 = -1e9;
  for (int k = begin; k <= end; k++)
    if (o[k].kind == DG_OP_TEXT) {
      const dg_op_text *t = &o[k].text;
      x0 = fmin(x0, o[k].x);
      x1 = fmax(x1, o[k].x + t->w);
      y0 = fmin(y0, o[k].y - t->ascent);
      y1 = fmax(y1, o[k].y + t->descent);
    }
  if (x0 > x1)
    return;
  /* the pitch of the list's lines: of an item of several lines, else
   * its first line's box (the items are one role, one size) */
  double pitch = 0;
  int first = -1;
  for (int k = begin; k < end; k++)
    if (o[k].kind == DG_OP_TEXT) {
      if (first < 0)
        first = k;
      if (pitch == 0 && o[k + 1].kind == DG_OP_TEXT && !o[k + 1].text.run &&
          o[k + 1].y > o[k].y && o[k].x == o[k + 1].x)
        pitch = o[k + 1].y - o[k].y;
    }
  if (pitch == 0)
    pitch = o[first].text.ascent + o[first].text.descent;
  /* an exactly spaced first line is one pitch high, its descent at the
   * bottom (as pptx.c's text boxes) */
  y0 = o[first].y - (pitch - o[first].text.descent);
  xw_start(w, "p:sp");
  xw_start(w, "p:nvSpPr");
  pptx_c_nv_pr(w, next_id, numbered ? "Numbered list" : "Bulleted list", NULL);
  xw_start(w, "p:cNvSpPr");
  xw_attr(w, "txBox", "1");
  xw_end(w);
  xw_start(w, "p:nvPr");
  xw_end(w);
  xw_end(w);
  xw_start(w, "p:spPr");
  /* room on the right for the editor's rounding, as for any text box */
  xw_xfrm(w, "a:xfrm", x0, y0, x1 - x0 + 4, y1 - y0, 0, 0);
  pptx_preset(w, "rect");
  xw_start(w, "a:noFill");
  xw_end(w);
  xw_end(w);
  xw_start(w, "p:txBody");
  pptx_body_pr(w, "none", "t", "a:noAutofit");
  xw_start(w, "a:lstStyle");
  xw_end(w);
  /* each item one paragraph, a nested list's items a level deeper: the
   * lists open around the op, and the label of the item */
  double prev_bottom = -1;
  const dg_op *lists[16];
  int nlist = 0, ngroup = 0, list_group[16];
  const dg_op *label = NULL;
  for (int k = begin; k < end; k++) {
    if (o[k].kind == DG_OP_END) {
      if (nlist > 0 && list_group[nlist - 1] == ngroup)
        nlist--;
      ngroup--;
      continue;
    }
    if (o[k].kind != DG_OP_BEGIN)
      continue;
    ngroup++;
    if (o[k].begin.sem == DG_SEM_LIST && nlist < 16) {
      list_group[nlist] = ngroup;
      lists[nlist++] = &o[k];
    } else if (o[k].begin.sem == DG_SEM_LBL && o[k + 1].kind == DG_OP_TEXT)
      label = &o[k + 1];
    if (o[k].begin.sem != DG_SEM_LBODY || nlist == 0)
      continue;
    int f = k + 1, n = 0;
    while (f + n < end && o[f + n].kind == DG_OP_TEXT)
      n++;
    if (n == 0)
      continue;
    const dg_op *l = lists[nlist - 1];
    pptx_bullet bu = {autonum[l->begin.mark],
                      label ? label->text.str : "・",
                      o[f].x - x0,
                      l->x - x0,
                      0,
                      pitch,
                      l->begin.depth,
                      l->begin.start};
    /* the gap layout left above the item, beyond its first line's box
     * (one pitch high, the descent at its bottom) */
    double top = o[f].y - (pitch - o[f].text.descent);
    if (prev_bottom >= 0)
      bu.before_pt = fmax(0, top - prev_bottom);
    pptx_para_bullet(w, &o[f], n, NULL, font, &bu);
    prev_bottom = o[f + n - 1].y + o[f + n - 1].text.descent;
  }
  xw_end(w);
  xw_end(w);
}
