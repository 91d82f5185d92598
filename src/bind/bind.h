/* bind: second stage. Loads the theme and the datasets a deck declares,
 * runs its data checks, and evaluates every {expression} in text and every
 * chart's data, producing a deck in which every value is resolved. Also
 * records each bound value with its source cells for --explain. */
#ifndef DG_BIND_H
#define DG_BIND_H

#include "data/csv.h"
#include "data/image.h"
#include "deck/parse.h"
#include "deck/theme.h"
#include "base/util.h"

/* bar, stacked100: horizontal bars; column: vertical bars (stacked,
 * grouped or, with percent, 100%); line: one line per series across the
 * categories (e.g. survey years) */
typedef enum {
  DG_CH_BAR,
  DG_CH_STACKED100,
  DG_CH_PIE,
  DG_CH_LINE,
  DG_CH_COLUMN
} dg_chart_type;

/* Which points of a line carry their value: every point, the last one of
 * each line, or none */
typedef enum { DG_LAB_ALL, DG_LAB_LAST, DG_LAB_NONE } dg_label_at;

typedef struct dg_chart {
  dg_chart_type type;
  int stack;   /* multi-series bar or column: 1 stacked, 0 grouped */
  int percent; /* column: each category's segments as shares of 100% */
  int sequential; /* series in order (years): the theme's sequential ramp
                     instead of its categorical palette */
  dg_label_at labels; /* line: which points are labelled */
  int highlight;      /* a category drawn in the highlight colour, or -1 */
  int has_ref;        /* a reference line at ref (e.g. a national average) */
  double ref;
  const char *ref_text; /* its label as printed: "全国平均 45.2%" */
  int ncat, nser;
  const char **cat;      /* category labels */
  /* the labels before total-unit added each category's total ("都道府県"
   * of 都道府県（47団体）), and that unit, or NULL */
  const char **cat_name;
  const char *total_unit;
  const char **ser;      /* series names (nser; one unnamed series allowed) */
  double *val;           /* ncat * nser, for drawing */
  const char **val_text; /* ncat * nser, value as printed ("1,004") */
  const char **pct_text; /* ncat * nser, share as printed ("87.2%"), or NULL */
  const char **tot_text; /* ncat, a category's total as printed, or NULL */
  const char *unit;      /* printed after values in the data table */
  const char *axis_title;
  const char *heading;  /* shown above the chart (two-chart slides) */
  const char *caption;  /* e.g. 団体数，全体に占める％ */
  const char *alt;      /* accessible name and PDF /Alt */
  const char *csv_name; /* file name for the chart's data in HTML */
  int numbered_legend;
  double axis_max; /* 0: automatic */
} dg_chart;

typedef struct dg_tablek {
  int nrows, ncols;
  /* the header: nhead rows of ncols slots (1 row without <thead>); a cell
   * sits in its first slot with its spans, and the slots it covers hold
   * NULL with spans 0 */
  int nhead;
  const char **head;      /* nhead * ncols */
  int *colspan, *rowspan; /* nhead * ncols */
  const char **cells;     /* nrows * ncols */
  const char **colname;   /* ncols: the dataset's column, for messages */
  double *widths;         /* relative column widths; 0 = fit the content */
  int *valign;            /* per column: 0 top, 1 middle, 2 bottom */
  int *align;      /* per column: 0 left, 1 centre, 2 right, 3 on the point */
  int *head_align; /* header row, same codes */
  const char *caption;
  const char *id; /* the element's id, or NULL */
  /* rows="spread": what height is left over is shared by the rows (up to
   * 1.5 lines each) and the text may grow 4 pt above the theme's size;
   * else rows are as tall as their content at the theme's size */
  int spread;
  /* continue="column": rows that do not fit the box's height go on in
   * another column beside it, under the same header */
  int flow;
} dg_tablek;

typedef struct dg_keyfig {
  const char *label, *value, *unit, *caption;
} dg_keyfig;

typedef enum {
  DG_B_LEAD,
  DG_B_TEXT,
  DG_B_CHART,
  DG_B_TABLE,
  DG_B_FIGURES,
  DG_B_ROW,
  DG_B_NOTE,
  DG_B_SOURCE,
  DG_B_LIST,    /* <ul>/<ol>: its items are paras */
  DG_B_COLUMNS, /* <columns>: its kids are COLUMNs side by side */
  DG_B_COLUMN,  /* one column: its kids stacked */
  DG_B_IMAGE    /* <image>: image, alt, decorative */
} dg_bkind;

/* Inline markup of a paragraph, one byte of bits per byte of its text:
 * set in bold (<b>), kept on one line (<nobr>). A <br/> is a line feed in
 * the text itself. */
enum { DG_INL_BOLD = 1, DG_INL_NOBR = 2 };

typedef struct dg_block {
  dg_bkind kind;
  dg_pos pos;
  const char *id; /* element id, for messages and HTML ids */
  const char **paras;
  /* npara entries: the inline markup of each paragraph (DG_INL_* per byte
   * of paras[i]), or NULL when it has none; the array itself may be NULL */
  const unsigned char **para_style;
  int npara;
  int ordered; /* LIST: numbered (<ol>) */
  int start;   /* LIST, numbered: the first item's number (<ol start>) */
  /* LIST: npara entries, the list nested in item i (a LIST block, its
   * items a level deeper) or NULL; the array itself may be NULL */
  struct dg_block **sub;
  dg_chart *chart;
  dg_tablek *table;
  dg_keyfig *figs;
  int nfigs;
  struct dg_block *kids; /* ROW, COLUMNS, COLUMN */
  int nkids;
  /* COLUMN: its width, a share of what the %-wide columns and the gaps
   * leave (width_pct 0), or a percentage of the width (width 0) */
  double width_fr, width_pct;
  const dg_image *image; /* IMAGE */
  const char *alt;       /* IMAGE: what it shows; NULL when decorative */
  int decorative;        /* IMAGE: says nothing (an artifact) */
} dg_block;

