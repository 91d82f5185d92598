/* csv: the data stage takes the CSV files a deck's datasets name and gives
 * typed tables (dg_table) whose every cell keeps its file:line:col for
 * messages and --explain. This file is the RFC 4180 reader: encodings
 * (UTF-8 with or without a BOM, or else CP932, detected and decoded with
 * iconv), CRLF, quoting and column typing. num.c is the exact rational
 * arithmetic of the values bound from them, wareki.c the calendar dates
 * and their Japanese-era spellings. */
#include "data/csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* CP932 → UTF-8 with iconv. Returns the converted text (malloc'd, NUL
 * terminated, length in *olen), or NULL with *bad set to the offset of the
 * first byte that is not CP932. */
static char *cp932_to_utf8(const char *data, size_t len, size_t *olen,
                           size_t *bad) {
  iconv_t cd = iconv_open("UTF-8", "CP932");
  *bad = 0;
  if (cd == (iconv_t)-1)
    return NULL;
  size_t cap = dg_mul_size(len, 3) + 4;
  char *out = malloc(cap);
  if (!out)
    dg_oom();
  char *in = (char *)data, *op = out;
  size_t inleft = len, outleft = cap - 1;
  if (iconv(cd, &in, &inleft, &op, &outleft) == (size_t)-1) {
    *bad = (size_t)(in - data);
    free(out);
    iconv_close(cd);
    return NULL;
  }
  iconv_close(cd);
  *op = 0;
  *olen = (size_t)(op - out);
  return out;
}

/* Offset of the first byte that is not valid UTF-8 (or is NUL: *nul set),
 * or len when the whole text is valid. */
static size_t utf8_bad(const char *d, size_t len, int *nul) {
  *nul = 0;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    int k = dg_utf8_decode(d + i, len - i, &cp);
    if (k == 0 || cp == 0) {
      *nul = k != 0;
      return i;
    }
    i += (size_t)k;
  }
  return len;
}

/* Line and column (in characters of the given encoding) of byte offset off:
 * the position the error message names. */
static dg_pos pos_of(const char *path, const char *d, size_t off, int cp932) {
  dg_pos p = {path, 1, 1};
  for (size_t i = 0; i < off;) {
    unsigned char c = (unsigned char)d[i];
    size_t k = 1;
    if (c == '\n') {
      p.line++;
      p.col = 1;
      i++;
      continue;
    }
    if (cp932)
      k = (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC) ? 2 : 1;
    else {
      uint32_t cp;
      int n = dg_utf8_decode(d + i, off - i, &cp);
      k = n > 0 ? (size_t)n : 1;
    }
    p.col++;
    i += k;
  }
  return p;
}

typedef struct field {
  char *text;
  int line, col;
} field;

typedef struct parser {
  dg_ctx *ctx;
  dg_arena *a;
  const char *path;
  const char *p, *end;
  int line;
} parser;

/* Reads one record into fields; returns number of fields, 0 at EOF, -1 on
 * error. */
