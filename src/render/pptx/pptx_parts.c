/* pptx_parts: the parts every presentation needs besides its slides, which
 * PowerPoint refuses (or "repairs") a file without: presentation.xml, one
 * slide master with the deck's layouts, a complete theme (colour, font and
 * format schemes), presentation and view properties, table styles, the
 * notes master with its own theme, and the document properties. Colours
 * and the font come from the deck's theme; nothing here is drawn. */
#include "render/pptx/pptx_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CT_D "application/vnd.openxmlformats-officedocument."

static void ns(xw *w) {
  xw_attr(w, "xmlns:a", NS_A);
  xw_attr(w, "xmlns:r", NS_R);
  xw_attr(w, "xmlns:p", NS_P);
}

void pptx_tree_start(xw *w) {
  xw_start(w, "p:spTree");
  xw_start(w, "p:nvGrpSpPr");
  xw_start(w, "p:cNvPr");
  xw_attr(w, "id", "1");
  xw_attr(w, "name", "");
  xw_end(w);
  xw_start(w, "p:cNvGrpSpPr");
  xw_end(w);
  xw_start(w, "p:nvPr");
  xw_end(w);
  xw_end(w);
  xw_start(w, "p:grpSpPr");
  xw_start(w, "a:xfrm");
  static const char *el[] = {"a:off", "a:ext", "a:chOff", "a:chExt"};
  for (int i = 0; i < 4; i++) {
    xw_start(w, el[i]);
    xw_attr(w, i % 2 ? "cx" : "x", "0");
    xw_attr(w, i % 2 ? "cy" : "y", "0");
    xw_end(w);
  }
  xw_end(w);
  xw_end(w);
}

void pptx_tree_end(xw *w) {
  xw_end(w); /* p:spTree */
  xw_end(w); /* p:cSld */
  xw_start(w, "p:clrMapOvr");
  xw_start(w, "a:masterClrMapping");
  xw_end(w);
  xw_end(w);
  xw_end(w);
}

static void clr_map(xw *w, const char *el) {
  static const char *k[][2] = {
      {"bg1", "lt1"},         {"tx1", "dk1"},         {"bg2", "lt2"},
      {"tx2", "dk2"},         {"accent1", "accent1"}, {"accent2", "accent2"},
      {"accent3", "accent3"}, {"accent4", "accent4"}, {"accent5", "accent5"},
      {"accent6", "accent6"}, {"hlink", "hlink"},     {"folHlink", "folHlink"}};
  xw_start(w, el);
  for (size_t i = 0; i < sizeof k / sizeof *k; i++)
    xw_attr(w, k[i][0], k[i][1]);
  xw_end(w);
}

static void colour(xw *w, const char *el, uint32_t rgb) {
  xw_start(w, el);
  xw_start(w, "a:srgbClr");
  xw_attr_rgb(w, "val", rgb);
  xw_end(w);
  xw_end(w);
}

static void phclr_fill(xw *w) {
  xw_start(w, "a:solidFill");
  xw_val(w, "a:schemeClr", "phClr");
  xw_end(w);
}

static void typefaces(xw *w, const char *font) {
  static const char *el[] = {"a:latin", "a:ea", "a:cs"};
  for (int i = 0; i < 3; i++) {
    xw_start(w, el[i]);
    xw_attr(w, "typeface", i < 2 ? font : "");
    xw_end(w);
  }
}

