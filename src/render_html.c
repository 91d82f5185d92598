/* render_html: display list → static site (index.html, subset web fonts,
 * one CSV per chart). Text stays real HTML text, placed line by line where
 * layout put it; charts are inline SVG with an accessible name and a data
 * table. Positions scale with --u so a phone shows the slide without
 * horizontal scrolling; 1 pt of the PDF is 1 CSS px at full size. */
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render.h"

/* Text and attribute values escaped by GLib (& < > " ' as entities; it
 * would also escape control characters, which the CSV reader refuses). */
static void esc(dg_buf *b, const char *s) {
  gchar *e = g_markup_escape_text(s, -1);
  dg_buf_puts(b, e);
  g_free(e);
}

static void csv_field(dg_buf *b, const char *s) {
  if (strpbrk(s, ",\"\n\r")) {
    dg_buf_puts(b, "\"");
    for (; *s; s++) {
      if (*s == '"')
        dg_buf_puts(b, "\"\"");
      else
        dg_buf_put(b, s, 1);
    }
    dg_buf_puts(b, "\"");
  } else
    dg_buf_puts(b, s);
}

/* Distinct text styles become CSS classes. */
typedef struct style {
  double size, lh;
  int bold;
  uint32_t color;
} style;

typedef struct styles {
  style v[64];
  int n;
} styles;

static int style_of(styles *ss, const dg_op *o) {
  for (int i = 0; i < ss->n; i++)
    if (fabs(ss->v[i].size - o->size_pt) < 1e-6 && ss->v[i].bold == o->bold &&
        ss->v[i].color == o->fill)
      return i;
  if (ss->n == 64)
    return 0;
  ss->v[ss->n] = (style){o->size_pt, o->ascent + o->descent, o->bold, o->fill};
  return ss->n++;
}

static void num(dg_buf *b, double v) { dg_buf_num(b, v, 2); }

static void svg_op(dg_buf *b, const dg_op *o) {
  switch (o->kind) {
  case DG_OP_RECT:
    dg_buf_puts(b, "<rect x=\"");
    num(b, o->x);
    dg_buf_puts(b, "\" y=\"");
    num(b, o->y);
    dg_buf_puts(b, "\" width=\"");
    num(b, o->w);
    dg_buf_puts(b, "\" height=\"");
    num(b, o->h);
    if (o->has_fill)
      dg_buf_printf(b, "\" fill=\"#%06X\"", o->fill);
    else
      dg_buf_puts(b, "\" fill=\"none\"");
    if (o->has_stroke) {
      dg_buf_printf(b, " stroke=\"#%06X\" stroke-width=\"", o->stroke);
      num(b, o->stroke_w);
      dg_buf_puts(b, "\"");
    }
    dg_buf_puts(b, "/>");
    break;
  case DG_OP_LINE:
    dg_buf_puts(b, "<line x1=\"");
    num(b, o->x);
    dg_buf_puts(b, "\" y1=\"");
    num(b, o->y);
    dg_buf_puts(b, "\" x2=\"");
    num(b, o->x2);
    dg_buf_puts(b, "\" y2=\"");
    num(b, o->y2);
    dg_buf_printf(b, "\" stroke=\"#%06X\" stroke-width=\"", o->stroke);
    num(b, o->stroke_w);
    dg_buf_puts(b, "\"/>");
    break;
  case DG_OP_WEDGE: {
    double sx0 = o->x + o->r_out * sin(o->a0),
           sy0 = o->y - o->r_out * cos(o->a0);
    double sx1 = o->x + o->r_out * sin(o->a1),
           sy1 = o->y - o->r_out * cos(o->a1);
    double ix0 = o->x + o->r_in * sin(o->a0), iy0 = o->y - o->r_in * cos(o->a0);
    double ix1 = o->x + o->r_in * sin(o->a1), iy1 = o->y - o->r_in * cos(o->a1);
    int large = o->a1 - o->a0 > M_PI;
    dg_buf_puts(b, "<path d=\"M");
    num(b, sx0);
    dg_buf_puts(b, " ");
    num(b, sy0);
    dg_buf_puts(b, "A");
    num(b, o->r_out);
    dg_buf_puts(b, " ");
    num(b, o->r_out);
    dg_buf_printf(b, " 0 %d 1 ", large);
    num(b, sx1);
    dg_buf_puts(b, " ");
    num(b, sy1);
    dg_buf_puts(b, "L");
    num(b, ix1);
    dg_buf_puts(b, " ");
    num(b, iy1);
    dg_buf_puts(b, "A");
    num(b, o->r_in);
    dg_buf_puts(b, " ");
    num(b, o->r_in);
    dg_buf_printf(b, " 0 %d 0 ", large);
    num(b, ix0);
    dg_buf_puts(b, " ");
    num(b, iy0);
    dg_buf_printf(b, "Z\" fill=\"#%06X\" stroke=\"#%06X\" stroke-width=\"",
                  o->fill, o->stroke);
    num(b, o->stroke_w);
    dg_buf_puts(b, "\"/>");
    break;
  }
  case DG_OP_TEXT:
    dg_buf_puts(b, "<text x=\"");
    num(b, o->x);
    dg_buf_puts(b, "\" y=\"");
    num(b, o->y);
    dg_buf_puts(b, "\" font-size=\"");
    num(b, o->size_pt);
    dg_buf_printf(b, "\"%s fill=\"#%06X\">",
                  o->bold ? " font-weight=\"700\"" : "", o->fill);
    esc(b, o->text);
    dg_buf_puts(b, "</text>");
    break;
  default:
    break;
  }
}

