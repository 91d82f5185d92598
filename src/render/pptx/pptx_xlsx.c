/* xlsx: the workbook embedded in each PPTX chart, so that PowerPoint's
 * 「データの編集」 opens the chart's figures. One sheet: categories down
 * column A, one column per series, values as bound (the same numbers the
 * chart part caches), in the number format the deck printed them with.
 * A small SpreadsheetML package of its own, made with pptx_xml.c. */
#include "render/pptx/pptx_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NS_S "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define CT_S "application/vnd.openxmlformats-officedocument.spreadsheetml."

const char *pptx_series_name(const dg_chart *c, int s) {
  if (c->ser && c->ser[s] && c->ser[s][0])
    return c->ser[s];
  return c->axis_title ? c->axis_title : "値";
}

/* Appends a literal for a format code: "..." (a quote inside cannot be
 * said in a format literal and is dropped). */
static void literal(dg_buf *b, const char *s, size_t n) {
  if (n == 0)
    return;
  dg_buf_puts(b, "\"");
  for (size_t i = 0; i < n; i++)
    if (s[i] != '"')
      dg_buf_put(b, s + i, 1);
  dg_buf_puts(b, "\"");
}

/* The parts of a printed number: the literal before and after it, whether
 * its digits are grouped by commas, and its decimals. */
typedef struct printed {
  const char *pre, *post;
  size_t npre;
  int group, dec;
  int ungrouped; /* four or more digits without a comma */
} printed;

static printed parse_printed(const char *t) {
  printed r = {t, "", 0, 0, 0, 0};
  const char *p = t;
  while (*p && !(*p >= '0' && *p <= '9'))
    p++;
  const char *pre_end = p;
  if (pre_end > t && pre_end[-1] == '-')
    pre_end--;
  r.npre = (size_t)(pre_end - t);
  int run = 0;
  while ((*p >= '0' && *p <= '9') || *p == ',') {
    r.group |= *p == ',';
    run = *p == ',' ? 0 : run + 1;
    r.ungrouped |= run > 3;
    p++;
  }
  if (*p == '.' && p[1] >= '0' && p[1] <= '9')
    for (p++; *p >= '0' && *p <= '9'; p++)
      r.dec++;
  r.post = p;
  return r;
}

const char *pptx_numfmt(dg_arena *a, const dg_chart *c) {
  /* literals from the first value; grouping and decimals from all of them
   * (875 and 1,004 in one chart print with a comma from 1,000 on). The
   * deck groups thousands, so values under 1,000 group too (an edited
   * 1200 prints 1,200) unless a long number was printed without commas */
  printed f = {0};
  int any = 0, ungrouped = 0;
  for (int i = 0; i < c->ncat * c->nser; i++) {
    const char *t = c->val_text ? c->val_text[i] : NULL;
    if (!t || !t[0])
      continue;
    printed q = parse_printed(t);
    if (!any)
      f = q;
    f.group |= q.group;
    ungrouped |= q.ungrouped;
    if (q.dec > f.dec)
      f.dec = q.dec;
    any = 1;
  }
  if (!any)
    return "General";
  dg_buf b = {0};
  literal(&b, f.pre, f.npre);
  dg_buf_puts(&b, f.group || !ungrouped ? "#,##0" : "0");
  if (f.dec) {
    dg_buf_puts(&b, ".");
    for (int i = 0; i < f.dec; i++)
      dg_buf_puts(&b, "0");
  }
  literal(&b, f.post, strlen(f.post));
  const char *r = dg_strdup(a, b.data);
  dg_buf_free(&b);
  return r;
}

void pptx_col_name(int k, char *out) {
  char tmp[8];
  int n = 0;
  for (k++; k > 0 && n < 7; k = (k - 1) / 26)
    tmp[n++] = (char)('A' + (k - 1) % 26);
  for (int i = 0; i < n; i++)
    out[i] = tmp[n - 1 - i];
  out[n] = 0;
}

static void cell_ref(int col, int row, char *out) {
  pptx_col_name(col, out);
  sprintf(out + strlen(out), "%d", row + 1);
}

