/* pptx_xml: the two libraries under the PPTX renderer. Every XML part is
 * written with libxml2's xmlTextWriter (it escapes, we never do) and the
 * package is a zip made by minizip (zlib's contrib). Entries go in the order
 * they were added, [Content_Types].xml first, all with one fixed DOS time,
 * so the same deck gives the same bytes. */
#include "render/pptx/pptx_int.h"

#include <libxml/xmlwriter.h>
#include <math.h>
#include <minizip/zip.h>
#include <stdlib.h>
#include <string.h>

struct xw {
  xmlBufferPtr buf;
  xmlTextWriterPtr w;
  int bad;
};

#define X(s) ((const xmlChar *)(s))
#define OK(w, call)                                                            \
  do {                                                                         \
    if (!(w)->bad && (call) < 0)                                               \
      (w)->bad = 1;                                                            \
  } while (0)

xw *xw_new(void) {
  xw *w = calloc(1, sizeof *w);
  if (!w)
    dg_oom();
  w->buf = xmlBufferCreate();
  w->w = w->buf ? xmlNewTextWriterMemory(w->buf, 0) : NULL;
  if (!w->w) {
    w->bad = 1;
    return w;
  }
  OK(w, xmlTextWriterStartDocument(w->w, "1.0", "UTF-8", "yes"));
  return w;
}

void xw_start(xw *w, const char *name) {
  if (!w->bad)
    OK(w, xmlTextWriterStartElement(w->w, X(name)));
}

void xw_attr(xw *w, const char *name, const char *value) {
  if (!w->bad)
    OK(w, xmlTextWriterWriteAttribute(w->w, X(name), X(value ? value : "")));
}

void xw_attr_int(xw *w, const char *name, long long v) {
  char s[32];
  snprintf(s, sizeof s, "%lld", v);
  xw_attr(w, name, s);
}

void xw_attr_num(xw *w, const char *name, double v, int decimals) {
  dg_buf b = {0};
  dg_buf_num(&b, v, decimals);
  xw_attr(w, name, b.data ? b.data : "0");
  dg_buf_free(&b);
}

void xw_attr_rgb(xw *w, const char *name, uint32_t rgb) {
  char s[8];
  snprintf(s, sizeof s, "%06X", (unsigned)(rgb & 0xFFFFFF));
  xw_attr(w, name, s);
}

void xw_text(xw *w, const char *s) {
  if (!w->bad)
    OK(w, xmlTextWriterWriteString(w->w, X(s ? s : "")));
}

void xw_end(xw *w) {
  if (!w->bad)
    OK(w, xmlTextWriterEndElement(w->w));
}

void xw_empty(xw *w, const char *name) {
  xw_start(w, name);
  xw_end(w);
}

void xw_val(xw *w, const char *name, const char *value) {
  xw_start(w, name);
  xw_attr(w, "val", value);
  xw_end(w);
}

void xw_val_int(xw *w, const char *name, long long v) {
  xw_start(w, name);
  xw_attr_int(w, "val", v);
  xw_end(w);
}

void xw_fill(xw *w, uint32_t rgb) {
  xw_start(w, "a:solidFill");
  xw_start(w, "a:srgbClr");
  xw_attr_rgb(w, "val", rgb);
  xw_end(w);
  xw_end(w);
}

int xw_finish(xw *w, dg_buf *out) {
  memset(out, 0, sizeof *out);
  if (!w->bad)
    OK(w, xmlTextWriterEndDocument(w->w));
  if (w->w)
    xmlFreeTextWriter(w->w); /* flushes into buf */
  int bad = w->bad;
  if (!bad && w->buf)
    dg_buf_put(out, (const char *)xmlBufferContent(w->buf),
               (size_t)xmlBufferLength(w->buf));
  if (w->buf)
    xmlBufferFree(w->buf);
  free(w);
  return bad ? -1 : 0;
}

