/* pptx_notes: a slide's notes page, for the presenter: where each
 * number of the slide came from (the CSV cells --explain names), and,
 * beside a chart one may edit, that the slide's sentences do not follow
 * 「データの編集」. */
#include <string.h>

#include "render/pptx/pptx_int.h"

/* One paragraph of a notes page in the deck's font. */
static void note_para(xw *w, const char *text, const char *font) {
  xw_start(w, "a:p");
  xw_start(w, "a:r");
  xw_start(w, "a:rPr");
  xw_attr(w, "lang", "ja-JP");
  xw_start(w, "a:ea");
  xw_attr(w, "typeface", font);
  xw_end(w);
  xw_end(w);
  xw_start(w, "a:t");
  xw_text(w, text);
  xw_end(w);
  xw_end(w);
  xw_end(w);
}

/* What a presenter who edits a chart's data needs to know: the slide's
 * sentences are text, which no application computes from the chart's
 * workbook, so they keep the figures they were written with. */
#define NOTE_TEXT_STAYS                                                                                             \
  "スライドの文章の数値は、グラフの「データの編集」で値を変えても更新されませ" \
  "ん。データが変わったときは、CSV を直して deckgen で作り直してください。以"         \
  "下は各数値と、その計算に使った CSV のセルです。"

void pptx_notes(pkg *p, dg_arena *a, const dg_deck *d, int num, int slide_no,
                const char *font) {
  xw *w = xw_new();
  xw_start(w, "p:notes");
  xw_attr(w, "xmlns:a", NS_A);
  xw_attr(w, "xmlns:r", NS_R);
  xw_attr(w, "xmlns:p", NS_P);
  xw_start(w, "p:cSld");
  pptx_tree_start(w);
  static const char *ph[] = {"sldImg", "body"};
  for (int k = 0; k < 2; k++) {
    pptx_ph_start(w, k + 2, k ? "Notes" : "Slide Image", 1, ph[k], NULL, k);
    xw_empty(w, "p:spPr");
    if (k) {
      xw_start(w, "p:txBody");
      xw_empty(w, "a:bodyPr");
      xw_empty(w, "a:lstStyle");
      int any = 0, chart = 0, text = 0;
      for (int i = 0; i < d->nexplain; i++)
        if (d->explain[i].slide == slide_no) {
          int c = !strncmp(d->explain[i].element, "chart", 5);
          chart |= c;
          text |= !c;
        }
      if (chart && text) /* a sentence beside a chart one may edit */
        note_para(w, NOTE_TEXT_STAYS, font);
      for (int i = 0; i < d->nexplain; i++) {
        const dg_explain *x = &d->explain[i];
        if (x->slide != slide_no)
          continue;
        dg_buf b = {0};
        /* in words for a presenter: the figure and the CSV cells it was
         * computed from, not the template's expression */
        dg_buf_printf(&b, "%s: %s", x->element, x->result);
        for (int c = 0; c < x->nsrc; c++)
          if (x->src[c])
            dg_buf_printf(&b, "%s%s の %d 行 %d 列",
                          c ? "、" : "（出典: ", x->src[c]->pos.file,
                          x->src[c]->pos.line, x->src[c]->pos.col);
        if (x->nsrc && x->src[0])
          dg_buf_puts(&b, "）");
        note_para(w, b.data, font);
        dg_buf_free(&b);
        any = 1;
      }
      if (!any)
        xw_empty(w, "a:p");
      xw_end(w);
    }
    xw_end(w);
  }
  pptx_tree_end(w);
  pkg_add_xml(p, dg_printf(a, "ppt/notesSlides/notesSlide%d.xml", num),
              CT_P "notesSlide+xml", w);
  w = xw_rels();
  xw_rel(w, 1, REL_DOC "notesMaster", "../notesMasters/notesMaster1.xml");
  xw_rel(w, 2, REL_DOC "slide", dg_printf(a, "../slides/slide%d.xml", num));
  xw_end(w);
  pkg_add_xml(p,
              dg_printf(a, "ppt/notesSlides/_rels/notesSlide%d.xml.rels", num),
              NULL, w);
}