static xw *theme(const dg_theme *t, const char *font) {
  xw *w = xw_new();
  xw_start(w, "a:theme");
  xw_attr(w, "xmlns:a", NS_A);
  xw_attr(w, "name", "deckgen");
  xw_start(w, "a:themeElements");
  xw_start(w, "a:clrScheme");
  xw_attr(w, "name", "deckgen");
  colour(w, "a:dk1", 0x000000);
  colour(w, "a:lt1", 0xFFFFFF);
  colour(w, "a:dk2", t->accent);
  colour(w, "a:lt2", t->lead_fill);
  for (int i = 0; i < 6; i++) {
    char el[24];
    snprintf(el, sizeof el, "a:accent%d", i + 1);
    colour(w, el, t->nseries ? t->series[i % t->nseries] : t->accent);
  }
  colour(w, "a:hlink", t->accent);
  colour(w, "a:folHlink", t->muted);
  xw_end(w);
  xw_start(w, "a:fontScheme");
  xw_attr(w, "name", "deckgen");
  xw_start(w, "a:majorFont");
  typefaces(w, font);
  xw_end(w);
  xw_start(w, "a:minorFont");
  typefaces(w, font);
  xw_end(w);
  xw_end(w);
  xw_start(w, "a:fmtScheme");
  xw_attr(w, "name", "deckgen");
  /* each list holds exactly three styles (subtle, moderate, intense) */
  xw_start(w, "a:fillStyleLst");
  for (int i = 0; i < 3; i++)
    phclr_fill(w);
  xw_end(w);
  xw_start(w, "a:lnStyleLst");
  for (int i = 0; i < 3; i++) {
    xw_start(w, "a:ln");
    xw_attr_int(w, "w", 6350 * (i + 1));
    phclr_fill(w);
    xw_end(w);
  }
  xw_end(w);
  xw_start(w, "a:effectStyleLst");
  for (int i = 0; i < 3; i++) {
    xw_start(w, "a:effectStyle");
    xw_start(w, "a:effectLst");
    xw_end(w);
    xw_end(w);
  }
  xw_end(w);
  xw_start(w, "a:bgFillStyleLst");
  for (int i = 0; i < 3; i++)
    phclr_fill(w);
  xw_end(w);
  xw_end(w);
  xw_end(w);
  xw_start(w, "a:objectDefaults");
  xw_end(w);
  xw_start(w, "a:extraClrSchemeLst");
  xw_end(w);
  xw_end(w);
  return w;
}

/* <a:defRPr>: Japanese text of this size, weight and colour in font. */
static void def_rpr(xw *w, double size_pt, int bold, uint32_t color,
                    const char *font) {
  xw_start(w, "a:defRPr");
  xw_attr(w, "lang", "ja-JP");
  xw_attr_int(w, "sz", llround(size_pt * 100));
  xw_attr(w, "b", bold ? "1" : "0");
  xw_fill(w, color);
  xw_typefaces(w, font);
  xw_end(w);
}

/* Default paragraph and run properties: the deck's font and text colour. */
static void level1(xw *w, const char *font, const dg_role *r) {
  xw_start(w, "a:lvl1pPr");
  def_rpr(w, r->size_pt, r->bold, r->color, font);
  xw_end(w);
}

/* A placeholder: on the master (and a cover's own) with its box (points)
 * and its text's style, on a layout (layout 1) inheriting the master's.
 * Without a style (no page of the deck shows it) it takes the master's
 * text styles. */
typedef struct ph {
  const char *type, *name;
  int idx;
  double x, y, w, h;
  const pptx_ph_look *st;
} ph;

/* <a:lstStyle> with the first level in st's alignment, pitch, size,
 * weight, colour and the deck's font. */
static void ph_style(xw *w, const pptx_ph_look *st, const char *font) {
  xw_start(w, "a:lstStyle");
  xw_start(w, "a:lvl1pPr");
  xw_attr(w, "algn", st->align == 2 ? "r" : "l");
  if (st->pitch_pt > 0) {
    xw_start(w, "a:lnSpc");
    xw_start(w, "a:spcPts");
    xw_attr_int(w, "val", llround(st->pitch_pt * 100));
    xw_end(w);
    xw_end(w);
  }
  xw_start(w, "a:buNone");
  xw_end(w);
  def_rpr(w, st->size_pt, st->bold, st->color, font);
  xw_end(w);
  xw_end(w);
}

