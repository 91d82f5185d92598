/* pptx_label: where a native chart's data labels go. PowerPoint and
 * LibreOffice place a label themselves unless it carries an offset; for
 * each label that layout set away from its usual place (above a 100% bar,
 * beside a short column segment, under a line's point) this finds the
 * label in the figure's ops and gives its offset from the data point as
 * shares of the chart frame (pptx_plot), so the application puts it
 * where the PDF has it. Reads the display list only. */
#include <math.h>
#include <string.h>

#include "render/pptx/pptx_int.h"

/* How much wider LibreOffice sets text s of size_pt than layout did: it
 * puts space between Japanese and Latin letters (about a third of an em
 * each, measured on slide 2's labels: "1，5.0%" 44.4 pt wide in the PDF,
 * 52.4 pt in LibreOffice), a little more here to be sure. */
static double libreoffice_widening(const char *s, double size_pt) {
  int n = 0, prev = 0; /* 1 Japanese, 2 Latin, 0 neither */
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    int kind = *p >= 0xE2 ? 1 : (*p < 0x80 && *p > ' ') ? 2 : 0;
    n += prev && kind && kind != prev;
    prev = kind ? kind : prev;
    p++;
    while ((*p & 0xC0) == 0x80) /* the rest of a UTF-8 sequence */
      p++;
  }
  return n * size_pt * 0.4;
}

/* Labels set above a bar side by side on one line (x0, x1: their ends as
 * layout set them, pt) keep apart in LibreOffice too: it widens each
 * label to the left (its right end stays), so a label whose right
 * neighbour would grow into it moves left by the difference, and the one
 * before it after it. */
static void spread_labels(const dg_op **t, int *k, int n, double w,
                          double *dx) {
  for (int a = 1; a < n; a++) /* in order of x; a handful per line */
    for (int b = a; b > 0 && t[b - 1]->x > t[b]->x; b--) {
      const dg_op *o = t[b];
      int kk = k[b];
      t[b] = t[b - 1];
      k[b] = k[b - 1];
      t[b - 1] = o;
      k[b - 1] = kk;
    }
  double shift_next = 0;
  for (int j = n - 2; j >= 0; j--) {
    const dg_op *l = t[j], *r = t[j + 1];
    double r_left =
        r->x - shift_next - libreoffice_widening(r->text.str, r->text.size_pt);
    /* half an em between them, as layout keeps labels apart */
    double over = l->x + l->text.w + l->text.size_pt * 0.5 - r_left;
    shift_next = over > 0 ? over : 0;
    dx[k[j]] -= shift_next / w;
  }
}

/* Zeroed per-point offsets for np points, hung on pl (moved, dx, dy). */
static void offsets_new(dg_arena *a, int np, pptx_plot *pl, int **moved,
                        double **dx, double **dy) {
  pl->moved = *moved = dg_alloc_array(a, (size_t)np, sizeof(int));
  pl->dx = *dx = dg_alloc_array(a, (size_t)np, sizeof(double));
  pl->dy = *dy = dg_alloc_array(a, (size_t)np, sizeof(double));
}

/* Label t, found for point k: moved, its centre's offset from the point's
 * (cx, cy) in shares of the frame of the figure whose BEGIN is fo. */
static void offset_of(const dg_op *fo, const dg_op *t, double cx, double cy,
                      int k, int *moved, double *dx, double *dy) {
  moved[k] = 1;
  dx[k] = (t->x + t->text.w / 2 - cx) / fo->begin.w;
  dy[k] = (t->y - (t->text.ascent - t->text.descent) / 2 - cy) / fo->begin.h;
}

/* 100% bars: the labels layout set above the bar (segments too narrow for
 * them), found in the figure by their text within the row's band, as
 * offsets from their segment's centre. The chart sits in the plot box
 * layout used, so the segment's centre is where layout drew it. */
static void outside_labels(dg_arena *a, const dg_page *pg, int i, int end,
                           const dg_chart *c, pptx_plot *pl) {
  const dg_op *fo = &pg->ops[i];
  const dg_figure *f = fo->begin.fig;
  if (c->type != DG_CH_STACKED100 || !c->pct_text || pl->w <= 0 || c->ncat < 1)
    return;
  int *moved;
  double *dx, *dy;
  offsets_new(a, c->ncat * c->nser, pl, &moved, &dx, &dy);
  char *used = dg_alloc_array(a, (size_t)(end - i + 1), 1);
  double row = f->ph / c->ncat, half = f->bar_frac * row / 2;
  const dg_op **line = dg_alloc_array(a, (size_t)c->nser, sizeof *line);
  int *line_k = dg_alloc_array(a, (size_t)c->nser, sizeof(int));
  for (int r = 0; r < c->ncat; r++) {
    int nline = 0;
    double total = 0, cum = 0;
    for (int s = 0; s < c->nser; s++)
      total += c->val[r * c->nser + s];
    double cy = f->py + (r + 0.5) * row;
    for (int s = 0; s < c->nser; s++) {
      int k = r * c->nser + s;
      double v = c->val[k];
      if (total <= 0 || v <= 0)
        continue;
      double cx = f->px + f->pw * (cum + v / 2) / total;
      cum += v;
      const char *want = dg_printf(a, "%s，%s", c->val_text[k], c->pct_text[k]);
      int best = -1;
      for (int j = i; j < end; j++) {
        const dg_op *t = &pg->ops[j];
        if (t->kind != DG_OP_TEXT || used[j - i] || strcmp(t->text.str, want) ||
            t->y > cy - half || t->y < cy - row)
          continue;
        if (best < 0 ||
            fabs(t->x + t->text.w / 2 - cx) <
                fabs(pg->ops[best].x + pg->ops[best].text.w / 2 - cx))
          best = j;
      }
      if (best < 0)
        continue;
      const dg_op *t = &pg->ops[best];
      used[best - i] = 1;
      offset_of(fo, t, cx, cy, k, moved, dx, dy);
      line[nline] = t;
      line_k[nline++] = k;
    }
    /* the labels of one line (one baseline) side by side */
    for (int j = 0; j < nline;) {
      int m = j + 1;
      for (int q = j + 1; q < nline; q++)
        if (fabs(line[q]->y - line[j]->y) < 0.5) {
          const dg_op *o = line[q];
          int kk = line_k[q];
          line[q] = line[m];
          line_k[q] = line_k[m];
          line[m] = o;
          line_k[m++] = kk;
        }
      spread_labels(line + j, line_k + j, m - j, fo->begin.w, dx);
      j = m;
    }
  }
}

