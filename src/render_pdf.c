/* render_pdf: display list → Cairo. One walker draws pages on a PDF surface
 * (with outline, metadata and structure tags) or on an image surface (PNG).
 * Text lines are drawn where layout put them; nothing is measured here. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "render.h"

static void rgb(cairo_t *cr, uint32_t c) {
  cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                       (c & 255) / 255.0);
}

static const char *tag_of(dg_sem s) {
  switch (s) {
  case DG_SEM_HEADING:
    return "H2";
  case DG_SEM_PARA:
    return "P";
  case DG_SEM_NOTE:
    return "P";
  case DG_SEM_FIGURE:
    return "Figure";
  case DG_SEM_TABLE:
    return "Table";
  case DG_SEM_TR:
    return "TR";
  case DG_SEM_TH:
    return "TH";
  case DG_SEM_TD:
    return "TD";
  default:
    return NULL;
  }
}

static void draw_page(cairo_t *cr, dg_text *tx, const dg_page *p, int tags) {
  const char *stack[32];
  int depth = 0;
  for (int i = 0; i < p->nops; i++) {
    const dg_op *o = &p->ops[i];
    switch (o->kind) {
    case DG_OP_RECT:
      cairo_rectangle(cr, o->x, o->y, o->w, o->h);
      if (o->has_fill) {
        rgb(cr, o->fill);
        if (o->has_stroke)
          cairo_fill_preserve(cr);
        else
          cairo_fill(cr);
      }
      if (o->has_stroke) {
        rgb(cr, o->stroke);
        cairo_set_line_width(cr, o->stroke_w);
        cairo_stroke(cr);
      }
      break;
    case DG_OP_LINE:
      cairo_move_to(cr, o->x, o->y);
      cairo_line_to(cr, o->x2, o->y2);
      rgb(cr, o->stroke);
      cairo_set_line_width(cr, o->stroke_w);
      cairo_stroke(cr);
      break;
    case DG_OP_WEDGE: {
      /* angles are clockwise from 12 o'clock; Cairo's from 3 o'clock */
      double a0 = o->a0 - M_PI / 2, a1 = o->a1 - M_PI / 2;
      cairo_new_path(cr);
      cairo_arc(cr, o->x, o->y, o->r_out, a0, a1);
      cairo_arc_negative(cr, o->x, o->y, o->r_in, a1, a0);
      cairo_close_path(cr);
      rgb(cr, o->fill);
      cairo_fill_preserve(cr);
      rgb(cr, o->stroke);
      cairo_set_line_width(cr, o->stroke_w);
      cairo_stroke(cr);
      break;
    }
    case DG_OP_TEXT:
      dg_text_draw(tx, cr, o->text, o->x, o->y, o->size_pt, o->bold, o->fill);
      break;
    case DG_OP_BEGIN: {
      const char *t = tags ? tag_of(o->sem) : NULL;
      if (depth < 32)
        stack[depth++] = t;
      if (t)
        cairo_tag_begin(cr, t, NULL);
      break;
    }
    case DG_OP_END:
      if (depth > 0) {
        const char *t = stack[--depth];
        if (t)
          cairo_tag_end(cr, t);
      }
      break;
    }
  }
}

static cairo_status_t to_buf(void *closure, const unsigned char *data,
                             unsigned int len) {
  dg_buf_put(closure, (const char *)data, len);
  return CAIRO_STATUS_SUCCESS;
}

