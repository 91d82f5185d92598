/* html_list: a list on the fixed slide written as items that flow, so
 * that under the reader's text spacing an item's body wraps again inside
 * its width and a taller item pushes the items below it down (WCAG
 * 1.4.12), instead of lines offset to where layout put them. Each item's
 * body is one box at layout's place and width, its label hung in the
 * indent at the body's first line. Uses html_text.c. */
#include <math.h>

#include "render/html/html_int.h"

/* The text lines at the start of the body whose LBODY BEGIN is k (a
 * nested list follows them in the body) as one flowing box: fills fb and
 * returns the index after the last line, or -1. */
static int body_box(const dg_page *p, int k, flowbox *fb) {
  int stop = k + 1;
  while (stop < p->nops && p->ops[stop].kind == DG_OP_TEXT)
    stop++;
  if (stop == k + 1 || stop >= p->nops)
    return -1;
  /* html_flow_box reads a group up to its END: the body's lines alone
   * are the page cut where they stop */
  dg_page q = *p;
  q.nops = stop;
  return html_flow_box(&q, k, fb) ? stop : -1;
}

/* The lines (not runs) of ops [a, b). */
static int lines(const dg_page *p, int a, int b) {
  int n = 0;
  for (int j = a; j < b; j++)
    n += !p->ops[j].text.run;
  return n;
}

int html_list_flows(const dg_page *p, int k, double *top, double *bottom) {
  int end = dg_group_end(p, k), first = 1;
  for (int j = k + 1; j < end; j++) {
    const dg_op *o = &p->ops[j];
    if (o->kind == DG_OP_END)
      continue;
    if (o->kind != DG_OP_BEGIN)
      return 0;
    dg_sem sem = o->begin.sem;
    if (sem == DG_SEM_LIST || sem == DG_SEM_LI)
      continue;
    if (sem == DG_SEM_LBL) { /* one line: the label */
      if (j + 2 >= end || p->ops[j + 1].kind != DG_OP_TEXT ||
          p->ops[j + 1].text.run || p->ops[j + 2].kind != DG_OP_END)
        return 0;
      j += 2;
      continue;
    }
    if (sem != DG_SEM_LBODY)
      return 0;
    flowbox fb;
    int stop = body_box(p, j, &fb);
    if (stop < 0 || (p->ops[stop].kind != DG_OP_END &&
                     (p->ops[stop].kind != DG_OP_BEGIN ||
                      p->ops[stop].begin.sem != DG_SEM_LIST)))
      return 0;
    if (first)
      *top = fb.y;
    first = 0;
    *bottom = fb.y + lines(p, j + 1, stop) * fb.pitch;
    j = stop - 1;
  }
  return !first;
}

void html_list_item(dg_buf *b, const dg_page *p, int k, double *list_y) {
  flowbox fb = {0};
  int j = k + 1;
  if (j < p->nops && p->ops[j].kind == DG_OP_BEGIN &&
      p->ops[j].begin.sem == DG_SEM_LBL)
    j = dg_group_end(p, j) + 1;
  int stop = body_box(p, j, &fb);
  if (stop < 0) { /* html_list_flows said it is one */
    dg_buf_puts(b, "<li>");
    return;
  }
  dg_buf_puts(b, "<li style=\"--m:");
  html_num(b, fb.y - *list_y);
  dg_buf_puts(b, "px\">");
  *list_y = fb.y + lines(p, j + 1, stop) * fb.pitch;
}

int html_list_label(dg_buf *b, styles *ss, const dg_page *p, int k) {
  const dg_op *lab = &p->ops[k + 1];
  flowbox fb = {0};
  int body = dg_group_end(p, k) + 1;
  if (body_box(p, body, &fb) < 0)
    fb.y = lab->y - lab->text.ascent;
  /* the label's line box as tall as the body's lines, its top where
   * that puts the baseline on layout's, relative to the item's top (the
   * body's): 0 for a label of the body's size, whose baseline then stays
   * on the first line's under any line-height the reader sets */
  double lh = fb.pitch > 0 ? fb.pitch : lab->text.ascent + lab->text.descent;
  double top = lab->y - html_baseline_in(lab->text.ascent, lab->text.descent,
                                         lh);
  dg_buf_printf(b, "<span class=\"l f%d ll\" style=\"left:",
                html_style_of(ss, &lab->text));
  html_num(b, lab->x);
  dg_buf_puts(b, "px;top:");
  html_num(b, top - fb.y);
  dg_buf_puts(b, "px;line-height:");
  html_num(b, lh);
  dg_buf_puts(b, "px\">");
  dg_html_esc(b, lab->text.str);
  dg_buf_puts(b, "</span>");
  return k + 2;
}

int html_list_body(dg_buf *b, styles *ss, const dg_page *p, int k) {
  flowbox fb;
  int stop = body_box(p, k, &fb);
  if (stop < 0)
    return k;
  dg_buf_puts(b, "<span class=\"lb fl\" style=\"--x:");
  html_num(b, fb.x);
  dg_buf_puts(b, "px;--w:");
  html_num(b, fb.w);
  dg_buf_puts(b, "px;--lh:");
  html_num(b, fb.pitch);
  dg_buf_puts(b, "px\">");
  for (int j = k + 1; j < stop; j++)
    if (!p->ops[j].text.run)
      html_flow_span(b, ss, &p->ops[j], j == k + 1);
  dg_buf_puts(b, "</span>");
  return stop - 1;
}