xw *xw_rels(void) {
  xw *w = xw_new();
  xw_start(w, "Relationships");
  xw_attr(w, "xmlns", NS_PKG_RELS);
  return w;
}

void xw_rel(xw *w, int id, const char *type, const char *target) {
  char s[16];
  snprintf(s, sizeof s, "rId%d", id);
  xw_start(w, "Relationship");
  xw_attr(w, "Id", s);
  xw_attr(w, "Type", type);
  xw_attr(w, "Target", target);
  xw_end(w);
}

/* ---------- DrawingML pieces shared by slides and tables ---------- */

void xw_xfrm(xw *w, const char *el, double x, double y, double cx, double cy,
             int flip_h, int flip_v) {
  xw_start(w, el);
  if (flip_h)
    xw_attr(w, "flipH", "1");
  if (flip_v)
    xw_attr(w, "flipV", "1");
  xw_start(w, "a:off");
  xw_attr_int(w, "x", PPTX_EMU(x));
  xw_attr_int(w, "y", PPTX_EMU(y));
  xw_end(w);
  xw_start(w, "a:ext");
  xw_attr_int(w, "cx", PPTX_EMU(cx));
  xw_attr_int(w, "cy", PPTX_EMU(cy));
  xw_end(w);
  xw_end(w);
}

void pptx_c_nv_pr(xw *w, int *next_id, const char *kind, const char *descr) {
  char name[48];
  snprintf(name, sizeof name, "%s %d", kind, *next_id);
  xw_start(w, "p:cNvPr");
  xw_attr_int(w, "id", (*next_id)++);
  xw_attr(w, "name", name);
  if (descr)
    xw_attr(w, "descr", descr);
  xw_end(w);
}

void pptx_nv_pr_ph(xw *w, const char *type, const char *sz, int idx) {
  xw_start(w, "p:nvPr");
  xw_start(w, "p:ph");
  xw_attr(w, "type", type);
  if (sz)
    xw_attr(w, "sz", sz);
  if (idx)
    xw_attr_int(w, "idx", idx);
  xw_end(w);
  xw_end(w);
}

void pptx_ph_start(xw *w, int id, const char *name, int locked,
                   const char *type, const char *sz, int idx) {
  xw_start(w, "p:sp");
  xw_start(w, "p:nvSpPr");
  xw_start(w, "p:cNvPr");
  xw_attr_int(w, "id", id);
  xw_attr(w, "name", name);
  xw_end(w);
  xw_start(w, "p:cNvSpPr");
  if (locked) {
    xw_start(w, "a:spLocks");
    xw_attr(w, "noGrp", "1");
    xw_end(w);
  }
  xw_end(w);
  pptx_nv_pr_ph(w, type, sz, idx);
  xw_end(w);
}

void pptx_body_pr(xw *w, const char *wrap, const char *anchor,
                  const char *fit) {
  xw_start(w, "a:bodyPr");
  xw_attr(w, "wrap", wrap);
  xw_attr(w, "lIns", "0");
  xw_attr(w, "tIns", "0");
  xw_attr(w, "rIns", "0");
  xw_attr(w, "bIns", "0");
  xw_attr(w, "rtlCol", "0");
  xw_attr(w, "anchor", anchor);
  xw_start(w, fit);
  xw_end(w);
  xw_end(w);
}

void pptx_preset(xw *w, const char *prst) {
  xw_start(w, "a:prstGeom");
  xw_attr(w, "prst", prst);
  xw_start(w, "a:avLst");
  xw_end(w);
  xw_end(w);
}

/* Office 2019's a16 mark (an extension list inside <p:cNvPr>) for a shape
 * or picture that only decorates: PowerPoint's checker and screen readers
 * pass it by instead of asking for its alt text. */