static void iso_date(long long epoch, char *out, size_t n) {
  time_t t = (time_t)epoch;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Text inserted into Cairo's PDF at a byte offset. */
typedef struct insert {
  size_t at;
  char *text;
} insert;

static int insert_cmp(const void *x, const void *y) {
  const insert *a = x, *b = y;
  return (a->at > b->at) - (a->at < b->at);
}

/* Rewrites pdf with the insertions and shifts every xref offset and
 * startxref accordingly. Returns 0, or -1 if the file is not laid out as
 * Cairo writes it (one classic xref table at the end). */
static int patch_pdf(dg_buf *pdf, insert *ins, int n) {
  qsort(ins, (size_t)n, sizeof *ins, insert_cmp);
  char *xref = NULL, *sx = NULL;
  for (char *p = pdf->data + pdf->len - 1; p > pdf->data + 9 && !sx; p--)
    if (strncmp(p, "startxref", 9) == 0)
      sx = p;
  for (char *p = sx ? sx : pdf->data; p > pdf->data + 5 && !xref; p--)
    if (strncmp(p, "\nxref\n", 6) == 0)
      xref = p + 1;
  if (!xref || !sx || (n && ins[n - 1].at > (size_t)(xref - pdf->data)))
    return -1;
  dg_buf out = {0};
  size_t pos = 0;
  for (int i = 0; i < n; i++) {
    dg_buf_put(&out, pdf->data + pos, ins[i].at - pos);
    dg_buf_puts(&out, ins[i].text);
    pos = ins[i].at;
  }
  dg_buf_put(&out, pdf->data + pos, (size_t)(xref - pdf->data) - pos);
  char *p = xref, *e = strchr(p, '\n');
  dg_buf_put(&out, p, (size_t)(e - p) + 1); /* "xref" */
  p = e + 1;
  long first = 0, count = 0;
  if (sscanf(p, "%ld %ld", &first, &count) != 2) {
    dg_buf_free(&out);
    return -1;
  }
  e = strchr(p, '\n');
  dg_buf_put(&out, p, (size_t)(e - p) + 1);
  p = e + 1;
  for (long i = 0; i < count; i++) {
    long long off;
    int gen;
    char kind;
    if (sscanf(p, "%10lld %5d %c", &off, &gen, &kind) != 3) {
      dg_buf_free(&out);
      return -1;
    }
    long long shift = 0;
    for (int k = 0; k < n; k++)
      if (kind == 'n' && (size_t)off >= ins[k].at)
        shift += (long long)strlen(ins[k].text);
    dg_buf_printf(&out, "%010lld %05d %c \n", off + shift, gen, kind);
    p += 20;
  }
  dg_buf_put(&out, p, (size_t)(sx - p));
  long long sxo = 0, shift = 0;
  sscanf(sx + 9, "%lld", &sxo);
  for (int k = 0; k < n; k++)
    shift += (long long)strlen(ins[k].text);
  dg_buf_printf(&out, "startxref\n%lld\n%%%%EOF\n", sxo + shift);
  dg_buf_free(pdf);
  *pdf = out;
  return 0;
}

/* A PDF text string in UTF-16BE hex with its byte-order mark. */
static char *pdf_text(dg_arena *a, const char *s) {
  dg_buf b = {0};
  dg_buf_puts(&b, "<FEFF");
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int k = dg_utf8_decode(s + i, n - i, &cp);
    if (k <= 0) {
      i++;
      continue;
    }
    i += (size_t)k;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      dg_buf_printf(&b, "%04X%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
    } else
      dg_buf_printf(&b, "%04X", cp);
  }
  dg_buf_puts(&b, ">");
  char *r = dg_strdup(a, b.data);
  dg_buf_free(&b);
  return r;
}

/* Adds what Cairo 1.16 has no API for: /Lang, /MarkInfo and
 * /ViewerPreferences in the catalog, and /Alt on each Figure structure
 * element (the charts' accessible names, as in the HTML). Cairo writes the
 * structure elements in document order, which is the order of the
 * figures in the display list. */