/* Stacked columns: the labels of segments too short for them, which
 * layout set beside the column, found in the figure by their text
 * (nearest the segment's middle, outside the column), as offsets from
 * the segment's centre. */
static void beside_labels(dg_arena *a, const dg_page *pg, int i, int end,
                          const dg_chart *c, pptx_plot *pl) {
  const dg_op *fo = &pg->ops[i];
  const dg_figure *f = fo->begin.fig;
  if (c->type != DG_CH_COLUMN || !c->stack || c->percent || c->nser < 2 ||
      f->axis_max <= 0 || c->ncat < 1 || fo->begin.w <= 0 || fo->begin.h <= 0)
    return;
  int *moved;
  double *dx, *dy;
  offsets_new(a, c->ncat * c->nser, pl, &moved, &dx, &dy);
  char *used = dg_alloc_array(a, (size_t)(end - i + 1), 1);
  double pitch = f->pw / c->ncat, half = f->bar_frac * pitch / 2;
  for (int r = 0; r < c->ncat; r++) {
    double cx = f->px + pitch * (r + 0.5), cum = 0;
    for (int s = 0; s < c->nser; s++) {
      int k = r * c->nser + s;
      double v = c->val[k];
      if (v <= 0)
        continue;
      double cy = f->py + f->ph * (1 - (cum + v / 2) / f->axis_max);
      cum += v;
      int best = -1;
      double bd = 0;
      for (int j = i; j < end; j++) {
        const dg_op *t = &pg->ops[j];
        if (t->kind != DG_OP_TEXT || used[j - i] ||
            strcmp(t->text.str, c->val_text[k]) ||
            (t->x < cx + half - 0.5 && t->x + t->text.w > cx - half + 0.5))
          continue;
        double d = fabs(t->y - (t->text.ascent - t->text.descent) / 2 - cy) +
                   fabs(t->x + t->text.w / 2 - cx);
        if (d < pitch && (best < 0 || d < bd))
          best = j, bd = d;
      }
      if (best < 0)
        continue;
      const dg_op *t = &pg->ops[best];
      used[best - i] = 1;
      offset_of(fo, t, cx, cy, k, moved, dx, dy);
    }
  }
}

/* A line chart's value labels that layout set under their point (where
 * the other lines left room), found in the figure by their text nearest
 * the point in its category's column. */
static void under_labels(dg_arena *a, const dg_page *pg, int i, int end,
                         const dg_chart *c, pptx_plot *pl) {
  const dg_figure *f = pg->ops[i].begin.fig;
  if (c->type != DG_CH_LINE || c->labels != DG_LAB_ALL || f->axis_max <= 0 ||
      c->ncat < 1)
    return;
  int *below = dg_alloc_array(a, (size_t)(c->ncat * c->nser), sizeof(int));
  char *used = dg_alloc_array(a, (size_t)(end - i + 1), 1);
  double pitch = f->pw / c->ncat;
  for (int k = 0; k < c->ncat * c->nser; k++) {
    double px = f->px + pitch * (k / c->nser + 0.5);
    double py = f->py + f->ph * (1 - c->val[k] / f->axis_max);
    int best = -1;
    double bd = 0;
    for (int j = i; j < end; j++) {
      const dg_op *t = &pg->ops[j];
      if (t->kind != DG_OP_TEXT || used[j - i] ||
          strcmp(t->text.str, c->val_text[k]) ||
          fabs(t->x + t->text.w / 2 - px) > pitch / 2)
        continue;
      double d = fabs(t->y - py);
      if (best < 0 || d < bd)
        best = j, bd = d;
    }
    if (best < 0)
      continue;
    used[best - i] = 1;
    below[k] = pg->ops[best].y - pg->ops[best].text.ascent > py;
  }
  pl->below = below;
}

void pptx_label_offsets(dg_arena *a, const dg_page *pg, int i, int end,
                        const dg_chart *c, pptx_plot *pl) {
  outside_labels(a, pg, i, end, c, pl);
  beside_labels(a, pg, i, end, c, pl);
  under_labels(a, pg, i, end, c, pl);
}