static void placeholder(xw *w, int id, const ph *p, int layout,
                        const char *font) {
  const char *sz = strcmp(p->type, "body") ? "quarter" : "full";
  pptx_ph_start(w, id, p->name, 1, p->type, p->idx ? sz : NULL, p->idx);
  xw_start(w, "p:spPr");
  if (!layout)
    xw_xfrm(w, "a:xfrm", p->x, p->y, p->w, p->h, 0, 0);
  xw_end(w);
  xw_start(w, "p:txBody");
  int num = !strcmp(p->type, "sldNum");
  if (layout && !p->st) {
    xw_start(w, "a:bodyPr");
    xw_end(w);
    xw_start(w, "a:lstStyle");
    xw_end(w);
  } else {
    /* as the deck's text boxes: no insets, from the top; a title or lead
     * too long for its box shrinks rather than run into what is below */
    pptx_body_pr(w, num ? "none" : "square", "t",
                 num ? "a:noAutofit" : "a:normAutofit");
    if (p->st)
      ph_style(w, p->st, font);
    else {
      xw_start(w, "a:lstStyle");
      xw_end(w);
    }
  }
  xw_start(w, "a:p");
  if (num) { /* the number, as a field */
    xw_start(w, "a:fld");
    xw_attr(w, "id", "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}");
    xw_attr(w, "type", "slidenum");
    xw_start(w, "a:t");
    xw_text(w, "‹#›");
    xw_end(w);
    xw_end(w);
  }
  xw_end(w);
  xw_end(w);
  xw_end(w);
}

/* The deck's slide: the title, the lead and the number where the deck's
 * first slides have them (else where the theme puts them); date and
 * footer at the foot, where a presenter adds them. */
static int deck_phs(double sw, double sh, const pptx_look *lk, ph *out) {
  ph v[] = {{"title", "Title", 0, 56, 29, sw - 140, 32, NULL},
            {"body", "Lead", 1, 58, 82, sw - 116, sh - 130, NULL},
            {"dt", "Date", 10, 40, sh - 30, 200, 20, NULL},
            {"ftr", "Footer", 11, sw / 2 - 200, sh - 30, 400, 20, NULL},
            {"sldNum", "Slide Number", 12, sw - 100, 33, 60, 24, NULL}};
  const pptx_ph_look *st[] = {&lk->title, &lk->lead, NULL, NULL, &lk->number};
  for (int i = 0; i < 5; i++)
    if (st[i] && st[i]->found) {
      v[i].x = st[i]->x;
      v[i].y = st[i]->y;
      v[i].w = st[i]->w;
      v[i].h = st[i]->h;
      v[i].st = st[i];
    }
  memcpy(out, v, sizeof v);
  return (int)(sizeof v / sizeof *v);
}

/* The layouts 「新しいスライド」 offers: the deck's slide (title and lead
 * or content), a cover (the title large over a subtitle, where the deck's
 * covers put them, no number) and a title only (for a chart or table the
 * presenter pastes). Each lists the master's placeholders it keeps, by
 * their index in deck_phs, and draws the marks the deck's pages draw with
 * them (the title's bar and rule, the lead's box; a cover's own); a
 * cover's title and subtitle have boxes of their own. */
typedef struct lay {
  const char *type, *name;
  int keep[5], nkeep;
  int cover, lead;
} lay;

static const lay layouts[] = {
    {"obj", "タイトルとリード", {0, 1, 2, 3, 4}, 5, 0, 1},
    {"title", "表紙", {2, 3}, 2, 1, 0},
    {"titleOnly", "タイトルのみ", {0, 2, 3, 4}, 4, 0, 0},
};
#define NLAYOUTS ((int)(sizeof layouts / sizeof *layouts))

static xw *master(const dg_theme *t, const char *font, double sw, double sh,
                  const pptx_look *lk) {
  xw *w = xw_new();
  xw_start(w, "p:sldMaster");
  ns(w);
  xw_start(w, "p:cSld");
  xw_start(w, "p:bg");
  xw_start(w, "p:bgPr");
  xw_fill(w, t->background);
  xw_start(w, "a:effectLst");
  xw_end(w);
  xw_end(w);
  xw_end(w);
  pptx_tree_start(w);
  ph phs[8];
  int n = deck_phs(sw, sh, lk, phs);
  for (int i = 0; i < n; i++)
    placeholder(w, i + 2, &phs[i], 0, font);
  xw_end(w);
  xw_end(w);
  clr_map(w, "p:clrMap");
  xw_start(w, "p:sldLayoutIdLst");
  for (int i = 0; i < NLAYOUTS; i++) {
    char r[16];
    snprintf(r, sizeof r, "rId%d", i + 1);
    xw_start(w, "p:sldLayoutId");
    xw_attr_int(w, "id", 2147483649LL + i);
    xw_attr(w, "r:id", r);
    xw_end(w);
  }
  xw_end(w);
  xw_start(w, "p:txStyles");
  static const char *st[] = {"p:titleStyle", "p:bodyStyle", "p:otherStyle"};
  static const int role[] = {DG_ROLE_TITLE, DG_ROLE_BODY, DG_ROLE_BODY};
  for (int i = 0; i < 3; i++) {
    xw_start(w, st[i]);
    level1(w, font, &t->roles[role[i]]);
    xw_end(w);
  }
  xw_end(w);
  xw_end(w);
  return w;
}