static int add_catalog_and_alt(dg_buf *pdf, const dg_layout *l,
                               const char *lang) {
  dg_arena *a = dg_arena_new();
  int cap = 8, n = 0;
  for (int i = 0; i < l->npages; i++)
    cap += l->pages[i].nops;
  insert *ins = dg_alloc_array(a, (size_t)cap, sizeof *ins);
  char *cat = memmem(pdf->data, pdf->len, "/Type /Catalog", 14);
  if (!cat) {
    dg_arena_free(a);
    return -1;
  }
  ins[n].at = (size_t)(cat - pdf->data) + 14;
  ins[n++].text = dg_printf(a,
                            "\n   /Lang (%s)\n   /MarkInfo << /Marked true >>\n"
                            "   /ViewerPreferences << /DisplayDocTitle true >>",
                            lang);
  const char **alts = dg_alloc_array(a, (size_t)cap, sizeof(char *));
  int nalt = 0;
  for (int i = 0; i < l->npages; i++)
    for (int k = 0; k < l->pages[i].nops; k++) {
      const dg_op *o = &l->pages[i].ops[k];
      if (o->kind == DG_OP_BEGIN && o->sem == DG_SEM_FIGURE)
        alts[nalt++] = o->alt ? o->alt : l->pages[i].title;
    }
  const char *key = "/Type /StructElem\n   /S /Figure";
  size_t klen = strlen(key), from = 0;
  int nfig = 0;
  insert *figs = ins + n;
  for (char *p; (p = memmem(pdf->data + from, pdf->len - from, key, klen));
       from = (size_t)(p - pdf->data) + klen) {
    if (nfig < nalt) {
      figs[nfig].at = (size_t)(p - pdf->data) + klen;
      figs[nfig].text = dg_printf(a, "\n   /Alt %s", pdf_text(a, alts[nfig]));
    }
    nfig++;
  }
  if (nfig == nalt)
    n += nfig; /* otherwise leave /Alt out rather than guess */
  int rc = patch_pdf(pdf, ins, n);
  dg_arena_free(a);
  return rc;
}

int dg_render_pdf(dg_ctx *ctx, dg_text *tx, const dg_layout *l,
                  const dg_render_opts *o, dg_buf *out) {
  dg_buf buf = {0};
  const char *path = o->name ? o->name : "PDF";
  int a4 = o->paper && !strcmp(o->paper, "a4");
  double pw = a4 ? 841.89 : l->w_pt, ph = a4 ? 595.28 : l->h_pt;
  cairo_surface_t *s =
      cairo_pdf_surface_create_for_stream(to_buf, &buf, pw, ph);
  cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
  const dg_deck *d = l->deck;
  char date[32];
  iso_date(o->epoch, date, sizeof date);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
                                 d->title ? d->title : "");
  if (d->author)
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, d->author);
  if (d->subject)
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, d->subject);
  if (d->keywords)
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, d->keywords);
  char creator[64];
  snprintf(creator, sizeof creator, "deckgen %s", o->version);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, creator);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
  cairo_t *cr = cairo_create(s);
  double scale = 1, ox = 0, oy = 0;
  if (a4) {
    scale = fmin(pw / l->w_pt, ph / l->h_pt);
    ox = (pw - l->w_pt * scale) / 2;
    oy = (ph - l->h_pt * scale) / 2;
  }
  cairo_tag_begin(cr, "Document", NULL);
  for (int i = 0; i < l->npages; i++) {
    const dg_page *p = &l->pages[i];
    char link[64];
    snprintf(link, sizeof link, "page=%d pos=[0 0]", i + 1);
    cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT,
                                  p->title && *p->title ? p->title : "slide",
                                  link, 0);
    cairo_save(cr);
    cairo_translate(cr, ox, oy);
    cairo_scale(cr, scale, scale);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, l->w_pt, l->h_pt);
    cairo_fill(cr);
    draw_page(cr, tx, p, 1);
    cairo_restore(cr);
    cairo_show_page(cr);
  }
  cairo_tag_end(cr, "Document");
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(s);
  if (st == CAIRO_STATUS_SUCCESS)
    st = cairo_surface_status(s);
  cairo_surface_destroy(s);
  if (st != CAIRO_STATUS_SUCCESS) {
    dg_error(ctx, (dg_pos){path, 0, 0}, "cairo could not render the PDF: %s",
             cairo_status_to_string(st));
    dg_buf_free(&buf);
    return -1;
  }
  if (add_catalog_and_alt(&buf, l, d->lang ? d->lang : "ja")) {
    dg_error(ctx, (dg_pos){path, 0, 0},
             "unexpected PDF structure from cairo "
             "(cannot add /Lang)");
    dg_buf_free(&buf);
    return -1;
  }
  *out = buf;
  return 0;
}

