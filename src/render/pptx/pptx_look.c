/* pptx_look: the deck's look as its own pages show it, for the slide
 * master and its layouts. A slide that 「新しいスライド」 adds from a layout
 * has only the placeholders' boxes and styles to go by; read from the
 * display list (where layout put the first slide's title, its number and
 * its lead, and a cover's title and subtitle, in which size, weight and
 * colour, with the marks drawn around them), they make the new slide look
 * like the deck's own instead of PowerPoint's defaults. */
#include "render/pptx/pptx_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The style of text op t, in a box from its first line's top. */
static void text_look(pptx_ph_look *p, const dg_op *t, double w, double h) {
  p->found = 1;
  p->x = t->x;
  p->y = t->y - t->text.ascent;
  p->w = w;
  p->h = h > 0 ? h : t->text.ascent + t->text.descent;
  p->size_pt = t->text.size_pt;
  p->bold = t->text.bold;
  p->color = t->text.color;
  p->align = 0;
  p->pitch_pt = 0;
}

/* The rectangles and lines of the ARTIFACT group ops[i..end] into marks
 * (as many as fit), when it holds nothing else. */
static int marks_of(const dg_page *pg, int i, int end, dg_op *marks, int *n) {
  for (int k = i + 1; k < end; k++)
    if (pg->ops[k].kind != DG_OP_RECT && pg->ops[k].kind != DG_OP_LINE)
      return 0;
  *n = 0;
  for (int k = i + 1; k < end && *n < PPTX_MARKS; k++)
    marks[(*n)++] = pg->ops[k];
  return 1;
}

/* The lines of PARA group ops[i..end]: the first, their count and pitch. */
static const dg_op *para_lines(const dg_page *pg, int i, int end, int *n,
                               double *pitch) {
  const dg_op *l = NULL;
  *n = 0;
  *pitch = 0;
  for (int k = i + 1; k < end; k++) {
    const dg_op *t = &pg->ops[k];
    if (t->kind != DG_OP_TEXT)
      return NULL;
    if (!l)
      l = t;
    else if (!t->text.run && *pitch == 0)
      *pitch = t->y - l->y;
    (*n)++;
  }
  return l;
}

/* The first cover page's title, subtitle and marks. */
static void cover_look(const dg_page *pg, pptx_look *lk) {
  int pend = -1;
  for (int i = 0; i < pg->nops; i++) {
    const dg_op *o = &pg->ops[i];
    if (o->kind != DG_OP_BEGIN)
      continue;
    int end = dg_group_end(pg, i);
    if (o->begin.sem == DG_SEM_ARTIFACT && !lk->cover_title.found)
      marks_of(pg, i, end, lk->cover_marks, &lk->ncover_marks);
    else if (o->begin.sem == DG_SEM_HEADING && !lk->cover_title.found &&
             pg->ops[i + 1].kind == DG_OP_TEXT) {
      const dg_op *t = &pg->ops[i + 1];
      text_look(&lk->cover_title, t, t->text.box_w > 0 ? t->text.box_w : 0,
                pg->ops[end - 1].y + pg->ops[end - 1].text.descent -
                    (t->y - t->text.ascent));
      pend = end;
    } else if (o->begin.sem == DG_SEM_PARA && i == pend + 1) {
      int n;
      double pitch;
      const dg_op *t = para_lines(pg, i, end, &n, &pitch);
      if (t)
        text_look(&lk->cover_sub, t, t->text.box_w,
                  pg->ops[end - 1].y + pg->ops[end - 1].text.descent -
                      (t->y - t->text.ascent));
      return;
    }
    i = end;
  }
}

/* The first slide page's title (after its marks), number and lead (inside
 * its box). */
static void slide_look(const dg_theme *th, const dg_page *pg, pptx_look *lk) {
  dg_op marks[PPTX_MARKS];
  int nmarks = 0, after_marks = 0;
  for (int i = 0; i < pg->nops; i++) {
    const dg_op *o = &pg->ops[i];
    if (o->kind != DG_OP_BEGIN)
      continue;
    int end = dg_group_end(pg, i);
    const dg_op *t = i + 1 < end ? &pg->ops[i + 1] : NULL;
    int prev_marks = after_marks;
    after_marks = 0;
    if (o->begin.sem == DG_SEM_ARTIFACT && t && t->kind == DG_OP_TEXT &&
        end == i + 2 && atoi(t->text.str) == pg->number) {
      text_look(&lk->number, t, t->text.w + t->text.size_pt * 2, 0);
      lk->number.x = t->x + t->text.w - lk->number.w;
      lk->number.align = 2;
    } else if (o->begin.sem == DG_SEM_ARTIFACT &&
               marks_of(pg, i, end, marks, &nmarks)) {
      after_marks = 1;
    } else if (o->begin.sem == DG_SEM_HEADING && t && t->kind == DG_OP_TEXT &&
               !lk->title.found) {
      text_look(&lk->title, t, 0, 0);
      if (prev_marks) {
        memcpy(lk->marks, marks, sizeof marks);
        lk->nmarks = nmarks;
      }
    } else if (o->begin.sem == DG_SEM_PARA && prev_marks && nmarks &&
               marks[0].kind == DG_OP_RECT && o->begin.w > 0 &&
               !lk->lead.found) {
      /* the lead: a paragraph right after its box, whose fill is the
       * theme's lead fill */
      int boxed = 0;
      for (int k = 0; k < nmarks; k++)
        boxed |=
            marks[k].kind == DG_OP_RECT && marks[k].rect.fill == th->lead_fill;
      int n;
      double pitch;
      const dg_op *l = boxed ? para_lines(pg, i, end, &n, &pitch) : NULL;
      if (l) {
        double top = pitch > 0 ? l->y - (pitch - l->text.descent)
                               : l->y - l->text.ascent;
        text_look(&lk->lead, l, o->begin.w + 0.25, o->y + o->begin.h - top);
        lk->lead.y = top;
        lk->lead.pitch_pt = pitch;
        memcpy(lk->lead_marks, marks, sizeof marks);
        lk->nlead_marks = nmarks;
      }
    }
    i = end;
  }
  if (lk->title.found) { /* up to the number, or the right margin */
    double right =
        lk->number.found ? lk->number.x : th->page_w_pt - th->margin_x_pt;
    lk->title.w = fmax(right - th->gap_pt - lk->title.x, lk->title.size_pt);
  }
}

void pptx_look_of(const dg_layout *l, pptx_look *lk) {
  memset(lk, 0, sizeof *lk);
  const dg_deck *d = l->deck;
  for (int i = 0; i < l->npages; i++) {
    const dg_page *pg = &l->pages[i];
    int cover = i < d->nslides && d->slides[i].cover;
    const dg_theme *th = i < d->nslides ? &d->slides[i].theme : &d->theme;
    if (cover && !lk->cover_title.found)
      cover_look(pg, lk);
    else if (!cover &&
             (!lk->title.found || !lk->number.found || !lk->lead.found)) {
      pptx_look page;
      memset(&page, 0, sizeof page);
      slide_look(th, pg, &page);
      /* each part from the first page that has it */
      if (!lk->title.found && page.title.found) {
        lk->title = page.title;
        memcpy(lk->marks, page.marks, sizeof page.marks);
        lk->nmarks = page.nmarks;
      }
      if (!lk->number.found)
        lk->number = page.number;
      if (!lk->lead.found && page.lead.found) {
        lk->lead = page.lead;
        memcpy(lk->lead_marks, page.lead_marks, sizeof page.lead_marks);
        lk->nlead_marks = page.nlead_marks;
      }
    }
  }
}