const char *pptx_pct_fmt(dg_arena *a, const dg_chart *c) {
  int pdec = 0;
  if (c->pct_text && c->pct_text[0]) {
    const char *d = strchr(c->pct_text[0], '.');
    for (d = d ? d + 1 : ""; *d >= '0' && *d <= '9'; d++)
      pdec++;
  }
  dg_buf pf = {0};
  dg_buf_puts(&pf, pdec ? "0." : "0");
  for (int i = 0; i < pdec; i++)
    dg_buf_puts(&pf, "0");
  dg_buf_puts(&pf, "%");
  const char *r = dg_strdup(a, pf.data);
  dg_buf_free(&pf);
  return r;
}

void pptx_book_cols(const dg_chart *c, pptx_book *b) {
  int n = c->nser + 1;
  b->name_col = c->cat_name && c->total_unit ? n++ : -1;
  b->label_col =
      (c->type == DG_CH_STACKED100 || c->percent) && c->pct_text ? n : -1;
  if (b->label_col >= 0)
    n += c->nser;
  b->total_col =
      (c->type == DG_CH_BAR || c->type == DG_CH_COLUMN) && c->tot_text ? n
                                                                       : -1;
  if (b->total_col >= 0)
    n += 2;
  b->legend_col = c->type == DG_CH_PIE && c->pct_text ? n++ : -1;
  b->ncols = n;
}

/* A format code as a string literal inside a formula: quotes doubled. */
static const char *quoted(dg_arena *a, const char *s) {
  dg_buf b = {0};
  dg_buf_puts(&b, "\"");
  for (; *s; s++)
    dg_buf_puts(&b, *s == '"' ? "\"\"" : (char[]){*s, 0});
  dg_buf_puts(&b, "\"");
  const char *r = dg_strdup(a, b.data);
  dg_buf_free(&b);
  return r;
}

const char *pptx_formula(dg_arena *a, const dg_chart *c, const pptx_book *b,
                         int col, int r, const char **text) {
  char first[8], last[8], me[8];
  pptx_col_name(1, first);
  pptx_col_name(c->nser, last);
  int row = r + 2, k = r * c->nser;
  const char *vf = quoted(a, pptx_numfmt(a, c));
  const char *sum = dg_printf(a, "SUM($%s%d:$%s%d)", first, row, last, row);
  if (col == 0 && b->name_col >= 0) {
    pptx_col_name(b->name_col, me);
    *text = c->cat[r];
    return dg_printf(a, "%s%d&\"（\"&TEXT(%s,%s)&%s", me, row, sum, vf,
                     quoted(a, dg_printf(a, "%s）", c->total_unit)));
  }
  if (b->label_col >= 0 && col >= b->label_col &&
      col < b->label_col + c->nser) {
    int s = col - b->label_col;
    pptx_col_name(s + 1, me);
    const char *pf = quoted(a, pptx_pct_fmt(a, c));
    /* the deck prints no label on a zero segment; 100% columns print the
     * share alone */
    if (c->percent) {
      *text = c->val[k + s] == 0 ? "" : c->pct_text[k + s];
      return dg_printf(a, "IF(%s%d=0,\"\",TEXT(%s%d/%s,%s))", me, row, me,
                       row, sum, pf);
    }
    *text = c->val[k + s] == 0 ? ""
                               : dg_printf(a, "%s，%s", c->val_text[k + s],
                                           c->pct_text[k + s]);
    return dg_printf(a, "IF(%s%d=0,\"\",TEXT(%s%d,%s)&\"，\"&TEXT(%s%d/%s,%s))",
                     me, row, me, row, vf, me, row, sum, pf);
  }
  if (b->total_col >= 0 && col == b->total_col + 1) {
    /* a column's total stands over it bare, a bar's after it as "計 …" */
    if (c->type == DG_CH_COLUMN) {
      *text = c->tot_text[r];
      return dg_printf(a, "TEXT(%s,%s)", sum, vf);
    }
    *text = dg_printf(a, "計 %s", c->tot_text[r]);
    return dg_printf(a, "\"計 \"&TEXT(%s,%s)", sum, vf);
  }
  if (b->legend_col >= 0 && col == b->legend_col) {
    const char *unit = c->unit ? c->unit : "";
    *text = dg_printf(a, "%s\n%s%s（%s）", c->cat[r], c->val_text[k], unit,
                      c->pct_text[k]);
    pptx_col_name(1, me);
    return dg_printf(a,
                     "A%d&CHAR(10)&TEXT(B%d,%s)&%s&TEXT(B%d/SUM($B$2:$B$%d),"
                     "%s)&\"）\"",
                     row, row, vf, quoted(a, dg_printf(a, "%s（", unit)), row,
                     c->ncat + 1, quoted(a, pptx_pct_fmt(a, c)));
  }
  return NULL;
}

