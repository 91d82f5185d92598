/* pdfwrite: the PDF writer's plumbing — object numbers and offsets,
 * numbers and strings in PDF syntax, deflated streams (remembered by
 * content), and the embedded fonts: subset CID fonts with their widths
 * and ToUnicode maps. render/pdf/pdf.c decides what goes in. */
#include "render/pdf/pdf_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

int pw_new_obj(pdf *p) {
  if (p->nobj + 1 >= p->cap) {
    p->cap = p->cap ? p->cap * 2 : 256;
    p->off = realloc(p->off, dg_mul_size((size_t)p->cap, sizeof *p->off));
    if (!p->off)
      dg_oom();
  }
  p->off[++p->nobj] = 0;
  return p->nobj;
}

void pw_put_int(dg_buf *b, long v) { dg_buf_num(b, (double)v, 0); }

/* " N 0 R" */
void pw_put_ref(dg_buf *b, int n) {
  dg_buf_put(b, " ", 1);
  pw_put_int(b, n);
  dg_buf_put(b, " 0 R", 4);
}

void pw_begin_obj(pdf *p, int n) {
  p->off[n] = p->b.len;
  pw_put_int(&p->b, n);
  dg_buf_puts(&p->b, " 0 obj\n");
}

void pw_num(dg_buf *b, double v) { dg_buf_num(b, v, 3); }

void pw_nums(dg_buf *b, const double *v, int n, const char *op) {
  for (int i = 0; i < n; i++) {
    pw_num(b, v[i]);
    dg_buf_put(b, " ", 1);
  }
  dg_buf_puts(b, op);
  dg_buf_put(b, "\n", 1);
}

static const char HEX[] = "0123456789ABCDEF";

/* Four hex digits: a glyph id (CID) or a UTF-16 code unit. */
void pw_hex4(dg_buf *c, uint32_t g) {
  char h[4] = {HEX[(g >> 12) & 15], HEX[(g >> 8) & 15], HEX[(g >> 4) & 15],
               HEX[g & 15]};
  dg_buf_put(c, h, 4);
}

/* A PDF text string in UTF-16BE hex with its byte-order mark. */
void pw_text_string(dg_buf *b, const char *s) {
  dg_buf_puts(b, "<FEFF");
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
      pw_hex4(b, 0xD800 + (cp >> 10));
      pw_hex4(b, 0xDC00 + (cp & 0x3FF));
    } else
      pw_hex4(b, cp);
  }
  dg_buf_puts(b, ">");
}

/* Deflated bytes of data (malloc'd; *zn their length). One stream state
 * per level is kept and reset between uses: setting one up (and zeroing its
 * 256 KiB of tables) cost more than compressing a page. */
static unsigned char *deflated(const char *data, size_t len, int level,
                               size_t *zn) {
  static z_stream zs[10];
  static int ready[10];
  if (level < 0 || level > 9)
    level = 6;
  z_stream *z = &zs[level];
  if (!ready[level]) {
    if (deflateInit(z, level) != Z_OK)
      dg_oom();
    ready[level] = 1;
  } else if (deflateReset(z) != Z_OK)
    dg_oom();
  uLong n = deflateBound(z, (uLong)len);
  unsigned char *out = malloc(n ? n : 1);
  if (!out)
    dg_oom();
  z->next_in = (Bytef *)(uintptr_t)data;
  z->avail_in = (uInt)len;
  z->next_out = out;
  z->avail_out = (uInt)n;
  if (deflate(z, Z_FINISH) != Z_STREAM_END)
    dg_oom();
  *zn = z->total_out;
  return out;
}

void pw_put_stream(pdf *p, int n, const void *z, size_t zn, const char *extra) {
  pw_begin_obj(p, n);
  dg_buf_printf(&p->b, "<< /Length %zu /Filter /FlateDecode%s >>\nstream\n", zn,
                extra ? extra : "");
  dg_buf_put(&p->b, z, zn);
  dg_buf_puts(&p->b, "\nendstream\nendobj\n");
}

/* Deflates data into stream object n with the extra dictionary entries.
 * Streams are remembered by their content, so a re-render in the same
 * process (--watch) compresses only the pages that changed. Returns 1 when
 * the content was new. */
int pw_stream_obj(pdf *p, int n, const char *data, size_t len,
                  const char *extra, int level) {
  static dg_memo *memo;
  if (!memo)
    memo = dg_memo_new(256);
  uint64_t key[2];
  dg_hash128(data, len, key);
  size_t zn;
  const char *z = dg_memo_get(memo, key, &zn);
  if (z) {
    pw_put_stream(p, n, z, zn, extra);
    return 0;
  }
  unsigned char *nz = deflated(data, len, level, &zn);
  pw_put_stream(p, n, nz, zn, extra);
  dg_memo_put(memo, key, nz, zn);
  free(nz);
  return 1;
}

/* The embedded font program: the subset to gids, deflated. Both steps cost
 * more than writing all the pages, so the result is kept in the
 * cache under its exact inputs (the font file's bytes, the glyph set) and
 * reused. Returns malloc'd bytes ("<raw length> " then the deflated file),
 * or NULL after reporting. */
