/* pptx_int: what the PPTX renderer's files share (internal). pptx_xml.c
 * wraps libxml2's xmlTextWriter (every part's XML) and minizip (the OPC
 * package, also used for the embedded workbooks); render/pptx/pptx_xlsx.c
 * writes a chart's workbook, pptx_chart.c its DrawingML chart part,
 * pptx_parts.c the parts every presentation needs (theme, master, layout,
 * properties). Only render/pptx/pptx.c walks the display list. No library types
 * here. */
#ifndef DG_PPTX_INT_H
#define DG_PPTX_INT_H

#include "base/util.h"
#include "bind/bind.h"
#include "layout/layout.h"

/* 1 pt = 12700 EMU (English Metric Units, OOXML's length). */
#define PPTX_EMU(pt) ((long long)llround((pt)*12700.0))

/* Namespaces and relationship types used by more than one file. */
#define NS_A "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_R                                                                   \
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_P "http://schemas.openxmlformats.org/presentationml/2006/main"
#define NS_C "http://schemas.openxmlformats.org/drawingml/2006/chart"
#define NS_PKG_RELS                                                            \
  "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_DOC NS_R "/"
/* the content types of PresentationML parts start so */
#define CT_P "application/vnd.openxmlformats-officedocument.presentationml."

/* ---------- XML writer (pptx_xml.c) ---------- */

/* An XML document being written (UTF-8, standalone). Calls after a
 * writer error do nothing; xw_finish reports it. */
typedef struct xw xw;
xw *xw_new(void);
void xw_start(xw *w, const char *name);
void xw_attr(xw *w, const char *name, const char *value);
void xw_attr_int(xw *w, const char *name, long long v);
/* v with up to `decimals` places, no trailing zeros ("12", "51.1"). */
void xw_attr_num(xw *w, const char *name, double v, int decimals);
/* "RRGGBB" */
void xw_attr_rgb(xw *w, const char *name, uint32_t rgb);
void xw_text(xw *w, const char *s);
void xw_end(xw *w);
/* <name/>, an element without attributes or content */
void xw_empty(xw *w, const char *name);
/* <name val="value"/>, the shape of most chart settings. */
void xw_val(xw *w, const char *name, const char *value);
void xw_val_int(xw *w, const char *name, long long v);
/* <a:ln w> filled with colour, or with <a:noFill/> when not has. */
void xw_ln(xw *w, int has, uint32_t colour, double width_pt);
/* <a:solidFill><a:srgbClr val="RRGGBB"/></a:solidFill> */
void xw_fill(xw *w, uint32_t rgb);
/* <a:latin> and <a:ea> naming the same typeface. */
void xw_typefaces(xw *w, const char *font);
/* Ends the document and moves its bytes into out (caller frees). Frees w.
 * Returns 0, or -1 if the writer failed (out left empty). */
int xw_finish(xw *w, dg_buf *out);

/* A relationships part: xw_start'ed <Relationships>; add with xw_rel. */
xw *xw_rels(void);
void xw_rel(xw *w, int id, const char *type, const char *target);

/* ---------- DrawingML pieces (pptx_xml.c) ---------- */
/* <p:nvPr><p:ph type [sz] [idx]/></p:nvPr> of a placeholder: sz NULL and
 * idx 0 leave those out. */
void pptx_nv_pr_ph(xw *w, const char *type, const char *sz, int idx);
/* Opens <p:sp> of a placeholder and writes its whole <p:nvSpPr>: id and
 * name, grouping locked (noGrp) when locked, and pptx_nv_pr_ph's <p:ph>.
 * The caller writes <p:spPr> and the rest, then closes <p:sp>. */
void pptx_ph_start(xw *w, int id, const char *name, int locked,
                   const char *type, const char *sz, int idx);
/* <a:bodyPr> of a text box with no insets (layout placed the lines):
 * wrap "none" or "square", anchor, and fit the autofit element
 * ("a:noAutofit", "a:normAutofit", "a:spAutoFit"). */
void pptx_body_pr(xw *w, const char *wrap, const char *anchor, const char *fit);
/* <a:prstGeom prst><a:avLst/></a:prstGeom>: a preset shape ("rect",
 * "line") with its default adjustments. */
void pptx_preset(xw *w, const char *prst);
/* the a16 decorative mark inside an open <p:cNvPr> */
void pptx_decorative(xw *w);
/* A RECT or LINE op as a decorative shape (a rectangle filled without an
 * outline, a connector line) with the next shape id. */
void pptx_mark(xw *w, int *next_id, const dg_op *o);

/* <el [flipH flipV]><a:off/><a:ext/></el> for a box in points. */
void xw_xfrm(xw *w, const char *el, double x, double y, double cx, double cy,
             int flip_h, int flip_v);
/* <p:cNvPr id name="KIND N" [descr]> for the next shape: N is *next_id,
 * which this advances. */
void pptx_c_nv_pr(xw *w, int *next_id, const char *kind, const char *descr);
/* Starts a <p:graphicFrame> (locked against grouping if nogrp) in the box
 * x, y, cx, cy (points), up to an open <a:graphicData>: the caller writes
 * its uri and content, then ends graphicData, graphic and the frame. */
