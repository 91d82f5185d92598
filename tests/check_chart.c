/* Check suite for the charts over a vertical value axis (line and column
 * charts, layout/chart_xy.c) and what every chart type shares: the
 * reference line, the highlighted category, categories= with the zero
 * category kept, the sequential palette, and a tall ranking that shrinks
 * before it is refused. The data are constructed to be hard: lines that
 * cross within a label's height of each other, a segment too small for its
 * label, a category without rows, 47 rows. */
#include <math.h>

#include "testdeck.h"

#define ROOT "tests/fixtures/mini"
#define DECK ROOT "/templates/xy.xml"

/* Lays out a deck of the given slides over the xy_*.csv fixtures; NULL
 * after an error (in errbuf). */
static dg_layout *lay(const char *slides) {
  char *xml = dg_printf(
      arena,
      "<?xml version=\"1.0\"?>\n"
      "<deck id=\"t\" lang=\"ja\">\n<meta><title>t</title></meta>\n"
      "<dataset id=\"l\" file=\"data/xy_lines.csv\"><column name=\"rate\" "
      "type=\"decimal\"/></dataset>\n"
      "<dataset id=\"c\" file=\"data/xy_cols.csv\"><column name=\"count\" "
      "type=\"integer\"/></dataset>\n"
      "<dataset id=\"r\" file=\"data/xy_rank.csv\"><column name=\"rate\" "
      "type=\"decimal\"/></dataset>\n%s\n</deck>\n",
      slides);
  dg_node *n = dg_parse_memory(&ctx, arena, DECK, xml, strlen(xml),
                               "templates/deck.rng");
  if (!n)
    return NULL;
  dg_bind_opts o = {.root = ROOT, .schema = "templates/deck.rng"};
  dg_deck *d = dg_bind(&ctx, arena, n, DECK, &o);
  if (!d)
    return NULL;
  return dg_layout_deck(&ctx, arena, tx, d);
}

static dg_layout *lay_ok(const char *slides) {
  reset_errors();
  dg_layout *l = lay(slides);
  ck_assert_msg(l != NULL, "%s", first_error());
  ck_assert_int_eq(dg_layout_check_overlaps(&ctx, l), 0);
  return l;
}

#define BAD(slides, msg)                                                       \
  do {                                                                         \
    reset_errors();                                                            \
    ck_assert_ptr_null(lay(slides));                                           \
    ck_assert_str_eq(first_error(), msg);                                      \
  } while (0)

/* The first figure of page p: its BEGIN op in *b, its END in *e. */
static const dg_figure *figure(const dg_page *p, int *b, int *e) {
  for (int i = 0; i < p->nops; i++)
    if (p->ops[i].kind == DG_OP_BEGIN && p->ops[i].begin.sem == DG_SEM_FIGURE) {
      int depth = 0;
      for (int j = i; j < p->nops; j++) {
        depth += p->ops[j].kind == DG_OP_BEGIN;
        depth -= p->ops[j].kind == DG_OP_END;
        if (depth == 0) {
          *b = i;
          *e = j;
          return p->ops[i].begin.fig;
        }
      }
    }
  ck_abort_msg("page %d has no figure", p->number);
  return NULL;
}

static int ends_with(const char *s, const char *tail) {
  size_t n = strlen(s), m = strlen(tail);
  return n >= m && !strcmp(s + n - m, tail);
}

/* How many text ops of ops[b..e] read exactly s. */
static int count_text(const dg_page *p, int b, int e, const char *s) {
  int k = 0;
  for (int i = b; i <= e; i++)
    k += p->ops[i].kind == DG_OP_TEXT && !strcmp(p->ops[i].text.str, s);
  return k;
}

static int boxes_meet(double ax0, double ay0, double ax1, double ay1,
                      double bx0, double by0, double bx1, double by1) {
  return ax0 < bx1 - 0.05 && bx0 < ax1 - 0.05 && ay0 < by1 - 0.05 &&
         by0 < ay1 - 0.05;
}

/* Every value label of a figure is there as often as the chart has that
 * value (labels ending in suffix), and no other text ends so. */