static char *font_program(dg_ctx *ctx, const char *file, const uint32_t *gids,
                          int n, size_t *len) {
  dg_buf key = {0};
  int keep =
      !dg_font_key("pdffont-7", file, gids, sizeof(uint32_t) * (size_t)n, &key);
  static dg_memo *memo; /* in memory too, for --watch */
  if (!memo)
    memo = dg_memo_new(4);
  uint64_t mk[2] = {0, 0};
  if (keep) {
    dg_hash128(key.data, key.len, mk);
    const char *m = dg_memo_get(memo, mk, len);
    char *c = NULL;
    if (m) {
      if (!(c = malloc(*len ? *len : 1)))
        dg_oom();
      memcpy(c, m, *len);
    } else if ((c = dg_cache_get("pdffont", key.data, key.len, len)))
      dg_memo_put(memo, mk, c, *len);
    if (c) {
      dg_buf_free(&key);
      return c;
    }
  }
  dg_buf raw = {0};
  if (dg_font_subset_glyphs(ctx, file, gids, n, &raw)) {
    dg_buf_free(&key);
    return NULL;
  }
  size_t zn;
  unsigned char *z = deflated(raw.data, raw.len, 6, &zn);
  dg_buf out = {0};
  dg_buf_printf(&out, "%zu ", raw.len);
  dg_buf_put(&out, (const char *)z, zn);
  free(z);
  dg_buf_free(&raw);
  if (keep) {
    dg_cache_put("pdffont", key.data, key.len, out.data, out.len);
    dg_memo_put(memo, mk, out.data, out.len);
  }
  dg_buf_free(&key);
  *len = out.len;
  return out.data;
}

/* Type0 font with its CIDFontType2, descriptor, subset file and ToUnicode
 * map. The subset keeps glyph indices, so CID = glyph index (Identity). */
int pw_write_font(dg_ctx *ctx, pdf *p, int f) {
  fontuse *fu = &p->font[f];
  int n = 0;
  uint32_t *gids = malloc(sizeof(uint32_t) * (size_t)(fu->nadv + 1));
  if (!gids)
    dg_oom();
  for (uint32_t g = 0; g < (uint32_t)fu->nadv; g++)
    if (fu->seen[g])
      gids[n++] = g;
  const dg_font_info fi = fu->info;
  size_t plen = 0;
  char *prog = font_program(ctx, fu->file, gids, n, &plen);
  if (!prog) {
    free(gids);
    return -1;
  }
  double k = 1000.0 / (fi.upem ? fi.upem : 1000);
  char name[96];
  uint64_t h = dg_fnv(DG_FNV_START, gids, sizeof(uint32_t) * n);
  for (int i = 0; i < 6; i++, h /= 26)
    name[i] = (char)('A' + h % 26);
  snprintf(name + 6, sizeof name - 6, "+%s", fi.ps_name);
  int cid = pw_new_obj(p), fd = pw_new_obj(p), ff = pw_new_obj(p),
      tu = pw_new_obj(p);
  pw_begin_obj(p, fu->obj);
  dg_buf_printf(&p->b,
                "<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding "
                "/Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R "
                ">>\nendobj\n",
                name, cid, tu);
  pw_begin_obj(p, cid);
  dg_buf_printf(&p->b,
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s "
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
                "/Supplement 0 >> /FontDescriptor %d 0 R /CIDToGIDMap "
                "/Identity /DW 1000 /W [",
                name, fd);
  for (int i = 0; i < n; i++) {
    dg_buf_puts(&p->b, i % 8 ? " " : "\n");
    pw_put_int(&p->b, (long)gids[i]);
    dg_buf_puts(&p->b, " [");
    pw_num(&p->b, fu->adv[gids[i]] * k);
    dg_buf_puts(&p->b, "]");
  }
  dg_buf_puts(&p->b, "\n] >>\nendobj\n");
  pw_begin_obj(p, fd);
  dg_buf_printf(&p->b,
                "<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox "
                "[%d %d %d %d] /ItalicAngle 0 /Ascent %d /Descent %d "
                "/CapHeight %d /StemV 80 /FontFile2 %d 0 R >>\nendobj\n",
                name, (int)lround(fi.bbox[0] * k), (int)lround(fi.bbox[1] * k),
                (int)lround(fi.bbox[2] * k), (int)lround(fi.bbox[3] * k),
                (int)lround(fi.ascender * k), (int)lround(fi.descender * k),
                (int)lround(fi.cap_height * k), ff);
  char extra[64], *sp = memchr(prog, ' ', plen);
  snprintf(extra, sizeof extra, " /Length1 %lu", strtoul(prog, NULL, 10));
  size_t skip = sp ? (size_t)(sp - prog) + 1 : plen;
  pw_put_stream(p, ff, prog + skip, plen - skip, extra);
  free(prog);
  /* ToUnicode: each glyph → the text of the first cluster it drew */
  dg_buf cm = {0};
  dg_buf_puts(&cm,
              "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
              "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement "
              "0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
              "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  int m = 0;
  for (int i = 0; i < n; i++)
    m += fu->ulen[gids[i]] > 0;
  for (int i = 0, done = 0; i < n; i++) {
    uint32_t g = gids[i];
    if (!fu->ulen[g])
      continue;
    if (done % 100 == 0)
      dg_buf_printf(&cm, "%d beginbfchar\n", m - done < 100 ? m - done : 100);
    dg_buf_puts(&cm, "<");
    pw_hex4(&cm, g);
    dg_buf_puts(&cm, "> ");
    char *u = dg_strndup(p->a, fu->uni[g], (size_t)fu->ulen[g]);
    dg_buf tmp = {0};
    pw_text_string(&tmp, u);
    /* drop the byte-order mark: ToUnicode values are bare UTF-16BE */
    dg_buf_puts(&cm, "<");
    dg_buf_put(&cm, tmp.data + 5, tmp.len - 5);
    dg_buf_free(&tmp);
    dg_buf_puts(&cm, "\n");
    if (++done % 100 == 0 || done == m)
      dg_buf_puts(&cm, "endbfchar\n");
  }
  dg_buf_puts(&cm,
              "endcmap\nCMapName currentdict /CMap defineresource pop\nend\n"
              "end\n");
  pw_stream_obj(p, tu, cm.data, cm.len, NULL, 1);
  dg_buf_free(&cm);
  free(gids);
  return 0;
}