typedef struct dg_slide {
  int number; /* from 1 */
  dg_pos pos;
  const char *title;
  dg_block *blocks;
  int nblocks;
  dg_theme theme; /* deck theme plus this slide's overrides */
  int cover; /* layout="cover": a title page without a slide number */
  const char *subtitle, *date, *org; /* the cover's lines, or NULL */
} dg_slide;

typedef struct dg_explain {
  int slide; /* 0: deck-level check */
  const char *element;
  dg_pos pos;
  const char *expr;
  const char *result;
  const dg_cell **src;
  int nsrc;
  int src_more;          /* source cells not listed (bounded provenance) */
  const char *more_file; /* their file, "" if several */
} dg_explain;

/* How a cell of a derived dataset was computed, for --explain: the
 * <column expr> that computed it (where it is written), the dataset and
 * row, and the cells the value was computed from (bounded as a value's). */
typedef struct dg_calc {
  dg_pos pos;
  const char *expr, *dataset;
  int row; /* from 1 */
  const dg_cell **src;
  int nsrc, src_more;
  const char *more_file;
} dg_calc;

/* A derived dataset's table and, per cell (row-major, as its cells), how
 * the cell was computed, or NULL for a cell copied from the dataset it
 * derives from (which points at its own source). */
typedef struct dg_derived {
  const dg_table *table;
  const dg_calc **calc;
} dg_derived;

typedef struct dg_deck {
  const char *id; /* output name, e.g. genai-2024 */
  const char *lang;
  const char *title, *author, *subject, *keywords, *date, *description;
  dg_theme theme;
  dg_slide *slides;
  int nslides;
  dg_table **tables;
  int ntables;
  dg_explain *explain;
  int nexplain, capexplain;
  dg_derived *derived; /* one per derived dataset, ntables at most */
  int nderived;
} dg_deck;

/* A theme file parsed once for many decks (a batch worker) or renders
 * (--watch): bind parses the deck's theme into arena a on first use and
 * reuses it for each deck whose theme is the same file under the same
 * schema. With by_bytes set (--watch, where the file may be edited) the
 * file is read each time and reused only while its bytes are the same;
 * another version is parsed into a fresh arena. */
typedef struct dg_theme_memo {
  dg_arena *a;
  const char *path, *schema;
  dg_node *node;
  int by_bytes;
  char *bytes; /* by_bytes: the file as parsed (malloc'd) */
  size_t len;
} dg_theme_memo;

/* Frees what a memo holds (not the struct); by_bytes stays. */
void dg_theme_memo_free(dg_theme_memo *tm);

typedef struct dg_bind_opts {
  const char *root;   /* project root: dataset paths resolve against it */
  const char *schema; /* RELAX NG schema for the theme file */
  int allow_outside;  /* accept dataset paths outside the project */
  dg_table *const *preloaded; /* datasets already read (batch mode): a */
  int npreloaded;             /* dataset with the same id is not re-read */
  const char *data;     /* --data DIR: this survey's folder, or NULL */
  const char *previous; /* --previous DIR: the previous survey's, or NULL */
  const char *links;    /* --allow-links DIR, resolved: symbolic links below
                           the project may lead into it; NULL: none */
  dg_theme_memo *theme_memo; /* or NULL: the theme is parsed for each deck */
} dg_bind_opts;

/* Sets ctx->confine to the folders opts names (the project root, --data,
 * --previous; links into opts->links allowed), kept in c, and returns the
 * confinement it replaced, for the caller to restore. */
const dg_confine *dg_bind_confine(dg_ctx *ctx, const dg_bind_opts *opts,
                                  dg_confine *c);

/* Binds the parsed deck at deck_path. Returns the bound deck (arena) or NULL
 * after reporting every error found. The theme, datasets and survey.csv
 * files are read confined to opts->root, ->data and ->previous (see
 * dg_confine): no symbolic link below them is followed. */
dg_deck *dg_bind(dg_ctx *ctx, dg_arena *a, const dg_node *root,
                 const char *deck_path, const dg_bind_opts *opts);

/* Reads every dataset the deck declares (nothing else). Returns the number
 * of tables stored in *out (arena), or -1 after reporting. */
int dg_bind_datasets(dg_ctx *ctx, dg_arena *a, const dg_node *root,
                     const dg_bind_opts *opts, dg_table ***out);

/* The deck's output name: its id attribute with {expressions} evaluated
 * against tables (e.g. genai-{plain(year(survey.date))}); letters, digits,
 * '.', '-' and '_' only. Returns the arena string or NULL after reporting. */
const char *dg_bind_id(dg_ctx *ctx, dg_arena *a, const dg_node *root,
                       dg_table *const *tables, int ntables);

/* The data files the deck reads (datasets and survey.csv files), for
 * --watch. Returns how many were stored in *out (arena), or -1. */
int dg_bind_inputs(dg_ctx *ctx, dg_arena *a, const dg_node *root,
                   const dg_bind_opts *opts, const char ***out);

/* Writes the --explain listing (every bound value with its sources). */
void dg_bind_explain(const dg_deck *d, FILE *out);

/* Interpolates {expr} in text with env's tables; "{{" and "}}" are literal
 * braces. Returns the arena string or NULL after reporting. Exposed for the
 * unit tests. */
struct dg_env;
const char *dg_interpolate(struct dg_env *env, const char *text, dg_deck *d,
                           int slide, const char *element);

#endif