static void be32(dg_buf *b, uint32_t v) {
  char c[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
  dg_buf_put(b, c, 4);
}

static void chunk(dg_buf *b, const char *type, const unsigned char *data,
                  size_t n) {
  be32(b, (uint32_t)n);
  size_t start = b->len;
  dg_buf_put(b, type, 4);
  if (n)
    dg_buf_put(b, (const char *)data, n);
  uLong crc = crc32(0, (const Bytef *)b->data + start, (uInt)(n + 4));
  be32(b, (uint32_t)crc);
}

/* PNG from Cairo's RGB24 pixels with fast deflate (level 1): Cairo's own
 * writer compresses at libpng's default level, which took most of the
 * time of a PNG render (see issue 8's profile). */
static int write_png(const unsigned char *px, int w, int h, int stride,
                     dg_buf *out) {
  size_t row = (size_t)w * 3 + 1, raw_n = row * (size_t)h;
  unsigned char *raw = malloc(raw_n);
  if (!raw)
    return -1;
  for (int y = 0; y < h; y++) {
    unsigned char *r = raw + row * (size_t)y;
    const uint32_t *src = (const uint32_t *)(px + (size_t)stride * (size_t)y);
    r[0] = 0; /* filter: none */
    for (int x = 0; x < w; x++) {
      r[1 + 3 * x] = (unsigned char)(src[x] >> 16);
      r[2 + 3 * x] = (unsigned char)(src[x] >> 8);
      r[3 + 3 * x] = (unsigned char)src[x];
    }
  }
  /* slides are mostly flat colour: run-length deflate is several times
   * faster than the default and nearly as small */
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  uLongf zn = compressBound((uLong)raw_n) + 64;
  unsigned char *z = malloc(zn);
  int rc = z ? deflateInit2(&zs, 1, Z_DEFLATED, 15, 8, Z_RLE) : Z_MEM_ERROR;
  if (rc == Z_OK) {
    zs.next_in = raw;
    zs.avail_in = (uInt)raw_n;
    zs.next_out = z;
    zs.avail_out = (uInt)zn;
    rc = deflate(&zs, Z_FINISH) == Z_STREAM_END ? Z_OK : Z_BUF_ERROR;
    zn = zs.total_out;
    deflateEnd(&zs);
  }
  free(raw);
  if (rc != Z_OK) {
    free(z);
    return -1;
  }
  dg_buf_put(out, "\x89PNG\r\n\x1a\n", 8);
  unsigned char ihdr[13] = {0};
  for (int i = 0; i < 4; i++) {
    ihdr[i] = (unsigned char)((uint32_t)w >> (24 - 8 * i));
    ihdr[4 + i] = (unsigned char)((uint32_t)h >> (24 - 8 * i));
  }
  ihdr[8] = 8; /* bit depth */
  ihdr[9] = 2; /* colour type: RGB */
  chunk(out, "IHDR", ihdr, 13);
  chunk(out, "IDAT", z, zn);
  chunk(out, "IEND", NULL, 0);
  free(z);
  return 0;
}

int dg_render_png_page(dg_ctx *ctx, dg_text *tx, const dg_layout *l, int p,
                       double dpi, dg_buf *out) {
  double scale = dpi / 72.0;
  int w = (int)lround(l->w_pt * scale), h = (int)lround(l->h_pt * scale);
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create(s);
  cairo_scale(cr, scale, scale);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  draw_page(cr, tx, &l->pages[p], 0);
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  if (st == CAIRO_STATUS_SUCCESS &&
      write_png(cairo_image_surface_get_data(s), w, h,
                cairo_image_surface_get_stride(s), out))
    st = CAIRO_STATUS_NO_MEMORY;
  cairo_surface_destroy(s);
  if (st != CAIRO_STATUS_SUCCESS) {
    dg_error(ctx, (dg_pos){0}, "cairo could not render slide %d: %s", p + 1,
             cairo_status_to_string(st));
    return -1;
  }
  return 0;
}