static void every_value_once(const dg_page *p, int b, int e,
                             const dg_chart *c, const char *suffix) {
  int want = 0, got = 0;
  for (int k = 0; k < c->ncat * c->nser; k++) {
    int n = 0;
    for (int j = 0; j < c->ncat * c->nser; j++)
      n += !strcmp(c->val_text[j], c->val_text[k]);
    ck_assert_msg(count_text(p, b, e, c->val_text[k]) == n,
                  "value %s drawn %d times, expected %d", c->val_text[k],
                  count_text(p, b, e, c->val_text[k]), n);
    want++;
  }
  for (int i = b; i <= e; i++)
    got += p->ops[i].kind == DG_OP_TEXT && ends_with(p->ops[i].text.str, suffix);
  ck_assert_int_eq(got, want);
}

static const char *lines4 =
    "<slide><title>交差する4本の線</title><chart type=\"line\" data=\"l\" "
    "category=\"year\" series=\"kind\" value=\"rate\" decimals=\"1\" "
    "value-suffix=\"%\" alt=\"線\"/></slide>";

/* Four lines that cross within a label's height of one another: every
 * point labelled once, no two labels meet, none covers a marker; each
 * line's markers in a shape of its own (square, disc, open square,
 * cross), so the lines are told apart without colour. */
START_TEST(line_labels_apart) {
  dg_layout *l = lay_ok(lines4);
  const dg_page *p = &l->pages[0];
  int b, e;
  const dg_figure *f = figure(p, &b, &e);
  const dg_chart *c = f->chart;
  ck_assert_int_eq(c->type, DG_CH_LINE);
  ck_assert_int_eq(c->ncat, 6);
  ck_assert_int_eq(c->nser, 4);
  every_value_once(p, b, e, c, "%");
  int segs = 0, markers = 0, squares = 0, holes = 0, discs = 0, crosses = 0;
  for (int i = b; i <= e; i++) {
    const dg_op *o = &p->ops[i];
    segs += o->kind == DG_OP_LINE && o->line.width_pt > 2;
    holes += o->kind == DG_OP_RECT && o->rect.w == 3 && o->rect.h == 3 &&
             o->rect.fill == 0xFFFFFF;
    double mx, my; /* the marker's top left corner */
    if (o->kind == DG_OP_RECT && o->rect.w == 7 && o->rect.h == 7) {
      squares++;
      mx = o->x;
      my = o->y;
    } else if (o->kind == DG_OP_WEDGE && o->wedge.r_out == 3.5 &&
               o->wedge.r_in == 0 && o->wedge.a0 == 0) { /* a disc's half */
      discs++;
      mx = o->x - 3.5;
      my = o->y - 3.5;
    } else if (o->kind == DG_OP_LINE && o->line.width_pt == 2 &&
               o->line.x2 - o->x == 7 &&
               o->line.y2 - o->y == 7) { /* a cross's first stroke */
      crosses++;
      mx = o->x;
      my = o->y;
    } else
      continue;
    markers++;
    for (int j = b; j <= e; j++) {
      const dg_op *t = &p->ops[j];
      if (t->kind == DG_OP_TEXT && ends_with(t->text.str, "%"))
        ck_assert_msg(!boxes_meet(mx, my, mx + 7, my + 7, t->x,
                                  t->y - t->text.ascent, t->x + t->text.w,
                                  t->y + t->text.descent),
                      "label %s covers a marker", t->text.str);
    }
  }
  ck_assert_int_eq(segs, 4 * 5);
  ck_assert_int_eq(markers, 4 * 6);
  ck_assert_int_eq(squares, 2 * 6); /* filled and open */
  ck_assert_int_eq(holes, 6);
  ck_assert_int_eq(discs, 6);
  ck_assert_int_eq(crosses, 6);
  /* the PDF's /Alt and the HTML's description: every value */
  ck_assert_ptr_nonnull(strstr(f->desc, "2024（A 35.0%、B 34.6%、C 35.4%、D 60.0%）"));
  /* and the narrow layout for phones */
  ck_assert_ptr_nonnull(f->reflow);
  int nb, ne;
  (void)nb;
  (void)ne;
  every_value_once(f->reflow, 0, f->reflow->nops - 1, c, "%");
}
END_TEST

/* labels="last": one value per line, right of the plot, in the order of
 * the lines, each joined to its point. */
