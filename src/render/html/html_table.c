/* html_table: the data behind each chart and table, for readers and for
 * the reflowed slide: an HTML table (header cells with their scope, a
 * caption, a focusable scroll box) and the chart's CSV file. Reads the
 * bound chart or table only. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/html/html_int.h"

/* A cell's text: a line break written in the data is a real break, <br>
 * (a bare line end would be read as a space by one browser and dropped
 * between two kanji by another). */
static void cell_text(dg_buf *b, const char *s) {
  for (;;) {
    const char *e = strchr(s, '\n');
    if (!e) {
      dg_html_esc(b, s);
      return;
    }
    char *line = g_strndup(s, (gsize)(e - s));
    dg_html_esc(b, line);
    g_free(line);
    dg_buf_puts(b, "<br>");
    s = e + 1;
  }
}

/* Header cells are bold: their text goes to `bold` for the bold web font. */
static void th(dg_buf *b, dg_buf *bold, const char *scope, const char *s) {
  dg_buf_printf(b, "<th scope=\"%s\">", scope);
  cell_text(b, s);
  dg_buf_puts(b, "</th>");
  dg_buf_puts(bold, s);
}

/* A caption names its slide: two slides may share a title (7 and 8). */
static void caption(dg_buf *b, int slide, const char *s, const char *tail) {
  dg_buf_printf(b, "<caption>スライド%d：", slide);
  dg_html_esc(b, s);
  dg_buf_puts(b, tail);
  dg_buf_puts(b, "</caption>");
}

/* A box that scrolls sideways: keyboard users scroll it once it has the
 * focus (tabindex, as Safari gives no focus to a scroll box itself), and
 * a screen reader names the region it enters. */
static void scroll_box(dg_buf *b, const char *cls, int slide, const char *s,
                       const char *tail) {
  dg_buf_printf(b,
                "<div class=\"%s\" tabindex=\"0\" role=\"region\" "
                "aria-label=\"スライド%d：",
                cls, slide);
  dg_html_esc(b, s);
  dg_buf_puts(b, tail);
  dg_buf_puts(b, "\">");
}

void html_data_table(dg_buf *b, dg_buf *bold, const dg_chart *c, int slide,
                     const char *title) {
  scroll_box(b, "scroll", slide, title, "のデータ（表）");
  dg_buf_puts(b, "<table>");
  caption(b, slide, title, "のデータ");
  dg_buf_puts(b, "<thead><tr>");
  th(b, bold, "col", "項目");
  for (int s = 0; s < c->nser; s++)
    th(b, bold, "col", c->ser[s][0] ? c->ser[s] : (c->unit ? c->unit : "値"));
  dg_buf_puts(b, "</tr></thead><tbody>");
  for (int i = 0; i < c->ncat; i++) {
    dg_buf_puts(b, "<tr>");
    th(b, bold, "row", c->cat[i]);
    for (int s = 0; s < c->nser; s++) {
      dg_buf_puts(b, "<td>");
      dg_html_esc(b, c->val_text[i * c->nser + s]);
      if (c->pct_text) {
        dg_buf_puts(b, "（");
        dg_html_esc(b, c->pct_text[i * c->nser + s]);
        dg_buf_puts(b, "）");
      }
      dg_buf_puts(b, "</td>");
    }
    dg_buf_puts(b, "</tr>");
  }
  dg_buf_puts(b, "</tbody></table></div>");
}

void html_table(dg_buf *b, dg_buf *bold, const dg_tablek *t, int slide,
                const char *title) {
  scroll_box(b, "tw", slide, t->caption ? t->caption : title, "（表）");
  dg_buf_puts(b, "<table>");
  caption(b, slide, t->caption ? t->caption : title, "");
  dg_buf_puts(b, "<thead>");
  for (int r = 0; r < t->nhead; r++) {
    dg_buf_puts(b, "<tr>");
    for (int c = 0; c < t->ncols; c++) {
      int k = r * t->ncols + c;
      if (!t->head[k])
        continue; /* covered by a merged cell */
      if (t->colspan[k] < 2 && t->rowspan[k] < 2 && !strchr(t->head[k], '\n')) {
        th(b, bold, "col", t->head[k]);
        continue;
      }
      dg_buf_puts(b, t->colspan[k] > 1 ? "<th scope=\"colgroup\""
                                       : "<th scope=\"col\"");
      if (t->colspan[k] > 1)
        dg_buf_printf(b, " colspan=\"%d\"", t->colspan[k]);
      if (t->rowspan[k] > 1)
        dg_buf_printf(b, " rowspan=\"%d\"", t->rowspan[k]);
      dg_buf_puts(b, ">");
      /* a line break written in a header cell stays one */
      for (const char *s = t->head[k]; *s;) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        char *line = strndup(s, n);
        if (!line)
          dg_oom();
        dg_html_esc(b, line);
        free(line);
        if (e)
          dg_buf_puts(b, "<br>");
        s += n + (e ? 1 : 0);
      }
      dg_buf_puts(b, "</th>");
      dg_buf_puts(bold, t->head[k]);
    }
    dg_buf_puts(b, "</tr>");
  }
  dg_buf_puts(b, "</thead><tbody>");
  for (int r = 0; r < t->nrows; r++) {
    dg_buf_puts(b, "<tr>");
    for (int c = 0; c < t->ncols; c++) {
      const char *s = t->cells[r * t->ncols + c];
      if (c == 0)
        th(b, bold, "row", s);
      else {
        dg_buf_puts(b, "<td>");
        cell_text(b, s);
        dg_buf_puts(b, "</td>");
      }
    }
    dg_buf_puts(b, "</tr>");
  }
  dg_buf_puts(b, "</tbody></table></div>");
}

void html_chart_csv(dg_buf *b, const dg_chart *c) {
  dg_buf_puts(b, "\xEF\xBB\xBF");
  dg_csv_field(b, "category");
  for (int s = 0; s < c->nser; s++) {
    dg_buf_puts(b, ",");
    dg_csv_field(b, c->ser[s][0] ? c->ser[s] : "value");
    if (c->pct_text) {
      dg_buf_puts(b, ",");
      dg_csv_field(b, c->ser[s][0] ? c->ser[s] : "value");
      dg_buf_puts(b, " %");
    }
  }
  dg_buf_puts(b, "\r\n");
  for (int i = 0; i < c->ncat; i++) {
    dg_csv_field(b, c->cat[i]);
    for (int s = 0; s < c->nser; s++) {
      char v[64];
      snprintf(v, sizeof v, "%.15g", c->val[i * c->nser + s]);
      dg_buf_puts(b, ",");
      dg_buf_puts(b, v);
      if (c->pct_text) {
        const char *p = c->pct_text[i * c->nser + s];
        dg_buf_puts(b, ",");
        dg_buf_put(b, p, strlen(p) - 1);
      }
    }
    dg_buf_puts(b, "\r\n");
  }
}