/* A cell holding a formula and the text it gives. */
static void formula_cell(xw *w, int col, int row, const char *f,
                         const char *text) {
  char ref[24];
  cell_ref(col, row, ref);
  xw_start(w, "c");
  xw_attr(w, "r", ref);
  xw_attr(w, "t", "str");
  xw_start(w, "f");
  xw_text(w, f);
  xw_end(w);
  xw_start(w, "v");
  xw_text(w, text);
  xw_end(w);
  xw_end(w);
}

static void str_cell(xw *w, int col, int row, const char *s) {
  char ref[24];
  cell_ref(col, row, ref);
  xw_start(w, "c");
  xw_attr(w, "r", ref);
  xw_attr(w, "t", "inlineStr");
  xw_start(w, "is");
  xw_start(w, "t");
  xw_text(w, s);
  xw_end(w);
  xw_end(w);
  xw_end(w);
}

static void num_cell(xw *w, int col, int row, double v) {
  char ref[24];
  cell_ref(col, row, ref);
  xw_start(w, "c");
  xw_attr(w, "r", ref);
  xw_attr(w, "s", "1");
  xw_start(w, "v");
  dg_buf b = {0};
  dg_buf_num(&b, v, 6);
  xw_text(w, b.data);
  dg_buf_free(&b);
  xw_end(w);
  xw_end(w);
}

static xw *sheet(dg_arena *a, const dg_chart *c) {
  pptx_book bk;
  pptx_book_cols(c, &bk);
  xw *w = xw_new();
  xw_start(w, "worksheet");
  xw_attr(w, "xmlns", NS_S);
  char dim[32] = "A1:";
  cell_ref(bk.ncols - 1, c->ncat, dim + 3);
  xw_start(w, "dimension");
  xw_attr(w, "ref", dim);
  xw_end(w);
  xw_start(w, "cols");
  xw_start(w, "col");
  xw_attr(w, "min", "1");
  xw_attr(w, "max", "1");
  xw_attr(w, "width", "40");
  xw_attr(w, "customWidth", "1");
  xw_end(w);
  xw_end(w);
  xw_start(w, "sheetData");
  for (int r = 0; r <= c->ncat; r++) {
    xw_start(w, "row");
    xw_attr_int(w, "r", r + 1);
    if (r == 0) {
      for (int s = 0; s < c->nser; s++)
        str_cell(w, s + 1, 0, pptx_series_name(c, s));
      if (bk.name_col >= 0)
        str_cell(w, bk.name_col, 0, "区分");
      for (int s = 0; bk.label_col >= 0 && s < c->nser; s++)
        str_cell(w, bk.label_col + s, 0,
                 dg_printf(a, "ラベル：%s", pptx_series_name(c, s)));
      if (bk.total_col >= 0) {
        str_cell(w, bk.total_col, 0, "計");
        str_cell(w, bk.total_col + 1, 0, "ラベル：計");
      }
      if (bk.legend_col >= 0)
        str_cell(w, bk.legend_col, 0, "凡例");
      xw_end(w);
      continue;
    }
    const char *text, *f = pptx_formula(a, c, &bk, 0, r - 1, &text);
    if (f)
      formula_cell(w, 0, r, f, text);
    else
      str_cell(w, 0, r, c->cat[r - 1]);
    for (int s = 0; s < c->nser; s++)
      num_cell(w, s + 1, r, c->val[(r - 1) * c->nser + s]);
    if (bk.name_col >= 0)
      str_cell(w, bk.name_col, r, c->cat_name[r - 1]);
    if (bk.total_col >= 0)
      num_cell(w, bk.total_col, r, 0);
    for (int k = c->nser + 1; k < bk.ncols; k++)
      if ((f = pptx_formula(a, c, &bk, k, r - 1, &text)))
        formula_cell(w, k, r, f, text);
    xw_end(w);
  }
  xw_end(w);
  xw_end(w);
  return w;
}