static int read_record(parser *ps, field *out, int max) {
  if (ps->p >= ps->end)
    return 0;
  int n = 0;
  dg_buf b = {0};
  for (;;) {
    if (n >= max) {
      dg_error(ps->ctx, (dg_pos){ps->path, ps->line, n + 1},
               "too many columns (limit %d)", max);
      dg_buf_free(&b);
      return -1;
    }
    b.len = 0;
    dg_buf_put(&b, "", 0);
    int fline = ps->line, fcol = n + 1;
    if (ps->p < ps->end && *ps->p == '"') {
      ps->p++;
      for (;;) {
        if (ps->p >= ps->end) {
          dg_error(ps->ctx, (dg_pos){ps->path, fline, fcol},
                   "quoted field is not closed (expected '\"')");
          dg_buf_free(&b);
          return -1;
        }
        char c = *ps->p++;
        if (c == '"') {
          if (ps->p < ps->end && *ps->p == '"') {
            dg_buf_put(&b, "\"", 1);
            ps->p++;
            continue;
          }
          break;
        }
        if (c == '\r' && ps->p < ps->end && *ps->p == '\n')
          continue;
        if (c == '\n')
          ps->line++;
        dg_buf_put(&b, &c, 1);
        if (b.len > DG_CSV_MAX_CELL) {
          dg_error(ps->ctx, (dg_pos){ps->path, fline, fcol},
                   "cell is longer than %d bytes", DG_CSV_MAX_CELL);
          dg_buf_free(&b);
          return -1;
        }
      }
      if (ps->p < ps->end && *ps->p != ',' && *ps->p != '\n' &&
          *ps->p != '\r') {
        dg_error(ps->ctx, (dg_pos){ps->path, ps->line, fcol},
                 "unexpected text after closing quote (expected ',' or end "
                 "of line)");
        dg_buf_free(&b);
        return -1;
      }
    } else {
      while (ps->p < ps->end && *ps->p != ',' && *ps->p != '\n' &&
             *ps->p != '\r') {
        if (*ps->p == '"') {
          dg_error(ps->ctx, (dg_pos){ps->path, fline, fcol},
                   "quote inside an unquoted field (quote the whole field "
                   "and double the quote)");
          dg_buf_free(&b);
          return -1;
        }
        dg_buf_put(&b, ps->p, 1);
        ps->p++;
        if (b.len > DG_CSV_MAX_CELL) {
          dg_error(ps->ctx, (dg_pos){ps->path, fline, fcol},
                   "cell is longer than %d bytes", DG_CSV_MAX_CELL);
          dg_buf_free(&b);
          return -1;
        }
      }
    }
    out[n].text = dg_strndup(ps->a, b.data, b.len);
    out[n].line = fline;
    out[n].col = fcol;
    n++;
    if (ps->p >= ps->end)
      break;
    if (*ps->p == ',') {
      ps->p++;
      continue;
    }
    if (*ps->p == '\r')
      ps->p++;
    if (ps->p < ps->end && *ps->p == '\n')
      ps->p++;
    ps->line++;
    break;
  }
  dg_buf_free(&b);
  return n;
}

/* A blank line, or a row of empty cells only (",,": what Excel saves for
 * rows below the data that were once touched): skipped, like a blank line. */
static int blank_record(const field *f, int n) {
  for (int i = 0; i < n; i++)
    if (f[i].text[0])
      return 0;
  return 1;
}

static const char *type_name(dg_coltype t) {
  return t == DG_COL_INT ? "integer" : t == DG_COL_DEC ? "decimal" : "text";
}