/* Layout k of layouts[]: its marks, the master's placeholders it keeps
 * (inheriting their boxes), a cover's title and subtitle with their own. */
static xw *layout(const lay *k, double sw, double sh, const pptx_look *lk,
                  const char *font) {
  xw *w = xw_new();
  xw_start(w, "p:sldLayout");
  ns(w);
  xw_attr(w, "type", k->type);
  xw_attr(w, "preserve", "1");
  xw_start(w, "p:cSld");
  xw_attr(w, "name", k->name);
  pptx_tree_start(w);
  ph phs[8];
  deck_phs(sw, sh, lk, phs);
  int id = 2;
  const dg_op *marks = k->cover ? lk->cover_marks : lk->marks;
  int nmarks = k->cover ? lk->ncover_marks : lk->nmarks;
  for (int i = 0; i < nmarks; i++)
    pptx_mark(w, &id, &marks[i]);
  for (int i = 0; k->lead && i < lk->nlead_marks; i++)
    pptx_mark(w, &id, &lk->lead_marks[i]);
  if (k->cover) {
    ph t = {"ctrTitle", "Title",  0,        sw * 0.1,
            sh * 0.28,  sw * 0.8, sh * 0.2, NULL};
    ph sub = {"subTitle", "Subtitle", 1,         sw * 0.1,
              sh * 0.52,  sw * 0.8,   sh * 0.16, NULL};
    const pptx_ph_look *st[] = {&lk->cover_title, &lk->cover_sub};
    ph *p[] = {&t, &sub};
    for (int i = 0; i < 2; i++)
      if (st[i]->found)
        *p[i] = (ph){p[i]->type, p[i]->name, p[i]->idx, st[i]->x,
                     st[i]->y,   st[i]->w,   st[i]->h,  st[i]};
    placeholder(w, id++, &t, 0, font);
    placeholder(w, id++, &sub, 0, font);
  }
  for (int i = 0; i < k->nkeep; i++)
    placeholder(w, id++, &phs[k->keep[i]], 1, font);
  pptx_tree_end(w);
  return w;
}

/* A placeholder of the notes master, at (x, y, cx, cy) EMU. */
static void notes_ph(xw *w, int id, const char *type, long long x, long long y,
                     long long cx, long long cy) {
  pptx_ph_start(w, id, type, 0, type, NULL, id);
  xw_start(w, "p:spPr");
  xw_start(w, "a:xfrm");
  xw_start(w, "a:off");
  xw_attr_int(w, "x", x);
  xw_attr_int(w, "y", y);
  xw_end(w);
  xw_start(w, "a:ext");
  xw_attr_int(w, "cx", cx);
  xw_attr_int(w, "cy", cy);
  xw_end(w);
  xw_end(w);
  pptx_preset(w, "rect");
  xw_end(w);
  if (!strcmp(type, "body")) {
    xw_start(w, "p:txBody");
    xw_start(w, "a:bodyPr");
    xw_end(w);
    xw_start(w, "a:lstStyle");
    xw_end(w);
    xw_start(w, "a:p");
    xw_end(w);
    xw_end(w);
  }
  xw_end(w);
}

static xw *notes_master(const dg_theme *t, const char *font) {
  xw *w = xw_new();
  xw_start(w, "p:notesMaster");
  ns(w);
  xw_start(w, "p:cSld");
  pptx_tree_start(w);
  /* portrait A4-ish notes page (notesSz below): slide image on top */
  notes_ph(w, 2, "sldImg", 381000, 685800, 6096000, 3429000);
  notes_ph(w, 3, "body", 685800, 4343400, 5486400, 4114800);
  xw_end(w);
  xw_end(w);
  clr_map(w, "p:clrMap");
  xw_start(w, "p:notesStyle");
  level1(w, font, &t->roles[DG_ROLE_NOTE]);
  xw_end(w);
  xw_end(w);
  return w;
}

