/* layout_dump: the finished display list read back, for the driver: each
 * page's ops printed for --dump-layout (the golden cases compare it), and
 * every text op checked against the page's edges and the other text ops,
 * so that no run writes words over words. It calls no other layout file;
 * cli/run.c calls it once the deck is laid out. */
#include "layout/layout.h"

#include <math.h>
#include <stdio.h>

static void dump_ops(const dg_page *p, FILE *out) {
  static const char *sem[] = {"heading",  "para", "note", "figure", "table",
                              "artifact", "tr",   "th",   "td",     "list",
                              "li",       "lbl",  "lbody"};
  for (int i = 0; i < p->nops; i++) {
    const dg_op *o = &p->ops[i];
    switch (o->kind) {
    case DG_OP_RECT:
      fprintf(out, "rect %.1f %.1f %.1f %.1f #%06X", o->x, o->y, o->rect.w,
              o->rect.h, o->rect.fill);
      if (o->rect.series)
        fprintf(out, " series %d %s #%06X", o->rect.series - 1,
                dg_pattern_name(o->rect.pattern), o->rect.ink);
      fputc('\n', out);
      break;
    case DG_OP_LINE:
      fprintf(out, "line %.1f %.1f %.1f %.1f #%06X %.2f\n", o->x, o->y,
              o->line.x2, o->line.y2, o->line.color, o->line.width_pt);
      break;
    case DG_OP_WEDGE: {
      const dg_op_wedge *w = &o->wedge;
      fprintf(out, "wedge %.1f %.1f r%.1f/%.1f %.3f-%.3f #%06X", o->x, o->y,
              w->r_out, w->r_in, w->a0, w->a1, w->fill);
      if (w->series)
        fprintf(out, " series %d %s #%06X", w->series - 1,
                dg_pattern_name(w->pattern), w->ink);
      fputc('\n', out);
      break;
    }
    case DG_OP_TEXT: {
      const dg_op_text *t = &o->text;
      fprintf(out, "text %.1f %.1f %.1f%s w%.1f \"%s\"%s%s%s%s%s\n", o->x, o->y,
              t->size_pt, t->bold ? "b" : "", t->w, t->str,
              t->sep && *t->sep ? " sep " : "",
              !t->sep || !*t->sep ? ""
              : *t->sep == '\n'   ? "\"\\n\""
                                  : "\" \"",
              t->cont ? " cont" : "", t->run ? " run" : "",
              t->nobr ? " nobr" : "");
      break;
    }
    case DG_OP_BEGIN: {
      const dg_op_begin *b = &o->begin;
      const dg_figure *f = b->fig;
      fprintf(out, "begin %s", sem[b->sem]);
      if (b->level)
        fprintf(out, " level %d", b->level);
      if (b->sem == DG_SEM_LIST && (b->depth || b->start > 1))
        fprintf(out, " depth %d start %d", b->depth, b->start);
      if (b->colspan > 1 || b->rowspan > 1)
        fprintf(out, " span %dx%d", b->colspan, b->rowspan);
      if (b->part)
        fprintf(out, " part %d", b->part);
      if (f && f->alt)
        fprintf(out, " alt \"%s\"", f->alt);
      if (f && f->desc)
        fprintf(out, " desc \"%s\"", f->desc);
      fprintf(out, "\n");
      if (f && f->reflow) {
        fprintf(out, "reflow %.1f x %.1f\n", f->reflow_w, f->reflow_h);
        dump_ops(f->reflow, out);
        fprintf(out, "end reflow\n");
      }
      break;
    }
    case DG_OP_END:
      fprintf(out, "end\n");
      break;
    case DG_OP_IMAGE:
      fprintf(out, "image %.1f %.1f %.1f %.1f %s\n", o->x, o->y, o->image.w,
              o->image.h, o->image.name);
      break;
    }
  }
}

/* At most 40 characters of s, cut on a character boundary, with "…" when
 * cut: a message about a 1 MB cell must still fit on a line
 * (check_layout's overlap_detected). */