dg_table *dg_csv_parse(dg_ctx *ctx, dg_arena *a, const char *path,
                       const char *data, size_t len, const char *encoding,
                       const dg_colspec *cols, int ncols, const char *prov) {
  int errs0 = ctx->nerrors;
  char *conv = NULL;
  /* Encoding: valid UTF-8, with or without a BOM, is UTF-8;
   * otherwise a file that decodes as CP932 is CP932 (Excel's 「CSV (コンマ
   * 区切り)」 on Japanese Windows), with no declaration needed; otherwise
   * the error names the first bad byte. encoding= on the dataset forces
   * one of the two (check_csv.c: cp932_detected). */
  int declared = 0; /* 1 utf-8, 2 cp932 */
  if (encoding && !strcasecmp(encoding, "utf-8"))
    declared = 1;
  else if (encoding && (!strcasecmp(encoding, "cp932") ||
                        !strcasecmp(encoding, "shift_jis") ||
                        !strcasecmp(encoding, "sjis")))
    declared = 2;
  const char *enc_name = "UTF-8";
  int crlf = memmem(data, len, "\r\n", 2) != NULL;
  int bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
  int nul = 0;
  size_t bad = declared == 2 ? 0 : utf8_bad(data, len, &nul);
  if (nul) {
    dg_error(ctx, pos_of(path, data, bad, 0), "NUL byte in file");
    return NULL;
  }
  if (declared == 2 || (bad < len && declared == 0 && !bom)) {
    size_t olen, bad932 = 0;
    conv = cp932_to_utf8(data, len, &olen, &bad932);
    if (!conv) {
      /* neither: name the byte where the likelier reading (the one that
       * got further) failed */
      int as932 = declared == 2 || bad932 > bad;
      size_t at = as932 ? bad932 : bad;
      dg_error(ctx, pos_of(path, data, at, as932),
               declared == 2
                   ? "byte 0x%02X is not CP932 (the dataset declares "
                     "encoding=\"%s\")"
                   : "byte 0x%02X is neither UTF-8 nor CP932 (save the file "
                     "from Excel as 「CSV UTF-8 (コンマ区切り)」 or 「CSV "
                     "(コンマ区切り)」)",
               (unsigned char)data[at], encoding ? encoding : "");
      return NULL;
    }
    enc_name = declared == 2 ? "CP932 (declared)"
                             : "CP932 (detected: not valid UTF-8; Excel's "
                               "「CSV (コンマ区切り)」)";
    data = conv;
    len = olen;
  } else if (bad < len) {
    dg_error(ctx, pos_of(path, data, bad, 0), "byte 0x%02X is not UTF-8 (%s)",
             (unsigned char)data[bad],
             bom ? "the file starts with a UTF-8 byte order mark"
                 : "the dataset declares encoding=\"utf-8\"");
    return NULL;
  } else if (bom)
    enc_name = "UTF-8 (with BOM)";
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
  }
  /* NUL bytes decoded from CP932, with line:col */
  {
    int line = 1, col = 1;
    for (size_t i = 0; i < len;) {
      uint32_t cp;
      int k = dg_utf8_decode(data + i, len - i, &cp);
      if (k == 0 || cp == 0) {
        dg_error(ctx, (dg_pos){path, line, col},
                 k == 0 ? "invalid UTF-8" : "NUL byte in file");
        free(conv);
        return NULL;
      }
      /* no control characters but tab and line ends: they would reach the
       * HTML raw and draw nothing on the slides (check_csv.c:
       * control_characters) */
      if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
          (cp >= 0x7F && cp < 0xA0)) {
        dg_error(ctx, (dg_pos){path, line, col},
                 "control character U+%04X (a cell may hold tabs and line "
                 "breaks, no other control characters)",
                 (unsigned)cp);
        free(conv);
        return NULL;
      }
      /* U+FFFE and U+FFFF are not XML 1.0 characters: the PPTX's parts
       * and the PDF's XMP would not be well formed (check_csv.c:
       * xml_noncharacters) */
      if (cp == 0xFFFE || cp == 0xFFFF) {
        dg_error(ctx, (dg_pos){path, line, col},
                 "noncharacter U+%04X (not allowed in XML, so in no output)",
                 (unsigned)cp);
        free(conv);
        return NULL;
      }
      if (cp == '\n') {
        line++;
        col = 1;
      } else
        col++;
      i += (size_t)k;
    }
  }
  parser ps = {ctx, a, path, data, data + len, 1};
  field *rec = malloc(sizeof(field) * DG_CSV_MAX_COLS);
  if (!rec)
    dg_oom();
  dg_table *t = dg_alloc(a, sizeof *t);
  t->path = dg_strdup(a, path);
  t->encoding = dg_printf(a, "%s%s", enc_name, crlf ? ", CRLF line ends" : "");
  t->prov_col = -1;
  int n = read_record(&ps, rec, DG_CSV_MAX_COLS);
  if (n <= 0 || blank_record(rec, n)) {
    if (n == 0 || (n > 0 && blank_record(rec, n)))
      dg_error(ctx, (dg_pos){path, 1, 0}, "empty file (expected a header row)");
    goto fail;
  }
  t->ncols = n;
  t->colnames = dg_alloc_array(a, (size_t)n, sizeof(char *));
  t->types = dg_alloc_array(a, (size_t)n, sizeof(dg_coltype));
  for (int i = 0; i < n; i++) {
    t->colnames[i] = rec[i].text;
    for (int j = 0; j < i; j++)
      if (strcmp(t->colnames[j], rec[i].text) == 0)
        dg_error(ctx, (dg_pos){path, 1, i + 1}, "duplicate column \"%s\"",
                 rec[i].text);
  }
  for (int k = 0; k < ncols; k++) {
    int c = dg_table_col(t, cols[k].name);
    if (c < 0) {
      dg_error(ctx, (dg_pos){path, 1, 0},
               "missing column \"%s\" declared at %s:%d", cols[k].name,
               cols[k].pos.file ? cols[k].pos.file : "?", cols[k].pos.line);
      continue;
    }
    t->types[c] = cols[k].type;
  }
  if (prov) {
    t->prov_col = dg_table_col(t, prov);
    if (t->prov_col < 0)
      dg_error(ctx, (dg_pos){path, 1, 0}, "missing provenance column \"%s\"",
               prov);
  } else {
    t->prov_col = dg_table_col(t, "source");
  }
  if (ctx->nerrors > errs0)
    goto fail;
  size_t cap = 64;
  dg_cell *cells = malloc(dg_mul_size(cap, (size_t)t->ncols * sizeof(dg_cell)));
  if (!cells)
    dg_oom();
  int rows = 0;
  while ((n = read_record(&ps, rec, DG_CSV_MAX_COLS)) > 0) {
    if (blank_record(rec, n))
      continue;
    if (n != t->ncols) {
      dg_error(ctx, (dg_pos){path, rec[0].line, 0},
               "row has %d fields, the header has %d", n, t->ncols);
      continue;
    }
    if (rows >= DG_CSV_MAX_ROWS) {
      dg_error(ctx, (dg_pos){path, rec[0].line, 0}, "too many rows (limit %d)",
               DG_CSV_MAX_ROWS);
      break;
    }
    if ((size_t)rows == cap) {
      cap *= 2;
      dg_cell *nc =
          realloc(cells, dg_mul_size(cap, (size_t)t->ncols * sizeof(dg_cell)));
      if (!nc)
        dg_oom();
      cells = nc;
    }
    for (int c = 0; c < n; c++) {
      dg_cell *cell = &cells[(size_t)rows * (size_t)t->ncols + (size_t)c];
      cell->text = rec[c].text;
      cell->pos = (dg_pos){t->path, rec[c].line, rec[c].col};
      cell->num = dg_num_int(0);
      /* set below from the provenance column, if the table has one;
       * --explain prints it (cells come from malloc, not the arena) */
      cell->prov = NULL;
      if (t->types[c] == DG_COL_TEXT)
        continue;
      const char *s = rec[c].text;
      if (!*s) {
        dg_error(ctx, cell->pos, "empty cell in %s column \"%s\"",
                 type_name(t->types[c]), t->colnames[c]);
        continue;
      }
      if (dg_num_parse(s, &cell->num) != 0 ||
          (t->types[c] == DG_COL_INT && !dg_num_is_int(cell->num))) {
        dg_error(ctx, cell->pos, "\"%s\" is not a valid %s (column \"%s\")", s,
                 type_name(t->types[c]), t->colnames[c]);
        continue;
      }
    }
    rows++;
  }
  if (n < 0) {
    free(cells);
    goto fail;
  }
  t->nrows = rows;
  if (t->prov_col >= 0)
    for (int r = 0; r < rows; r++)
      for (int c = 0; c < t->ncols; c++)
        cells[(size_t)r * (size_t)t->ncols + (size_t)c].prov =
            cells[(size_t)r * (size_t)t->ncols + (size_t)t->prov_col].text;
  t->cells = dg_alloc_array(a, (size_t)rows ? (size_t)rows : 1,
                            (size_t)t->ncols * sizeof(dg_cell));
  memcpy(t->cells, cells, (size_t)rows * (size_t)t->ncols * sizeof(dg_cell));
  free(cells);
  free(rec);
  free(conv);
  return ctx->nerrors > errs0 ? NULL : t;
fail:
  free(rec);
  free(conv);
  return NULL;
}

dg_table *dg_csv_read(dg_ctx *ctx, dg_arena *a, const char *path,
                      const char *encoding, const dg_colspec *cols, int ncols,
                      const char *prov) {
  size_t len;
  char *data = dg_read_file(ctx, path, DG_CSV_MAX_BYTES, &len);
  if (!data)
    return NULL;
  dg_table *t =
      dg_csv_parse(ctx, a, path, data, len, encoding, cols, ncols, prov);
  free(data);
  return t;
}

int dg_table_col(const dg_table *t, const char *name) {
  for (int i = 0; i < t->ncols; i++)
    if (strcmp(t->colnames[i], name) == 0)
      return i;
  return -1;
}

const dg_cell *dg_table_cell(const dg_table *t, int r, int c) {
  return &t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
}