void pptx_decorative(xw *w) {
  xw_start(w, "a:extLst");
  xw_start(w, "a:ext");
  xw_attr(w, "uri", "{C183D7F6-B498-43B3-948B-1728B52AA6E4}");
  xw_start(w, "adec:decorative");
  xw_attr(w, "xmlns:adec",
          "http://schemas.microsoft.com/office/drawing/2017/decorative");
  xw_attr(w, "val", "1");
  xw_end(w);
  xw_end(w);
  xw_end(w);
}

void xw_ln(xw *w, int has, uint32_t colour, double width_pt) {
  xw_start(w, "a:ln");
  if (has) {
    xw_attr_int(w, "w", PPTX_EMU(width_pt));
    xw_fill(w, colour);
  } else {
    xw_start(w, "a:noFill");
    xw_end(w);
  }
  xw_end(w);
}

void pptx_mark(xw *w, int *next_id, const dg_op *o) {
  char name[48];
  int line = o->kind == DG_OP_LINE;
  snprintf(name, sizeof name, "%s %d", line ? "Line" : "Rectangle", *next_id);
  xw_start(w, line ? "p:cxnSp" : "p:sp");
  xw_start(w, line ? "p:nvCxnSpPr" : "p:nvSpPr");
  xw_start(w, "p:cNvPr");
  xw_attr_int(w, "id", (*next_id)++);
  xw_attr(w, "name", name);
  pptx_decorative(w);
  xw_end(w);
  xw_start(w, line ? "p:cNvCxnSpPr" : "p:cNvSpPr");
  xw_end(w);
  xw_start(w, "p:nvPr");
  xw_end(w);
  xw_end(w);
  xw_start(w, "p:spPr");
  if (line) {
    const dg_op_line *l = &o->line;
    xw_xfrm(w, "a:xfrm", fmin(o->x, l->x2), fmin(o->y, l->y2),
            fabs(l->x2 - o->x), fabs(l->y2 - o->y), l->x2 < o->x, l->y2 < o->y);
    pptx_preset(w, "line");
    xw_ln(w, 1, l->color, l->width_pt);
  } else {
    xw_xfrm(w, "a:xfrm", o->x, o->y, o->rect.w, o->rect.h, 0, 0);
    pptx_preset(w, "rect");
    xw_fill(w, o->rect.fill);
    xw_ln(w, 0, 0, 0);
  }
  xw_end(w);
  xw_end(w);
}

void pptx_frame_start(xw *w, int *next_id, const char *kind, const char *descr,
                      double x, double y, double cx, double cy, int nogrp) {
  xw_start(w, "p:graphicFrame");
  xw_start(w, "p:nvGraphicFramePr");
  pptx_c_nv_pr(w, next_id, kind, descr);
  xw_start(w, "p:cNvGraphicFramePr");
  if (nogrp) {
    xw_start(w, "a:graphicFrameLocks");
    xw_attr(w, "noGrp", "1");
    xw_end(w);
  }
  xw_end(w);
  xw_start(w, "p:nvPr");
  xw_end(w);
  xw_end(w);
  xw_xfrm(w, "p:xfrm", x, y, cx, cy, 0, 0);
  xw_start(w, "a:graphic");
  xw_start(w, "a:graphicData");
}

/* The Latin and East Asian typefaces of a run's properties. */
void xw_typefaces(xw *w, const char *font) {
  xw_start(w, "a:latin");
  xw_attr(w, "typeface", font);
  xw_end(w);
  xw_start(w, "a:ea");
  xw_attr(w, "typeface", font);
  xw_end(w);
}

static void run_props(xw *w, const char *el, const dg_op_text *o,
                      const char *font) {
  xw_start(w, el);
  xw_attr(w, "lang", "ja-JP");
  xw_attr(w, "altLang", "en-US");
  xw_attr_int(w, "sz", llround(o->size_pt * 100));
  xw_attr(w, "b", o->bold ? "1" : "0");
  xw_attr(w, "dirty", "0");
  xw_fill(w, o->color);
  xw_typefaces(w, font);
  xw_end(w);
}