static void span(dg_buf *b, styles *ss, const dg_op *o) {
  int k = style_of(ss, o);
  dg_buf_printf(b, "<span class=\"l f%d\" style=\"left:calc(", k);
  num(b, o->x);
  dg_buf_puts(b, "*var(--u));top:calc(");
  num(b, o->y - o->ascent);
  dg_buf_puts(b, "*var(--u))\">");
  esc(b, o->text);
  dg_buf_puts(b, "</span>");
}

static void data_table(dg_buf *b, const dg_chart *c, const char *title,
                       int hidden) {
  dg_buf_printf(b, "<table%s><caption>", hidden ? " class=\"sr\"" : "");
  esc(b, title);
  dg_buf_puts(b, "</caption><thead><tr><th scope=\"col\">項目</th>");
  for (int s = 0; s < c->nser; s++) {
    dg_buf_puts(b, "<th scope=\"col\">");
    esc(b, c->ser[s][0] ? c->ser[s] : (c->unit ? c->unit : "値"));
    dg_buf_puts(b, "</th>");
  }
  dg_buf_puts(b, "</tr></thead><tbody>");
  for (int i = 0; i < c->ncat; i++) {
    dg_buf_puts(b, "<tr><th scope=\"row\">");
    esc(b, c->cat[i]);
    dg_buf_puts(b, "</th>");
    for (int s = 0; s < c->nser; s++) {
      dg_buf_puts(b, "<td>");
      esc(b, c->val_text[i * c->nser + s]);
      if (c->pct_text) {
        dg_buf_puts(b, "（");
        esc(b, c->pct_text[i * c->nser + s]);
        dg_buf_puts(b, "）");
      }
      dg_buf_puts(b, "</td>");
    }
    dg_buf_puts(b, "</tr>");
  }
  dg_buf_puts(b, "</tbody></table>");
}