START_TEST(line_labels_last) {
  dg_layout *l = lay_ok(
      "<slide><title>最後の値</title><chart type=\"line\" data=\"l\" "
      "category=\"year\" series=\"kind\" value=\"rate\" decimals=\"1\" "
      "value-suffix=\"%\" labels=\"last\" alt=\"線\"/></slide>");
  const dg_page *p = &l->pages[0];
  int b, e;
  const dg_figure *f = figure(p, &b, &e);
  int n = 0;
  double prev = -1;
  for (int i = b; i <= e; i++)
    if (p->ops[i].kind == DG_OP_TEXT && ends_with(p->ops[i].text.str, "%")) {
      n++;
      ck_assert(p->ops[i].x >= f->px + f->pw);
      ck_assert(p->ops[i].y > prev); /* top to bottom, never stacked */
      prev = p->ops[i].y;
    }
  ck_assert_int_eq(n, 4);
  /* D 60.0% first (highest), then C 35.4%, A 35.0%, B 34.6% */
  const char *order[] = {"60.0%", "35.4%", "35.0%", "34.6%"};
  int k = 0;
  for (int i = b; i <= e; i++)
    if (p->ops[i].kind == DG_OP_TEXT && ends_with(p->ops[i].text.str, "%"))
      ck_assert_str_eq(p->ops[i].text.str, order[k++]);
}
END_TEST

/* Grouped, stacked and 100% columns: every value labelled once; a segment
 * too small for its label has it beside the column; a zero segment has
 * none; categories= keeps "E", which has no rows, as 0. */
START_TEST(columns_every_value) {
  dg_layout *l = lay_ok(
      "<slide><title>群</title><chart type=\"column\" data=\"c\" "
      "category=\"group\" series=\"phase\" value=\"count\" mode=\"group\" "
      "value-suffix=\"団体\" alt=\"群\"/></slide>"
      "<slide><title>積み上げ</title><chart type=\"column\" data=\"c\" "
      "category=\"group\" series=\"phase\" value=\"count\" "
      "categories=\"A,B,C,D,E\" alt=\"積\"/></slide>"
      "<slide><title>100%</title><chart type=\"column\" data=\"c\" "
      "category=\"group\" series=\"phase\" value=\"count\" mode=\"percent\" "
      "alt=\"百\"/></slide>");
  int b, e;
  const dg_page *p = &l->pages[0];
  const dg_figure *f = figure(p, &b, &e);
  every_value_once(p, b, e, f->chart, "団体");
  /* stacked: B's 2 beside its column, D's 0 unlabelled, E kept */
  p = &l->pages[1];
  f = figure(p, &b, &e);
  const dg_chart *c = f->chart;
  ck_assert_int_eq(c->ncat, 5);
  ck_assert_str_eq(c->cat[4], "E");
  ck_assert_str_eq(c->val_text[4 * 2], "0");
  ck_assert_int_eq(count_text(p, b, e, "E"), 1);
  ck_assert_int_eq(count_text(p, b, e, "2"), 1);
  ck_assert_int_eq(count_text(p, b, e, "300"), 2); /* value and tick */
  for (int i = b; i <= e; i++)
    if (p->ops[i].kind == DG_OP_TEXT && !strcmp(p->ops[i].text.str, "2"))
      ck_assert(p->ops[i].x > f->px + f->pw * 1.5 / 5); /* right of B's */
  /* the totals, E's 0 among them */
  const char *tot[] = {"200", "302", "105", "10", "0"};
  for (int k = 0; k < 5; k++)
    ck_assert_msg(count_text(p, b, e, tot[k]) >= 1, "no total %s", tot[k]);
  /* 100%: shares; every nonzero segment labelled */
  p = &l->pages[2];
  f = figure(p, &b, &e);
  c = f->chart;
  ck_assert_ptr_nonnull(c->pct_text);
  for (int k = 0; k < c->ncat * c->nser; k++)
    if (c->val[k] > 0)
      ck_assert_msg(count_text(p, b, e, c->pct_text[k]) >= 1, "no %s",
                    c->pct_text[k]);
  ck_assert_int_eq(count_text(p, b, e, "60%"), 1); /* A: 120 of 200 */
  ck_assert_int_eq(count_text(p, b, e, "100%"), 1); /* the axis */
}
END_TEST

/* A reference line and a highlighted category on bars and columns: the
 * rule, its label, the highlight colour; the sequential ramp. */