void pptx_run_props(xw *w, const dg_op_text *o, const char *font) {
  run_props(w, "a:rPr", o, font);
}

/* The distance between the baselines of a text box's lines. */
double pptx_pitch(const dg_op *l, int n) {
  int lines = 0; /* runs of a line (inline <b>) share its baseline */
  for (int i = 0; i < n; i++)
    lines += !l[i].text.run;
  return lines > 1 ? (l[n - 1].y - l[0].y) / (lines - 1) : 0;
}

/* One paragraph: the lines l[0..n-1] as laid out, joined by line breaks,
 * at exactly their pitch. */
void pptx_para(xw *w, const dg_op *l, int n, const char *algn,
               const char *font) {
  pptx_para_bullet(w, l, n, algn, font, NULL);
}

void pptx_para_bullet(xw *w, const dg_op *l, int n, const char *algn,
                      const char *font, const pptx_bullet *bu) {
  xw_start(w, "a:p");
  xw_start(w, "a:pPr");
  if (bu) { /* a hanging indent: the bullet at marL + indent, the text at
               marL */
    xw_attr_int(w, "marL", PPTX_EMU(bu->indent_pt));
    if (bu->lvl)
      xw_attr_int(w, "lvl", bu->lvl);
    xw_attr_int(w, "indent", PPTX_EMU(bu->label_pt) - PPTX_EMU(bu->indent_pt));
  }
  if (algn)
    xw_attr(w, "algn", algn);
  double pitch = pptx_pitch(l, n) > 0 ? pptx_pitch(l, n)
                 : bu                 ? bu->pitch_pt
                                      : 0;
  if (pitch > 0) {
    xw_start(w, "a:lnSpc");
    xw_start(w, "a:spcPts");
    xw_attr_int(w, "val", llround(pitch * 100));
    xw_end(w);
    xw_end(w);
  }
  if (bu) {
    xw_start(w, "a:spcBef");
    xw_start(w, "a:spcPts");
    xw_attr_int(w, "val", llround(bu->before_pt * 100));
    xw_end(w);
    xw_end(w);
    xw_start(w, "a:buFont");
    xw_attr(w, "typeface", font);
    xw_end(w);
    if (bu->autonum) {
      xw_start(w, "a:buAutoNum");
      xw_attr(w, "type", bu->autonum);
      if (bu->start_at > 1)
        xw_attr_int(w, "startAt", bu->start_at);
      xw_end(w);
    } else {
      xw_start(w, "a:buChar");
      xw_attr(w, "char", bu->ch);
      xw_end(w);
    }
  }
  xw_end(w);
  for (int i = 0; i < n; i++) {
    if (i && !l[i].text.run) {
      xw_start(w, "a:br");
      run_props(w, "a:rPr", &l[i].text, font);
      xw_end(w);
    }
    xw_start(w, "a:r");
    run_props(w, "a:rPr", &l[i].text, font);
    xw_start(w, "a:t");
    xw_text(w, l[i].text.str);
    /* a line broken at a space keeps it, so that joining the lines again
     * in an editor gives the words back */
    if (i + 1 < n && !l[i + 1].text.run && l[i + 1].text.sep &&
        !strcmp(l[i + 1].text.sep, " "))
      xw_text(w, " ");
    xw_end(w);
    xw_end(w);
  }
  xw_end(w);
}

/* ---------- package ---------- */

typedef struct part {
  char *name, *type;
  dg_buf data;
} part;

struct pkg {
  part *v;
  int n, cap;
  int bad; /* a part's XML could not be written */
};

pkg *pkg_new(void) {
  pkg *p = calloc(1, sizeof *p);
  if (!p)
    dg_oom();
  return p;
}

static char *dup_or_null(const char *s) {
  char *r = s ? strdup(s) : NULL;
  if (s && !r)
    dg_oom();
  return r;
}

