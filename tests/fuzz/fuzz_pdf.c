/* libFuzzer target: the PDF writer. The input is read as a display list —
 * pages of rectangles, rules, wedges, text runs (any bytes, so invalid
 * UTF-8 and characters the font lacks too) and nested semantic groups,
 * balanced or not — and rendered; then the file's cross-reference table
 * must point at every object. Run from the project root (fonts/). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout.h"
#include "render/render.h"
#include "text/text.h"

static dg_text *tx;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  setenv("DECKGEN_CACHE", "off", 1);
  dg_ctx ctx = {0, stderr, NULL};
  tx = dg_text_new(&ctx, NULL, "fonts", "BIZ UDPGothic", NULL, 0);
  if (!tx)
    abort();
  return 0;
}

typedef struct reader {
  const uint8_t *p;
  size_t n;
} reader;

static unsigned byte(reader *r) {
  if (!r->n)
    return 0;
  r->n--;
  return *r->p++;
}

static double coord(reader *r) {
  return (double)(int16_t)(byte(r) << 8 | byte(r)) / 16.0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FILE *devnull = fopen("/dev/null", "w");
  dg_ctx ctx = {0, devnull, NULL};
  dg_arena *a = dg_arena_new();
  reader r = {data, size};
  dg_deck d;
  memset(&d, 0, sizeof d);
  d.title = "fuzz";
  int npages = 1 + (int)(byte(&r) % 3);
  dg_layout l = {960, 540, &d,
                 dg_alloc_array(a, (size_t)npages, sizeof(dg_page)), npages};
  for (int pi = 0; pi < npages; pi++) {
    dg_page *pg = &l.pages[pi];
    pg->number = pi + 1;
    pg->title = pi ? "(p)" : "";
    int nops = (int)(byte(&r) % 24);
    pg->ops = dg_alloc_array(a, (size_t)nops + 1, sizeof(dg_op));
    for (int i = 0; i < nops && r.n; i++) {
      dg_op *o = &pg->ops[pg->nops++];
      unsigned k = byte(&r);
      o->kind = (dg_opkind)(k % 6);
      o->x = coord(&r);
      o->y = coord(&r);
      double w = coord(&r), h = coord(&r), x2 = coord(&r), y2 = coord(&r);
      double r_out = coord(&r);
      double r_in = (k & 0x80) ? 0 : coord(&r);
      double a0 = coord(&r) / 10, a1 = coord(&r) / 10;
      uint32_t fill = (uint32_t)byte(&r) << 16 | (uint32_t)byte(&r);
      uint32_t stroke = (uint32_t)byte(&r);
      double stroke_w = byte(&r) / 8.0;
      double size_pt = 1 + byte(&r) / 4.0;
      int bold = (int)(byte(&r) & 1);
      size_t tl = byte(&r) % 40;
      if (tl > r.n)
        tl = r.n;
      const char *text = dg_strndup(a, (const char *)r.p, tl);
      r.p += tl;
      r.n -= tl;
      switch (o->kind) {
      case DG_OP_RECT:
        o->rect = (dg_op_rect){w, h, fill};
        break;
      case DG_OP_LINE:
        o->line = (dg_op_line){x2, y2, stroke_w, stroke};
        break;
      case DG_OP_WEDGE:
        o->wedge = (dg_op_wedge){r_out, r_in, a0, a1, stroke_w, fill, stroke};
        break;
      case DG_OP_TEXT:
        o->text = (dg_op_text){
            .str = text, .size_pt = size_pt, .bold = bold, .color = fill};
        break;
      case DG_OP_BEGIN: {
        dg_figure *f = dg_alloc(a, sizeof *f);
        f->alt = text;
        o->begin = (dg_op_begin){
            .sem = (dg_sem)((k >> 3) % 9), .w = w, .h = h, .fig = f};
        break;
      }
      case DG_OP_END:
        break;
      }
    }
  }
  dg_render_opts ro = {(byte(&r) & 1) ? "a4" : NULL,
                       0,
                       96,
                       "fuzz",
                       "f.pdf",
                       0,
                       NULL,
                       NULL,
                       NULL,
                       NULL};
  dg_buf pdf = {0};
  if (dg_render_pdf(&ctx, tx, &l, &ro, &pdf) == 0) {
    /* every cross-reference entry points at "N 0 obj" */
    const char *sx = pdf.data + pdf.len - 10;
    while (sx > pdf.data && memcmp(sx, "startxref\n", 10))
      sx--;
    size_t xref = strtoul(sx + 10, NULL, 10);
    if (xref >= pdf.len || memcmp(pdf.data + xref, "xref\n0 ", 7))
      abort();
    int nobj = atoi(pdf.data + xref + 7);
    const char *e = strchr(pdf.data + xref + 5, '\n') + 1 + 20;
    for (int i = 1; i < nobj; i++, e += 20) {
      size_t off = strtoul(e, NULL, 10);
      char want[32];
      int k = snprintf(want, sizeof want, "%d 0 obj\n", i);
      if (off >= pdf.len || memcmp(pdf.data + off, want, (size_t)k))
        abort();
    }
  }
  dg_buf_free(&pdf);
  dg_arena_free(a);
  fclose(devnull);
  return 0;
}