START_TEST(reference_highlight_palette) {
  dg_layout *l = lay_ok(
      "<slide><title>基準</title><chart type=\"bar\" data=\"r\" "
      "where=\"rate &gt; 60\" category=\"pref\" value=\"rate\" sort=\"desc\" "
      "decimals=\"1\" highlight=\"{'県33'}\" reference=\"{round(sum(r.rate) / count(r.rate), 1)}\" "
      "reference-label=\"平均\" alt=\"基準\"/></slide>"
      "<slide><title>順序</title><chart type=\"column\" data=\"l\" "
      "category=\"kind\" series=\"year\" value=\"rate\" mode=\"group\" "
      "palette=\"sequential\" reference=\"40\" alt=\"順\"/></slide>");
  const dg_page *p = &l->pages[0];
  int b, e;
  const dg_figure *f = figure(p, &b, &e);
  const dg_chart *c = f->chart;
  ck_assert_int_ge(c->highlight, 0);
  ck_assert_str_eq(c->cat[c->highlight], "県33");
  ck_assert(c->has_ref);
  ck_assert_int_eq(count_text(p, b, e, c->ref_text), 1);
  ck_assert(!strncmp(c->ref_text, "平均 ", strlen("平均 ")));
  ck_assert_ptr_nonnull(strstr(f->desc, c->ref_text));
  int lit = 0, rule = 0;
  for (int i = b; i <= e; i++) {
    const dg_op *o = &p->ops[i];
    lit += o->kind == DG_OP_RECT && o->rect.fill == l->deck->theme.highlight;
    rule += o->kind == DG_OP_RECT && o->rect.w == 2 &&
            fabs(o->x + 1 - f->rx0) < 0.01 && o->rect.fill == l->deck->theme.text;
  }
  ck_assert_int_eq(lit, 1);
  ck_assert_int_eq(rule, 1);
  ck_assert(f->ry1 > f->ry0);
  /* sequential: six years from the light end to the dark one */
  p = &l->pages[1];
  f = figure(p, &b, &e);
  const dg_theme *th = &l->deck->theme;
  ck_assert_uint_eq(dg_theme_series_color(th, 0, 6, 1), th->seq_light);
  ck_assert_uint_eq(dg_theme_series_color(th, 5, 6, 1), th->seq_dark);
  int first = 0, last = 0;
  for (int i = b; i <= e; i++)
    if (p->ops[i].kind == DG_OP_RECT) {
      first += p->ops[i].rect.fill == th->seq_light;
      last += p->ops[i].rect.fill == th->seq_dark;
    }
  ck_assert_int_eq(first, 1 + 4); /* the legend's swatch and four bars */
  ck_assert_int_eq(last, 1 + 4);
  ck_assert(f->ry0 == f->ry1 && f->rx1 > f->rx0); /* level */
}
END_TEST

/* 47 rows: they fit at a 7 pt minimum; at 8 pt the build stops naming
 * what to change. */
START_TEST(tall_ranking) {
  const char *rank =
      "<slide>%s<title>47行</title><chart type=\"bar\" data=\"r\" "
      "category=\"pref\" value=\"rate\" sort=\"desc\" decimals=\"1\" "
      "axis-title=\"割合（％）\" alt=\"順位\"/></slide>";
  dg_layout *l =
      lay_ok(dg_printf(arena, rank, "<style><font min-size=\"7\"/></style>"));
  const dg_page *p = &l->pages[0];
  int b, e;
  const dg_figure *f = figure(p, &b, &e);
  for (int k = 0; k < 47; k++) {
    ck_assert_int_eq(count_text(p, b, e, f->chart->cat[k]), 1);
    ck_assert_int_ge(count_text(p, b, e, f->chart->val_text[k]), 1);
  }
  ck_assert(f->val_pt >= 7 && f->val_pt < 12);
  /* the labels' column is as wide as its labels at their drawn size: the
   * widest starts at the chart's left edge, not 18% of its width in, and
   * the bars 10 pt right of the labels */
  double lx = 1e9, lw = 0, bx = 1e9;
  for (int i = b; i < e; i++) {
    const dg_op *o = &p->ops[i];
    for (int k = 0; k < 47; k++)
      if (o->kind == DG_OP_TEXT && !strcmp(o->text.str, f->chart->cat[k])) {
        lx = fmin(lx, o->x);
        lw = fmax(lw, o->text.w);
      }
    if (o->kind == DG_OP_RECT && o->rect.series)
      bx = fmin(bx, o->x);
  }
  ck_assert_double_eq_tol(lx + lw, bx - 10, 3);
  ck_assert_double_lt(lx - p->ops[b].x, 4);
  BAD(dg_printf(arena, rank, ""),
      DECK ":7: error: slide 1: chart has 47 rows, too many for 410 pt: each "
           "row needs 9.0 pt at the minimum text size of 8 pt; give the "
           "chart more height (a shorter lead, no other block on the "
           "slide), lower the minimum (<font min-size=\"…\"/> in the theme "
           "or in the slide's <style>), or chart fewer rows (where=)");
}
END_TEST