void pkg_add(pkg *p, const char *name, const char *type, dg_buf *data) {
  if (p->n == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 32;
    p->v = realloc(p->v, dg_mul_size((size_t)p->cap, sizeof *p->v));
    if (!p->v)
      dg_oom();
  }
  part *t = &p->v[p->n++];
  t->name = dup_or_null(name);
  t->type = dup_or_null(type);
  t->data = *data;
  memset(data, 0, sizeof *data);
}

void pkg_add_xml(pkg *p, const char *name, const char *type, xw *w) {
  dg_buf b;
  if (xw_finish(w, &b))
    p->bad = 1;
  pkg_add(p, name, type, &b);
}

static void content_types(pkg *p, dg_buf *out) {
  xw *w = xw_new();
  xw_start(w, "Types");
  xw_attr(w, "xmlns",
          "http://schemas.openxmlformats.org/package/2006/content-types");
  static const char *defaults[][2] = {
      {"rels", "application/vnd.openxmlformats-package.relationships+xml"},
      {"xml", "application/xml"},
      {"xlsx",
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}};
  for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++) {
    xw_start(w, "Default");
    xw_attr(w, "Extension", defaults[i][0]);
    xw_attr(w, "ContentType", defaults[i][1]);
    xw_end(w);
  }
  for (int i = 0; i < p->n; i++) {
    if (!p->v[i].type)
      continue;
    char *nm = malloc(strlen(p->v[i].name) + 2);
    if (!nm)
      dg_oom();
    nm[0] = '/';
    strcpy(nm + 1, p->v[i].name);
    xw_start(w, "Override");
    xw_attr(w, "PartName", nm);
    xw_attr(w, "ContentType", p->v[i].type);
    xw_end(w);
    free(nm);
  }
  xw_end(w);
  if (xw_finish(w, out))
    p->bad = 1;
}

/* 1980-01-01 00:00:00, the first time a zip entry can hold: no clock and
 * no time zone reaches the bytes. */
#define DOS_DATE ((0 << 9) | (1 << 5) | 1)
#define DOS_TIME 0
/* deflate level 9: as small as zlib makes it, 1% more instructions than 6
 * (measured: tests/bench.md, "What makes it fast, measured") */
#define LEVEL 9
/* "made by" MS-DOS, zip 2.0, as Office writes its own packages; general
 * purpose flag bit 11, set for a name with a non-ASCII byte (as libzip did):
 * the name is UTF-8 */
#define MADE_BY 20
#define FLAG_UTF8 0x800

/* The zip is written into memory through minizip's file functions: a
 * dg_buf and a position, since minizip seeks back to each local header to
 * fill in its CRC and sizes once the entry is compressed (so the headers
 * hold them and no data descriptor follows the data). */
typedef struct memfile {
  dg_buf b;
  size_t pos; /* bytes from the start; never past b.len */
} memfile;

static voidpf mem_open(voidpf opaque, const void *name, int mode) {
  (void)name;
  (void)mode;
  return opaque;
}

static uLong mem_read(voidpf opaque, voidpf stream, void *buf, uLong n) {
  (void)opaque;
  (void)stream;
  (void)buf;
  (void)n;
  return 0; /* a new archive is only written */
}

static uLong mem_write(voidpf opaque, voidpf stream, const void *buf, uLong n) {
  (void)opaque;
  memfile *m = stream;
  /* over what is there (a header filled in), then past the end */
  size_t over = m->b.len - m->pos < n ? m->b.len - m->pos : n;
  if (over)
    memcpy(m->b.data + m->pos, buf, over);
  if (n > over)
    dg_buf_put(&m->b, (const char *)buf + over, n - over);
  m->pos += n;
  return n;
}

static ZPOS64_T mem_tell(voidpf opaque, voidpf stream) {
  (void)opaque;
  return ((memfile *)stream)->pos;
}

