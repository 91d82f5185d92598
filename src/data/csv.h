/* csv: the data stage's reader. Turns one CSV file (UTF-8 with or without
 * BOM, or else CP932, detected; LF or CRLF; RFC 4180 quoting) into a typed
 * table whose every cell remembers file:row:col for error messages and
 * --explain. */
#ifndef DG_CSV_H
#define DG_CSV_H

#include "data/num.h"
#include "base/util.h"

typedef enum { DG_COL_TEXT, DG_COL_INT, DG_COL_DEC } dg_coltype;

/* A declared column: its name in the header row and its type. */
typedef struct dg_colspec {
  const char *name;
  dg_coltype type;
  dg_pos pos; /* where the deck declared it */
} dg_colspec;

typedef struct dg_cell {
  const char *text; /* as written, UTF-8 */
  dg_num num;       /* parsed value for INT/DEC columns */
  dg_pos pos;       /* file, physical line, field number (col) */
  const char *prov; /* provenance of the row (S, B, C, P…) or NULL */
} dg_cell;

/* What a numeric column's values are, for the words that compare them: a
 * tie between counts is 同数, between shares or rates 同率, between
 * amounts 同額 (<column kind>). */
typedef enum { DG_KIND_COUNT, DG_KIND_SHARE, DG_KIND_AMOUNT } dg_numkind;

typedef struct dg_table {
  const char *id;       /* dataset id from the deck */
  const char *path;     /* file as named in messages */
  const char *encoding; /* how it was read, for --explain: "UTF-8",
                           "CP932 (detected: …)", ", CRLF line ends" */
  int ncols;
  const char **colnames;
  dg_coltype *types;
  /* ncols, or NULL: each column's declared kind (default: a count) */
  dg_numkind *kinds;
  int nrows;          /* data rows, header excluded */
  dg_cell *cells;     /* nrows * ncols, row-major */
  int prov_col;       /* index of the provenance column or -1 */
  const char **other; /* per column, the catch-all answer the deck declares
                         for it (other="その他"), or NULL: rankings leave
                         its rows out. NULL when none is declared. */
} dg_table;

/* Limits that keep hostile files from exhausting memory. */
#define DG_CSV_MAX_BYTES (16u << 20)
#define DG_CSV_MAX_ROWS 200000
#define DG_CSV_MAX_COLS 256
#define DG_CSV_MAX_CELL 65536

/* Parses `data` (len bytes) as if read from `path`. `encoding` is NULL
 * (valid UTF-8 is UTF-8, otherwise CP932 if it decodes as CP932, otherwise
 * an error at the first bad byte) or "utf-8" or "cp932"/"shift_jis". Declared
 * columns must be present in the header and their cells must parse as their
 * type; other columns are text. `prov` names the provenance column (NULL:
 * "source" if present). Returns a table in the arena, or NULL after reporting
 * errors. */
dg_table *dg_csv_parse(dg_ctx *ctx, dg_arena *a, const char *path,
                       const char *data, size_t len, const char *encoding,
                       const dg_colspec *cols, int ncols, const char *prov);

/* Reads the file at path and calls dg_csv_parse. */
dg_table *dg_csv_read(dg_ctx *ctx, dg_arena *a, const char *path,
                      const char *encoding, const dg_colspec *cols, int ncols,
                      const char *prov);

/* Index of column `name` or -1. */
int dg_table_col(const dg_table *t, const char *name);
/* Cell at row r, column c. */
const dg_cell *dg_table_cell(const dg_table *t, int r, int c);

#endif