/* The binding errors of the new attributes, word for word. */
START_TEST(chart_attribute_errors) {
  BAD("<slide><title>x</title><chart type=\"bar\" data=\"c\" "
      "category=\"group\" value=\"count\" where=\"phase = '本運用'\" "
      "highlight=\"Z\" alt=\"x\"/></slide>",
      DECK ":7: error: highlight=\"Z\" is not a category of the chart "
           "(expected one of: A, B, C, D)");
  BAD("<slide><title>x</title><chart type=\"column\" data=\"c\" "
      "category=\"group\" series=\"phase\" value=\"count\" "
      "categories=\"A,B,C\" alt=\"x\"/></slide>",
      ROOT "/data/xy_cols.csv:8:1: error: category \"D\" is not in the "
           "chart's categories= (add it there, or leave its rows out with "
           "where=; the chart is at " DECK ":7)");
  BAD("<slide><title>x</title><chart type=\"bar\" data=\"c\" "
      "category=\"group\" series=\"phase\" value=\"count\" mode=\"percent\" "
      "alt=\"x\"/></slide>",
      DECK ":7: error: mode=\"percent\" is for column charts (horizontal "
           "100% bars are type=\"stacked100\")");
  BAD("<slide><title>x</title><chart type=\"column\" data=\"c\" "
      "category=\"group\" series=\"phase\" value=\"count\" labels=\"last\" "
      "alt=\"x\"/></slide>",
      DECK ":7: error: labels=\"last\" is for line charts (bars label every "
           "value)");
  BAD("<slide><title>x</title><chart type=\"line\" data=\"l\" "
      "category=\"year\" series=\"kind\" value=\"rate\" axis-max=\"50\" "
      "alt=\"上限\"/></slide>",
      DECK ":7: error: slide 1: chart \"上限\" has a value of 60, above its "
           "axis-max=\"50\" (raise axis-max or leave it out)");
  BAD("<slide><title>x</title><chart type=\"pie\" data=\"c\" "
      "category=\"group\" value=\"count\" where=\"phase = '本運用'\" "
      "reference=\"5\" alt=\"x\"/></slide>",
      DECK ":7: error: reference= is for bar, column and line charts (a "
           "share chart has no value axis)");
}
END_TEST

/* Labels that cannot all be placed: the build stops, naming the category
 * and what to change. */
START_TEST(line_labels_crowded) {
  dg_buf s = {0};
  /* eight lines along the axis, at 0: no room under them, too little
   * above */
  dg_buf_puts(&s, "<slide><title>x</title><chart type=\"line\" "
                  "alt=\"密\">");
  for (int k = 0; k < 8; k++) {
    dg_buf_puts(&s, dg_printf(arena, "<series name=\"S%d\">", k));
    for (int i = 0; i < 3; i++)
      dg_buf_puts(&s, dg_printf(arena, "<item label=\"%d年\" value=\"%d\"/>",
                                2020 + i, 0));
    dg_buf_puts(&s, "</series>");
  }
  dg_buf_puts(&s, "</chart></slide>");
  BAD(s.data, DECK ":7: error: slide 1: the value labels of line chart \"密\" "
              "at \"2020年\" cannot all be placed without overlapping (8 "
              "points within 0 pt of one another): use labels=\"last\", "
              "chart fewer series, or give the chart more height");
  dg_buf_free(&s);
}
END_TEST

int main(void) {
  Suite *s = suite_create("chart");
  TCase *tc = tcase_create("chart");
  tcase_set_timeout(tc, 60);
  tcase_add_checked_fixture(tc, deck_setup, deck_teardown);
  tcase_add_test(tc, line_labels_apart);
  tcase_add_test(tc, line_labels_last);
  tcase_add_test(tc, columns_every_value);
  tcase_add_test(tc, reference_highlight_palette);
  tcase_add_test(tc, tall_ranking);
  tcase_add_test(tc, chart_attribute_errors);
  tcase_add_test(tc, line_labels_crowded);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
