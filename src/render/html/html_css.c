/* htmlcss: the site's style sheet (see render/html/html_int.h). Three sets of rules
 * over one document: the fixed 16:9 slide (960 CSS px and wider, and
 * print), the reflowed slide (narrower windows, 200% zoom, phones), and
 * forced colours. */
#include "render/html/html_int.h"

#include <string.h>

/* Fallbacks when the web fonts are blocked: the installed BIZ UDPGothic,
 * then common Japanese system fonts, whose kana are full width, at 95%:
 * the sample deck's slide text is 5.1% wider in BIZ UDGothic (full-width
 * kana) than in BIZ UDPGothic (measured in Chromium, 2,401 characters at
 * 16 px: 36,328 px against 34,579 px), then the generic family. */
#define FONTS                                                                  \
  "\"BIZ UDPGothic deck\",\"BIZ UDPGothic\",\"deck fallback\",sans-serif"

static const char *CSS =
    "@font-face{font-family:\"deck fallback\";src:local(\"BIZ UDGothic\"),"
    "local(\"Meiryo\"),local(\"Yu Gothic\"),local(\"Hiragino Sans\"),"
    "local(\"Noto Sans CJK JP\"),local(\"IPAexGothic\");size-adjust:95%}\n"
    "html{background:#E9EDF2;color:#1A1A1A}\n"
    "body{margin:0;font-family:" FONTS "}\n"
    ".skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;"
    "background:#fff;padding:4px;z-index:9}\n"
    "header,.data{max-width:960px;margin:0 auto;padding:8px;"
    "box-sizing:border-box}\n"
    /* whole-pixel heights above each slide keep its top on the pixel grid,
     * so the browser draws it exactly where the PDF rasteriser does */
    "header h1{font-size:22px;line-height:32px;margin:8px 0}\n"
    "header .pdf{margin:0 0 8px;font-size:14px;line-height:22px}\n"
    "nav ol{margin:0 0 8px;padding-left:24px;font-size:14px;line-height:22px}\n"
    "a{color:#1D4F91}\n"
    /* the fixed slide; nothing clips: text in a wider fallback font or
     * with the user's spacing runs on rather than being cut */
    ".slide{position:relative;width:960px;min-height:540px;background:#fff;"
    "margin:0 auto;display:flow-root}\n"
    ".deco,.fig>.w{position:absolute;left:0;top:0;width:100%;height:540px;"
    "overflow:visible}\n"
    /* the title in the flow, the rest of the slide in a box after it
     * (html.c's slide): a title that wraps under the reader's spacing
     * moves the slide's body down, and the slide grows */
    ".g.fl.tt{position:relative;left:0;top:0;margin:var(--y) 0 0 var(--x)}\n"
    ".bd{position:relative;margin-top:calc(0px - var(--s));"
    "min-height:540px;display:flow-root}\n"
    /* a frame and its paragraph (html.c's boxed_para): the frame's
     * drawing stretches to the box, which grows with the text */
    ".bx{position:absolute;left:var(--bx);top:var(--by);width:var(--bw);"
    "min-height:var(--bh);display:flow-root}\n"
    ".bx.ft{position:relative;left:0;top:0;margin:var(--m) 0 0 var(--bx)}\n"
    ".bxs{position:absolute;left:0;top:0;width:100%;height:100%;"
    "overflow:visible}\n"
    ".bx>.g.fl{position:relative;left:0;top:0;margin:calc(var(--y) - "
    "var(--by)) 0 var(--bb) calc(var(--x) - var(--bx))}\n"
    /* the paragraphs at its foot in its flow, each at its place: growing,
     * they make the slide taller */
    ".g.fl.ft{position:relative;left:0;top:0;margin:var(--m) 0 0 var(--x)}\n"
    ".fig{margin:0}.nw{display:none}\n"
    /* a text group: its lines are line boxes offset to their places */
    ".g{position:absolute;left:0;top:0;margin:0;font-size:0;"
    "font-weight:inherit;white-space:pre}\n"
    ".l{position:relative;white-space:pre;text-spacing-trim:space-all}\n"
    ".l:not(:last-child)::after{content:\"\\A\"}\n"
    /* a paragraph as text the browser wraps in layout's box (html.c's
     * flow_box): under the reader's spacing it wraps again */
    ".g.fl{left:var(--x);top:var(--y);width:var(--w);white-space:normal;"
    "line-break:strict}\n"
    ".fl .l{position:static;white-space:normal;line-height:var(--lh)}\n"
    ".fl .l::after{content:none}\n"
    /* a key figure's card (html.c's card): a column of blocks as large
     * as the card's frame, each at layout's place by its margin; under
     * the reader's spacing the lines grow inside the card */
    ".g.kf{left:var(--x);top:var(--y);width:var(--w);height:var(--h);"
    "display:flex;flex-direction:column;white-space:normal;"
    "line-break:strict}\n"
    ".kf>*{margin-top:var(--t,0)}.kf .l{white-space:normal}"
    ".kf .l::after{content:none}\n"
    ".kf>.l{margin-left:var(--i);margin-right:var(--i)}\n"
    ".kv,.kc{display:block;margin-left:var(--i)}.kv .l+.l{margin-left:var(--g)}"
    ".kv .l:first-child{display:inline-block;min-width:var(--vw)}"
    ".kc{width:var(--cw);text-align:center}\n"
    ".kc{margin:auto 0 var(--b) var(--i)}.kc .l{line-height:var(--lh)}\n"
    /* a table as rows of text in the slide's flow (html.c's table_rows):
     * a row grows with its cells' text and pushes what follows */
    ".tb{position:relative;margin:var(--m) 0 0 var(--x);width:var(--w);"
    "font-size:0}\n"
    ".ru{margin:var(--m) 0 0 var(--l);width:var(--w);height:var(--h)}\n"
    ".trw{display:flex;margin-top:var(--m);min-height:var(--h)}\n"
    ".tc{flex:none;box-sizing:border-box;margin-left:var(--l);"
    "width:var(--w);padding:var(--t,0) var(--pr,0) 0 var(--pl,0);"
    "white-space:normal;line-break:strict;"
    "text-rendering:geometricPrecision}\n"
    ".tc .l{position:static;white-space:normal;line-height:var(--lh)}"
    ".tc .l::after{content:none}\n"
    "svg text{font-family:" FONTS ";text-rendering:geometricPrecision}\n"
    ".sr,.tw{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip-path:inset(50%);white-space:nowrap;margin:-1px;padding:0;border:0}\n"
    ".data{font-size:14px;line-height:22px;margin-bottom:24px}\n"
    ".scroll{overflow-x:auto;max-width:100%}\n"
    ".scroll:focus-visible,.tw:focus-visible{outline:2px solid #1D4F91;"
    "outline-offset:2px}\n"
    /* the fixed slide's hidden table shows while it has the focus */
    ".slide .tw:focus{position:absolute;left:0;top:100%;width:100%;"
    "height:auto;clip-path:none;overflow:visible;margin:0;background:#fff;"
    "z-index:2;white-space:normal;font-size:14px;line-height:1.5}\n"
    /* a caption wider than the screen would scroll away with its table:
     * it stays at the box's left, as wide as the screen */
    ".scroll caption,.tw caption{position:sticky;left:0;text-align:left;"
    "max-width:calc(100vw - 40px)}\n"
    "table{border-collapse:collapse;margin:6px 0}\n"
    "th,td{border:1px solid #8C9DB5;padding:2px 6px;text-align:left;"
    "vertical-align:top}\n"
    /* reflow: the fixed slide would draw its text below its nominal size */
    "@media screen and (max-width:959.98px){\n"
    ".slide{width:auto;height:auto;min-height:0;padding:16px 12px;"
    "margin:0 0 12px}\n"
    ".g.fl.tt,.g.fl.ft{margin:0 0 12px}.bd{margin:0;min-height:0}"
    ".bx,.bx.ft{position:static;margin:0;width:auto;min-height:0}"
    ".bxs{display:none}.bx>.g.fl{margin:0 0 12px}"
    ".tb{display:none}\n"
    ".deco{display:none}\n"
    ".fig>.w{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip-path:inset(50%)}\n"
    ".g{position:static;font-size:16px;white-space:normal;margin:0 0 12px;"
    "overflow-wrap:anywhere}\n"
    ".slide .l{position:static;white-space:normal;line-height:1.6}\n"
    ".l:not(:last-child)::after{content:none}\n"
    ".l.b:not(:first-child)::before{content:\"\\A\";white-space:pre}\n"
    ".g.fl{width:auto}.fl .l{line-height:1.6}\n"
    ".g.kf{display:block;width:auto;height:auto}"
    ".kf>*,.kf>.l,.kc{margin:0;width:auto}.kv,.kc{text-align:left}"
    ".kv .l+.l{margin-left:0}.kv .l:first-child{min-width:0}"
    ".kc .l{line-height:1.6}\n"
    ".nw{display:block;width:100%;max-width:444px;height:auto;"
    "margin:0 0 12px;overflow:visible}\n"
    ".tw{position:static;width:auto;height:auto;overflow-x:auto;"
    "clip-path:none;white-space:normal;margin:0 0 12px;font-size:14px;"
    "line-height:1.5}\n"
    /* a table's box scrolls sideways rather than squeezing a column until
     * 都道府県 stands one character a line (CJK may break anywhere) */
    ".tw th,.tw td{min-width:4.5em}\n"
    "header,.data{padding:8px 12px}\n"
    "}\n"
    /* a classic scrollbar (up to 16 px) takes its width from the 960 px
     * the fixed slide needs: only the slide's blank right margin (40 px)
     * is cut, and the page has nothing to scroll sideways to */
    "@media screen and (min-width:960px) and (max-width:975.98px){"
    "main{overflow-x:clip}}\n"
    /* print: one slide per page. Nothing between the slides is
     * display:none next to a forced break (Firefox then drops the SVG of
     * every later page): the blocks between them have no height instead */
    "@media print{html{background:#fff}header,.skip{display:none}"
    ".data{height:0;overflow:hidden;margin:0;padding:0}"
    ".slide{margin:0;break-inside:avoid}"
    ".slide+.data+.slide,.slide+.slide{break-before:page}"
    "@page{size:960px 540px;margin:0}}\n"
    /* forced colours: labels and rules in the system text colour, fills
     * as the system background with an outline, so every label keeps the
     * user's contrast; a series' pattern stays, its marks in the text
     * colour on the background, so the series stay apart */
    "@media (forced-colors:active){svg text{fill:CanvasText}"
    "svg rect:not([fill^=url]),svg path:not([fill^=url]){fill:Canvas;"
    "stroke:CanvasText}svg [fill^=url]{stroke:CanvasText}"
    "svg pattern path{fill:none;stroke:CanvasText}"
    "svg pattern circle{fill:CanvasText;stroke:none}"
    "svg line{stroke:CanvasText}.slide{outline:1px solid CanvasText}"
    ".ru{forced-color-adjust:none;background:CanvasText!important}}\n";