static void empty_root(pkg *p, const char *name, const char *root,
                       const char *type) {
  xw *w = xw_new();
  xw_start(w, root);
  ns(w);
  xw_end(w);
  pkg_add_xml(p, name, type, w);
}

static void w3cdtf(xw *w, const char *el, long long epoch) {
  time_t tt = (time_t)epoch;
  struct tm tm;
  gmtime_r(&tt, &tm);
  char s[32];
  strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
  xw_start(w, el);
  xw_attr(w, "xsi:type", "dcterms:W3CDTF");
  xw_text(w, s);
  xw_end(w);
}

static void el_text(xw *w, const char *el, const char *s) {
  if (!s)
    return;
  xw_start(w, el);
  xw_text(w, s);
  xw_end(w);
}

static xw *core(const pptx_doc *d) {
  const dg_deck *k = d->deck;
  xw *w = xw_new();
  xw_start(w, "cp:coreProperties");
  xw_attr(w, "xmlns:cp",
          "http://schemas.openxmlformats.org/package/2006/"
          "metadata/core-properties");
  xw_attr(w, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
  xw_attr(w, "xmlns:dcterms", "http://purl.org/dc/terms/");
  xw_attr(w, "xmlns:dcmitype", "http://purl.org/dc/dcmitype/");
  xw_attr(w, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  el_text(w, "dc:title", k->title);
  el_text(w, "dc:subject", k->subject);
  el_text(w, "dc:creator", k->author);
  el_text(w, "cp:keywords", k->keywords);
  el_text(w, "dc:description", k->description);
  el_text(w, "dc:language", k->lang);
  w3cdtf(w, "dcterms:created", d->epoch);
  w3cdtf(w, "dcterms:modified", d->epoch);
  xw_end(w);
  return w;
}

static xw *app(const pptx_doc *d) {
  xw *w = xw_new();
  xw_start(w, "Properties");
  xw_attr(w, "xmlns",
          "http://schemas.openxmlformats.org/officeDocument/2006/"
          "extended-properties");
  xw_attr(w, "xmlns:vt",
          "http://schemas.openxmlformats.org/officeDocument/"
          "2006/docPropsVTypes");
  el_text(w, "Application", "deckgen");
  char n[16];
  snprintf(n, sizeof n, "%d", d->nslides);
  el_text(w, "Slides", n);
  el_text(w, "Notes", d->notes ? n : "0");
  xw_end(w);
  return w;
}

static const char *rid(char *buf, int id) {
  snprintf(buf, 16, "rId%d", id);
  return buf;
}

static xw *presentation(const pptx_doc *d) {
  char b[16];
  xw *w = xw_new();
  xw_start(w, "p:presentation");
  ns(w);
  xw_start(w, "p:sldMasterIdLst");
  xw_start(w, "p:sldMasterId");
  xw_attr(w, "id", "2147483648");
  xw_attr(w, "r:id", "rId1");
  xw_end(w);
  xw_end(w);
  int next = 2 + d->nslides; /* rId1 master, then the slides */
  if (d->notes) {
    xw_start(w, "p:notesMasterIdLst");
    xw_start(w, "p:notesMasterId");
    xw_attr(w, "r:id", rid(b, next));
    xw_end(w);
    xw_end(w);
  }
  xw_start(w, "p:sldIdLst");
  for (int i = 0; i < d->nslides; i++) {
    xw_start(w, "p:sldId");
    xw_attr_int(w, "id", 256 + i);
    xw_attr(w, "r:id", rid(b, 2 + i));
    xw_end(w);
  }
  xw_end(w);
  xw_start(w, "p:sldSz");
  xw_attr_int(w, "cx", PPTX_EMU(d->w_pt));
  xw_attr_int(w, "cy", PPTX_EMU(d->h_pt));
  xw_end(w);
  xw_start(w, "p:notesSz");
  xw_attr(w, "cx", "6858000");
  xw_attr(w, "cy", "9144000");
  xw_end(w);
  xw_end(w);
  return w;
}

void pptx_parts(pkg *p, const pptx_doc *d) {
  const dg_theme *t = &d->deck->theme;
  const char *font = t->font_family;
  char b[64];
  xw *w = xw_rels();
  xw_rel(w, 1, REL_DOC "officeDocument", "ppt/presentation.xml");
  xw_rel(w, 2,
         "http://schemas.openxmlformats.org/package/2006/relationships/"
         "metadata/core-properties",
         "docProps/core.xml");
  xw_rel(w, 3, REL_DOC "extended-properties", "docProps/app.xml");
  xw_end(w);
  pkg_add_xml(p, "_rels/.rels", NULL, w);
  pkg_add_xml(p, "docProps/core.xml",
              "application/vnd.openxmlformats-package.core-properties+xml",
              core(d));
  pkg_add_xml(p, "docProps/app.xml", CT_D "extended-properties+xml", app(d));

  pkg_add_xml(p, "ppt/presentation.xml", CT_P "presentation.main+xml",
              presentation(d));
  w = xw_rels();
  xw_rel(w, 1, REL_DOC "slideMaster", "slideMasters/slideMaster1.xml");
  for (int i = 0; i < d->nslides; i++) {
    snprintf(b, sizeof b, "slides/slide%d.xml", i + 1);
    xw_rel(w, 2 + i, REL_DOC "slide", b);
  }
  int r = 2 + d->nslides;
  if (d->notes)
    xw_rel(w, r++, REL_DOC "notesMaster", "notesMasters/notesMaster1.xml");
  xw_rel(w, r++, REL_DOC "presProps", "presProps.xml");
  xw_rel(w, r++, REL_DOC "viewProps", "viewProps.xml");
  xw_rel(w, r++, REL_DOC "theme", "theme/theme1.xml");
  xw_rel(w, r++, REL_DOC "tableStyles", "tableStyles.xml");
  xw_end(w);
  pkg_add_xml(p, "ppt/_rels/presentation.xml.rels", NULL, w);

  pkg_add_xml(p, "ppt/slideMasters/slideMaster1.xml", CT_P "slideMaster+xml",
              master(t, font, d->w_pt, d->h_pt, d->look));
  w = xw_rels();
  for (int i = 0; i < NLAYOUTS; i++) {
    snprintf(b, sizeof b, "../slideLayouts/slideLayout%d.xml", i + 1);
    xw_rel(w, i + 1, REL_DOC "slideLayout", b);
  }
  xw_rel(w, NLAYOUTS + 1, REL_DOC "theme", "../theme/theme1.xml");
  xw_end(w);
  pkg_add_xml(p, "ppt/slideMasters/_rels/slideMaster1.xml.rels", NULL, w);
  for (int i = 0; i < NLAYOUTS; i++) {
    snprintf(b, sizeof b, "ppt/slideLayouts/slideLayout%d.xml", i + 1);
    pkg_add_xml(p, b, CT_P "slideLayout+xml",
                layout(&layouts[i], d->w_pt, d->h_pt, d->look, font));
    w = xw_rels();
    xw_rel(w, 1, REL_DOC "slideMaster", "../slideMasters/slideMaster1.xml");
    xw_end(w);
    snprintf(b, sizeof b, "ppt/slideLayouts/_rels/slideLayout%d.xml.rels",
             i + 1);
    pkg_add_xml(p, b, NULL, w);
  }
  pkg_add_xml(p, "ppt/theme/theme1.xml", CT_D "theme+xml", theme(t, font));
  if (d->notes) {
    pkg_add_xml(p, "ppt/notesMasters/notesMaster1.xml", CT_P "notesMaster+xml",
                notes_master(t, font));
    w = xw_rels();
    xw_rel(w, 1, REL_DOC "theme", "../theme/theme2.xml");
    xw_end(w);
    pkg_add_xml(p, "ppt/notesMasters/_rels/notesMaster1.xml.rels", NULL, w);
    pkg_add_xml(p, "ppt/theme/theme2.xml", CT_D "theme+xml", theme(t, font));
  }
  empty_root(p, "ppt/presProps.xml", "p:presentationPr", CT_P "presProps+xml");
  empty_root(p, "ppt/viewProps.xml", "p:viewPr", CT_P "viewProps+xml");
  w = xw_new();
  xw_start(w, "a:tblStyleLst");
  xw_attr(w, "xmlns:a", NS_A);
  xw_attr(w, "def", "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}");
  xw_end(w);
  pkg_add_xml(p, "ppt/tableStyles.xml", CT_P "tableStyles+xml", w);
}