void pptx_frame_start(xw *w, int *next_id, const char *kind, const char *descr,
                      double x, double y, double cx, double cy, int nogrp);
/* <a:rPr> of a run in o's size, weight, colour and the deck's font. */
void pptx_run_props(xw *w, const dg_op_text *o, const char *font);
/* The distance between the baselines of lines l[0..n-1] (0 for one). */
double pptx_pitch(const dg_op *l, int n);
/* One <a:p>: the text ops l[0..n-1] as laid out, joined by line breaks, at
 * exactly their pitch; algn "l", "ctr", "r" or NULL. */
void pptx_para(xw *w, const dg_op *l, int n, const char *algn,
               const char *font);
/* A list item's paragraph: pptx_para with a real bullet or number (the
 * editor's own, so items can be added and renumbered). */
typedef struct pptx_bullet {
  const char *autonum; /* a:buAutoNum's scheme (arabicPeriod…), else NULL */
  const char *ch;      /* the bullet character, without autonum */
  double indent_pt;    /* where the text starts, from the box's left */
  double label_pt;     /* where the bullet starts, from the box's left */
  double before_pt;    /* space above the item */
  double pitch_pt;     /* between baselines, for an item of one line too */
  int lvl;             /* 0, or how deeply its list is nested */
  int start_at;        /* the autonum's first number; 1 when unset */
} pptx_bullet;
void pptx_para_bullet(xw *w, const dg_op *l, int n, const char *algn,
                      const char *font, const pptx_bullet *bu);
/* The list whose BEGIN is op begin of pg (render/pptx/pptx_list.c): one
 * text box, one paragraph per item. */
void pptx_list(xw *w, int *next_id, const dg_page *pg, int begin, int end,
               const char *font);
typedef struct pkg pkg;
/* The IMAGE op o as a picture (render/pptx/pptx_pic.c): its file added to
 * p, related from the slide as rels' relationship *rel; alt NULL: a
 * decorative picture. */
void pptx_picture(xw *w, int *next_id, xw *rels, int *rel, pkg *p,
                  const dg_op *o, const char *alt);

/* ---------- OPC package (pptx_xml.c) ---------- */

/* Parts collected in order, written as a zip with [Content_Types].xml
 * first, fixed timestamps and deflate: the same parts give the same bytes. */
typedef struct pkg pkg;
pkg *pkg_new(void);
/* Adds the part `name` (no leading slash) with its content type (NULL: the
 * type follows from the extension: .rels, .xml, .xlsx). Takes data->data.
 */
void pkg_add(pkg *p, const char *name, const char *type, dg_buf *data);
/* Finishes w and adds it as above; a writer failure fails pkg_finish. */
void pkg_add_xml(pkg *p, const char *name, const char *type, xw *w);
/* Writes the zip into out (caller frees) and frees p. Returns 0, or -1
 * after reporting. */
int pkg_finish(dg_ctx *ctx, pkg *p, dg_buf *out);
/* Frees p and its parts without writing anything. */
void pkg_discard(pkg *p);

/* ---------- workbook (render/pptx/pptx_xlsx.c) ---------- */

/* The number format (Excel format code) that prints a value the way the
 * deck printed it: "1,004" → "#,##0", "51.1%" → "0.0\"%\"". Arena string. */
const char *pptx_numfmt(dg_arena *a, const dg_chart *c);
/* The name of series s (a chart's single unnamed series is "値"). */
const char *pptx_series_name(const dg_chart *c, int s);
/* The columns of a chart's Sheet1 beyond the categories (A) and the
 * values (B on, one per series), each -1 when the chart has none. Their
 * cells hold formulas over the values, so that what the chart shows from
 * them follows an edit in 「データの編集」: */
typedef struct pptx_book {
  int name_col;   /* total-unit: the bare category names; A is
                     =name&"（"&TEXT(SUM(row),…)&"団体）" */
  int label_col;  /* 100% bars: nser columns of the labels "41，87.2%";
                     100% columns: of the shares "87.2%" */
  int total_col;  /* stacked bars and columns: a helper series of zeros
                     (drawn invisibly at each bar's end), whose labels
                     ("計 250" after a bar, "250" over a column) are in
                     total_col + 1 */
  int legend_col; /* doughnuts: the legend texts, name and
                     "503団体（57.9%）" on a second line */
  int ncols;      /* columns in all */
} pptx_book;
void pptx_book_cols(const dg_chart *c, pptx_book *b);
/* The number format of the deck's shares ("87.2%" → "0.0%"). Arena. */
const char *pptx_pct_fmt(dg_arena *a, const dg_chart *c);
/* The formula (without "=") and the text it gives today of the computed
 * cell at column col, row r (0: the first category) of Sheet1, or NULL
 * when that cell is no formula. *text is an arena string. */
const char *pptx_formula(dg_arena *a, const dg_chart *c, const pptx_book *b,
                         int col, int r, const char **text);
/* "A", "B", …, "AA" for column k (from 0) into out (8 bytes). */
void pptx_col_name(int k, char *out);