static long mem_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int whence) {
  (void)opaque;
  memfile *m = stream;
  ZPOS64_T base = whence == ZLIB_FILEFUNC_SEEK_SET   ? 0
                  : whence == ZLIB_FILEFUNC_SEEK_CUR ? m->pos
                                                     : m->b.len;
  if (off > m->b.len - base)
    return -1;
  m->pos = (size_t)(base + off);
  return 0;
}

static int mem_close(voidpf opaque, voidpf stream) {
  (void)opaque;
  (void)stream;
  return 0;
}

static int mem_error(voidpf opaque, voidpf stream) {
  (void)opaque;
  (void)stream;
  return 0;
}

/* Adds one entry, deflated, with the fixed time; frees b. A minizip or
 * zlib status: ZIP_OK or an error. */
static int add_entry(zipFile z, const char *name, dg_buf *b) {
  zip_fileinfo fi = {0};
  fi.dosDate = (uLong)DOS_DATE << 16 | DOS_TIME;
  uLong flag = 0;
  for (const char *c = name; *c; c++)
    if ((unsigned char)*c >= 0x80)
      flag = FLAG_UTF8;
  /* zip64 0: no zip64 extra field; an entry of 4 GiB fails instead */
  int err = zipOpenNewFileInZip4_64(
      z, name, &fi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, LEVEL, 0, -MAX_WBITS,
      DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, NULL, 0, MADE_BY, flag, 0);
  for (size_t at = 0; err == ZIP_OK && at < b->len;) {
    unsigned n = b->len - at > (1u << 30) ? 1u << 30 : (unsigned)(b->len - at);
    err = zipWriteInFileInZip(z, b->data + at, n);
    at += n;
  }
  if (err == ZIP_OK)
    err = zipCloseFileInZip(z);
  dg_buf_free(b);
  return err;
}

/* What a minizip or zlib status means, for the error message. */
static const char *zip_why(int err) {
  switch (err) {
  case ZIP_PARAMERROR:
    return "invalid parameter";
  case ZIP_BADZIPFILE:
    return "a part is too large for a zip without zip64";
  case ZIP_INTERNALERROR:
    return "internal error";
  default:
    return zError(err);
  }
}

void pkg_discard(pkg *p) {
  for (int i = 0; i < p->n; i++) {
    free(p->v[i].name);
    free(p->v[i].type);
    dg_buf_free(&p->v[i].data);
  }
  free(p->v);
  free(p);
}

int pkg_finish(dg_ctx *ctx, pkg *p, dg_buf *out) {
  memset(out, 0, sizeof *out);
  dg_buf ct = {0};
  content_types(p, &ct);
  if (p->bad) {
    dg_error(ctx, (dg_pos){0}, "pptx: an XML part could not be written");
    dg_buf_free(&ct);
    pkg_discard(p);
    return -1;
  }
  memfile m = {{0}, 0};
  zlib_filefunc64_def io = {mem_open, mem_read,  mem_write, mem_tell,
                            mem_seek, mem_close, mem_error, &m};
  zipFile z = zipOpen2_64("", APPEND_STATUS_CREATE, NULL, &io);
  int err = z ? ZIP_OK : ZIP_INTERNALERROR;
  if (z) {
    err = add_entry(z, "[Content_Types].xml", &ct);
    for (int i = 0; i < p->n && err == ZIP_OK; i++)
      err = add_entry(z, p->v[i].name, &p->v[i].data);
    /* frees minizip's state whatever err is */
    int cerr = zipClose(z, NULL);
    if (err == ZIP_OK)
      err = cerr;
  }
  dg_buf_free(&ct);
  pkg_discard(p);
  if (err != ZIP_OK) {
    dg_error(ctx, (dg_pos){0}, "pptx: cannot make the zip package: %s",
             zip_why(err));
    dg_buf_free(&m.b);
    return -1;
  }
  *out = m.b;
  return 0;
}