const char *dg_html_css(void) { return CSS; }

const char *dg_html_css_blocks(unsigned used) {
  static const struct {
    unsigned bit;
    const char *css;
  } rules[] = {
      /* a line's runs of another weight keep the line's height */
      {DG_CSS_RUNS, ".l>*{line-height:inherit}.nb{white-space:nowrap}\n"},
      /* a list's labels are its text: no marker of the browser's */
      {DG_CSS_LIST, "ul.g,ol.g,.g ul,.g ol{padding:0;list-style:none}\n"
                    ".g ul,.g ol{margin:0}\n"
                    /* items that flow (html_list.c): each body a box at
                     * layout's place below the item before, its label
                     * hung at its first line; a list below the title in
                     * the slide's flow, as a foot paragraph */
                    ".g.lf{top:var(--y);white-space:normal;"
                    "line-break:strict}"
                    ".g.lf.ft{position:relative;top:0;margin:var(--m) 0 0}"
                    ".lf li{position:relative;margin-top:var(--m)}"
                    ".lf .lb{display:block;margin-left:var(--x);"
                    "width:var(--w)}.lf .ll{position:absolute}"
                    ".lf .l::after{content:none}\n"
                    "@media screen and (max-width:959.98px){"
                    ".g li{padding-left:1.5em;text-indent:-1.5em}"
                    ".g.lf.ft{margin:0 0 12px}.lf li{margin:0}"
                    ".lf .lb{display:inline;margin:0}"
                    ".lf .ll{position:static}}\n"},
      /* an image where layout put it; reflowed, as wide as the column */
      {DG_CSS_IMAGE, ".im{position:absolute}\n"
                     "@media screen and (max-width:959.98px){"
                     ".im{position:static;display:block;max-width:100%;"
                     "height:auto!important;width:auto!important;"
                     "margin:0 auto 12px}}\n"},
  };
  static char out[2048];
  size_t n = 0;
  out[0] = 0;
  for (size_t i = 0; i < sizeof rules / sizeof *rules; i++)
    if (used & rules[i].bit) {
      size_t k = strlen(rules[i].css);
      if (n + k < sizeof out) {
        memcpy(out + n, rules[i].css, k + 1);
        n += k;
      }
    }
  return out;
}