static void quote40(const char *s, dg_buf *b) {
  size_t cut = 0;
  for (int k = 0; s[cut] && k < 40; k++) {
    cut++;
    while (((unsigned char)s[cut] & 0xC0) == 0x80)
      cut++;
  }
  dg_buf_printf(b, "\"%.*s%s\"", (int)cut, s, s[cut] ? "…" : "");
}

int dg_group_end(const dg_page *p, int k) {
  int depth = 0;
  for (int j = k; j < p->nops; j++)
    if (p->ops[j].kind == DG_OP_BEGIN)
      depth++;
    else if (p->ops[j].kind == DG_OP_END && --depth == 0)
      return j;
  return p->nops - 1;
}

void dg_layout_dump(const dg_page *p, FILE *out) {
  fprintf(out, "page %d \"%s\"\n", p->number, p->title);
  dump_ops(p, out);
}

/* The chart or table op i of page p is drawn in, named for a message
 * (「…」 its accessible name), or NULL. */
static const char *group_of(const dg_page *p, int i, dg_buf *b) {
  int depth = 0;
  for (int k = i - 1; k >= 0; k--) {
    const dg_op *o = &p->ops[k];
    if (o->kind == DG_OP_END)
      depth++;
    else if (o->kind == DG_OP_BEGIN && depth > 0)
      depth--;
    else if (o->kind == DG_OP_BEGIN && o->begin.sem == DG_SEM_FIGURE) {
      const dg_figure *f = o->begin.fig;
      const char *name = f && f->alt ? f->alt : "";
      dg_buf_printf(b, "chart 「%s」", name);
      return b->data;
    } else if (o->kind == DG_OP_BEGIN && o->begin.sem == DG_SEM_TABLE) {
      dg_buf_puts(b, "table");
      return b->data;
    }
  }
  return NULL;
}

int dg_layout_check_overlaps(dg_ctx *ctx, const dg_layout *l) {
  int bad = 0;
  for (int p = 0; p < l->npages; p++) {
    const dg_page *pg = &l->pages[p];
    for (int i = 0; i < pg->nops; i++) {
      const dg_op *a = &pg->ops[i];
      if (a->kind != DG_OP_TEXT)
        continue;
      const dg_op_text *at = &a->text;
      if (a->x < -0.5 || a->x + at->w > l->w_pt + 0.5 ||
          a->y - at->ascent < -0.5 || a->y + at->descent > l->h_pt + 0.5) {
        dg_buf q = {0};
        quote40(at->str, &q);
        dg_error(ctx, a->pos, "slide %d: text %s leaves the page", pg->number,
                 q.data);
        dg_buf_free(&q);
        bad++;
      }
      for (int j = i + 1; j < pg->nops; j++) {
        const dg_op *b = &pg->ops[j];
        if (b->kind != DG_OP_TEXT)
          continue;
        const dg_op_text *bt = &b->text;
        double ox = fmin(a->x + at->w, b->x + bt->w) - fmax(a->x, b->x);
        double oy = fmin(a->y + at->descent, b->y + bt->descent) -
                    fmax(a->y - at->ascent, b->y - bt->ascent);
        if (ox > 0.5 && oy > 0.5) {
          dg_buf q = {0};
          quote40(at->str, &q);
          dg_buf_puts(&q, " overlaps ");
          quote40(bt->str, &q);
          if (b->pos.line != a->pos.line)
            dg_buf_printf(&q, " (line %d)", b->pos.line);
          /* in a chart: which one, and the settings that give its labels
           * room */
          dg_buf g = {0};
          if (group_of(pg, i, &g) && g.data[0] == 'c')
            dg_buf_printf(&q,
                          " in %s; give the chart more room (fewer blocks "
                          "on the slide), shorter labels, or a smaller "
                          "<role name=\"label\" size> in the theme or the "
                          "slide's <style>",
                          g.data);
          else if (g.data)
            dg_buf_printf(&q, " in the table; give it more room or shorter "
                              "cells");
          dg_buf_free(&g);
          dg_error(ctx, a->pos, "slide %d: text %s", pg->number, q.data);
          dg_buf_free(&q);
          bad++;
        }
      }
    }
  }
  return bad;
}