static void chart_csv(dg_buf *b, const dg_chart *c) {
  dg_buf_puts(b, "\xEF\xBB\xBF");
  csv_field(b, "category");
  for (int s = 0; s < c->nser; s++) {
    dg_buf_puts(b, ",");
    csv_field(b, c->ser[s][0] ? c->ser[s] : "value");
    if (c->pct_text) {
      dg_buf_puts(b, ",");
      csv_field(b, c->ser[s][0] ? c->ser[s] : "value");
      dg_buf_puts(b, " %");
    }
  }
  dg_buf_puts(b, "\r\n");
  for (int i = 0; i < c->ncat; i++) {
    csv_field(b, c->cat[i]);
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

typedef struct site {
  dg_ctx *ctx;
  const char *dir;
  const char *prev; /* the site being replaced (may not exist), or NULL */
  int failed;
} site;

static void put_file(site *st, const char *name, const dg_buf *b) {
  char *p = malloc(strlen(st->dir) + strlen(name) + 2);
  if (!p)
    abort();
  sprintf(p, "%s/%s", st->dir, name);
  char *old = NULL;
  if (st->prev) {
    old = malloc(strlen(st->prev) + strlen(name) + 2);
    if (!old)
      abort();
    sprintf(old, "%s/%s", st->prev, name);
  }
  /* the folder is temporary and moves into place whole; a file equal to
   * the one it replaces is that file, linked */
  if (dg_write_or_link(st->ctx, p, b->data ? b->data : "", b->len, old))
    st->failed = 1;
  free(old);
  free(p);
}

static const char *CSS =
    ":root{--u:min(1px,calc(100vw / 960))}\n"
    "html{background:#E9EDF2;color:#1A1A1A}\n"
    "body{margin:0;font-family:\"BIZ UDPGothic deck\",sans-serif}\n"
    ".skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;"
    "background:#fff;padding:4px;z-index:9}\n"
    "header,.data{max-width:960px;margin:0 auto;padding:8px}\n"
    /* whole-pixel heights above each slide keep its top on the pixel grid,
     * so the browser draws it exactly where the PDF rasteriser does */
    "header h1{font-size:22px;line-height:32px;margin:8px 0}\n"
    "header .pdf{margin:0 0 8px;font-size:14px;line-height:22px}\n"
    "nav ol{margin:0 0 8px;padding-left:24px;font-size:14px;line-height:22px}\n"
    "a{color:#1D4F91}\n"
    ".slide{position:relative;width:calc(960*var(--u));height:calc(540*var(--u)"
    ");"
    "background:#fff;margin:0 auto;overflow:hidden}\n"
    ".slide .deco,.slide .fig svg{position:absolute;left:0;top:0;width:100%;"
    "height:100%}\n"
    ".slide figure{margin:0}\n"
    ".slide h2,.slide p{margin:0;font-size:inherit;font-weight:inherit}\n"
    ".l{position:absolute;white-space:pre;text-spacing-trim:space-all}\n"
    "svg text{font-family:\"BIZ UDPGothic "
    "deck\",sans-serif;text-rendering:geometricPrecision}\n"
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 "
    "0 0);"
    "white-space:nowrap;margin:-1px;padding:0;border:0}\n"
    ".data{font-size:14px;line-height:22px;margin-bottom:24px}\n"
    ".data table{border-collapse:collapse;margin:6px 0}\n"
    ".data th,.data td{border:1px solid #8C9DB5;padding:2px "
    "6px;text-align:left}\n"
    "@media print{html{background:#fff}header,.data,.skip{display:none}"
    ".slide{--u:1px;break-after:page;margin:0}"
    "@page{size:960px 540px;margin:0}}\n";

int dg_render_html(dg_ctx *ctx, dg_text *tx, const dg_layout *l,
                   const char *dir, const dg_render_opts *o) {
  const dg_deck *d = l->deck;
  site st = {ctx, dir, o->prev_site, 0};
  char sub[4096];
  snprintf(sub, sizeof sub, "%s/fonts", dir);
  mkdir(sub, 0755);
  snprintf(sub, sizeof sub, "%s/data", dir);
  mkdir(sub, 0755);

  styles ss = {0};
  dg_buf body = {0};
  const char *title = d->title ? d->title : "";
  dg_buf_puts(
      &body,
      "<a class=\"skip\" href=\"#slides\">スライドへ移動</a>\n<header><h1>");
  esc(&body, title);
  dg_buf_puts(&body, "</h1>\n");
  if (o->pdf_file) /* the PDF sits beside index.html (publish.c) */
    dg_buf_printf(&body,
                  "<p class=\"pdf\"><a href=\"%s\">PDF版（%s）</a></p>\n",
                  o->pdf_file, o->pdf_file);
  dg_buf_puts(&body, "<nav aria-label=\"目次\"><ol>");
  for (int i = 0; i < l->npages; i++) {
    dg_buf_printf(&body, "<li><a href=\"#slide-%d\">", l->pages[i].number);
    esc(&body, l->pages[i].title);
    dg_buf_puts(&body, "</a></li>");
  }
  dg_buf_puts(&body, "</ol></nav></header>\n<main id=\"slides\">\n");
  for (int i = 0; i < l->npages; i++) {
    const dg_page *p = &l->pages[i];
    dg_buf deco = {0}, content = {0}, extra = {0};
    /* named "スライドN　title": two slides may share a title (7 and 8) */
    dg_buf_printf(&body,
                  "<section class=\"slide\" id=\"slide-%d\" data-slide=\"%d\" "
                  "aria-labelledby=\"slide-%d-n slide-%d-title\">"
                  "<span class=\"sr\" id=\"slide-%d-n\">スライド%d</span>",
                  p->number, p->number, p->number, p->number, p->number,
                  p->number);
    dg_buf_printf(&deco,
                  "<svg class=\"deco\" aria-hidden=\"true\" viewBox=\"0 0 ");
    num(&deco, l->w_pt);
    dg_buf_puts(&deco, " ");
    num(&deco, l->h_pt);
    dg_buf_puts(&deco, "\">");
    int depth = 0;
    const dg_op *grp = NULL; /* open figure/table */
    int open_sem[32];
    for (int k = 0; k < p->nops; k++) {
      const dg_op *op = &p->ops[k];
      if (op->kind == DG_OP_BEGIN) {
        if (depth < 32)
          open_sem[depth] = op->sem;
        depth++;
        if (grp)
          continue;
        switch (op->sem) {
        case DG_SEM_HEADING:
          dg_buf_printf(&content, "<h2 id=\"%s\">", op->id ? op->id : "");
          break;
        case DG_SEM_PARA:
        case DG_SEM_NOTE:
          dg_buf_puts(&content, "<p>");
          break;
        case DG_SEM_FIGURE:
        case DG_SEM_TABLE: {
          grp = op;
          int fig = op->sem == DG_SEM_FIGURE;
          const char *alt = op->alt ? op->alt : p->title;
          dg_buf_printf(&content, "<figure class=\"fig\" id=\"%s\">", op->id);
          dg_buf_puts(&content, "<svg viewBox=\"0 0 ");
          num(&content, l->w_pt);
          dg_buf_puts(&content, " ");
          num(&content, l->h_pt);
          if (fig) {
            dg_buf_printf(&content,
                          "\" role=\"img\" aria-labelledby=\"%s-t\" "
                          "aria-describedby=\"%s-d\"><title id=\"%s-t\">",
                          op->id, op->id, op->id);
            esc(&content, alt);
            dg_buf_printf(&content, "</title><desc id=\"%s-d\">", op->id);
            if (op->desc)
              esc(&content, op->desc);
            dg_buf_puts(&content, "</desc>");
          } else {
            dg_buf_puts(&content, "\" aria-hidden=\"true\">");
          }
          break;
        }
        default:
          break;
        }
        continue;
      }
      if (op->kind == DG_OP_END) {
        depth--;
        int sem = depth < 32 && depth >= 0 ? open_sem[depth] : -1;
        if (grp && (sem == DG_SEM_FIGURE || sem == DG_SEM_TABLE) &&
            depth == 0) {
          dg_buf_puts(&content, "</svg>");
          if (grp->sem == DG_SEM_FIGURE && grp->chart) {
            const dg_chart *c = grp->chart;
            const char *cap = c->heading ? c->heading : p->title;
            data_table(&content, c, cap, 1);
            data_table(&extra, c, cap, 0);
            char name[128];
            snprintf(name, sizeof name, "data/%s.csv", grp->id);
            dg_buf csv = {0};
            chart_csv(&csv, c);
            put_file(&st, name, &csv);
            dg_buf_free(&csv);
            dg_buf_printf(&extra, "<p><a href=\"%s\">", name);
            esc(&extra, cap);
            dg_buf_puts(&extra, "のデータ（CSV形式）</a></p>");
          } else if (grp->table) {
            const dg_tablek *t = grp->table;
            dg_buf_puts(&content, "<table class=\"sr\"><caption>");
            esc(&content, p->title);
            dg_buf_puts(&content, "</caption><thead><tr>");
            for (int c = 0; c < t->ncols; c++) {
              dg_buf_puts(&content, "<th scope=\"col\">");
              esc(&content, t->head[c]);
              dg_buf_puts(&content, "</th>");
            }
            dg_buf_puts(&content, "</tr></thead><tbody>");
            for (int r = 0; r < t->nrows; r++) {
              dg_buf_puts(&content, "<tr>");
              for (int c = 0; c < t->ncols; c++) {
                dg_buf_puts(&content, c == 0 ? "<th scope=\"row\">" : "<td>");
                esc(&content, t->cells[r * t->ncols + c]);
                dg_buf_puts(&content, c == 0 ? "</th>" : "</td>");
              }
              dg_buf_puts(&content, "</tr>");
            }
            dg_buf_puts(&content, "</tbody></table>");
          }
          dg_buf_puts(&content, "</figure>");
          grp = NULL;
        } else if (!grp) {
          if (sem == DG_SEM_HEADING)
            dg_buf_puts(&content, "</h2>");
          else if (sem == DG_SEM_PARA || sem == DG_SEM_NOTE)
            dg_buf_puts(&content, "</p>");
        }
        continue;
      }
      int artifact =
          depth > 0 && depth <= 32 && open_sem[depth - 1] == DG_SEM_ARTIFACT;
      if (grp)
        svg_op(&content, op);
      else if (op->kind == DG_OP_TEXT && !artifact)
        span(&content, &ss, op);
      else
        svg_op(&deco, op);
    }
    dg_buf_puts(&deco, "</svg>");
    dg_buf_put(&body, deco.data, deco.len);
    if (content.data)
      dg_buf_put(&body, content.data, content.len);
    dg_buf_puts(&body, "</section>\n");
    if (extra.data) {
      dg_buf_printf(
          &body,
          "<details class=\"data\"><summary>スライド%dのデータ</summary>",
          p->number);
      dg_buf_put(&body, extra.data, extra.len);
      dg_buf_puts(&body, "</details>\n");
    } else {
      dg_buf_puts(&body, "<div class=\"data\"></div>\n");
    }
    dg_buf_free(&deco);
    dg_buf_free(&content);
    dg_buf_free(&extra);
  }
  dg_buf_puts(&body, "</main>\n</body>\n</html>\n");

  /* fonts: subset to the characters the page uses */
  dg_cpset cps[2] = {{0}, {0}};
  char ascii[96];
  for (int c = 0x20; c < 0x7F; c++)
    ascii[c - 0x20] = (char)c;
  ascii[0x7F - 0x20] = 0;
  for (int w = 0; w < 2; w++)
    dg_cpset_add(&cps[w], ascii);
  dg_cpset_add_nonascii(&cps[0], body.data); /* ASCII is in already */
  dg_cpset_add(&cps[1], title);
  dg_cpset_add(&cps[1], "スライドのデータ");
  for (int i = 0; i < l->npages; i++)
    for (int k = 0; k < l->pages[i].nops; k++)
      if (l->pages[i].ops[k].kind == DG_OP_TEXT && l->pages[i].ops[k].bold)
        dg_cpset_add(&cps[1], l->pages[i].ops[k].text);
  static const char *fname[2] = {"fonts/deck-regular.ttf",
                                 "fonts/deck-bold.ttf"};
  for (int w = 0; w < 2; w++) {
    /* hb-subset is most of the site's time (issue 8): the web font for a
     * given font file and character set is kept in the cache */
    const char *file = dg_text_font_file(tx, w);
    uint64_t h = dg_font_cache_key("webfont", file, cps[w].v,
                                   sizeof(uint32_t) * (size_t)cps[w].n);
    char name[48];
    snprintf(name, sizeof name, "%016llx.webfont", (unsigned long long)h);
    static dg_memo *memo; /* and in memory, for --watch */
    if (!memo)
      memo = dg_memo_new(4);
    uint64_t key[2] = {h, 0x77656266}; /* "webf" */
    dg_buf f = {0};
    size_t n = 0;
    const char *m = dg_memo_get(memo, key, &n);
    if (m)
      dg_buf_put(&f, m, n);
    else {
      f.data = dg_cache_get(name, &n);
      f.len = f.cap = n;
      if (!f.data && dg_font_subset(ctx, file, cps[w].v, cps[w].n, &f) == 0)
        dg_cache_put(name, f.data, f.len);
      if (f.data)
        dg_memo_put(memo, key, f.data, f.len);
    }
    if (f.data)
      put_file(&st, fname[w], &f);
    else
      st.failed = 1;
    dg_buf_free(&f);
    dg_cpset_free(&cps[w]);
  }

  dg_buf html = {0};
  dg_buf_printf(
      &html,
      "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n<title>",
      d->lang ? d->lang : "ja");
  esc(&html, title);
  dg_buf_puts(&html, "</title>\n");
  if (d->description) {
    dg_buf_puts(&html, "<meta name=\"description\" content=\"");
    esc(&html, d->description);
    dg_buf_puts(&html, "\">\n");
  }
  if (d->author) {
    dg_buf_puts(&html, "<meta name=\"author\" content=\"");
    esc(&html, d->author);
    dg_buf_puts(&html, "\">\n");
  }
  dg_buf_printf(&html, "<meta name=\"generator\" content=\"deckgen %s\">\n",
                o->version);
  /* with --format png, the first slide's picture is the link preview */
  if (o->png && l->npages > 0) {
    dg_buf_puts(&html, "<meta property=\"og:title\" content=\"");
    esc(&html, title);
    dg_buf_puts(&html,
                "\">\n<meta property=\"og:type\" content=\"website\">\n"
                "<meta property=\"og:image\" content=\"slide-01.png\">\n");
  }
  dg_buf_puts(&html, "<style>\n@font-face{font-family:\"BIZ UDPGothic "
                     "deck\";src:url(\"fonts/deck-regular.ttf\") "
                     "format(\"truetype\");font-weight:400}\n"
                     "@font-face{font-family:\"BIZ UDPGothic "
                     "deck\";src:url(\"fonts/deck-bold.ttf\") "
                     "format(\"truetype\");font-weight:700}\n");
  dg_buf_puts(&html, CSS);
  for (int i = 0; i < ss.n; i++) {
    dg_buf_printf(&html, ".f%d{font-size:calc(", i);
    num(&html, ss.v[i].size);
    dg_buf_puts(&html, "*var(--u));line-height:calc(");
    num(&html, ss.v[i].lh);
    dg_buf_printf(&html, "*var(--u));font-weight:%d;color:#%06X}\n",
                  ss.v[i].bold ? 700 : 400, ss.v[i].color);
  }
  dg_buf_puts(&html, "</style>\n</head>\n<body>\n");
  dg_buf_put(&html, body.data, body.len);
  dg_buf_free(&body);
  put_file(&st, "index.html", &html);
  dg_buf_free(&html);

  return st.failed ? -1 : 0;
}