static xw *styles(const char *fmt, const char *font) {
  xw *w = xw_new();
  xw_start(w, "styleSheet");
  xw_attr(w, "xmlns", NS_S);
  xw_start(w, "numFmts");
  xw_attr(w, "count", "1");
  xw_start(w, "numFmt");
  xw_attr(w, "numFmtId", "164");
  xw_attr(w, "formatCode", fmt);
  xw_end(w);
  xw_end(w);
  xw_start(w, "fonts");
  xw_attr(w, "count", "1");
  xw_start(w, "font");
  xw_val(w, "sz", "11");
  xw_val(w, "name", font);
  xw_val(w, "charset", "128");
  xw_end(w);
  xw_end(w);
  xw_start(w, "fills");
  xw_attr(w, "count", "2");
  static const char *pat[] = {"none", "gray125"};
  for (int i = 0; i < 2; i++) {
    xw_start(w, "fill");
    xw_start(w, "patternFill");
    xw_attr(w, "patternType", pat[i]);
    xw_end(w);
    xw_end(w);
  }
  xw_end(w);
  xw_start(w, "borders");
  xw_attr(w, "count", "1");
  xw_start(w, "border");
  static const char *side[] = {"left", "right", "top", "bottom", "diagonal"};
  for (int i = 0; i < 5; i++) {
    xw_start(w, side[i]);
    xw_end(w);
  }
  xw_end(w);
  xw_end(w);
  xw_start(w, "cellStyleXfs");
  xw_attr(w, "count", "1");
  xw_start(w, "xf");
  xw_attr(w, "numFmtId", "0");
  xw_attr(w, "fontId", "0");
  xw_attr(w, "fillId", "0");
  xw_attr(w, "borderId", "0");
  xw_end(w);
  xw_end(w);
  xw_start(w, "cellXfs");
  xw_attr(w, "count", "2");
  for (int i = 0; i < 2; i++) {
    xw_start(w, "xf");
    xw_attr(w, "numFmtId", i ? "164" : "0");
    xw_attr(w, "fontId", "0");
    xw_attr(w, "fillId", "0");
    xw_attr(w, "borderId", "0");
    xw_attr(w, "xfId", "0");
    if (i)
      xw_attr(w, "applyNumberFormat", "1");
    xw_end(w);
  }
  xw_end(w);
  xw_start(w, "cellStyles");
  xw_attr(w, "count", "1");
  xw_start(w, "cellStyle");
  xw_attr(w, "name", "Normal");
  xw_attr(w, "xfId", "0");
  xw_attr(w, "builtinId", "0");
  xw_end(w);
  xw_end(w);
  xw_end(w);
  return w;
}

int xlsx_write(dg_ctx *ctx, dg_arena *a, const dg_chart *c, const char *font,
               dg_buf *out) {
  pkg *p = pkg_new();
  xw *w = xw_rels();
  xw_rel(w, 1, REL_DOC "officeDocument", "xl/workbook.xml");
  xw_end(w);
  pkg_add_xml(p, "_rels/.rels", NULL, w);

  w = xw_new();
  xw_start(w, "workbook");
  xw_attr(w, "xmlns", NS_S);
  xw_attr(w, "xmlns:r", NS_R);
  xw_start(w, "sheets");
  xw_start(w, "sheet");
  xw_attr(w, "name", "Sheet1");
  xw_attr(w, "sheetId", "1");
  xw_attr(w, "r:id", "rId1");
  xw_end(w);
  xw_end(w);
  xw_end(w);
  pkg_add_xml(p, "xl/workbook.xml", CT_S "sheet.main+xml", w);

  w = xw_rels();
  xw_rel(w, 1, REL_DOC "worksheet", "worksheets/sheet1.xml");
  xw_rel(w, 2, REL_DOC "styles", "styles.xml");
  xw_end(w);
  pkg_add_xml(p, "xl/_rels/workbook.xml.rels", NULL, w);
  pkg_add_xml(p, "xl/worksheets/sheet1.xml", CT_S "worksheet+xml", sheet(a, c));
  pkg_add_xml(p, "xl/styles.xml", CT_S "styles+xml",
              styles(pptx_numfmt(a, c), font));
  return pkg_finish(ctx, p, out);
}