/* Writes the chart's data as a workbook: Sheet1 with categories in column
 * A from row 2, series names in row 1 from column B, values below, in
 * pptx_numfmt's format and the deck's font, then pptx_book's columns.
 * Returns 0 or -1 after reporting. */
int xlsx_write(dg_ctx *ctx, dg_arena *a, const dg_chart *c, const char *font,
               dg_buf *out);

/* ---------- chart part (pptx_chart.c) ---------- */

typedef struct pptx_style {
  const char *font;      /* typeface name */
  const dg_theme *theme; /* colours and text sizes */
} pptx_style;

/* The plot as layout drew it: the inner plot box as shares of the chart's
 * frame (w = 0: automatic), the value axis (axis_max, axis_step; 0:
 * automatic), the positions of the titles, the gap between bars as OOXML's
 * gapWidth (percent of a bar) and a doughnut's hole (percent of its diameter).
 */
typedef struct pptx_plot {
  double x, y, w, h;
  /* where layout put the heading and the axis title (top left, shares of
   * the frame; negative: automatic) */
  double head_x, head_y, axis_x, axis_y;
  double lx, ly, lw, lh; /* the legend's box, shares (lw 0: automatic) */
  double axis_max, axis_step;
  int gap_pct, hole_pct;
  /* per point (ncat * nser), or NULL: 1 where layout set the label
   * outside its segment, moved by (dx, dy) shares of the frame from the
   * segment's centre */
  const int *moved;
  const double *dx, *dy;
  /* per point, or NULL: 1 where layout set a line's value under its
   * point rather than above */
  const int *below;
  double val_pt, cat_pt; /* labels' sizes as drawn (0: the label role's) */
} pptx_plot;

/* Adds ppt/charts/chartN.xml, its rels and the embedded workbook
 * ppt/embeddings/chartN.xlsx to p. Returns 0 or -1 after reporting. */
int pptx_chart(dg_ctx *ctx, dg_arena *a, pkg *p, int n, const dg_chart *c,
               const pptx_style *st, const pptx_plot *pl);

/* pptx_label.c: the offsets of the data labels that layout set away from
 * their usual place in the figure ops[i..end] of pg, into pl (moved, dx,
 * dy; below for lines) */
void pptx_label_offsets(dg_arena *a, const dg_page *pg, int i, int end,
                        const dg_chart *c, pptx_plot *pl);

/* ---------- tables (pptx_table.c) ---------- */

/* Writes the table group ops[begin..end] of pg (BEGIN TABLE to its END) as
 * a native table in a graphic frame; *next_id: the slide's next shape id. */
void pptx_table(xw *w, int *next_id, const dg_page *pg, int begin, int end,
                const char *font);

/* ---------- the deck's look (pptx_look.c) ---------- */

/* A placeholder's box (points, its first line's top) and text style as
 * the deck's pages show it. */
typedef struct pptx_ph_look {
  int found; /* 0: no page has it (the master falls back to the theme) */
  double x, y, w, h;
  double size_pt, pitch_pt; /* pitch: between baselines, 0 for one line */
  int bold;
  uint32_t color;
  int align; /* 0 left, 2 right */
} pptx_ph_look;

#define PPTX_MARKS 4
/* The slides' title, number and lead, a cover's title and subtitle, and
 * the rectangles and rules drawn with them (the title's bar and rule, the
 * lead's box, the cover's bar and rule), each from the first page that has
 * it. */
typedef struct pptx_look {
  pptx_ph_look title, number, lead, cover_title, cover_sub;
  dg_op marks[PPTX_MARKS], lead_marks[PPTX_MARKS], cover_marks[PPTX_MARKS];
  int nmarks, nlead_marks, ncover_marks;
} pptx_look;
void pptx_look_of(const dg_layout *l, pptx_look *lk);

/* ---------- fixed parts (pptx_parts.c) ---------- */

typedef struct pptx_doc {
  const dg_deck *deck;
  int nslides;
  double w_pt, h_pt;
  long long epoch; /* created and modified, seconds since 1970 UTC */
  const char *version;
  int notes;             /* notes master and notes slides are in the package */
  const pptx_look *look; /* the master's placeholders and marks */
} pptx_doc;

/* Adds presentation.xml and its rels, the slide master and layout, theme,
 * presentation/view properties, table styles, the notes master, document
 * properties and the package rels. */
void pptx_parts(pkg *p, const pptx_doc *d);
/* Starts a <p:spTree> with its group properties (the caller ends it). */
void pptx_tree_start(xw *w);
/* Ends the <p:spTree> and its <p:cSld>, keeps the master's colour mapping
 * (<p:clrMapOvr>) and ends the slide or layout's root element. */
void pptx_tree_end(xw *w);

/* ---------- notes pages (pptx_notes.c) ---------- */

/* Adds ppt/notesSlides/notesSlideN.xml (N = num) for the slide numbered
 * slide_no: where each of its numbers came from, in font. */
void pptx_notes(pkg *p, dg_arena *a, const dg_deck *d, int num, int slide_no,
                const char *font);

#endif
